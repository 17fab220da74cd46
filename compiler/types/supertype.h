/// The least common supertype of several types, as ClickHouse 26.7's getLeastSupertype /
/// getLeastSupertypeOrVariant compute it for if/multiIf/CASE branches, array literals,
/// coalesce, UNION columns. Order matters where ClickHouse's does: equal types (ClickHouse's
/// notion: Bool equals UInt8, DateTime time zones and geo/SimpleAggregateFunction names are
/// ignored) give the FIRST type, so `if(c, true, 1)` is Bool but `if(c, 1, true)` is UInt8.
#pragma once

#include <span>
#include <string>

#include "compiler/types/data_type.h"

namespace ferry::types {

struct SupertypeOptions {
  /// use_variant_as_common_type (1 by default since 26.1): without a supertype the result is
  /// `Variant(...)` of the types (Nullable removed, Variants flattened) instead of an error.
  bool use_variant = true;
  /// Remove LowCardinality from the types, recursively, first. `if`, `multiIf` and CASE do
  /// this (`if(c, toLowCardinality('a'), toLowCardinality('b'))` is String); array literals
  /// and most other callers do not.
  bool remove_low_cardinality = false;
};

struct SupertypeResult {
  TypePtr type;            ///< nullptr when there is none
  std::string error_code;  ///< NO_COMMON_TYPE (or ARGUMENT_OUT_OF_BOUND for decimals)
  std::string message;
  /// Raised even with use_variant: ClickHouse throws it from inside the rules instead of
  /// reporting "no supertype" (intervals in months mixed with fixed-length intervals).
  bool hard_error = false;

  bool ok() const { return type != nullptr; }
};

/// nullptr only when `options.use_variant` is false and there is no supertype.
TypePtr leastSupertype(std::span<const TypePtr> types, const SupertypeOptions& options = {});
SupertypeResult tryLeastSupertype(std::span<const TypePtr> types, const SupertypeOptions& options = {});

/// ClickHouse's IDataType::equals: like `equals`, except that Bool equals UInt8, custom
/// names (geo aliases, SimpleAggregateFunction) are ignored, and DateTime/DateTime64 compare
/// without their time zone.
bool clickhouseEquals(const DataType& a, const DataType& b);

/// LowCardinality removed at every level (Array(LowCardinality(String)) -> Array(String)).
TypePtr recursiveRemoveLowCardinality(const TypePtr& t);

}  // namespace ferry::types
