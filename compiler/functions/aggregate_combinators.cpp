#include "compiler/functions/aggregate_combinators.h"

#include <array>
#include <utility>

#include "compiler/functions/aggregate_catalog.h"

namespace ferry::functions {
namespace {

/// Suffixes in the order they are tried: where one spelling ends another, the longer first
/// (`MergeState` before `State`, `SimpleState` before `State`).
constexpr std::array<std::pair<std::string_view, Combinator>, 15> kSuffixes{{
    {"MergeState", Combinator::MergeState}, {"SimpleState", Combinator::SimpleState},
    {"OrDefault", Combinator::OrDefault},   {"Distinct", Combinator::Distinct},
    {"Resample", Combinator::Resample},     {"ForEach", Combinator::ForEach},
    {"ArgMax", Combinator::ArgMax},         {"ArgMin", Combinator::ArgMin},
    {"OrNull", Combinator::OrNull},         {"Merge", Combinator::Merge},
    {"State", Combinator::State},           {"Array", Combinator::Array},
    {"Tuple", Combinator::Tuple},           {"Map", Combinator::Map},
    {"If", Combinator::If},
}};

std::optional<AggregateName> resolve(std::string_view name, int depth) {
  if (depth > 16) return std::nullopt;
  if (const AggregateFunctionDef* def = findAggregateFunction(name)) {
    if (!def->expands.empty()) return resolve(def->expands, depth + 1);
    if (def->info.kind == FunctionKind::Aggregate) return AggregateName{def->info.name, {}};
  }
  for (const auto& [suffix, combinator] : kSuffixes) {
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    if (auto inner = resolve(name.substr(0, name.size() - suffix.size()), depth + 1)) {
      inner->combinators.push_back(combinator);
      return inner;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view combinatorSuffix(Combinator c) {
  for (const auto& [suffix, combinator] : kSuffixes)
    if (combinator == c) return suffix;
  return "";
}

std::optional<AggregateName> resolveAggregateName(std::string_view name) {
  auto resolved = resolve(name, 0);
  if (!resolved) return std::nullopt;
  // `-OrNull` written after `-State` applies inside it (`sumStateOrNull` has the state of
  // `sumOrNull`) for functions whose result the Nullable adapter would wrap; for the others
  // (count, uniq, quantiles) it stays outside and changes nothing.
  const AggregateFunctionDef* def = findAggregateFunction(resolved->base);
  bool wraps = def && def->nulls == NullPolicy::Wrap;
  auto& c = resolved->combinators;
  for (size_t i = 1; wraps && i < c.size(); ++i) {
    if (c[i] == Combinator::OrNull && c[i - 1] == Combinator::State) std::swap(c[i], c[i - 1]);
  }
  return resolved;
}

std::optional<std::string> aggregateNameWithModifiers(std::string_view name, bool distinct, bool filter,
                                                      bool respect_nulls) {
  std::string out(name);
  if (respect_nulls) {
    auto resolved = resolveAggregateName(name);
    if (!resolved) return std::nullopt;
    if (!resolved->base.ends_with("_respect_nulls")) {
      const AggregateFunctionDef* variant = findAggregateFunction(resolved->base + "_respect_nulls");
      if (!variant) return std::nullopt;
      resolved->base = variant->info.name;
    }
    out = spellAggregateName(*resolved);
  }
  if (distinct) out += "Distinct";
  if (filter) out += "If";
  return out;
}

std::string spellAggregateName(const AggregateName& name) {
  std::string s = name.base;
  for (Combinator c : name.combinators) s += combinatorSuffix(c);
  return s;
}

}  // namespace ferry::functions
