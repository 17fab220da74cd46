// The Nullable adapter around each level, and the base function's own typing from its table row.
#include "compiler/functions/aggregate_chain_typer.h"

#include <optional>

#include "compiler/functions/aggregate_argument_classes.h"

namespace ferry::functions {
namespace {

using types::ConstantValue;
using types::TypeKind;
using types::TypePtr;

CallResult ok(TypePtr type) { return success(std::move(type)); }
CallResult fail(std::string code, std::string message) { return failure(std::move(code), std::move(message)); }

bool isOnlyNull(const types::DataType& t) {
  return t.kind == TypeKind::Nothing || (t.kind == TypeKind::Nullable && t.child()->kind == TypeKind::Nothing);
}

}  // namespace

std::vector<TypePtr> baseArguments(const AggregateName& name, std::vector<TypePtr> args) {
  for (size_t d = name.combinators.size(); d-- > 0;) {
    switch (name.combinators[d]) {
      case Combinator::If:
      case Combinator::ArgMin:
      case Combinator::ArgMax:
      case Combinator::Resample:
        if (!args.empty()) args.pop_back();
        break;
      case Combinator::Array:
      case Combinator::ForEach:
        for (TypePtr& a : args)
          if (valueType(*a).kind == TypeKind::Array) a = valueType(*a).child();
        break;
      case Combinator::Map:
        for (TypePtr& a : args)
          if (valueType(*a).kind == TypeKind::Map) a = valueType(*a).child(1);
        break;
      case Combinator::Tuple:
        for (TypePtr& a : args)
          if (valueType(*a).kind == TypeKind::Tuple && !valueType(*a).children.empty()) a = valueType(*a).child(0);
        break;
      case Combinator::Merge:
      case Combinator::MergeState:
        if (args.size() == 1 && args[0]->kind == TypeKind::AggregateFunction) args = args[0]->children;
        break;
      default:
        break;
    }
  }
  return args;
}

CallResult ChainTyper::typeLevel(size_t depth, std::vector<TypePtr> args,
                                 std::span<const ConstantValue> params) const {
  for (TypePtr& a : args) a = removeLowCardinalityEverywhere(a);
  if (base_.nulls == NullPolicy::Pass) return typeCombinator(depth, std::move(args), params);

  std::optional<Combinator> outer;
  if (depth > 0) outer = name_.combinators[depth - 1];
  // -Merge takes states, never Nullable values: its argument is checked as it is.
  if (outer == Combinator::Merge || outer == Combinator::MergeState)
    return typeCombinator(depth, std::move(args), params);
  // An -If condition's nullability does not make the result Nullable (a NULL condition is false).
  size_t counted = outer == Combinator::If && !args.empty() ? args.size() - 1 : args.size();
  bool only_null = false, nullable = false, any_nullable = false;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_nullable = args[i]->kind == TypeKind::Nullable || args[i]->kind == TypeKind::Nothing;
    any_nullable |= is_nullable;
    if (i >= counted) continue;
    only_null |= isOnlyNull(*args[i]);
    nullable |= is_nullable;
  }
  if (any_nullable && base_.nulls == NullPolicy::Reject)
    return fail("BAD_ARGUMENTS", "aggregate function " + base_.info.name + " does not take Nullable arguments");
  // A SimpleAggregateFunction cannot hold the function of NULL arguments (nothingNull).
  bool simple_inside = false;
  for (size_t d = 0; d < depth; ++d) simple_inside |= name_.combinators[d] == Combinator::SimpleState;
  if (only_null && simple_inside)
    return fail("BAD_ARGUMENTS", "unsupported aggregate function over NULL in SimpleAggregateFunction (-SimpleState)");
  if (only_null && base_.nulls != NullPolicy::Strip) {
    if (base_.nulls == NullPolicy::Default) return ok(types::makeType(TypeKind::UInt64));
    return ok(types::makeNullable(types::makeType(TypeKind::Nothing)));
  }
  bool keeps_arguments = outer == Combinator::State || outer == Combinator::SimpleState;
  if (!any_nullable || keeps_arguments) return typeCombinator(depth, std::move(args), params);

  size_t arg_count = args.size();
  for (TypePtr& a : args) a = types::removeNullable(a);
  CallResult r = typeCombinator(depth, std::move(args), params);
  if (!r.ok()) return r;
  // Which results the Nullable adapter wraps: ClickHouse's unary adapter and the one for -If
  // only what a column could hold (not a Tuple: sumCount); the variadic one tuples too
  // (simpleLinearRegression, argAndMax).
  bool unary = arg_count == 1;
  bool can_wrap = (unary || outer == Combinator::If) ? types::canBeInsideNullable(*r.type)
                                                     : canBeNullableResult(*r.type);
  bool wraps = base_.nulls == NullPolicy::Wrap;
  if (nullable && wraps && can_wrap) r.type = types::makeNullable(r.type);
  return r;
}

CallResult ChainTyper::typeBase(const std::vector<TypePtr>& args, std::span<const ConstantValue> params) const {
  const AggregateFunctionDef& def = base_;
  const std::string& name = def.info.name;
  if (def.experimental)
    return fail("UNKNOWN_AGGREGATE_FUNCTION", "aggregate function " + name + " is experimental and disabled by default");
  if (!def.map_form.empty() && args.size() == 1 && valueType(*args[0]).kind == TypeKind::Map) {
    const AggregateFunctionDef* inner = findAggregateFunction(def.map_form);
    if (!inner) return fail("LOGICAL_ERROR", "no function " + def.map_form);
    AggregateName map_name{inner->info.name, {Combinator::Map}};
    return ChainTyper(*inner, map_name).typeLevel(1, args, params);
  }
  if (args.size() < static_cast<size_t>(def.info.min_args) ||
      (def.info.max_args >= 0 && args.size() > static_cast<size_t>(def.info.max_args))) {
    std::string expected = def.info.min_args == def.info.max_args
                               ? std::to_string(def.info.min_args)
                               : def.info.max_args < 0 ? "at least " + std::to_string(def.info.min_args)
                                                       : std::to_string(def.info.min_args) + " to " +
                                                             std::to_string(def.info.max_args);
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "aggregate function " + name + " takes " + expected +
                                                        " arguments, " + std::to_string(args.size()) + " given");
  }
  if (params.size() < static_cast<size_t>(def.min_params) ||
      (def.max_params >= 0 && params.size() > static_cast<size_t>(def.max_params))) {
    if (def.max_params == 0)
      return fail("AGGREGATE_FUNCTION_DOESNT_ALLOW_PARAMETERS", "aggregate function " + name + " cannot have parameters");
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "aggregate function " + name + " takes " +
                                                        std::to_string(def.min_params) + " to " +
                                                        std::to_string(def.max_params) + " parameters");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (!def.arguments.accepts(i, *args[i]))
      return fail("ILLEGAL_TYPE_OF_ARGUMENT", "illegal type " + types::toString(args[i]) + " of argument " +
                                                  std::to_string(i + 1) + " of aggregate function " + name);
  }
  if (!def.returns) return fail("FERRY_UNTYPED", "the result type of " + name + " is not modelled yet");
  AggregateRuleCall call{name, args, params};
  return evaluateAggregateRule(*def.returns, call);
}

}  // namespace ferry::functions
