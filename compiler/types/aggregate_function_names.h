/// Names of ClickHouse 26.7 aggregate functions as the type model needs them: resolving aliases
/// and case-insensitive spellings to the name `toTypeName` prints (`median` -> `quantile`,
/// `SUMIf` -> `sumIf`, `sumMappedArrays` -> `sumMap`), combinator suffixes, which functions keep
/// a versioned state, and which may appear in SimpleAggregateFunction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/data_type.h"

namespace ferry::types {

/// The printed name of an aggregate function, combinators included; nullopt when the name is
/// neither a known function nor a known function followed by combinators.
std::optional<std::string> canonicalAggregateFunctionName(std::string_view name);

/// Splits a (canonical) name into the base function and its combinator suffixes, outermost
/// last: `uniqIfMerge` -> {"uniq", {"If", "Merge"}}. Returns false for an unknown name.
bool splitAggregateCombinators(std::string_view name, std::string& base,
                               std::vector<std::string>& combinators);

/// Whether `AggregateFunction(name, args...)` gets state version 1 by default (printed first:
/// `AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))`): the array/tuple forms of
/// sumMap/minMap/maxMap and sumMapWithOverflow/sumMapFiltered/sumMapFilteredWithOverflow, with
/// any combinators; not the Map-argument form (`sumMap` over a Map is `sum` + `-Map`).
bool aggregateFunctionHasVersionedState(std::string_view canonical_name,
                                        const std::vector<TypePtr>& args);

/// Functions allowed in SimpleAggregateFunction (canonical names).
bool isSimpleAggregateFunctionName(std::string_view canonical_name);

}  // namespace ferry::types
