#include "runtime/column/column_type.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace ferry::rt {

namespace {

struct KindName {
  TypeKind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {
    {TypeKind::Nothing, "Nothing"},   {TypeKind::UInt8, "UInt8"},     {TypeKind::UInt16, "UInt16"},
    {TypeKind::UInt32, "UInt32"},     {TypeKind::UInt64, "UInt64"},   {TypeKind::UInt128, "UInt128"},
    {TypeKind::UInt256, "UInt256"},   {TypeKind::Int8, "Int8"},       {TypeKind::Int16, "Int16"},
    {TypeKind::Int32, "Int32"},       {TypeKind::Int64, "Int64"},     {TypeKind::Int128, "Int128"},
    {TypeKind::Int256, "Int256"},     {TypeKind::Float32, "Float32"}, {TypeKind::Float64, "Float64"},
    {TypeKind::Decimal32, "Decimal32"}, {TypeKind::Decimal64, "Decimal64"},
    {TypeKind::Decimal128, "Decimal128"}, {TypeKind::Decimal256, "Decimal256"},
    {TypeKind::Bool, "Bool"},         {TypeKind::String, "String"},   {TypeKind::FixedString, "FixedString"},
    {TypeKind::Date, "Date"},         {TypeKind::Date32, "Date32"},   {TypeKind::DateTime, "DateTime"},
    {TypeKind::DateTime64, "DateTime64"}, {TypeKind::UUID, "UUID"},   {TypeKind::IPv4, "IPv4"},
    {TypeKind::IPv6, "IPv6"},         {TypeKind::Enum8, "Enum8"},     {TypeKind::Enum16, "Enum16"},
    {TypeKind::Nullable, "Nullable"}, {TypeKind::LowCardinality, "LowCardinality"},
    {TypeKind::Array, "Array"},       {TypeKind::Tuple, "Tuple"},     {TypeKind::Map, "Map"},
    {TypeKind::AggregateFunction, "AggregateFunction"}, {TypeKind::Interval, "Interval"},
};

const char* kindName(TypeKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "Nothing";
}

TypeKind kindFromName(std::string_view name) {
  for (const auto& k : kKindNames)
    if (name == k.name) return k.kind;
  throw std::runtime_error("unknown runtime type kind '" + std::string(name) + "'");
}

std::string quoteText(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string printName(const ColumnType& t) {
  auto list = [&](size_t from = 0) {
    std::string out;
    for (size_t i = from; i < t.children.size(); ++i) {
      if (i > from) out += ", ";
      if (i < t.element_names.size() && !t.element_names[i].empty()) out += t.element_names[i] + " ";
      out += typeName(*t.children[i]);
    }
    return out;
  };
  switch (t.kind) {
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: case TypeKind::Decimal256:
      return "Decimal(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) + ")";
    case TypeKind::FixedString: return "FixedString(" + std::to_string(t.length) + ")";
    case TypeKind::DateTime: return t.timezone.empty() ? "DateTime" : "DateTime(" + quoteText(t.timezone) + ")";
    case TypeKind::DateTime64:
      return "DateTime64(" + std::to_string(t.precision) + (t.timezone.empty() ? "" : ", " + quoteText(t.timezone)) + ")";
    case TypeKind::Enum8: case TypeKind::Enum16: {
      std::string out = std::string(kindName(t.kind)) + "(";
      for (size_t i = 0; i < t.enum_values.size(); ++i) {
        if (i) out += ", ";
        out += quoteText(t.enum_values[i].first) + " = " + std::to_string(t.enum_values[i].second);
      }
      return out + ")";
    }
    case TypeKind::Nullable: case TypeKind::LowCardinality: case TypeKind::Array: case TypeKind::Tuple:
    case TypeKind::Map:
      return std::string(kindName(t.kind)) + "(" + list() + ")";
    case TypeKind::AggregateFunction: {
      std::string out = "AggregateFunction(" + t.aggregate_function;
      if (!t.aggregate_params.empty()) {
        out += "(";
        for (size_t i = 0; i < t.aggregate_params.size(); ++i) out += (i ? ", " : "") + t.aggregate_params[i];
        out += ")";
      }
      for (const auto& c : t.children) out += ", " + typeName(*c);
      return out + ")";
    }
    case TypeKind::Interval: return "Interval" + t.interval_unit;
    default: break;
  }
  std::string base = kindName(t.kind);
  if (!t.simple_aggregate.empty()) return "SimpleAggregateFunction(" + t.simple_aggregate + ", " + base + ")";
  return base;
}

ColumnTypePtr named(ColumnType t) {
  t.name = printName(t);
  return std::make_shared<const ColumnType>(std::move(t));
}

nlohmann::json toJson(const ColumnType& t) {
  nlohmann::json j;
  j["kind"] = kindName(t.kind);
  if (t.precision) j["precision"] = t.precision;
  if (t.scale) j["scale"] = t.scale;
  if (t.length) j["length"] = t.length;
  if (!t.timezone.empty()) j["timezone"] = t.timezone;
  if (!t.enum_values.empty()) {
    auto& e = j["enum_values"] = nlohmann::json::array();
    for (const auto& [n, v] : t.enum_values) e.push_back({n, v});
  }
  if (!t.children.empty()) {
    auto& c = j["children"] = nlohmann::json::array();
    for (const auto& child : t.children) c.push_back(toJson(*child));
  }
  if (!t.element_names.empty()) j["element_names"] = t.element_names;
  if (!t.aggregate_function.empty()) j["aggregate_function"] = t.aggregate_function;
  if (!t.aggregate_params.empty()) j["aggregate_params"] = t.aggregate_params;
  if (!t.simple_aggregate.empty()) j["simple_aggregate"] = t.simple_aggregate;
  if (!t.interval_unit.empty()) j["interval_unit"] = t.interval_unit;
  if (!t.name.empty()) j["name"] = t.name;
  return j;
}

ColumnTypePtr fromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("kind")) throw std::runtime_error("a type must be an object with a kind");
  ColumnType t;
  t.kind = kindFromName(j.at("kind").get<std::string>());
  t.precision = j.value("precision", 0u);
  t.scale = j.value("scale", 0u);
  t.length = j.value("length", uint64_t(0));
  t.timezone = j.value("timezone", std::string());
  if (auto it = j.find("enum_values"); it != j.end())
    for (const auto& e : *it) t.enum_values.emplace_back(e.at(0).get<std::string>(), e.at(1).get<int64_t>());
  if (auto it = j.find("children"); it != j.end())
    for (const auto& c : *it) t.children.push_back(fromJson(c));
  if (auto it = j.find("element_names"); it != j.end()) t.element_names = it->get<std::vector<std::string>>();
  t.aggregate_function = j.value("aggregate_function", std::string());
  if (auto it = j.find("aggregate_params"); it != j.end()) t.aggregate_params = it->get<std::vector<std::string>>();
  t.simple_aggregate = j.value("simple_aggregate", std::string());
  t.interval_unit = j.value("interval_unit", std::string());
  t.name = j.value("name", std::string());
  return std::make_shared<const ColumnType>(std::move(t));
}

}  // namespace

ColumnTypePtr makeType(TypeKind kind) {
  ColumnType t;
  t.kind = kind;
  return named(std::move(t));
}

ColumnTypePtr makeNullable(ColumnTypePtr inner) {
  if (inner->kind == TypeKind::Nullable) return inner;
  ColumnType t;
  t.kind = TypeKind::Nullable;
  t.children = {std::move(inner)};
  return named(std::move(t));
}

ColumnTypePtr makeArray(ColumnTypePtr element) {
  ColumnType t;
  t.kind = TypeKind::Array;
  t.children = {std::move(element)};
  return named(std::move(t));
}

ColumnTypePtr makeTuple(std::vector<ColumnTypePtr> elements, std::vector<std::string> names) {
  ColumnType t;
  t.kind = TypeKind::Tuple;
  t.children = std::move(elements);
  t.element_names = std::move(names);
  return named(std::move(t));
}

std::string typeName(const ColumnType& type) { return type.name.empty() ? printName(type) : type.name; }

size_t fixedWidth(const ColumnType& type) {
  switch (layoutType(type).kind) {
    case TypeKind::UInt8: case TypeKind::Int8: case TypeKind::Bool: case TypeKind::Enum8: return 1;
    case TypeKind::UInt16: case TypeKind::Int16: case TypeKind::Date: case TypeKind::Enum16: return 2;
    case TypeKind::UInt32: case TypeKind::Int32: case TypeKind::Float32: case TypeKind::Date32:
    case TypeKind::DateTime: case TypeKind::IPv4: case TypeKind::Decimal32: return 4;
    case TypeKind::UInt64: case TypeKind::Int64: case TypeKind::Float64: case TypeKind::DateTime64:
    case TypeKind::Decimal64: case TypeKind::Interval: return 8;
    case TypeKind::UInt128: case TypeKind::Int128: case TypeKind::Decimal128: case TypeKind::UUID:
    case TypeKind::IPv6: return 16;
    case TypeKind::UInt256: case TypeKind::Int256: case TypeKind::Decimal256: return 32;
    case TypeKind::FixedString: return layoutType(type).length;
    default: return 0;
  }
}

const ColumnType& layoutType(const ColumnType& type) {
  const ColumnType* t = &type;
  while (t->kind == TypeKind::LowCardinality) t = t->children.at(0).get();
  return *t;
}

bool isNullable(const ColumnType& type) { return layoutType(type).kind == TypeKind::Nullable; }

std::string typeToJson(const ColumnType& type) { return toJson(type).dump(); }

ColumnTypePtr typeFromJson(std::string_view json) {
  try {
    return fromJson(nlohmann::json::parse(json));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("bad type description: ") + e.what());
  }
}

}  // namespace ferry::rt
