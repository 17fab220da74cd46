#include "compiler/functions/window_functions.h"

#include <vector>

#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

CallResult badArguments(std::string message) {
  CallResult r;
  r.error_code = "BAD_ARGUMENTS";
  r.message = std::move(message);
  return r;
}

bool takesDefault(const AggregateFunctionDef& def) {
  return def.info.name == "lagInFrame" || def.info.name == "leadInFrame" || def.info.name == "lag" ||
         def.info.name == "lead";
}

}  // namespace

bool isWindowFunctionName(std::string_view name) {
  const AggregateFunctionDef* def = findAggregateFunction(name);
  return def && def->info.kind == FunctionKind::Window;
}

CallResult typeWindowFunction(const AggregateFunctionDef& def, std::span<const Argument> args,
                              std::span<const types::ConstantValue> params) {
  const std::string& name = def.info.name;
  if (args.size() < static_cast<size_t>(def.info.min_args) ||
      (def.info.max_args >= 0 && args.size() > static_cast<size_t>(def.info.max_args))) {
    CallResult r;
    r.error_code = "NUMBER_OF_ARGUMENTS_DOESNT_MATCH";
    r.message = "window function " + name + " takes " + std::to_string(def.info.min_args) +
                (def.info.max_args == def.info.min_args ? "" : " to " + std::to_string(def.info.max_args)) +
                " arguments, " + std::to_string(args.size()) + " given";
    return r;
  }
  std::vector<types::TypePtr> types;
  for (size_t i = 0; i < args.size(); ++i) {
    // Window functions see full columns (LowCardinality removed) but Nullable as it is; only the
    // value (the first argument) may be Nullable.
    types::TypePtr t = removeLowCardinalityEverywhere(args[i].type);
    if (!def.arguments.accepts(i, *t) || (i > 0 && t->kind == types::TypeKind::Nullable))
      return badArguments("illegal type " + types::toString(args[i].type) + " of argument " +
                          std::to_string(i + 1) + " of window function " + name);
    types.push_back(t);
  }
  // The default of lagInFrame/leadInFrame must fit the value's type: their common type is
  // the value's type itself.
  if (takesDefault(def) && types.size() == 3) {
    types::TypePtr pair[] = {valueTypePtr(types[0]), valueTypePtr(types[2])};
    types::TypePtr common = commonSupertype(pair);
    if (!common || !types::equals(common, pair[0]))
      return badArguments("the default value of " + name + " (" + types::toString(types[2]) +
                          ") does not fit its value type " + types::toString(types[0]));
  }
  if (!def.returns) {
    CallResult r;
    r.error_code = "FERRY_UNTYPED";
    r.message = "the result type of " + name + " is not modelled yet";
    return r;
  }
  AggregateRuleCall call{name, types, params};
  return evaluateAggregateRule(*def.returns, call);
}

}  // namespace ferry::functions
