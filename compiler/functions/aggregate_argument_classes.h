/// The `arguments` column of aggregate_functions.tsv: which argument types each position of an
/// aggregate function accepts. Aggregates are pickier than scalar functions about widths
/// (`quantileTDigest` takes Int64 but not Int128, Date but not Date32), so classes are single
/// type kinds rather than the scalar table's families:
///
///   arguments := spec {", " spec}     the last spec also covers any further arguments
///   spec      := class {"|" class}
///   class     := a TypeKind name (`UInt8`, `Int128`, `BFloat16`, `Decimal`, `Date32`,
///                `DateTime64`, `FixedString`, `Enum8`, `Array`, `Map`, `AggregateFunction`,
///                `Nothing`, ...)
///              | any | ints64 (UInt8..UInt64, Int8..Int64) | ints (all integers)
///              | uints (all unsigned) | floats (Float32, Float64) | enum (Enum8, Enum16)
///              | number (ints, floats, BFloat16, Decimal) | dates (Date, Date32)
///              | datetimes (DateTime, DateTime64) | strings (String, FixedString)
///              | Array(class {"|" class})      an array of elements of those classes
///
/// Types are classified without Nullable, LowCardinality and SimpleAggregateFunction (the
/// value type counts). Bool is accepted wherever UInt8 is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/data_type.h"

namespace ferry::functions {

using TypeKindSet = uint64_t;

struct ArgumentPosition {
  TypeKindSet kinds = 0;
  TypeKindSet array_elements = 0;  ///< from `Array(...)`: arrays of these elements
};

struct AggregateArguments {
  std::vector<ArgumentPosition> positions;  ///< empty: anything

  /// Whether `type` is acceptable at position `index`.
  bool accepts(size_t index, const types::DataType& type) const;
};

std::optional<AggregateArguments> parseAggregateArguments(std::string_view text, std::string* error);

/// The type a class check looks at: Nullable, LowCardinality and SimpleAggregateFunction removed.
const types::DataType& valueType(const types::DataType& type);
/// LowCardinality removed at every depth, as aggregates and window functions see their
/// arguments; a SimpleAggregateFunction whose value is LowCardinality or Nullable loses its
/// name with it (ClickHouse's custom name does not survive the conversion).
types::TypePtr removeLowCardinalityEverywhere(const types::TypePtr& type);

/// The same, as a shared pointer.
types::TypePtr valueTypePtr(const types::TypePtr& type);

}  // namespace ferry::functions
