// The aggregate return-type rules that need code, by the name aggregate_functions.tsv uses
// after `@`. Every behaviour here was read off probes (tools/probe_aggregates.js).
#include <array>
#include <utility>

#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/functions/aggregate_return_rules.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

CallResult ok(TypePtr type) {
  CallResult r;
  r.type = std::move(type);
  return r;
}

CallResult illegal(const AggregateRuleCall& call, size_t index) {
  CallResult r;
  r.error_code = "ILLEGAL_TYPE_OF_ARGUMENT";
  r.message = "illegal type " +
              (index < call.args.size() ? types::toString(call.args[index]) : std::string("?")) +
              " of argument " + std::to_string(index + 1) + " of aggregate function " +
              std::string(call.name);
  return r;
}

/// The rule's parameter `i` evaluated as an expression; `fallback_arg` when it is absent.
CallResult param(const AggregateRule& rule, const AggregateRuleCall& call, size_t i, size_t fallback_arg = 0) {
  if (i < rule.exprs.size() && rule.exprs[i]) return evaluateAggregateRule(*rule.exprs[i], call);
  if (fallback_arg < call.args.size()) return ok(call.args[fallback_arg]);
  CallResult r;
  r.error_code = "NUMBER_OF_ARGUMENTS_DOESNT_MATCH";
  r.message = "aggregate function " + std::string(call.name) + " needs more arguments";
  return r;
}

/// The numeric type a value is computed in: Bool is UInt8, enums their integer, and a
/// SimpleAggregateFunction or LowCardinality wrapper is gone (ClickHouse builds a new type).
TypePtr plainNumeric(const TypePtr& type) {
  const types::DataType& v = valueType(*type);
  switch (v.kind) {
    case TypeKind::Bool: return types::makeType(TypeKind::UInt8);
    case TypeKind::Enum8: return types::makeType(TypeKind::Int8);
    case TypeKind::Enum16: return types::makeType(TypeKind::Int16);
    default: break;
  }
  return valueTypePtr(type);
}

/// What `sum` accumulates in: 64-bit integers and Float64, Decimal(38 or 76, S); the 128- and
/// 256-bit integers stay as they are.
TypePtr sumType(const types::DataType& v) {
  switch (v.kind) {
    case TypeKind::Bool: case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32:
    case TypeKind::UInt64:
      return types::makeType(TypeKind::UInt64);
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Enum8: case TypeKind::Enum16:
      return types::makeType(TypeKind::Int64);
    case TypeKind::UInt128: case TypeKind::UInt256: case TypeKind::Int128: case TypeKind::Int256:
      return types::makeType(v.kind);
    case TypeKind::BFloat16: case TypeKind::Float32: case TypeKind::Float64:
      return types::makeType(TypeKind::Float64);
    case TypeKind::Decimal:
      return types::makeDecimal(v.precision <= 38 ? 38 : 76, v.scale);
    default:
      return nullptr;
  }
}

/// `@sum[(expr)]`: the sum type of the argument (default arg0).
CallResult sumRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  CallResult arg = param(rule, call, 0);
  if (!arg.ok()) return arg;
  TypePtr t = sumType(valueType(*arg.type));
  return t ? ok(t) : illegal(call, 0);
}

/// `@plain[(expr)]`: the argument as a freshly built numeric type (see plainNumeric).
CallResult plainRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  CallResult arg = param(rule, call, 0);
  if (!arg.ok()) return arg;
  return ok(plainNumeric(arg.type));
}

/// `@keep(T, classes[, expr])`: the argument (default arg0) itself when its type is one of
/// `classes` (aggregate_argument_classes.h), else T. How quantiles, avg and the statistics
/// keep Float32, Decimal or dates but compute everything else in Float64.
CallResult keepRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  if (rule.words.size() < 2 || !rule.exprs[0]) return illegal(call, 0);
  CallResult arg = param(rule, call, 2);
  if (!arg.ok()) return arg;
  std::string error;
  auto classes = parseAggregateArguments(rule.words[1], &error);
  if (classes && classes->accepts(0, *arg.type)) return arg;
  return evaluateAggregateRule(*rule.exprs[0], call);
}

/// `@notz(expr)`: a DateTime without its time zone (functions that rebuild a plain DateTime).
CallResult noTimeZoneRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  CallResult arg = param(rule, call, 0);
  if (!arg.ok()) return arg;
  if (arg.type->kind == TypeKind::DateTime && !arg.type->timezone.empty())
    return ok(types::makeDateTime());
  return arg;
}

/// `@decimalSumOrFloat64`: a Decimal is accumulated in its sum type, anything else in Float64
/// (groupArrayMovingAvg, sumKahan).
CallResult decimalSumOrFloat64Rule(const AggregateRule&, const AggregateRuleCall& call) {
  if (call.args.empty()) return illegal(call, 0);
  const types::DataType& v = valueType(*call.args[0]);
  if (v.kind == TypeKind::Decimal) return ok(sumType(v));
  return ok(types::makeType(TypeKind::Float64));
}

/// `@mappedArrays(sum|overflow|keep)`: sumMap / minMap / maxMap and friends over
/// `(keys, values...)` arrays or one tuple of such arrays: Tuple(Array(K), Array(V')...). The
/// keys keep their type (Nullable included); each value array loses Nullable and becomes, by
/// mode: `sum` the sum type of integers and floats (a Decimal stays as it is), `overflow` the
/// value type itself (numbers only), `keep` the value type whatever it is.
CallResult mappedArraysRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  std::vector<TypePtr> arrays;
  if (call.args.size() == 1) {
    const types::DataType& t = valueType(*call.args[0]);
    if (t.kind != TypeKind::Tuple) return illegal(call, 0);
    arrays = t.children;
  } else {
    arrays.assign(call.args.begin(), call.args.end());
  }
  if (arrays.size() < 2) return illegal(call, 0);
  std::string_view mode = rule.words.empty() ? std::string_view("keep") : std::string_view(rule.words[0]);
  std::vector<TypePtr> out;
  for (size_t i = 0; i < arrays.size(); ++i) {
    size_t position = call.args.size() == 1 ? 0 : i;
    const types::DataType& a = valueType(*arrays[i]);
    if (a.kind != TypeKind::Array) return illegal(call, position);
    if (i == 0) {
      out.push_back(types::makeArray(a.child()));
      continue;
    }
    TypePtr value = valueTypePtr(a.child());
    TypeKind kind = value->kind;
    bool numeric = types::isNumber(kind) || kind == TypeKind::Bool;
    if (mode != "keep" && !numeric) return illegal(call, position);
    if (mode == "sum" && kind != TypeKind::Decimal) value = sumType(*value);
    out.push_back(types::makeArray(value));
  }
  return ok(types::makeTuple(std::move(out)));
}

/// `@intervalLengthSum`: both ends must have the same type; floats measure in Float64,
/// integers and dates in UInt64.
CallResult intervalLengthSumRule(const AggregateRule&, const AggregateRuleCall& call) {
  if (call.args.size() != 2) return illegal(call, 0);
  if (!types::equals(valueTypePtr(call.args[0]), valueTypePtr(call.args[1]))) return illegal(call, 1);
  return ok(types::makeType(types::isFloat(valueType(*call.args[0]).kind) ? TypeKind::Float64 : TypeKind::UInt64));
}

/// `@sameArgs(expr)`: every argument must have the same type (interval ends); then `expr`.
CallResult sameArgsRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  for (size_t i = 1; i < call.args.size(); ++i)
    if (!types::equals(valueTypePtr(call.args[i]), valueTypePtr(call.args[0]))) return illegal(call, i);
  if (rule.exprs.empty() || !rule.exprs[0]) return illegal(call, 0);
  return evaluateAggregateRule(*rule.exprs[0], call);
}

/// `@bitmapState`: groupBitmapAnd/Or/Xor over groupBitmap states: the bitmap's element type.
CallResult bitmapStateRule(const AggregateRule&, const AggregateRuleCall& call) {
  if (call.args.size() != 1) return illegal(call, 0);
  const types::DataType& state = *call.args[0];
  if (state.kind != TypeKind::AggregateFunction || state.aggregate.function != "groupBitmap" ||
      state.children.size() != 1 || !types::isInteger(state.children[0]->kind))
    return illegal(call, 0);
  return ok(state.children[0]);
}

/// `@firstOrNothing`: the first argument's type; Nullable(Nothing) without arguments.
CallResult firstOrNothingRule(const AggregateRule&, const AggregateRuleCall& call) {
  if (call.args.empty()) return ok(types::makeNullable(types::makeType(TypeKind::Nothing)));
  return ok(call.args[0]);
}

constexpr std::array<std::pair<std::string_view, AggregateNamedRule>, 10> kRules{{
    {"bitmapState", bitmapStateRule},
    {"sameArgs", sameArgsRule},
    {"sum", sumRule},
    {"plain", plainRule},
    {"keep", keepRule},
    {"notz", noTimeZoneRule},
    {"decimalSumOrFloat64", decimalSumOrFloat64Rule},
    {"mappedArrays", mappedArraysRule},
    {"intervalLengthSum", intervalLengthSumRule},
    {"firstOrNothing", firstOrNothingRule},
}};

}  // namespace

AggregateNamedRule findAggregateNamedRule(std::string_view name) {
  for (const auto& [rule_name, rule] : kRules)
    if (rule_name == name) return rule;
  return nullptr;
}

}  // namespace ferry::functions
