/// The ClickHouse 26.7 type model: one immutable `DataType` value per type, shared through
/// `TypePtr`. A type is built by the factories below (which canonicalize: Variant members sorted,
/// Decimal aliases resolved, geo aliases named) so that two equal types always print the same and
/// `toString` is exactly what `toTypeName` prints with `print_pretty_type_names = 0`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::types {

enum class TypeKind : uint8_t {
  Nothing,
  UInt8, UInt16, UInt32, UInt64, UInt128, UInt256,
  Int8, Int16, Int32, Int64, Int128, Int256,
  BFloat16, Float32, Float64,
  Decimal,         ///< precision, scale
  Bool,
  String,
  FixedString,     ///< length
  Date, Date32,
  DateTime,        ///< timezone (empty: none)
  DateTime64,      ///< precision, timezone
  Time,
  Time64,          ///< precision
  UUID, IPv4, IPv6,
  Enum8, Enum16,   ///< enum_values
  Nullable,        ///< children[0]
  LowCardinality,  ///< children[0]
  Array,           ///< children[0]
  Tuple,           ///< children, element_names (all named or none)
  Map,             ///< children[0] key, children[1] value
  Nested,          ///< children, element_names
  Variant,         ///< children, sorted by their printed names, no duplicates
  Dynamic,         ///< max_types
  JSON,            ///< json_params
  Interval,        ///< interval_unit
  AggregateFunction,        ///< aggregate, children = argument types
  SimpleAggregateFunction,  ///< aggregate.function, children[0] = value type
  QBit,            ///< children[0] element type, length = dimension
  Function,        ///< a lambda's type: children = parameter types then the result type
  Set,             ///< the right side of IN
};

enum class IntervalUnit : uint8_t {
  Nanosecond, Microsecond, Millisecond, Second, Minute, Hour, Day, Week, Month, Quarter, Year
};

struct EnumValue {
  std::string name;
  int64_t value = 0;
  bool operator==(const EnumValue&) const = default;
};

/// `AggregateFunction([version, ]name[(params)], args...)`. `params` hold the canonical text of
/// each parameter as ClickHouse prints it (`0.5`, `'abc'`); `function` includes combinators
/// (`sumIf`, `uniqCombined64`).
struct AggregateSignature {
  std::optional<uint32_t> version;
  std::string function;
  std::vector<std::string> params;
  bool operator==(const AggregateSignature&) const = default;
};

class DataType;
using TypePtr = std::shared_ptr<const DataType>;

class DataType {
 public:
  TypeKind kind = TypeKind::Nothing;
  uint32_t precision = 0;          ///< Decimal P; DateTime64/Time64 P
  uint32_t scale = 0;              ///< Decimal S
  uint64_t length = 0;             ///< FixedString N; QBit dimension
  std::string timezone;            ///< DateTime, DateTime64
  std::vector<EnumValue> enum_values;
  std::vector<TypePtr> children;
  std::vector<std::string> element_names;
  IntervalUnit interval_unit = IntervalUnit::Second;
  std::optional<uint32_t> max_types;  ///< Dynamic(max_types=N)
  std::string json_params;         ///< canonical text inside JSON(...), empty for bare JSON
  AggregateSignature aggregate;
  std::string custom_name;         ///< geo aliases (`Point`, `Ring`, ...): printed instead

  const TypePtr& child(size_t i = 0) const { return children[i]; }
};

// ---- Factories (canonicalizing) -------------------------------------------------------------
TypePtr makeType(TypeKind kind);  ///< parameterless kinds only
TypePtr makeDecimal(uint32_t precision, uint32_t scale);
TypePtr makeFixedString(uint64_t n);
TypePtr makeDateTime(std::string timezone = {});
TypePtr makeDateTime64(uint32_t precision, std::string timezone = {});
TypePtr makeTime64(uint32_t precision);
TypePtr makeEnum(TypeKind kind, std::vector<EnumValue> values);
TypePtr makeNullable(TypePtr inner);        ///< idempotent on Nullable
TypePtr makeLowCardinality(TypePtr inner);  ///< idempotent on LowCardinality
TypePtr makeArray(TypePtr element);
TypePtr makeTuple(std::vector<TypePtr> elements, std::vector<std::string> names = {});
TypePtr makeMap(TypePtr key, TypePtr value);
TypePtr makeNested(std::vector<TypePtr> elements, std::vector<std::string> names);
TypePtr makeVariant(std::vector<TypePtr> members);  ///< flattens, sorts, dedups
TypePtr makeDynamic(std::optional<uint32_t> max_types = std::nullopt);
TypePtr makeJson(std::string params = {});
TypePtr makeInterval(IntervalUnit unit);
TypePtr makeAggregateFunction(AggregateSignature signature, std::vector<TypePtr> args);
TypePtr makeSimpleAggregateFunction(std::string function, TypePtr value);
TypePtr makeFunction(std::vector<TypePtr> params, TypePtr result);
TypePtr makeQBit(TypePtr element, uint64_t dimension);
/// `Nullable(inner)` when legal (see canBeInsideNullable), `LowCardinality(Nullable(x))` for a
/// LowCardinality, otherwise `inner` unchanged (ClickHouse's makeNullableSafe).
TypePtr makeNullableSafe(TypePtr inner);
/// The geo aliases `Point`, `Ring`, `LineString`, `MultiLineString`, `Polygon`, `MultiPolygon`
/// and `Geometry` (a Variant of them); nullptr for any other name.
TypePtr makeGeoType(std::string_view name);

// ---- Printing and comparison ----------------------------------------------------------------
/// Exactly `toTypeName` with print_pretty_type_names = 0.
std::string toString(const DataType& type);
inline std::string toString(const TypePtr& type) { return type ? toString(*type) : "<none>"; }
/// Structural equality as ClickHouse's IDataType::equals: custom (geo) names are ignored, so
/// `Point` equals `Tuple(Float64, Float64)`.
bool equals(const DataType& a, const DataType& b);
inline bool equals(const TypePtr& a, const TypePtr& b) {
  return a && b ? equals(*a, *b) : a == b;
}

// ---- Classification ------------------------------------------------------------------------
bool isUnsignedInteger(TypeKind k);
bool isSignedInteger(TypeKind k);
bool isInteger(TypeKind k);
bool isFloat(TypeKind k);         ///< BFloat16, Float32, Float64
bool isNumber(TypeKind k);        ///< integers, floats, Decimal (not Bool)
bool isDateOrDateTime(TypeKind k);
bool isStringLike(TypeKind k);    ///< String, FixedString
uint32_t integerBits(TypeKind k); ///< 8..256; 0 when not an integer
bool isNullable(const DataType& t);
bool isLowCardinality(const DataType& t);
/// The type without Nullable (and without LowCardinality(Nullable(...)) -> LowCardinality(...)).
TypePtr removeNullable(const TypePtr& t);
TypePtr removeLowCardinality(const TypePtr& t);
/// Whether `Nullable(t)` is a legal type in 26.7 (not Array/Map/Tuple/LowCardinality/Variant/...).
bool canBeInsideNullable(const DataType& t);
/// Whether `LowCardinality(t)` is legal at all (numbers, strings, dates, UUID/IP, Nullable of
/// those); `suspicious` is set for the ones CREATE rejects without
/// allow_suspicious_low_cardinality_types (everything except String/FixedString/Date/DateTime).
bool canBeInsideLowCardinality(const DataType& t, bool* suspicious = nullptr);
/// The type without LowCardinality and Nullable wrappers.
TypePtr removeNullableAndLowCardinality(const TypePtr& t);
/// Backquotes a name (tuple element, JSON path) the way ClickHouse prints it: only when it is
/// not a plain identifier or is one of the words it always quotes.
std::string quoteNameIfNeeded(std::string_view name);
/// A single-quoted string literal with ClickHouse's escaping (`\'`, `\\`, `\n`, `\t`, ...).
std::string quoteString(std::string_view text);

}  // namespace ferry::types
