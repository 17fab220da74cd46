#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/functions/rule_text.h"

#include <array>
#include <utility>

namespace ferry::functions {
namespace {

using types::TypeKind;

constexpr TypeKindSet bit(TypeKind k) { return TypeKindSet{1} << static_cast<unsigned>(k); }

constexpr TypeKindSet range(TypeKind first, TypeKind last) {
  TypeKindSet set = 0;
  for (unsigned k = static_cast<unsigned>(first); k <= static_cast<unsigned>(last); ++k)
    set |= TypeKindSet{1} << k;
  return set;
}

constexpr TypeKindSet kUInts = range(TypeKind::UInt8, TypeKind::UInt256);
constexpr TypeKindSet kInts = kUInts | range(TypeKind::Int8, TypeKind::Int256);
constexpr TypeKindSet kInts64 = range(TypeKind::UInt8, TypeKind::UInt64) | range(TypeKind::Int8, TypeKind::Int64);
constexpr TypeKindSet kFloats = bit(TypeKind::Float32) | bit(TypeKind::Float64);

constexpr std::array<std::pair<std::string_view, TypeKindSet>, 11> kShorthands{{
    {"any", ~TypeKindSet{0}},
    {"ints64", kInts64},
    {"ints", kInts},
    {"uints", kUInts},
    {"floats", kFloats},
    {"enum", bit(TypeKind::Enum8) | bit(TypeKind::Enum16)},
    {"number", kInts | kFloats | bit(TypeKind::BFloat16) | bit(TypeKind::Decimal)},
    {"dates", bit(TypeKind::Date) | bit(TypeKind::Date32)},
    {"datetimes", bit(TypeKind::DateTime) | bit(TypeKind::DateTime64)},
    {"strings", bit(TypeKind::String) | bit(TypeKind::FixedString)},
    {"time", bit(TypeKind::Time) | bit(TypeKind::Time64)},
}};

/// The TypeKind names, in enum order, as the table spells them.
constexpr std::array<std::string_view, 46> kKindNames{{
    "Nothing", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256", "Int8", "Int16",
    "Int32", "Int64", "Int128", "Int256", "BFloat16", "Float32", "Float64", "Decimal", "Bool",
    "String", "FixedString", "Date", "Date32", "DateTime", "DateTime64", "Time", "Time64", "UUID",
    "IPv4", "IPv6", "Enum8", "Enum16", "Nullable", "LowCardinality", "Array", "Tuple", "Map",
    "Nested", "Variant", "Dynamic", "JSON", "Interval", "AggregateFunction",
    "SimpleAggregateFunction", "QBit", "Function", "Set"}};
static_assert(static_cast<size_t>(TypeKind::Set) + 1 == kKindNames.size());

std::optional<TypeKindSet> classSet(std::string_view word) {
  for (const auto& [name, set] : kShorthands)
    if (name == word) return set;
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == word) return TypeKindSet{1} << i;
  return std::nullopt;
}

}  // namespace

const types::DataType& valueType(const types::DataType& type) {
  switch (type.kind) {
    case TypeKind::Nullable:
    case TypeKind::LowCardinality:
    case TypeKind::SimpleAggregateFunction:
      return valueType(*type.child());
    default:
      return type;
  }
}

types::TypePtr valueTypePtr(const types::TypePtr& type) {
  switch (type->kind) {
    case TypeKind::Nullable:
    case TypeKind::LowCardinality:
    case TypeKind::SimpleAggregateFunction:
      return valueTypePtr(type->child());
    default:
      return type;
  }
}

namespace {

bool inSet(TypeKindSet set, const types::DataType& type) {
  TypeKind kind = valueType(type).kind;
  if (kind == TypeKind::Bool && (set & bit(TypeKind::UInt8))) return true;
  return (set & bit(kind)) != 0;
}

/// `a|b|Array(c|d)`; the words between bars.
std::optional<ArgumentPosition> parsePosition(std::string_view spec, std::string* error) {
  ArgumentPosition out;
  while (!spec.empty()) {
    std::string_view word;
    if (spec.starts_with("Array(")) {
      size_t close = spec.find(')');
      if (close == std::string_view::npos) {
        if (error) *error = "unclosed Array(";
        return std::nullopt;
      }
      auto inner = parsePosition(spec.substr(6, close - 6), error);
      if (!inner) return std::nullopt;
      out.array_elements |= inner->kinds;
      spec = trim(spec.substr(close + 1));
    } else {
      size_t bar = spec.find('|');
      word = trim(spec.substr(0, bar));
      auto classes = classSet(word);
      if (!classes) {
        if (error) *error = "unknown argument class `" + std::string(word) + "`";
        return std::nullopt;
      }
      out.kinds |= *classes;
      spec = bar == std::string_view::npos ? std::string_view{} : spec.substr(bar);
    }
    if (spec.starts_with("|")) spec = trim(spec.substr(1));
  }
  return out;
}

/// Splits at the commas outside parentheses.
std::vector<std::string_view> splitPositions(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    else if (text[i] == ')') --depth;
    else if (text[i] == ',' && depth == 0) {
      out.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(trim(text.substr(start)));
  return out;
}

}  // namespace

/// LowCardinality removed at every depth (ClickHouse hands aggregates full columns). A
/// SimpleAggregateFunction whose value is LowCardinality or Nullable loses its name with it.
types::TypePtr removeLowCardinalityEverywhere(const types::TypePtr& t) {
  switch (t->kind) {
    case TypeKind::LowCardinality:
      return removeLowCardinalityEverywhere(t->child());
    case TypeKind::SimpleAggregateFunction:
      if (t->child()->kind == TypeKind::LowCardinality || t->child()->kind == TypeKind::Nullable)
        return removeLowCardinalityEverywhere(t->child());
      return t;
    case TypeKind::Nullable: {
      types::TypePtr inner = removeLowCardinalityEverywhere(t->child());
      return inner == t->child() ? t : types::makeNullable(inner);
    }
    case TypeKind::Array: {
      types::TypePtr inner = removeLowCardinalityEverywhere(t->child());
      return inner == t->child() ? t : types::makeArray(inner);
    }
    case TypeKind::Map: {
      types::TypePtr k = removeLowCardinalityEverywhere(t->child(0));
      types::TypePtr v = removeLowCardinalityEverywhere(t->child(1));
      return k == t->child(0) && v == t->child(1) ? t : types::makeMap(k, v);
    }
    case TypeKind::Tuple: {
      std::vector<types::TypePtr> items;
      bool changed = false;
      for (const types::TypePtr& c : t->children) {
        items.push_back(removeLowCardinalityEverywhere(c));
        changed |= items.back() != c;
      }
      return changed ? types::makeTuple(std::move(items), t->element_names) : t;
    }
    default:
      return t;
  }
}

bool AggregateArguments::accepts(size_t index, const types::DataType& type) const {
  if (positions.empty()) return true;
  const ArgumentPosition& p = index < positions.size() ? positions[index] : positions.back();
  if (inSet(p.kinds, type)) return true;
  const types::DataType& v = valueType(type);
  return p.array_elements != 0 && v.kind == TypeKind::Array && inSet(p.array_elements, *v.child());
}

std::optional<AggregateArguments> parseAggregateArguments(std::string_view text, std::string* error) {
  AggregateArguments out;
  text = trim(text);
  if (text.empty()) return out;
  for (std::string_view spec : splitPositions(text)) {
    auto position = parsePosition(spec, error);
    if (!position) return std::nullopt;
    out.positions.push_back(*position);
  }
  return out;
}

}  // namespace ferry::functions
