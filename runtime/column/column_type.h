/// The runtime's description of a column type. The compiler lowers its own `types::DataType` into
/// this (runtime/ never includes compiler/), so it carries only what execution and storage need:
/// the physical kind, the parameters that change values (scale, timezone, enum names), nested
/// types, and the ClickHouse spelling (`name`) for output metadata and manifests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ferry::rt {

enum class TypeKind : uint8_t {
  Nothing,
  UInt8, UInt16, UInt32, UInt64, UInt128, UInt256,
  Int8, Int16, Int32, Int64, Int128, Int256,
  Float32, Float64,
  Decimal32, Decimal64, Decimal128, Decimal256,  ///< precision, scale
  Bool,
  String,
  FixedString,  ///< length
  Date,         ///< UInt16 days since 1970-01-01
  Date32,       ///< Int32 days since 1970-01-01
  DateTime,     ///< UInt32 seconds; timezone (empty: the session's, which is UTC in Ferry)
  DateTime64,   ///< Int64 ticks of 10^-precision s; precision, timezone
  UUID,         ///< 16 bytes, ClickHouse's (high, low) UInt64 pair order
  IPv4,         ///< UInt32
  IPv6,         ///< 16 bytes, network order
  Enum8, Enum16,  ///< enum_values
  Nullable,       ///< children[0]; layout: null map + nested column
  LowCardinality, ///< children[0]; in memory laid out exactly as children[0], on disk as a dictionary
  Array,          ///< children[0]; layout: end offsets + nested column
  Tuple,          ///< children, element_names (all or none)
  Map,            ///< children[0] key, children[1] value; layout: as Array(Tuple(key, value))
  AggregateFunction,  ///< aggregate_function, aggregate_params, children = argument types;
                      ///< layout: as String, one serialized state per row (see aggregates/)
  Interval,           ///< Int64 count of `interval_unit` (only as a transient expression value)
};

struct ColumnType;
using ColumnTypePtr = std::shared_ptr<const ColumnType>;

struct ColumnType {
  TypeKind kind = TypeKind::Nothing;
  uint32_t precision = 0;  ///< Decimal P, DateTime64 P
  uint32_t scale = 0;      ///< Decimal S
  uint64_t length = 0;     ///< FixedString N
  std::string timezone;    ///< DateTime, DateTime64
  std::vector<std::pair<std::string, int64_t>> enum_values;
  std::vector<ColumnTypePtr> children;
  std::vector<std::string> element_names;
  /// AggregateFunction: the function with its combinators (`uniq`, `sumIf`, `quantiles`) and
  /// its parameters as ClickHouse prints them (`0.5`).
  std::string aggregate_function;
  std::vector<std::string> aggregate_params;
  /// SimpleAggregateFunction(f, T) is laid out as T; `simple_aggregate` names f so merges of
  /// Summing/AggregatingMergeTree apply it.
  std::string simple_aggregate;
  /// Interval: the unit, as ClickHouse names it (`Second`, `Day`, `Month` ...).
  std::string interval_unit;
  /// The ClickHouse type name exactly as `toTypeName` prints it (set by whoever builds the type;
  /// the compiler's lowering sets it from its own printer; `typeName()` below falls back to a
  /// printer of the fields above when it is empty).
  std::string name;

  const ColumnTypePtr& child(size_t i = 0) const { return children[i]; }
};

/// Factories for the common cases (the name is filled in).
ColumnTypePtr makeType(TypeKind kind);
ColumnTypePtr makeNullable(ColumnTypePtr inner);
ColumnTypePtr makeArray(ColumnTypePtr element);
ColumnTypePtr makeTuple(std::vector<ColumnTypePtr> elements, std::vector<std::string> names = {});

/// `type.name` when set, else a printed name.
std::string typeName(const ColumnType& type);
/// Bytes per value of a fixed-width layout (numbers, dates, UUID, IPs, Enums, Decimal, Bool,
/// FixedString = length); 0 for String/Array/Tuple/Map/Nullable/AggregateFunction.
size_t fixedWidth(const ColumnType& type);
/// The type whose layout a column of `type` uses: LowCardinality(T) -> layout of T, recursively.
const ColumnType& layoutType(const ColumnType& type);
bool isNullable(const ColumnType& type);  ///< Nullable, or LowCardinality(Nullable(...))

/// Manifests store types as JSON text: exact round trip of every field above.
std::string typeToJson(const ColumnType& type);
ColumnTypePtr typeFromJson(std::string_view json);  ///< throws std::runtime_error on bad input

}  // namespace ferry::rt
