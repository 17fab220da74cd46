// When CAST keeps aggregate states (clickhouse.md §3.4, extended with chDB 26.7 probes):
// ClickHouse compares the states' representations, not the column types. Observed:
//   count(UInt16) -> count(UInt64), count() and countIf(...)   accepted (the state is a counter)
//   uniq(LowCardinality(String)) -> uniq(String)               accepted (functions see no LowCardinality)
//   maxIf(UInt8, UInt8) -> max(UInt8), sumArray -> sum           accepted (-If/-Array keep the nested state)
//   quantile(0.1) -> quantile(0.9), quantiles(0.5) -> quantiles(0.5, 0.9)   accepted
//   sumMap version 1 -> version 0                              accepted
//   sum(UInt16) -> sum(UInt64), sum(UInt8) -> sum(Nullable(UInt8)), topK(10) -> topK(5),
//   sum -> sumOrNull, quantile -> quantileExact, uniqCombined -> uniqCombined64   rejected
#include <algorithm>

#include "compiler/types/aggregate_function_names.h"
#include "compiler/types/conversion.h"
#include "compiler/types/supertype.h"

namespace ferry::types {

namespace {

struct StateShape {
  std::string function;             ///< base function with the combinators that change the state
  std::vector<std::string> params;
  std::vector<TypePtr> args;
};

/// Peels the combinators whose state is the nested function's state: -If (drops the condition
/// argument) and -Array (takes the array elements).
StateShape shapeOf(const DataType& t) {
  StateShape s;
  s.params = t.aggregate.params;
  for (const auto& a : t.children) s.args.push_back(recursiveRemoveLowCardinality(a));
  std::string base;
  std::vector<std::string> combinators;
  if (!splitAggregateCombinators(t.aggregate.function, base, combinators)) {
    s.function = t.aggregate.function;
    return s;
  }
  while (!combinators.empty()) {
    const std::string& outer = combinators.back();
    if (outer == "If") {
      if (!s.args.empty()) s.args.pop_back();
    } else if (outer == "Array") {
      for (auto& a : s.args) {
        if (a->kind == TypeKind::Array) a = a->child();
      }
    } else {
      break;
    }
    combinators.pop_back();
  }
  s.function = base;
  for (const auto& c : combinators) s.function += c;
  return s;
}

bool sameTypes(const std::vector<TypePtr>& a, const std::vector<TypePtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!clickhouseEquals(*a[i], *b[i])) return false;
  }
  return true;
}

/// The quantile family keeps the same state whatever the levels.
bool ignoresParameters(const std::string& function) {
  return function.rfind("quantile", 0) == 0;
}

}  // namespace

bool aggregateStateCompatible(const DataType& from, const DataType& to) {
  if (from.kind == TypeKind::SimpleAggregateFunction && to.kind == TypeKind::SimpleAggregateFunction) {
    auto kind = classifyConversion(*from.child(), *to.child());
    return kind == ConversionKind::Identical || kind == ConversionKind::Lossless;
  }
  if (from.kind != TypeKind::AggregateFunction || to.kind != TypeKind::AggregateFunction) return false;
  StateShape a = shapeOf(from);
  StateShape b = shapeOf(to);
  if (a.function != b.function) return false;
  if (a.function == "count") return true;
  if (!ignoresParameters(a.function) && a.params != b.params) return false;
  return sameTypes(a.args, b.args);
}

}  // namespace ferry::types
