#include "compiler/analyze/project_tables.h"

#include "compiler/types/type_parser.h"

namespace ferry::analyze {

namespace {

types::TypePtr typeOf(std::string_view text) { return types::parseTypeName(text).type; }

bool hasColumn(const Schema& s, std::string_view name) {
  for (const auto& c : s)
    if (c.name == name) return true;
  return false;
}

/// `system` tables that pipes use as row sources.
const Schema* systemTable(std::string_view name) {
  static const Schema one{{"dummy", types::makeType(types::TypeKind::UInt8)}};
  static const Schema numbers{{"number", types::makeType(types::TypeKind::UInt64)}};
  if (name == "one") return &one;
  if (name == "numbers" || name == "numbers_mt") return &numbers;
  return nullptr;
}

constexpr std::string_view kQuarantineSuffix = "_quarantine";

}  // namespace

Schema connectorColumns(const project::Resource& r, const Schema& declared) {
  Schema out;
  const auto* ds = r.datafile.datasource();
  if (!ds) return out;
  // DynamoDB datasources: Tinybird adds the change-data-capture columns (ENGINE_VER
  // "_timestamp" and ENGINE_IS_DELETED "_is_deleted" name them).
  if (const auto* service = ds->importSetting("IMPORT_SERVICE")) {
    std::string v = service->value;
    std::erase_if(v, [](char c) { return c == '\'' || c == '"'; });
    for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (v == "dynamodb") {
      static const std::pair<const char*, const char*> kDynamo[] = {
          {"_record", "String"},         {"_old_record", "Nullable(String)"},
          {"_timestamp", "DateTime64(3)"}, {"_event_type", "LowCardinality(String)"},
          {"_is_deleted", "UInt8"},
      };
      for (const auto& [name, type] : kDynamo)
        if (!hasColumn(declared, name)) out.push_back({name, typeOf(type)});
    }
  }
  if (ds->kafka.empty()) return out;
  static const std::pair<const char*, const char*> kColumns[] = {
      {"__value", "String"},     {"__topic", "LowCardinality(String)"}, {"__partition", "Int16"},
      {"__offset", "Int64"},     {"__timestamp", "DateTime"},           {"__key", "String"},
  };
  for (const auto& [name, type] : kColumns)
    if (!hasColumn(declared, name)) out.push_back({name, typeOf(type)});
  if (const auto* h = ds->kafkaSetting("KAFKA_STORE_HEADERS")) {
    std::string v = h->value;
    for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((v == "true" || v == "1") && !hasColumn(declared, "__headers"))
      out.push_back({"__headers", typeOf("Map(String, String)")});
  }
  return out;
}

Schema quarantineSchema(const Schema& ds) {
  Schema out;
  auto nullable_string = typeOf("Nullable(String)");
  for (const auto& c : ds) out.push_back({c.name, nullable_string});
  out.push_back({"c__error_column", typeOf("Array(String)")});
  out.push_back({"c__error", typeOf("Array(String)")});
  out.push_back({"c__import_id", nullable_string});
  out.push_back({"insertion_date", typeOf("DateTime")});
  return out;
}

const Schema* ProjectTables::findTable(const std::vector<std::string>& parts) const {
  if (parts.size() == 2 && parts[0] == "system") return systemTable(parts[1]);
  if (parts.size() == 2) {
    // A shared datasource vendored under vendor/<workspace>/.
    const auto* ds = analysis_.datasource(parts[0] + "." + parts[1]);
    return ds && ds->complete ? &ds->columns : nullptr;
  }
  if (parts.size() != 1) return nullptr;
  if (auto it = nodes_.find(parts[0]); it != nodes_.end()) return it->second;
  // Classic versioned names (`ds__v1`) are aliases of the resource.
  const auto* resource = project_.find(parts[0]);
  const std::string& name = resource ? resource->name : parts[0];
  if (const auto* ds = analysis_.datasource(name)) return ds->complete ? &ds->columns : nullptr;
  if (const auto* pipe = analysis_.pipe(name)) {
    const auto* out = pipe->output();
    return out && out->columns ? &*out->columns : nullptr;
  }
  if (name.ends_with(kQuarantineSuffix)) {
    auto base = std::string_view(name).substr(0, name.size() - kQuarantineSuffix.size());
    if (const auto* ds = analysis_.datasource(base)) {
      auto [it, inserted] = derived_.try_emplace(name);
      if (inserted) it->second = quarantineSchema(ds->columns);
      return &it->second;
    }
  }
  return nullptr;
}

std::vector<std::string> ProjectTables::tableNames() const {
  std::vector<std::string> names;
  for (const auto& [name, schema] : nodes_) names.push_back(name);
  for (const auto& r : project_.resources)
    if (r->kind != project::ResourceKind::Connection) names.push_back(r->name);
  return names;
}

ProjectTables::Availability ProjectTables::availability(const std::string& name) const {
  auto dot = name.find('.');
  if (dot != std::string::npos && analysis_.datasource(name))
    return analysis_.datasource(name)->complete ? Availability::Known : Availability::Unanalyzed;
  if (dot != std::string::npos) {
    if (name.compare(0, dot, "system") == 0 && systemTable(std::string_view(name).substr(dot + 1)))
      return Availability::Known;
    return Availability::Foreign;
  }
  if (auto it = nodes_.find(name); it != nodes_.end())
    return it->second ? Availability::Known : Availability::Unanalyzed;
  if (findTable({name})) return Availability::Known;
  if (analysis_.datasource(name)) return Availability::Unanalyzed;  // a target declared by its pipe
  // A resource of the project that exists but has no schema (yet, or because it failed).
  if (project_.find(name)) return Availability::Unanalyzed;
  return Availability::Unknown;
}

}  // namespace ferry::analyze
