#include "compiler/functions/call_typing.h"

#include <vector>

#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/compiled_catalog.h"
#include "compiler/functions/rule_call.h"

namespace ferry::functions {

CallResult success(types::TypePtr type) {
  CallResult r;
  r.type = std::move(type);
  return r;
}

CallResult failure(std::string code, std::string message) {
  CallResult r;
  r.error_code = std::move(code);
  r.message = std::move(message);
  return r;
}

namespace {

using types::TypeKind;

CallResult checkArguments(const CompiledFunction& f, const RuleCall& call) {
  for (size_t i = 0; i < call.size(); ++i) {
    const ArgumentSpec* spec = f.arguments.at(i);
    if (!spec) break;
    ArgClass c = classifyType(*call.type(i));
    // NULL reaches the check only where the function handles it itself.
    bool checked = c == ArgClass::Nothing ? f.returns->null_arg == NullHandling::Rule : isCheckedClass(c);
    if (checked && !(spec->classes & classBit(c)))
      return illegalArgumentType(call, i, classSetName(spec->classes));
    if (spec->constant && !call.args[i].constant && c != ArgClass::Lambda)
      return notConstant(call, i, classSetName(spec->classes));
  }
  return success(nullptr);
}

/// ClickHouse's default handling of LowCardinality and Nullable arguments around a function's
/// own return-type logic (IFunctionOverloadResolver::getReturnType): LowCardinality is unwrapped
/// first, then a NULL argument gives Nullable(Nothing), a Nullable one a Nullable result, and the
/// result becomes LowCardinality when at most one argument is a non-constant LowCardinality
/// column and every other argument is constant.
CallResult typeScalarCall(const CompiledFunction& f, std::string_view name, std::span<const Argument> args) {
  const FunctionInfo& info = *f.info;
  if (args.size() < static_cast<size_t>(info.min_args) ||
      (info.max_args >= 0 && args.size() > static_cast<size_t>(info.max_args)))
    return wrongArgumentCount(name, args.size(), info.min_args, info.max_args);
  if (!f.returns)
    return failure("FERRY_UNTYPED", "the result type of " + info.name + " is not modelled yet");
  const ReturnRule& rule = *f.returns;

  std::vector<Argument> seen(args.begin(), args.end());
  for (Argument& a : seen) {
    if (!a.type) return failure("LOGICAL_ERROR", "argument without a type passed to " + std::string(name));
    // A SimpleAggregateFunction column holds plain values: scalar functions see its value type
    // (`max_ts - min_ts` over SimpleAggregateFunction(max, DateTime) columns is DateTime - DateTime).
    if (a.type->kind == TypeKind::SimpleAggregateFunction) a.type = a.type->child();
  }
  bool has_low_cardinality = false;
  size_t full_low_cardinality = 0, full_ordinary = 0;
  if (!rule.raw_lc) {
    for (Argument& a : seen) {
      bool is_constant = a.constant.has_value();
      if (a.type->kind == TypeKind::LowCardinality) {
        a.type = a.type->child();
        has_low_cardinality = true;
        if (!is_constant) ++full_low_cardinality;
      } else if (!is_constant && a.type->kind != TypeKind::Function) {
        ++full_ordinary;
      }
    }
  }
  // A Nothing argument (the element of `[]`, assumeNotNull(NULL)) makes the result Nothing
  // for functions with the default NULL handling.
  if (rule.null_arg == NullHandling::Default)
    for (const Argument& a : seen)
      if (a.type->kind == TypeKind::Nothing) return success(a.type);
  bool nullable_result = false;
  for (size_t i = 0; i < seen.size(); ++i) {
    Argument& a = seen[i];
    if (a.type->kind != TypeKind::Nullable) continue;
    bool is_null = a.type->child()->kind == TypeKind::Nothing;
    NullHandling handling = is_null ? rule.null_arg : rule.nullable_arg;
    if (handling == NullHandling::Rule) continue;
    if (handling == NullHandling::Error)
      return failure("ILLEGAL_TYPE_OF_ARGUMENT", "function " + std::string(name) + " does not accept " +
                                                     types::toString(a.type) + " as argument " + std::to_string(i + 1));
    if (is_null) return success(types::makeNullable(types::makeType(TypeKind::Nothing)));
  }
  for (Argument& a : seen) {
    if (a.type->kind != TypeKind::Nullable || a.type->child()->kind == TypeKind::Nothing) continue;
    if (rule.nullable_arg != NullHandling::Default) continue;
    a.type = a.type->child();
    nullable_result = true;
  }
  RuleCall call;
  call.name = name;
  call.info = &info;
  call.args = seen;
  if (CallResult checked = checkArguments(f, call); !checked.error_code.empty()) return checked;

  bool dynamic_argument = false;
  for (const Argument& a : seen) dynamic_argument |= a.type->kind == TypeKind::Dynamic;
  if (dynamic_argument && rule.dynamic == DynamicHandling::Dynamic) return success(types::makeDynamic());
  CallResult result = evaluateRule(rule.expr, call);
  if (!result.ok()) return result;
  if (dynamic_argument && rule.dynamic == DynamicHandling::Nullable) result.type = types::makeNullableSafe(result.type);
  // Function results may be Nullable(Tuple(...)) (unlike column types by default).
  if (nullable_result && (types::canBeInsideNullable(*result.type) || result.type->kind == TypeKind::Tuple))
    result.type = types::makeNullable(result.type);
  if (has_low_cardinality && !rule.lc_strip && full_low_cardinality <= 1 && full_ordinary == 0 &&
      result.type->kind != TypeKind::LowCardinality && types::canBeInsideLowCardinality(*result.type))
    result.type = types::makeLowCardinality(result.type);
  return result;
}

}  // namespace

CallResult typeCall(std::string_view name, std::span<const Argument> args,
                    std::span<const types::ConstantValue> params) {
  if (const CompiledFunction* f = findCompiledFunction(name)) {
    if (!params.empty())
      return failure("FUNCTION_CANNOT_HAVE_PARAMETERS",
                     "function " + std::string(name) + " is not parametric (not an aggregate)");
    return typeScalarCall(*f, name, args);
  }
  if (isAggregateCallName(name) || isWindowFunctionName(name)) return typeAggregateCall(name, args, params);
  return failure("UNKNOWN_FUNCTION", "unknown function " + std::string(name));
}

}  // namespace ferry::functions
