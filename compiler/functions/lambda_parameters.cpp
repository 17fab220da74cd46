/// Lambda parameter types of the higher-order functions: the analyzer types a lambda's body
/// with these, then passes the lambda as a `Function(params -> result)` argument.
#include <algorithm>
#include <string_view>

#include "compiler/functions/call_typing.h"
#include "compiler/functions/function_catalog.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

/// Array functions whose lambda (argument 0) gets one parameter per array argument.
constexpr std::string_view kArrayLambdaFunctions[] = {
    "arrayMap", "arrayFilter", "arrayFill", "arrayReverseFill", "arraySplit", "arrayReverseSplit",
    "arrayExists", "arrayAll", "arrayCount", "arraySum", "arrayAvg", "arrayMin", "arrayMax",
    "arrayProduct", "arrayFirst", "arrayFirstOrNull", "arrayLast", "arrayLastOrNull",
    "arrayFirstIndex", "arrayLastIndex", "arraySort", "arrayReverseSort", "arrayPartialSort",
    "arrayPartialReverseSort", "arrayCumSum", "arrayCumSumNonNegative", "arrayUniq", "arrayCompact",
    "arrayDistinct", "arrayAutocorrelation", "arrayDifference"};
/// Map functions whose lambda gets (key, value).
constexpr std::string_view kMapLambdaFunctions[] = {
    "mapApply", "mapFilter", "mapExists", "mapAll", "mapSort", "mapReverseSort", "mapPartialSort",
    "mapPartialReverseSort"};

bool listed(std::span<const std::string_view> list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

TypePtr arrayElement(const Argument& a) {
  if (!a.type) return nullptr;
  TypePtr t = types::removeLowCardinality(a.type);
  return t->kind == TypeKind::Array ? t->child() : nullptr;
}

}  // namespace

std::optional<std::vector<TypePtr>> lambdaParameterTypes(std::string_view name, size_t lambda_index,
                                                         size_t lambda_arity, std::span<const Argument> args) {
  const FunctionInfo* info = findFunction(name);
  std::string_view canonical = info ? std::string_view(info->name) : name;
  if (lambda_index != 0) return std::nullopt;
  std::vector<TypePtr> params;
  if (canonical == "arrayFold") {
    // arrayFold((acc, x...) -> ..., arr..., acc): the accumulator comes first.
    if (args.size() < 3 || !args.back().type) return std::nullopt;
    params.push_back(args.back().type);
    for (size_t i = 1; i + 1 < args.size(); ++i) {
      TypePtr e = arrayElement(args[i]);
      if (!e) return std::nullopt;
      params.push_back(e);
    }
  } else if (listed(kArrayLambdaFunctions, canonical)) {
    for (size_t i = 1; i < args.size(); ++i) {
      TypePtr e = arrayElement(args[i]);
      if (!e) {
        if (canonical == "arrayPartialSort" || canonical == "arrayPartialReverseSort") continue;  // the limit
        return std::nullopt;
      }
      params.push_back(e);
    }
  } else if (listed(kMapLambdaFunctions, canonical)) {
    for (size_t i = 1; i < args.size(); ++i) {
      if (!args[i].type) return std::nullopt;
      TypePtr t = types::removeLowCardinality(args[i].type);
      if (t->kind != TypeKind::Map) continue;
      params = {t->child(0), t->child(1)};
      break;
    }
  } else {
    return std::nullopt;
  }
  if (params.size() != lambda_arity) return std::nullopt;
  return params;
}

}  // namespace ferry::functions
