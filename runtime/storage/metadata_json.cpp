#include "runtime/storage/metadata_json.h"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace ferry::rt::storage {

using nlohmann::json;

namespace {

/// nlohmann's dump rejects invalid UTF-8; binary strings are stored as hex instead.
bool validUtf8(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

std::string toHex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string fromHex(std::string_view s) {
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw std::runtime_error("bad hex string in metadata");
  };
  if (s.size() % 2) throw std::runtime_error("bad hex string in metadata");
  std::string out(s.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) out[i] = char(val(s[2 * i]) * 16 + val(s[2 * i + 1]));
  return out;
}

const json& need(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw std::runtime_error(fmt::format("metadata: missing \"{}\"", key));
  return *it;
}

}  // namespace

/// Tagged arrays: ["n"], ["b", true], ["i", -1], ["u", 1], ["d", "1.5"], ["s", "text"],
/// ["x", "hex bytes"], ["big", "123"], ["a", [...]].
json fieldToJson(const Field& f) {
  return std::visit(
      [](const auto& v) -> json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, Null>) return json::array({"n"});
        else if constexpr (std::is_same_v<V, bool>) return json::array({"b", v});
        else if constexpr (std::is_same_v<V, int64_t>) return json::array({"i", v});
        else if constexpr (std::is_same_v<V, uint64_t>) return json::array({"u", v});
        else if constexpr (std::is_same_v<V, double>) return json::array({"d", fmt::format("{}", v)});
        else if constexpr (std::is_same_v<V, std::string>) {
          if (validUtf8(v)) return json::array({"s", v});
          return json::array({"x", toHex(v)});
        } else if constexpr (std::is_same_v<V, BigNumber>) return json::array({"big", v.text});
        else {
          json items = json::array();
          for (const auto& e : v) items.push_back(fieldToJson(e));
          return json::array({"a", std::move(items)});
        }
      },
      f.value);
}

Field fieldFromJson(const json& j) {
  if (!j.is_array() || j.empty() || !j[0].is_string()) throw std::runtime_error("metadata: bad value");
  std::string tag = j[0].get<std::string>();
  if (tag == "n") return Null{};
  if (j.size() != 2) throw std::runtime_error("metadata: bad value");
  if (tag == "b") return j[1].get<bool>();
  if (tag == "i") return j[1].get<int64_t>();
  if (tag == "u") return j[1].get<uint64_t>();
  if (tag == "d") return std::strtod(j[1].get<std::string>().c_str(), nullptr);
  if (tag == "s") return j[1].get<std::string>();
  if (tag == "x") return fromHex(j[1].get<std::string>());
  if (tag == "big") return BigNumber{j[1].get<std::string>()};
  if (tag == "a") {
    FieldArray items;
    for (const auto& e : j[1]) items.push_back(fieldFromJson(e));
    return items;
  }
  throw std::runtime_error("metadata: unknown value tag " + tag);
}

const char* engineKindName(EngineKind kind) {
  switch (kind) {
    case EngineKind::MergeTree: return "MergeTree";
    case EngineKind::ReplacingMergeTree: return "ReplacingMergeTree";
    case EngineKind::SummingMergeTree: return "SummingMergeTree";
    case EngineKind::AggregatingMergeTree: return "AggregatingMergeTree";
    case EngineKind::CollapsingMergeTree: return "CollapsingMergeTree";
    case EngineKind::VersionedCollapsingMergeTree: return "VersionedCollapsingMergeTree";
    case EngineKind::Null: return "Null";
  }
  return "MergeTree";
}

static EngineKind engineKindFromName(const std::string& name) {
  for (auto k : {EngineKind::MergeTree, EngineKind::ReplacingMergeTree, EngineKind::SummingMergeTree,
                 EngineKind::AggregatingMergeTree, EngineKind::CollapsingMergeTree,
                 EngineKind::VersionedCollapsingMergeTree, EngineKind::Null})
    if (name == engineKindName(k)) return k;
  throw std::runtime_error("metadata: unknown engine " + name);
}

json tableSpecToJson(const TableSpec& spec) {
  json columns = json::array();
  for (const auto& c : spec.columns)
    columns.push_back({{"name", c.name}, {"type", json::parse(typeToJson(*c.type))}, {"codec", c.codec}});
  return {{"name", spec.name},
          {"columns", std::move(columns)},
          {"engine",
           {{"kind", engineKindName(spec.engine.kind)},
            {"version_column", spec.engine.version_column},
            {"is_deleted_column", spec.engine.is_deleted_column},
            {"sign_column", spec.engine.sign_column},
            {"summing_columns", spec.engine.summing_columns}}},
          {"has_partition_key", spec.has_partition_key},
          {"sorting_key_size", spec.sorting_key_size},
          {"sorting_key_names", spec.sorting_key_names},
          {"key_columns", spec.key_columns},
          {"has_ttl", spec.has_ttl}};
}

TableSpec tableSpecFromJson(const json& j) {
  TableSpec spec;
  spec.name = need(j, "name").get<std::string>();
  for (const auto& c : need(j, "columns"))
    spec.columns.push_back({need(c, "name").get<std::string>(), typeFromJson(need(c, "type").dump()),
                            need(c, "codec").get<std::string>()});
  const json& e = need(j, "engine");
  spec.engine.kind = engineKindFromName(need(e, "kind").get<std::string>());
  spec.engine.version_column = need(e, "version_column").get<std::string>();
  spec.engine.is_deleted_column = need(e, "is_deleted_column").get<std::string>();
  spec.engine.sign_column = need(e, "sign_column").get<std::string>();
  spec.engine.summing_columns = need(e, "summing_columns").get<std::vector<std::string>>();
  spec.has_partition_key = need(j, "has_partition_key").get<bool>();
  spec.sorting_key_size = need(j, "sorting_key_size").get<size_t>();
  spec.sorting_key_names = need(j, "sorting_key_names").get<std::vector<std::string>>();
  if (j.contains("key_columns")) spec.key_columns = j["key_columns"].get<std::vector<std::string>>();
  spec.has_ttl = need(j, "has_ttl").get<bool>();
  return spec;
}

json partToJson(const PartInfo& part) {
  json key_min = json::array(), key_max = json::array();
  for (const auto& f : part.key_min) key_min.push_back(fieldToJson(f));
  for (const auto& f : part.key_max) key_max.push_back(fieldToJson(f));
  json columns = json::array();
  for (const auto& c : part.columns) {
    json streams = json::array();
    for (const auto& s : c.streams)
      streams.push_back({{"suffix", s.suffix}, {"checksum", fmt::format("{:016x}", s.checksum)}, {"bytes", s.bytes}});
    columns.push_back({{"name", c.name},
                       {"file", c.file},
                       {"constant", c.constant},
                       {"type", json::parse(typeToJson(*c.type))},
                       {"codec", c.codec},
                       {"streams", std::move(streams)}});
  }
  return {{"name", part.name},
          {"table", part.table},
          {"partition_id", part.partition_id},
          {"rows", part.rows},
          {"level", part.level},
          {"key_min", std::move(key_min)},
          {"key_max", std::move(key_max)},
          {"min_sequence", part.min_sequence},
          {"max_sequence", part.max_sequence},
          {"columns", std::move(columns)}};
}

PartInfo partFromJson(const json& j) {
  PartInfo part;
  part.name = need(j, "name").get<std::string>();
  part.table = need(j, "table").get<std::string>();
  part.partition_id = need(j, "partition_id").get<std::string>();
  part.rows = need(j, "rows").get<uint64_t>();
  part.level = need(j, "level").get<uint32_t>();
  for (const auto& f : need(j, "key_min")) part.key_min.push_back(fieldFromJson(f));
  for (const auto& f : need(j, "key_max")) part.key_max.push_back(fieldFromJson(f));
  part.min_sequence = need(j, "min_sequence").get<uint64_t>();
  part.max_sequence = need(j, "max_sequence").get<uint64_t>();
  for (const auto& c : need(j, "columns")) {
    PartInfo::ColumnFile file;
    file.name = need(c, "name").get<std::string>();
    file.file = need(c, "file").get<std::string>();
    file.constant = need(c, "constant").get<bool>();
    file.type = typeFromJson(need(c, "type").dump());
    file.codec = need(c, "codec").get<std::string>();
    for (const auto& s : need(c, "streams"))
      file.streams.push_back({need(s, "suffix").get<std::string>(),
                              std::stoull(need(s, "checksum").get<std::string>(), nullptr, 16),
                              need(s, "bytes").get<uint64_t>()});
    part.columns.push_back(std::move(file));
  }
  return part;
}

}  // namespace ferry::rt::storage
