#include "compiler/datafile/datafile_validator.h"

#include <string>
#include <vector>

#include "compiler/datafile/cli_text.h"

namespace ferry::datafile {

namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string pyList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
  return out + "]";
}

struct Attribute {
  std::string key;  ///< the CLI's node key (mode for COPY_MODE)
  Span span;
};

std::vector<Attribute> attributesOf(const Node& n) {
  std::vector<Attribute> out;
  auto add = [&](const std::optional<Setting>& s, std::string key) {
    if (s) out.push_back({std::move(key), s->name_span});
  };
  add(n.datasource, "datasource");
  add(n.target_datasource, "target_datasource");
  add(n.copy_schedule, "copy_schedule");
  add(n.copy_mode, "mode");
  add(n.deployment_method, "deployment_method");
  add(n.filter, "filter");
  for (auto& s : n.export_settings) out.push_back({toLower(s.name), s.name_span});
  return out;
}

bool has(const std::vector<Attribute>& attrs, std::string_view key) {
  for (auto& a : attrs)
    if (a.key == key) return true;
  return false;
}

void validateNode(const Node& n, DiagnosticSink& sink) {
  auto attrs = attributesOf(n);
  std::string name = quoted(n.name.text);
  Span where = n.type ? n.type->value_span : n.name.span;
  auto checkAccepted = [&](std::string_view what, std::initializer_list<std::string_view> accepted) {
    for (auto& a : attrs) {
      bool ok = false;
      for (auto acc : accepted) ok = ok || a.key == acc;
      if (!ok)
        sink.report(DiagId::DF_NODE_ATTRIBUTE, a.span,
                    std::string(what) + " node " + name + " has an invalid attribute (" +
                        (a.key == "mode" ? std::string("copy_mode") : a.key) + ")");
    }
  };
  auto missing = [&](std::string_view what, std::initializer_list<std::string_view> required) {
    std::vector<std::string> miss;
    if (!n.sql) miss.push_back("sql");
    for (auto r : required)
      if (!has(attrs, r)) miss.push_back(std::string(r));
    if (!miss.empty())
      sink.report(DiagId::DF_NODE_MISSING_PARAMS, where,
                  "Some " + std::string(what) + " node params have been provided, but the following required ones are missing: " +
                      pyList(miss));
  };
  switch (n.node_type) {
    case NodeType::Standard: checkAccepted("Standard", {}); break;
    case NodeType::Materialized:
      missing("materialized", {"datasource"});
      checkAccepted("Materialized", {"datasource", "deployment_method"});
      break;
    case NodeType::Copy: {
      missing("copy", {"target_datasource"});
      if (n.copy_mode && n.copy_mode->value != "append" && n.copy_mode->value != "replace")
        sink.report(DiagId::DF_COPY_MODE, n.copy_mode->value_span, "COPY node mode must be append or replace");
      if (n.copy_schedule && n.copy_schedule->value != "@on-demand" && !isCronExpression(n.copy_schedule->value))
        sink.report(DiagId::DF_SCHEDULE, n.copy_schedule->value_span,
                    "COPY node schedule must be @on-demand or a valid cron expression.");
      checkAccepted("Copy", {"target_datasource", "copy_schedule", "mode"});
      break;
    }
    case NodeType::Sink: {
      if (!has(attrs, "export_connection_name")) {
        sink.report(DiagId::DF_SINK, where, "Sink node " + name + " is missing required parameter 'export_connection_name'");
        break;
      }
      bool kafka = has(attrs, "export_kafka_topic");
      bool blob = has(attrs, "export_bucket_uri") || has(attrs, "export_file_template");
      if (kafka && blob) {
        sink.report(DiagId::DF_SINK, where,
                    "Sink node " + name +
                        " has mixed Kafka and S3/GCS parameters. Use either Kafka parameters (export_kafka_topic) or "
                        "S3/GCS parameters (export_bucket_uri, export_file_template), not both.");
      } else if (kafka) {
        std::vector<std::string> miss;
        for (auto r : {"export_connection_name", "export_kafka_topic", "export_schedule"})
          if (!has(attrs, r)) miss.push_back(r);
        if (!n.sql) miss.push_back("sql");
        if (!miss.empty())
          sink.report(DiagId::DF_SINK, where, "Kafka sink node " + name + " is missing required parameters: " + pyList(miss));
        for (auto& a : attrs)
          if (a.key != "export_kafka_topic" && a.key != "export_schedule" && a.key != "export_connection_name")
            sink.report(DiagId::DF_SINK, a.span,
                        "Kafka sink node " + name + " has invalid parameter '" + a.key +
                            "'. Only export_kafka_topic, export_schedule, and export_connection_name are allowed for "
                            "Kafka sinks.");
      } else if (blob) {
        std::vector<std::string> miss;
        for (auto r : {"export_connection_name", "export_schedule", "export_bucket_uri", "export_file_template"})
          if (!has(attrs, r)) miss.push_back(r);
        if (!n.sql) miss.push_back("sql");
        if (!miss.empty())
          sink.report(DiagId::DF_SINK, where, "S3/GCS sink node " + name + " is missing required parameters: " + pyList(miss));
        for (auto& a : attrs) {
          static constexpr std::string_view kBlob[] = {"export_connection_name", "export_schedule", "export_bucket_uri",
                                                       "export_file_template", "export_format", "export_compression",
                                                       "export_write_strategy", "export_strategy"};
          bool ok = false;
          for (auto k : kBlob) ok = ok || a.key == k;
          if (!ok) sink.report(DiagId::DF_SINK, a.span, "S3/GCS sink node " + name + " has invalid parameter '" + a.key + "'");
        }
      } else {
        sink.report(DiagId::DF_SINK, where,
                    "Sink node " + name +
                        " is missing required parameters. For Kafka sinks, provide 'export_kafka_topic'. For S3/GCS "
                        "sinks, provide 'export_bucket_uri' and 'export_file_template'.");
      }
      for (auto& s : n.export_settings)
        if (s.name == "EXPORT_SCHEDULE" && s.value != "@on-demand" && !isCronExpression(s.value))
          sink.report(DiagId::DF_SCHEDULE, s.value_span,
                      "Sink node " + name + " has invalid export_schedule '" + s.value +
                          "'. Must be @on-demand or a valid cron expression.");
      break;
    }
    case NodeType::Invalid:
      sink.report(DiagId::DF_NODE_TYPE, where,
                  "Invalid node '" + name + "' of type (" + (n.type ? n.type->value : std::string()) +
                      "). Allowed node types: {'materialized', 'copy', 'endpoint', 'sink'}");
      break;
    case NodeType::Endpoint:
    case NodeType::Stream: break;
  }
}

void validatePipe(const Datafile& doc, const Pipe& p, DiagnosticSink& sink) {
  if (p.nodes.empty())
    sink.report(DiagId::DF_PIPE_WITHOUT_NODES, Span{doc.file, 0, 0}, "Pipe data file must have at least one node");
  int non_standard = 0;
  for (auto& n : p.nodes) {
    if (n.node_type != NodeType::Standard && ++non_standard == 2)
      sink.report(DiagId::DF_PIPE_MULTIPLE_OUTPUT_NODES, n.type ? n.type->value_span : n.name.span,
                  "Multiple non-standard nodes in pipe. There can only be one");
    validateNode(n, sink);
  }
  for (auto& t : doc.tokens)
    if (t.permission.text != "READ")
      sink.report(DiagId::DF_TOKEN_PERMISSION, t.permission.span,
                  "Invalid permission " + t.permission.text + " for token " + t.name.text + ". Only READ is allowed for pipes");
}

bool isAggregateCall(std::string_view part) {
  if (part.find('(') == std::string_view::npos || part.empty() || part.back() != ')') return false;
  auto fn = toLower(strip(part.substr(0, part.find('('))));
  static constexpr std::string_view kAggregates[] = {
      "sum", "count", "avg", "min", "max", "any", "grouparray", "groupuniqarray", "uniq", "summerge", "countmerge",
      "avgmerge", "minmerge", "maxmerge", "anymerge", "grouparraymerge", "groupuniqarraymerge", "uniqmerge"};
  for (auto a : kAggregates)
    if (fn == a) return true;
  return false;
}

std::vector<std::string> columnsOfPart(std::string_view part) {
  std::vector<std::string> out;
  auto isIdentifier = [](std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    for (char c : s)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
            static_cast<unsigned char>(c) >= 0x80))
        return false;
    return true;
  };
  auto unbacktick = [](std::string_view s) {
    while (!s.empty() && s.front() == '`') s.remove_prefix(1);
    while (!s.empty() && s.back() == '`') s.remove_suffix(1);
    return s;
  };
  if (part.find('(') != std::string_view::npos && !part.empty() && part.back() == ')') {
    auto inner = strip(part.substr(part.find('(') + 1, part.size() - part.find('(') - 2));
    while (true) {
      auto comma = inner.find(',');
      auto piece = unbacktick(strip(inner.substr(0, comma)));
      if (isIdentifier(piece)) out.emplace_back(piece);
      if (comma == std::string_view::npos) break;
      inner.remove_prefix(comma + 1);
    }
  } else if (!part.empty()) {
    auto name = unbacktick(part);
    if (!name.empty()) out.emplace_back(name);
  }
  return out;
}

void validateSortingKey(const Datasource& ds, DiagnosticSink& sink) {
  auto* key = ds.engineSetting("ENGINE_SORTING_KEY");
  if (!key || key->value.empty() || key->value == "tuple()") return;
  auto* engine = ds.engineSetting("ENGINE");
  auto* ver = ds.engineSetting("ENGINE_VER");
  if (engine && engine->value == "ReplacingMergeTree" && ver && !ver->value.empty() &&
      key->value.find(ver->value) != std::string::npos) {
    sink.report(DiagId::DF_SORTING_KEY, key->value_span,
                "ENGINE_VER column '" + ver->value +
                    "' cannot be included in the sorting key for ReplacingMergeTree. Including the version column in "
                    "the sorting key prevents deduplication because rows with different versions will have different "
                    "sorting keys and won't be considered duplicates. The sorting key should define the record "
                    "identity (what makes it unique), while ENGINE_VER tracks which version to keep.");
    return;
  }
  std::string_view cols = key->value;
  if (cols.substr(0, 6) == "tuple(" && cols.back() == ')') cols = cols.substr(6, cols.size() - 7);
  while (true) {
    auto comma = cols.find(',');
    auto part = strip(cols.substr(0, comma));
    if (isAggregateCall(part)) {
      sink.report(DiagId::DF_SORTING_KEY, key->value_span,
                  "Sorting key contains aggregate function expression '" + std::string(part) +
                      "'. Aggregate function expressions cannot be used in sorting keys.");
      return;
    }
    for (auto& c : columnsOfPart(part)) {
      for (auto& col : ds.columns) {
        if (col.name.text != c) continue;
        if (col.type.text.find("Nullable(") != std::string::npos) {
          sink.report(DiagId::DF_SORTING_KEY, key->value_span,
                      "Sorting key contains nullable column '" + c + "'. Nullable columns cannot be used in sorting keys.");
          return;
        }
        if (toLower(col.type.text).find("aggregatefunction") != std::string::npos) {
          sink.report(DiagId::DF_SORTING_KEY, key->value_span,
                      "Sorting key contains column '" + c +
                          "' with AggregateFunction type. AggregateFunction columns cannot be used in sorting keys.");
          return;
        }
      }
    }
    if (comma == std::string_view::npos) break;
    cols.remove_prefix(comma + 1);
  }
}

void validateDatasource(const Datafile& doc, const Datasource& ds, Dialect dialect, DiagnosticSink& sink) {
  if (!ds.schema_span) sink.report(DiagId::DF_SCHEMA_MISSING, Span{doc.file, 0, 0}, "SCHEMA is mandatory");
  validateSortingKey(ds, sink);
  auto anchor = [&](const std::vector<Setting>& v) { return v.empty() ? Span{doc.file, 0, 0} : v.front().name_span; };
  {
    static constexpr std::string_view kKafka[] = {"KAFKA_CONNECTION_NAME", "KAFKA_TOPIC", "KAFKA_GROUP_ID"};
    bool any = false;
    std::vector<std::string> miss;
    for (auto k : kKafka) {
      if (ds.kafkaSetting(k))
        any = true;
      else
        miss.push_back(toLower(k));
    }
    if (any && !miss.empty())
      sink.report(DiagId::DF_KAFKA_MISSING_PARAMS, anchor(ds.kafka),
                  "Some Kafka params have been provided, but the following required ones are missing: " + pyList(miss));
  }
  // Classic BigQuery/Snowflake/DynamoDB imports (IMPORT_SERVICE) follow other rules; those files were
  // already reported as Classic.
  bool classic_import = ds.importSetting("IMPORT_SERVICE") != nullptr;
  if (!classic_import || dialect == Dialect::Forward) {
    static constexpr std::string_view kRequired[] = {"IMPORT_CONNECTION_NAME", "IMPORT_SCHEDULE", "IMPORT_BUCKET_URI"};
    bool any = ds.importSetting("IMPORT_FROM_TIMESTAMP") != nullptr;
    std::vector<std::string> miss;
    for (auto k : kRequired) {
      if (ds.importSetting(k))
        any = true;
      else
        miss.push_back(toLower(k));
    }
    if (any && !classic_import) {
      if (!miss.empty()) {
        sink.report(DiagId::DF_IMPORT_MISSING_PARAMS, anchor(ds.import_settings),
                    "Some connection params have been provided, but the following required ones are missing: " + pyList(miss));
      } else if (auto* s = ds.importSetting("IMPORT_SCHEDULE");
                 s->value != "@once" && s->value != "@on-demand" && s->value != "@auto") {
        sink.report(DiagId::DF_IMPORT_SCHEDULE, s->value_span,
                    "Invalid import schedule '" + s->value + "'. Only ['@auto', '@on-demand', '@once'] values are allowed");
      }
    }
  }
}

}  // namespace

bool isCronExpression(std::string_view s) {
  s = strip(s);
  static constexpr std::string_view kAliases[] = {"@yearly", "@annually", "@monthly", "@weekly",
                                                  "@daily",  "@midnight", "@hourly"};
  for (auto a : kAliases)
    if (s == a) return true;
  int fields = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    ++fields;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
      char c = s[i];
      bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                std::string_view("*/,-?#").find(c) != std::string_view::npos;
      if (!ok) return false;
      ++i;
    }
  }
  return fields == 5 || fields == 6;
}

void validateDatafile(const Datafile& doc, Dialect dialect, DiagnosticSink& sink) {
  if (auto* p = doc.pipe(); p && doc.kind == DatafileKind::Pipe) validatePipe(doc, *p, sink);
  if (auto* ds = doc.datasource()) validateDatasource(doc, *ds, dialect, sink);
}

}  // namespace ferry::datafile
