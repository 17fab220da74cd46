/// Aggregate function names with combinators: `sumIfState` is `sum` with the combinators
/// If then State (applied inside-out, i.e. in the order they are written after the base name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::functions {

enum class Combinator : uint8_t {
  If, Array, Map, State, Merge, MergeState, SimpleState, OrNull, OrDefault, Distinct, ForEach,
  Resample, ArgMin, ArgMax, Tuple,
};

/// The suffix a combinator adds to a name (`If`, `MergeState`, ...).
std::string_view combinatorSuffix(Combinator c);

/// `base` is a real aggregate function's canonical name (`sum`, `quantilesTDigest`, `sumMap`,
/// `groupArrayArray` stays `groupArray` + Array); `combinators` are in the order written, so
/// `combinators.front()` is applied to the base function first.
struct AggregateName {
  std::string base;
  std::vector<Combinator> combinators;
};

/// Splits a call name into a base aggregate and its combinators: the longest real function name
/// wins (so `sumMap`, `maxMap`, `uniqCombined64` are bases), then combinators are peeled from
/// the right (`MergeState` is one combinator). Case-insensitive bases (`COUNT`, `Sum`) resolve
/// to their canonical name. `-OrNull` written after `-State` is moved inside it for functions
/// whose results the Nullable adapter wraps (`sumStateOrNull` is sum+OrNull+State), as
/// ClickHouse does. nullopt when the name is not an aggregate (scalar, window-only or unknown).
std::optional<AggregateName> resolveAggregateName(std::string_view name);

/// The aggregate a call denotes with its SQL modifiers: `f(DISTINCT x)` is `fDistinct(x)`,
/// `f(x) FILTER (WHERE c)` is `fIf(x, c)` (DISTINCT first), and `f(x) RESPECT NULLS` uses the
/// NULL-respecting variant of the base (`anyIf` -> `any_respect_nullsIf`). nullopt when the
/// function has no such variant (ClickHouse: NOT_IMPLEMENTED, "does not support RESPECT NULLS").
/// IGNORE NULLS changes nothing.
std::optional<std::string> aggregateNameWithModifiers(std::string_view name, bool distinct, bool filter,
                                                      bool respect_nulls);

/// `name` with its combinators written back (`sumIfState`); used for state type names.
std::string spellAggregateName(const AggregateName& name);

}  // namespace ferry::functions
