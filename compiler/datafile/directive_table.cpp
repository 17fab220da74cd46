#include "compiler/datafile/directive_table.h"

#include <span>

namespace ferry::datafile {

namespace {

using enum DirectiveId;
constexpr auto A = MultilineRule::Allowed;
constexpr auto F = MultilineRule::Forbidden;
constexpr auto R = MultilineRule::Required;
constexpr auto C = MultilineRule::ClassicOnly;
constexpr std::string_view kIgnored = "has been deprecated and will be ignored.";
constexpr std::string_view kConnectorIgnored =
    "has been deprecated and will be ignored. If you're using an S3 or GCS connection, you don't need this "
    "setting anymore.";

/// ENGINE_* parameters (Forward: VALID_ENGINE_PARAMS; Classic: the same set for the engines it enables).
#define FERRY_ENGINE_PARAMS(D)                                                                        \
  {"ENGINE", Engine, D, A, {}, {}},                                                   \
  {"ENGINE_SORTING_KEY", EngineParam, D, A, {}, {}},                                  \
  {"ENGINE_PARTITION_KEY", EngineParam, D, A, {}, {}},                                \
  {"ENGINE_PRIMARY_KEY", EngineParam, D, A, {}, {}},                                  \
  {"ENGINE_SAMPLING_KEY", EngineParam, D, A, {}, {}},                                 \
  {"ENGINE_TTL", EngineParam, D, A, {}, {}},                                          \
  {"ENGINE_VER", EngineParam, D, A, {}, {}},                                          \
  {"ENGINE_IS_DELETED", EngineParam, D, A, {}, {}},                                   \
  {"ENGINE_SIGN", EngineParam, D, A, {}, {}},                                         \
  {"ENGINE_VERSION", EngineParam, D, A, {}, {}},                                      \
  {"ENGINE_SUMMING_COLUMNS", EngineParam, D, A, {}, {}},                              \
  {"ENGINE_SETTINGS", EngineParam, D, A, {}, {}}

constexpr DirectiveSpec kDatasource[] = {
    {"DESCRIPTION", Description, kBothDialects, A, {}, {}},
    {"SCHEMA", Schema, kBothDialects, A, {}, {}},
    {"INDEXES", Indexes, kBothDialects, A, {}, {}},
    {"INDICES", Indexes, kClassicOnly, A, "INDEXES", {}},
    FERRY_ENGINE_PARAMS(kBothDialects),
    {"PARTITION_KEY", LegacyEngineKey, kBothDialects, F, "ENGINE_PARTITION_KEY", {}},
    {"SORTING_KEY", LegacyEngineKey, kBothDialects, F, "ENGINE_SORTING_KEY", {}},
    {"PRIMARY_KEY", LegacyEngineKey, kBothDialects, F, "ENGINE_PRIMARY_KEY", {}},
    {"SAMPLING_KEY", LegacyEngineKey, kBothDialects, F, "ENGINE_SAMPLING_KEY", {}},
    {"TTL", LegacyEngineKey, kBothDialects, F, "ENGINE_TTL", {}},
    {"TOKEN", Token, kBothDialects, F, {}, {}},
    {"TAGS", Tags, kBothDialects, A, {}, {}},
    {"SHARED_WITH", SharedWith, kBothDialects, A, {}, {}},
    {"FORWARD_QUERY", ForwardQuery, kForwardOnly, R, {}, {}},
    {"BACKFILL", Backfill, kForwardOnly, F, {}, {}},
    {"KAFKA_CONNECTION_NAME", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_TOPIC", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_GROUP_ID", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_AUTO_OFFSET_RESET", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_STORE_RAW_VALUE", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_STORE_HEADERS", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_KEY_FORMAT", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_VALUE_FORMAT", Kafka, kBothDialects, F, {}, {}},
    {"KAFKA_TARGET_PARTITIONS", Kafka, kClassicOnly, F, {}, kIgnored},
    {"KAFKA_STORE_BINARY_HEADERS", Kafka, kClassicOnly, F, {},
     "has been deprecated. When KAFKA_STORE_HEADERS is True, __headers is always of type Map(String, String)"},
    {"KAFKA_KEY_AVRO_DESERIALIZATION", Kafka, kClassicOnly, F, {}, {}},
    {"KAFKA_BOOTSTRAP_SERVERS", Kafka, kClassicOnly, F, {}, {}},
    {"KAFKA_KEY", Kafka, kClassicOnly, F, {}, {}},
    {"KAFKA_SECRET", Kafka, kClassicOnly, F, {}, {}},
    {"KAFKA_SCHEMA_REGISTRY_URL", Kafka, kClassicOnly, F, {}, {}},
    {"KAFKA_SSL_CA_PEM", Kafka, kClassicOnly, A, {}, {}},
    {"KAFKA_SASL_MECHANISM", Kafka, kClassicOnly, F, {}, {}},
    {"IMPORT_CONNECTION_NAME", Import, kBothDialects, F, {}, {}},
    {"IMPORT_BUCKET_URI", Import, kBothDialects, F, {}, {}},
    {"IMPORT_SCHEDULE", Import, kBothDialects, F, {}, {}},
    {"IMPORT_FROM_TIMESTAMP", Import, kBothDialects, F, {}, {}},
    {"IMPORT_QUERY", Import, kBothDialects, C, {}, {}},
    {"IMPORT_TABLE_ARN", Import, kBothDialects, F, {}, {}},
    {"IMPORT_EXPORT_BUCKET", Import, kBothDialects, F, {}, {}},
    {"IMPORT_SERVICE", Import, kClassicOnly, F, {}, kConnectorIgnored},
    {"IMPORT_EXTERNAL_DATASOURCE", Import, kClassicOnly, F, {}, kIgnored},
    {"IMPORT_STRATEGY", Import, kClassicOnly, F, {}, "has been deprecated. It is now fixed to 'append'"},
    {"EXPORT_SERVICE", ExportService, kClassicOnly, F, {}, kConnectorIgnored},
    {"INCLUDE", Include, kClassicOnly, A, {}, "is not supported yet"},
    {"VERSION", Version, kClassicOnly, F, {}, kIgnored},
    {"SOURCE", Source, kClassicOnly, F, {}, "has been deprecated"},
    {"FROM", Legacy, kClassicOnly, F, {}, {}},
    {"MAINTAINER", Legacy, kClassicOnly, F, {}, {}},
    {"SCOPE", Legacy, kClassicOnly, F, {}, {}},
    {"TEST", Legacy, kClassicOnly, F, {}, {}},
};

constexpr DirectiveSpec kPipe[] = {
    {"NODE", Node, kBothDialects, F, {}, {}},
    {"SCOPE", Scope, kBothDialects, F, {}, {}},
    {"DESCRIPTION", Description, kBothDialects, A, {}, {}},
    {"TYPE", Type, kBothDialects, F, {}, {}},
    {"DATASOURCE", DatasourceRef, kBothDialects, F, {}, {}},
    {"TAGS", Tags, kBothDialects, A, {}, {}},
    {"TARGET_DATASOURCE", TargetDatasource, kBothDialects, F, {}, {}},
    {"COPY_SCHEDULE", CopySchedule, kBothDialects, F, {}, {}},
    {"COPY_MODE", CopyMode, kBothDialects, F, {}, {}},
    {"MODE", CopyMode, kBothDialects, F, "COPY_MODE", {}},
    {"FILTER", Filter, kBothDialects, F, {}, {}},
    {"TOKEN", Token, kBothDialects, F, {}, {}},
    {"INCLUDE", Include, kClassicOnly, A, {}, "is not supported yet"},
    {"SQL", Sql, kBothDialects, R, {}, {}},
    {"VERSION", Version, kClassicOnly, F, {}, kIgnored},
    {"DEPLOYMENT_METHOD", DeploymentMethod, kForwardOnly, F, {}, {}},
    {"EXPORT_CONNECTION_NAME", Export, kBothDialects, F, {}, {}},
    {"EXPORT_SCHEDULE", Export, kBothDialects, F, {}, {}},
    {"EXPORT_BUCKET_URI", Export, kBothDialects, F, {}, {}},
    {"EXPORT_FILE_TEMPLATE", Export, kBothDialects, F, {}, {}},
    {"EXPORT_FORMAT", Export, kBothDialects, F, {}, {}},
    {"EXPORT_STRATEGY", Export, kBothDialects, F, {}, {}},
    {"EXPORT_COMPRESSION", Export, kBothDialects, F, {}, {}},
    {"EXPORT_WRITE_STRATEGY", Export, kBothDialects, F, {}, {}},
    {"EXPORT_KAFKA_TOPIC", Export, kBothDialects, F, {}, {}},
    {"EXPORT_SERVICE", ExportService, kClassicOnly, F, {}, {}},
    {"RESOURCE", Resource, kClassicOnly, F, {}, {}},
    FERRY_ENGINE_PARAMS(kClassicOnly),
    {"SOURCE", Source, kClassicOnly, F, {}, {}},
    {"FROM", Legacy, kClassicOnly, F, {}, {}},
    {"MAINTAINER", Legacy, kClassicOnly, F, {}, {}},
    {"TEST", Legacy, kClassicOnly, F, {}, {}},
};

constexpr DirectiveSpec kConnection[] = {
    {"DESCRIPTION", Description, kForwardOnly, A, {}, {}},
    {"TYPE", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_BOOTSTRAP_SERVERS", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_KEY", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SECRET", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SCHEMA_REGISTRY_URL", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SSL_CA_PEM", ConnectionSetting, kForwardOnly, A, {}, {}},
    {"KAFKA_SECURITY_PROTOCOL", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SASL_MECHANISM", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SASL_OAUTHBEARER_METHOD", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SASL_OAUTHBEARER_AWS_REGION", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SASL_OAUTHBEARER_AWS_ROLE_ARN", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_SASL_OAUTHBEARER_AWS_EXTERNAL_ID", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"KAFKA_KEY_AVRO_DESERIALIZATION", ConnectionSetting, kClassicOnly, F, {},
     "has been deprecated. Use \"KAFKA_KEY_FORMAT avro\" in the corresponding .datasource file instead"},
    {"S3_REGION", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"S3_ARN", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"S3_ACCESS_KEY", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"S3_SECRET", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"GCS_ACCESS_ID", ConnectionSetting, kForwardOnly, F, "GCS_HMAC_ACCESS_ID", {}},
    {"GCS_SECRET", ConnectionSetting, kForwardOnly, F, "GCS_HMAC_SECRET", {}},
    {"GCS_HMAC_ACCESS_ID", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"GCS_HMAC_SECRET", ConnectionSetting, kForwardOnly, F, {}, {}},
    {"INCLUDE", Include, kClassicOnly, A, {}, "is not supported yet"},
};

#undef FERRY_ENGINE_PARAMS

const DirectiveSpec* findIn(std::span<const DirectiveSpec> table, std::string_view upper_name) {
  for (auto& spec : table)
    if (spec.name == upper_name) return &spec;
  return nullptr;
}

}  // namespace

const DirectiveSpec* findDirective(DatafileKind kind, std::string_view upper_name) {
  switch (kind) {
    case DatafileKind::Datasource: return findIn(kDatasource, upper_name);
    case DatafileKind::Pipe: return findIn(kPipe, upper_name);
    case DatafileKind::Connection: return findIn(kConnection, upper_name);
    case DatafileKind::Include:
    case DatafileKind::Unknown:
      if (auto* spec = findIn(kPipe, upper_name)) return spec;
      return findIn(kDatasource, upper_name);
  }
  return nullptr;
}

std::span<const DirectiveSpec> directivesOf(DatafileKind kind) {
  switch (kind) {
    case DatafileKind::Datasource: return kDatasource;
    case DatafileKind::Pipe: return kPipe;
    case DatafileKind::Connection: return kConnection;
    case DatafileKind::Include:
    case DatafileKind::Unknown: break;
  }
  return {};
}

}  // namespace ferry::datafile
