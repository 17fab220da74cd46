/// Scalar functions over aggregate states: finalizeAggregation(state) is the aggregate's
/// -Merge result; initializeAggregation('fState', args...) is what fState gives over the args.
/// Both defer to the aggregate typing (aggregate_typing.h).
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/named_rules.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

CallResult finalizeAggregationRule(const RuleCall& call) {
  if (call.size() != 1) return wrongArgumentCount(call.name, call.size(), 1, 1);
  const TypePtr& state = call.type(0);
  if (state->kind == TypeKind::SimpleAggregateFunction) return success(state->child());
  if (state->kind != TypeKind::AggregateFunction) return illegalArgumentType(call, 0, "an aggregate function state");
  return typeAggregateStateResult(state);
}

/// initializeAggregation('quantileState(0.5)', x): the spelled aggregate over the rest.
CallResult initializeAggregationRule(const RuleCall& call) {
  if (call.size() < 2) return wrongArgumentCount(call.name, call.size(), 2, -1);
  const std::string* name = call.constantString(0);
  if (!name) return notConstant(call, 0, "aggregate function name");
  std::vector<Argument> args(call.args.begin() + 1, call.args.end());
  return typeAggregateCallSpelled(*name, args);
}

constexpr NamedRuleEntry kRules[] = {
    {"finalizeAggregation", finalizeAggregationRule}, {"initializeAggregation", initializeAggregationRule},
};

}  // namespace

std::span<const NamedRuleEntry> aggregationStateRules() { return kRules; }

}  // namespace ferry::functions
