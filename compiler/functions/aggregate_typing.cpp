// The entry points of aggregate typing: a call name is resolved, checked for combinators
// ClickHouse refuses, given the row that types it, then typed level by level
// (aggregate_chain_typer.h).
#include "compiler/functions/aggregate_typing.h"

#include <vector>

#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/functions/aggregate_catalog.h"
#include "compiler/functions/aggregate_chain_typer.h"
#include "compiler/functions/aggregate_state_types.h"
#include "compiler/functions/window_functions.h"
#include "compiler/functions/rule_text.h"

namespace ferry::functions {
namespace {

using types::ConstantValue;
using types::TypeKind;
using types::TypePtr;

CallResult fail(std::string code, std::string message) { return failure(std::move(code), std::move(message)); }

/// The same combinator twice in a row is refused (`sumIfIf`), and -Distinct twice anywhere
/// (`countDistinctIfDistinct`), except combinators that nest meaningfully (`groupArrayArray`,
/// `-OrNull`, `-OrDefault`).
std::optional<CallResult> nestedIdenticalCombinator(const AggregateName& name) {
  AggregateName prefix{name.base, {}};
  for (Combinator c : name.combinators) {
    std::string inner = spellAggregateName(prefix);
    bool twice = c == Combinator::Distinct ? inner.find("Distinct") != std::string::npos
                                           : inner.ends_with(combinatorSuffix(c));
    if (c != Combinator::Array && c != Combinator::OrNull && c != Combinator::OrDefault && twice)
      return fail("ILLEGAL_AGGREGATION",
                  "nested identical combinator '" + std::string(combinatorSuffix(c)) + "' is not supported");
    prefix.combinators.push_back(c);
  }
  return std::nullopt;
}

/// The row that types the call: the resolved base, or the function it redirects to for these
/// arguments (then `name` is renamed too, as states print the function actually used).
const AggregateFunctionDef* chooseBase(AggregateName& name, const std::vector<TypePtr>& args) {
  const AggregateFunctionDef* base = findAggregateFunction(name.base);
  if (!base || base->redirect.empty()) return base;
  std::vector<TypePtr> seen = baseArguments(name, args);
  if (seen.empty() || !base->redirect_when.accepts(0, *seen[0])) return base;
  const AggregateFunctionDef* target = findAggregateFunction(base->redirect);
  if (!target) return base;
  name.base = target->info.name;
  return target;
}

}  // namespace

bool isAggregateCallName(std::string_view name) { return resolveAggregateName(name).has_value(); }

CallResult typeAggregateCall(std::string_view name, std::span<const Argument> args,
                             std::span<const ConstantValue> params) {
  std::vector<TypePtr> types;
  for (const Argument& a : args) {
    if (!a.type) return fail("LOGICAL_ERROR", "argument without a type passed to " + std::string(name));
    types.push_back(a.type);
  }
  if (const AggregateFunctionDef* def = findAggregateFunction(name); def && def->info.kind == FunctionKind::Window)
    return typeWindowFunction(*def, args, params);
  auto resolved = resolveAggregateName(name);
  if (!resolved) return fail("UNKNOWN_AGGREGATE_FUNCTION", "unknown aggregate function " + std::string(name));
  if (auto refused = nestedIdenticalCombinator(*resolved)) return *refused;
  const AggregateFunctionDef* base = chooseBase(*resolved, types);
  if (!base) return fail("LOGICAL_ERROR", "no catalog row for " + resolved->base);

  return ChainTyper(*base, *resolved).typeLevel(resolved->combinators.size(), std::move(types), params);
}

CallResult typeAggregateCallSpelled(std::string_view spelled, std::span<const Argument> args) {
  size_t open = spelled.find('(');
  if (open == std::string_view::npos) return typeAggregateCall(spelled, args);
  if (!spelled.ends_with(")"))
    return fail("BAD_ARGUMENTS", "malformed aggregate function `" + std::string(spelled) + "`");
  std::vector<std::string> texts;
  for (std::string_view item : splitTopLevel(spelled.substr(open + 1, spelled.size() - open - 2)))
    if (!item.empty()) texts.emplace_back(item);
  std::vector<ConstantValue> params = parametersFromText(texts);
  return typeAggregateCall(spelled.substr(0, open), args, params);
}

CallResult typeAggregateStateResult(const TypePtr& state) {
  if (!state || state->kind != TypeKind::AggregateFunction)
    return fail("ILLEGAL_TYPE_OF_ARGUMENT", "expected an AggregateFunction state, got " + types::toString(state));
  auto resolved = resolveAggregateName(state->aggregate.function);
  if (!resolved) return fail("UNKNOWN_AGGREGATE_FUNCTION", "unknown aggregate function " + state->aggregate.function);
  const AggregateFunctionDef* base = findAggregateFunction(resolved->base);
  if (!base) return fail("LOGICAL_ERROR", "no catalog row for " + resolved->base);
  std::vector<ConstantValue> params = parametersFromText(state->aggregate.params);
  return ChainTyper(*base, *resolved).typeLevel(resolved->combinators.size(), state->children, params);
}

}  // namespace ferry::functions
