// What each combinator does to the arguments it passes in and to the result it passes out.
#include <optional>

#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/functions/aggregate_chain_typer.h"
#include "compiler/functions/aggregate_state_types.h"
#include "compiler/types/aggregate_function_names.h"

namespace ferry::functions {
namespace {

/// Whether `<inner>Merge` accepts a state of `state_function`. ClickHouse compares the names of
/// the aggregate functions behind them, and the -If and -Array wrappers report their nested
/// function's name, so `countMerge` reads a `countIf` state (then types `count` with the
/// state's arguments). The uniq family implements -If natively and keeps its own name
/// (`uniqMerge` refuses a `uniqIf` state), as chDB 26.7 shows.
bool mergeAcceptsState(std::string_view inner, std::string_view state_function) {
  if (state_function == inner) return true;
  if (!state_function.starts_with(inner) || inner.starts_with("uniq")) return false;
  std::string_view rest = state_function.substr(inner.size());
  while (!rest.empty()) {
    if (rest.starts_with("If")) rest.remove_prefix(2);
    else if (rest.starts_with("Array")) rest.remove_prefix(5);
    else return false;
  }
  return true;
}


using types::ConstantValue;
using types::TypeKind;
using types::TypePtr;

CallResult ok(TypePtr type) { return success(std::move(type)); }
CallResult fail(std::string code, std::string message) { return failure(std::move(code), std::move(message)); }

std::string argumentsText(size_t n) {
  return n == 1 ? "1 argument" : std::to_string(n) + " arguments";
}

}  // namespace

CallResult ChainTyper::typeCombinator(size_t depth, std::vector<TypePtr> args,
                                      std::span<const ConstantValue> params) const {
  if (depth == 0) return typeBase(args, params);
  Combinator c = name_.combinators[depth - 1];
  std::string name = spelled(depth);
  auto need_arguments = [&](size_t n) -> std::optional<CallResult> {
    if (args.size() >= n) return std::nullopt;
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "aggregate function " + name + " requires at least " + argumentsText(n));
  };
  switch (c) {
    case Combinator::If: {
      if (auto e = need_arguments(1)) return *e;
      const types::DataType& cond = valueType(*args.back());
      if (cond.kind != TypeKind::UInt8 && cond.kind != TypeKind::Bool && cond.kind != TypeKind::Nothing)
        return fail("ILLEGAL_TYPE_OF_ARGUMENT", "illegal type " + types::toString(args.back()) +
                                                    " of last argument for aggregate function with If suffix");
      args.pop_back();
      return typeLevel(depth - 1, std::move(args), params);
    }
    case Combinator::Array:
    case Combinator::ForEach: {
      if (auto e = need_arguments(1)) return *e;
      // ClickHouse 26.7 fails (LOGICAL_ERROR) on -Array over these with parameters.
      if (c == Combinator::Array && depth == 1 && base_.state_hides_params && !params.empty())
        return fail("LOGICAL_ERROR", "aggregate function " + name + " with parameters fails in ClickHouse 26.7");
      for (TypePtr& a : args) {
        if (a->kind != TypeKind::Array)
          return fail("ILLEGAL_TYPE_OF_ARGUMENT", "illegal type " + types::toString(a) + " of argument for aggregate function " +
                                                      name + ", must be Array");
        a = a->child();
      }
      CallResult r = typeLevel(depth - 1, std::move(args), params);
      if (r.ok() && c == Combinator::ForEach) r.type = types::makeArray(r.type);
      return r;
    }
    case Combinator::Map: {
      if (args.size() != 1 || args[0]->kind != TypeKind::Map)
        return fail("ILLEGAL_TYPE_OF_ARGUMENT", "aggregate function " + name + " requires a Map argument");
      TypePtr key = args[0]->child(0);
      CallResult r = typeLevel(depth - 1, {args[0]->child(1)}, params);
      if (r.ok()) r.type = types::makeMap(key, r.type);
      return r;
    }
    case Combinator::Tuple: {
      // Element-wise over tuples of equal size: Tuple(f(t1.1, t2.1, ...), f(t1.2, ...), ...).
      if (auto e = need_arguments(1)) return *e;
      size_t size = 0;
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i]->kind != TypeKind::Tuple || (i > 0 && args[i]->children.size() != size))
          return fail("ILLEGAL_TYPE_OF_ARGUMENT", "aggregate function " + name + " requires tuples of the same size");
        size = args[i]->children.size();
      }
      std::vector<TypePtr> results;
      for (size_t k = 0; k < size; ++k) {
        std::vector<TypePtr> element_args;
        for (const TypePtr& a : args) element_args.push_back(a->child(k));
        CallResult r = typeLevel(depth - 1, std::move(element_args), params);
        if (!r.ok()) return r;
        results.push_back(r.type);
      }
      return ok(types::makeTuple(std::move(results), args[0]->element_names));
    }
    case Combinator::Distinct: {
      // Over at least one value (`countIfDistinct(cond)` has none left).
      AggregateName inner{name_.base, {name_.combinators.begin(), name_.combinators.begin() + depth - 1}};
      if (baseArguments(inner, args).empty())
        return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "aggregate function " + name + " requires at least 1 argument");
      return typeLevel(depth - 1, std::move(args), params);
    }
    case Combinator::OrDefault:
      return typeLevel(depth - 1, std::move(args), params);
    case Combinator::OrNull: {
      CallResult r = typeLevel(depth - 1, std::move(args), params);
      if (r.ok() && canBeNullableResult(*r.type)) r.type = types::makeNullable(r.type);
      return r;
    }
    case Combinator::ArgMin:
    case Combinator::ArgMax: {
      if (auto e = need_arguments(1)) return *e;
      args.pop_back();
      return typeLevel(depth - 1, std::move(args), params);
    }
    case Combinator::Resample: {
      if (params.size() < 3)
        return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                    "aggregate function " + name + " requires at least 3 parameters (start, end, step)");
      if (auto e = need_arguments(1)) return *e;
      const types::DataType& key = valueType(*args.back());
      if (!types::isInteger(key.kind) && key.kind != TypeKind::Bool)
        return fail("ILLEGAL_TYPE_OF_ARGUMENT", "illegal type " + types::toString(args.back()) +
                                                    " of the resampling key of aggregate function " + name);
      args.pop_back();
      CallResult r = typeLevel(depth - 1, std::move(args), params.first(params.size() - 3));
      if (r.ok()) r.type = types::makeArray(r.type);
      return r;
    }
    case Combinator::State: {
      // State over Merge keeps the merged state as it is (`sumMergeState`).
      if (depth >= 2 && name_.combinators[depth - 2] == Combinator::Merge) {
        CallResult r = typeLevel(depth - 1, args, params);
        if (r.ok()) r.type = valueTypePtr(args[0]);
        return r;
      }
      CallResult r = typeLevel(depth - 1, args, params);
      if (!r.ok()) return r;
      // hide-params functions print their parameters after all when the Nullable adapter
      // names the state.
      bool any_nullable = false;
      for (const TypePtr& a : args) any_nullable |= a->kind == TypeKind::Nullable;
      std::span<const ConstantValue> shown =
          base_.state_hides_params && !any_nullable ? std::span<const ConstantValue>{} : params;
      // NULL values reaching the base through -Array/-Map/... make it ClickHouse's `nothing`
      // function, and the state says so (`sumArrayState([NULL])` is nothingNullArray's).
      AggregateName inner{name_.base, {name_.combinators.begin(), name_.combinators.begin() + depth - 1}};
      std::string_view base_name;
      if (base_.nulls != NullPolicy::Pass && base_.nulls != NullPolicy::Strip)
        for (const TypePtr& a : baseArguments(inner, args))
          if (a->kind == TypeKind::Nothing || (a->kind == TypeKind::Nullable && a->child()->kind == TypeKind::Nothing))
            base_name = base_.nulls == NullPolicy::Default ? "nothingUInt64" : "nothingNull";
      return ok(makeStateType(base_, std::span(name_.combinators).first(depth - 1), args, shown, base_name));
    }
    case Combinator::SimpleState: {
      CallResult r = typeLevel(depth - 1, std::move(args), params);
      if (!r.ok()) return r;
      std::string inner = spelled(depth - 1);
      // Over NULL values the function inside is ClickHouse's `nothing` (e.g. `[NULL]` through
      // -Array), which no SimpleAggregateFunction names.
      bool over_nothing = r.type->kind == TypeKind::Nullable && r.type->child()->kind == TypeKind::Nothing;
      if (!types::isSimpleAggregateFunctionName(inner) || over_nothing)
        return fail("BAD_ARGUMENTS", "unsupported aggregate function " + inner +
                                         " in SimpleAggregateFunction (-SimpleState)");
      std::string function = inner;
      if (!params.empty()) {
        function += "(";
        for (size_t i = 0; i < params.size(); ++i) function += (i ? ", " : "") + parameterText(params[i]);
        function += ")";
      }
      return ok(types::makeSimpleAggregateFunction(function, r.type));
    }
    case Combinator::Merge:
    case Combinator::MergeState: {
      if (args.size() != 1)
        return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "aggregate function " + name + " requires 1 argument");
      const types::DataType& state = *args[0];
      std::string inner = spelled(depth - 1);
      if (state.kind != TypeKind::AggregateFunction || !mergeAcceptsState(inner, state.aggregate.function))
        return fail("ILLEGAL_TYPE_OF_ARGUMENT", "illegal type " + types::toString(args[0]) +
                                                    " of argument for aggregate function " + name +
                                                    ", expected AggregateFunction(" + inner + ", ...)");
      std::vector<ConstantValue> state_params;
      if (params.empty()) {
        state_params = parametersFromText(state.aggregate.params);
        params = state_params;
      }
      CallResult r = typeLevel(depth - 1, state.children, params);
      if (r.ok() && c == Combinator::MergeState) r.type = args[0];
      return r;
    }
  }
  return fail("LOGICAL_ERROR", "unhandled combinator");
}

}  // namespace ferry::functions
