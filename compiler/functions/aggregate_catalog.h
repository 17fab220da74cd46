/// The aggregate and window functions of aggregate_functions.tsv, with each row's columns
/// parsed once. Besides the columns every function table has (catalog_table.h), this table has
///   params      how many parameters the function takes: `0`, `1`, `0..1`, `1..` (variadic)
///   properties  space-separated words:
///                 nulls=wrap|default|strip|reject|pass
///                                                 how Nullable arguments are met (NullPolicy)
///                 version=N                       states print `AggregateFunction(N, ...)`
///                 map=F                           a single Map argument means F + `-Map`
///                                                 (`sumMap(map)` is `sum` over the values)
///                 expands=NAME                    the name stands for NAME (`array_concat_agg`
///                                                 is `groupArrayArray`)
///                 redirect=F:classes              when the first argument the function sees
///                                                 is of `classes`, it is F, in name too
///                                                 (`sumKahan` over a Decimal is `sum`)
///                 hide-params                     states do not print the parameters
///                 experimental                    off under default settings
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/functions/aggregate_return_rules.h"
#include "compiler/functions/function_catalog.h"

namespace ferry::functions {

/// How an aggregate meets Nullable arguments (ClickHouse's `-Null` adapter and its exceptions).
enum class NullPolicy : uint8_t {
  /// The default: Nullable is removed, the function typed, its result made Nullable (when it
  /// can be); a NULL argument makes the result Nullable(Nothing).
  Wrap,
  /// As Wrap, but the result is never Nullable and a NULL argument gives UInt64: functions
  /// that return their default when they saw only NULLs (count, uniq, ...).
  Default,
  /// Nullable is removed and the result kept as it is; a NULL argument reaches the function
  /// (which rejects Nothing): quantiles, deltaSum.
  Strip,
  /// Any Nullable argument is an error (BAD_ARGUMENTS): the exponentialTimeDecayed* family.
  Reject,
  /// The function sees Nullable arguments as they are (any_respect_nulls, window functions).
  Pass,
};

struct AggregateFunctionDef {
  FunctionInfo info;
  AggregateArguments arguments;
  std::optional<AggregateRule> returns;  ///< nullopt for rows whose rule is `?`
  NullPolicy nulls = NullPolicy::Wrap;
  int min_params = 0;
  int max_params = 0;                    ///< -1: any number
  std::optional<uint32_t> state_version;
  std::string map_form;
  std::string expands;
  std::string redirect;              ///< F of redirect=F:classes
  AggregateArguments redirect_when;  ///< the classes of redirect=F:classes
  bool experimental = false;
  bool state_hides_params = false;
};

/// By exact name, then alias, then case-insensitively where the table allows it.
const AggregateFunctionDef* findAggregateFunction(std::string_view name);
std::span<const AggregateFunctionDef> allAggregateFunctions();
/// Problems found while loading the table (malformed rows, unknown rules). Empty when healthy.
const std::vector<std::string>& aggregateCatalogProblems();

}  // namespace ferry::functions
