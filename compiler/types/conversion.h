/// What happens to existing data when a column's type changes from `from` to `to` through
/// CAST (what ALTER MODIFY COLUMN and an INSERT ... SELECT CAST do), for the forward-query
/// planner (reference: clickhouse.md §3.3-3.6, checked against chDB 26.7).
#pragma once

#include <string>

#include "compiler/types/data_type.h"

namespace ferry::types {

/// Ordered by severity: combining two verdicts keeps the worse one.
enum class ConversionKind : uint8_t {
  Identical,  ///< the same type
  Lossless,   ///< every value converts and converts back (widening, Nullable, LowCardinality, ...)
  Lossy,      ///< CAST succeeds but may wrap, round or truncate silently (narrowing, Float64 -> Float32)
  Fallible,   ///< CAST may fail at run time on some values: needs accurateCastOrNull/OrDefault or
              ///< ifNull (String -> number, Nullable(T) -> T, Enum losing values)
  Impossible, ///< CAST is rejected for the types themselves (Array -> UInt8, aggregate states
              ///< with different arguments)
};

std::string_view conversionKindName(ConversionKind kind);

struct ConversionVerdict {
  ConversionKind kind = ConversionKind::Identical;
  std::string reason;  ///< one short sentence for planner messages; empty for Identical
};

ConversionKind classifyConversion(const DataType& from, const DataType& to);
/// The verdict with the reason of its worst part ("Int64 -> UInt64 wraps negative values").
ConversionVerdict explainConversion(const DataType& from, const DataType& to);

/// Whether CAST between the two aggregate-state types keeps the states (clickhouse.md §3.4):
/// the same function with the same state representation. LowCardinality in arguments does not
/// matter, -If/-Array combinators have their nested function's state, count ignores its
/// arguments, quantile* ignore their levels; any other change of function, parameters or
/// argument types (also adding Nullable) is rejected. SimpleAggregateFunction columns are
/// compatible when their value types convert losslessly.
bool aggregateStateCompatible(const DataType& from, const DataType& to);

}  // namespace ferry::types
