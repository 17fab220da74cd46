/// The data type families of ClickHouse 26.7 (system.data_type_families): each spelling, alias
/// or not, mapped to how its arguments are read. Names are case-sensitive except the ones
/// ClickHouse registers case-insensitively (`int`, `Datetime`, `decimal`, `bool`, ...).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "compiler/types/data_type.h"

namespace ferry::types {

enum class FamilyKind : uint8_t {
  Plain,           ///< no arguments allowed: `kind`
  Number,          ///< integer/float: numeric arguments are accepted and ignored (`INT(11)`)
  String,          ///< String and its SQL aliases: an optional length, ignored (`VARCHAR(255)`)
  Decimal,         ///< Decimal(P[, S]); bare -> Decimal(10, 0)
  DecimalN,        ///< Decimal32(S) ...: `precision` fixed
  FixedString,
  DateTime,        ///< DateTime / TIMESTAMP: ([tz]) or (P[, tz]) -> DateTime64
  DateTime32,      ///< ([tz]) only
  DateTime64,
  Time,            ///< Time, Time(P) -> Time64(P)
  Time64,
  Enum,            ///< width chosen from the values
  Enum8,
  Enum16,
  Nullable,
  LowCardinality,
  Array,
  Tuple,
  Map,
  Nested,
  Variant,
  Dynamic,
  Json,
  Interval,
  AggregateFunction,
  SimpleAggregateFunction,
  QBit,
  Geo,             ///< Point, Ring, ..., Geometry: `canonical` is the alias name
};

struct TypeFamily {
  FamilyKind family = FamilyKind::Plain;
  TypeKind kind = TypeKind::Nothing;
  uint32_t precision = 0;           ///< DecimalN
  IntervalUnit unit = IntervalUnit::Second;
  std::string_view canonical;       ///< the registered (non-alias) family name
};

std::optional<TypeFamily> lookupTypeFamily(std::string_view name);
/// The registered family names (no aliases), in table order: what the language server completes.
std::vector<std::string_view> typeFamilyNames();

}  // namespace ferry::types
