/// Arrays: literals and element access, the higher-order functions (whose lambda types the
/// analyzer builds from lambdaParameterTypes), sums, arrayReduce, arrayJoin.
#include <algorithm>

#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/named_rules.h"
#include "compiler/functions/numeric_types.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

CallResult supertypeOf(const RuleCall& call, const std::vector<TypePtr>& list) {
  std::string error;
  TypePtr t = commonSupertype(list, &error);
  if (!t) return failure("NO_COMMON_TYPE", error.empty() ? "no common type in " + std::string(call.name) : error);
  return success(t);
}

/// The index of the first argument that is not a lambda.
size_t firstNonLambda(const RuleCall& call) {
  size_t i = 0;
  while (i < call.size() && call.type(i)->kind == TypeKind::Function) ++i;
  return i;
}

/// The lambda's result type, when argument 0 is a lambda.
TypePtr lambdaResult(const RuleCall& call) {
  if (call.size() == 0 || call.type(0)->kind != TypeKind::Function) return nullptr;
  return call.type(0)->children.back();
}

CallResult arrayAt(const RuleCall& call, size_t i, TypePtr& element) {
  if (i >= call.size()) return wrongArgumentCount(call.name, call.size(), static_cast<int>(i + 1), -1);
  TypePtr t = types::removeLowCardinality(call.type(i));
  if (t->kind != TypeKind::Array) return illegalArgumentType(call, i, "an array");
  element = t->child();
  return success(nullptr);
}

CallResult arrayRule(const RuleCall& call) {
  if (call.size() == 0) return success(types::makeArray(types::makeType(TypeKind::Nothing)));
  std::vector<TypePtr> list;
  for (size_t i = 0; i < call.size(); ++i) list.push_back(call.type(i));
  CallResult r = supertypeOf(call, list);
  if (r.ok()) r.type = types::makeArray(r.type);
  return r;
}

/// arr[i] / arrayElement(arr, i), and map[key].
CallResult arrayElementRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  TypePtr base = types::removeLowCardinality(call.type(0));
  TypePtr index = types::removeNullableAndLowCardinality(call.type(1));
  if (base->kind == TypeKind::Map) return success(base->child(1));
  if (base->kind != TypeKind::Array) return illegalArgumentType(call, 0, "an array or a map");
  if (!types::isInteger(index->kind) && index->kind != TypeKind::Bool) return illegalArgumentType(call, 1, "an integer index");
  return success(base->child());
}

CallResult arrayElementOrNullRule(const RuleCall& call) {
  CallResult r = arrayElementRule(call);
  // A function result may be Nullable(Tuple(...)).
  if (r.ok()) r.type = r.type->kind == TypeKind::Tuple ? types::makeNullable(r.type) : types::makeNullableSafe(r.type);
  return r;
}

/// Array(lambda result) over the arrays after the lambda.
CallResult arrayMapRule(const RuleCall& call) {
  TypePtr result = lambdaResult(call);
  if (!result) return illegalArgumentType(call, 0, "a lambda");
  TypePtr element;
  if (CallResult r = arrayAt(call, 1, element); !r.error_code.empty()) return r;
  return success(types::makeArray(result));
}

/// The first array argument as it is (arrayFilter, arraySort, arrayFill, ...).
CallResult sameArrayRule(const RuleCall& call) {
  size_t i = firstNonLambda(call);
  TypePtr element;
  if (CallResult r = arrayAt(call, i, element); !r.error_code.empty()) return r;
  return success(types::removeLowCardinality(call.type(i)));
}

/// The element of the first array (arrayFirst, arrayMin without a lambda, ...), or the lambda's
/// result where the function maps first (arrayMin(f, arr)).
CallResult elementRule(const RuleCall& call) {
  size_t i = firstNonLambda(call);
  TypePtr element;
  if (CallResult r = arrayAt(call, i, element); !r.error_code.empty()) return r;
  bool maps = !call.rule_params.empty() && call.rule_params[0] == "mapped";
  if (maps && i > 0) return success(lambdaResult(call));
  return success(element);
}

CallResult elementOrNullRule(const RuleCall& call) {
  CallResult r = elementRule(call);
  if (r.ok()) r.type = types::makeNullableSafe(r.type);
  return r;
}

/// The type arraySum gives for elements of `t`: 64-bit integers of the same signedness,
/// Float64, Decimal(38, S) (Decimal256 stays), big integers as they are.
CallResult sumType(const RuleCall& call, size_t index, const TypePtr& element) {
  TypePtr t = types::removeNullable(element);
  auto s = numberShape(*t);
  if (!s) return illegalArgumentType(call, index, "an array of numbers");
  if (s->isDecimal()) return success(types::makeDecimal(s->precision > 38 ? 76 : 38, s->scale));
  if (s->isFloat()) return success(types::makeType(TypeKind::Float64));
  if (s->isBig()) return success(types::removeNullable(t));
  return success(types::makeType(s->is_signed ? TypeKind::Int64 : TypeKind::UInt64));
}

CallResult arraySumRule(const RuleCall& call) {
  size_t i = firstNonLambda(call);
  TypePtr element;
  if (CallResult r = arrayAt(call, i, element); !r.error_code.empty()) return r;
  if (TypePtr mapped = lambdaResult(call)) element = mapped;
  return sumType(call, i, element);
}

CallResult arrayCumSumRule(const RuleCall& call) {
  CallResult r = arraySumRule(call);
  if (r.ok()) r.type = types::makeArray(r.type);
  return r;
}

/// arrayPushBack / arrayPushFront(arr, x): Array(supertype(element, x)).
CallResult arrayPushRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  TypePtr element;
  if (CallResult r = arrayAt(call, 0, element); !r.error_code.empty()) return r;
  CallResult r = supertypeOf(call, {element, call.type(1)});
  if (r.ok()) r.type = types::makeArray(r.type);
  return r;
}

/// arrayJoin: the element; a Map unrolls into Tuple(key, value) rows.
CallResult arrayJoinRule(const RuleCall& call) {
  if (call.size() != 1) return wrongArgumentCount(call.name, call.size(), 1, 1);
  TypePtr t = types::removeLowCardinality(call.type(0));
  if (t->kind == TypeKind::Map) return success(types::makeTuple({t->child(0), t->child(1)}));
  if (t->kind != TypeKind::Array) return illegalArgumentType(call, 0, "an array or a map");
  return success(t->child());
}

CallResult arrayFlattenRule(const RuleCall& call) {
  TypePtr t = types::removeLowCardinality(call.type(0));
  if (t->kind != TypeKind::Array) return illegalArgumentType(call, 0, "an array");
  while (t->child()->kind == TypeKind::Array) t = t->child();
  return success(t);
}

CallResult arrayZipRule(const RuleCall& call) {
  std::vector<TypePtr> elements;
  for (size_t i = 0; i < call.size(); ++i) {
    TypePtr element;
    if (CallResult r = arrayAt(call, i, element); !r.error_code.empty()) return r;
    elements.push_back(element);
  }
  return success(types::makeArray(types::makeTuple(std::move(elements))));
}

/// arrayReduce('agg', arr...): the aggregate's result over the element types.
CallResult arrayReduceRule(const RuleCall& call) {
  if (call.size() < 2) return wrongArgumentCount(call.name, call.size(), 2, -1);
  const std::string* agg = call.constantString(0);
  if (!agg) return notConstant(call, 0, "aggregate function name");
  std::vector<Argument> elements;
  for (size_t i = 1; i < call.size(); ++i) {
    TypePtr element;
    if (CallResult r = arrayAt(call, i, element); !r.error_code.empty()) return r;
    elements.push_back({element, std::nullopt});
  }
  return typeAggregateCallSpelled(*agg, elements);  // `quantiles(0.5, 0.9)` carries its parameters
}

/// arrayDistinct drops NULLs, so a Nullable element type loses its Nullable.
CallResult arrayDistinctRule(const RuleCall& call) {
  TypePtr element;
  if (CallResult r = arrayAt(call, 0, element); !r.error_code.empty()) return r;
  return success(types::makeArray(types::removeNullable(element)));
}

constexpr NamedRuleEntry kRules[] = {
    {"arrayDistinct", arrayDistinctRule},
    {"array", arrayRule}, {"arrayElement", arrayElementRule}, {"arrayElementOrNull", arrayElementOrNullRule},
    {"arrayMap", arrayMapRule}, {"same_array", sameArrayRule}, {"element", elementRule},
    {"element_or_null", elementOrNullRule}, {"arraySum", arraySumRule}, {"arrayCumSum", arrayCumSumRule},
    {"arrayPush", arrayPushRule}, {"arrayJoin", arrayJoinRule}, {"arrayFlatten", arrayFlattenRule},
    {"arrayZip", arrayZipRule}, {"arrayReduce", arrayReduceRule},
};

}  // namespace

std::span<const NamedRuleEntry> arrayRules() { return kRules; }

}  // namespace ferry::functions
