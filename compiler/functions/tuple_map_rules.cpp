/// Tuples and maps built from or read by their arguments: tuple(...), tupleElement, map(...),
/// mapKeys / mapValues, and mapApply's lambda.
#include <algorithm>

#include "compiler/functions/named_rules.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

/// tuple(a, b) is unnamed: enable_named_columns_in_function_tuple is 0 by default.
CallResult tupleRule(const RuleCall& call) {
  std::vector<TypePtr> elements;
  for (size_t i = 0; i < call.size(); ++i) elements.push_back(call.type(i));
  return success(types::makeTuple(std::move(elements)));
}

/// tupleElement(t, index | 'name'[, default]).
CallResult tupleElementRule(const RuleCall& call) {
  if (call.size() < 2 || call.size() > 3) return wrongArgumentCount(call.name, call.size(), 2, 3);
  TypePtr t = types::removeLowCardinality(call.type(0));
  bool nullable = t->kind == TypeKind::Nullable;
  if (nullable) t = t->child();
  if (t->kind == TypeKind::Array) {
    // Over an array of tuples the element is taken from each: Array(element).
    RuleCall inner = call;
    std::vector<Argument> args(call.args.begin(), call.args.end());
    args[0].type = t->child();
    inner.args = args;
    CallResult r = tupleElementRule(inner);
    if (r.ok()) r.type = types::makeArray(r.type);
    return r;
  }
  if (t->kind != TypeKind::Tuple) return illegalArgumentType(call, 0, "a tuple");
  size_t index = 0;
  int64_t n = 0;
  if (call.constantInt(1, n)) {
    // A negative index counts from the end: -1 is the last element.
    if (n < 0) n += static_cast<int64_t>(t->children.size()) + 1;
    if (n < 1 || static_cast<size_t>(n) > t->children.size()) {
      if (call.size() == 3) return success(call.type(2));
      return failure("ILLEGAL_INDEX", "tuple index " + std::to_string(n) + " is out of range for " + types::toString(t));
    }
    index = static_cast<size_t>(n - 1);
  } else if (const std::string* name = call.constantString(1)) {
    auto it = std::find(t->element_names.begin(), t->element_names.end(), *name);
    if (it == t->element_names.end()) {
      if (call.size() == 3) return success(call.type(2));
      return failure("NOT_FOUND_COLUMN_IN_BLOCK", "tuple " + types::toString(t) + " has no element " + *name);
    }
    index = static_cast<size_t>(it - t->element_names.begin());
  } else {
    return notConstant(call, 1, "index or element name");
  }
  TypePtr element = t->children[index];
  return success(nullable ? types::makeNullableSafe(element) : element);
}

/// map(k1, v1, ...): Map(supertype of keys, supertype of values).
CallResult mapRule(const RuleCall& call) {
  if (call.size() % 2 != 0)
    return failure("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "function map takes an even number of arguments");
  if (call.size() == 0)
    return success(types::makeMap(types::makeType(TypeKind::Nothing), types::makeType(TypeKind::Nothing)));
  std::vector<TypePtr> keys, values;
  for (size_t i = 0; i < call.size(); i += 2) {
    if (types::isNullable(*types::removeLowCardinality(call.type(i))))
      return failure("BAD_ARGUMENTS", "map keys cannot be Nullable: " + types::toString(call.type(i)));
    keys.push_back(call.type(i));
    values.push_back(call.type(i + 1));
  }
  std::string error;
  TypePtr k = commonSupertype(keys, &error);
  TypePtr v = commonSupertype(values, &error);
  if (!k || !v) return failure("NO_COMMON_TYPE", error);
  return success(types::makeMap(k, v));
}

CallResult mapPart(const RuleCall& call, size_t part) {
  TypePtr t = types::removeLowCardinality(call.type(0));
  if (t->kind != TypeKind::Map) return illegalArgumentType(call, 0, "a map");
  return success(types::makeArray(t->child(part)));
}

CallResult mapKeysRule(const RuleCall& call) { return mapPart(call, 0); }
CallResult mapValuesRule(const RuleCall& call) { return mapPart(call, 1); }

/// The map argument unchanged (mapFilter, mapSort, mapUpdate...).
CallResult sameMapRule(const RuleCall& call) {
  for (size_t i = 0; i < call.size(); ++i)
    if (types::removeLowCardinality(call.type(i))->kind == TypeKind::Map) return success(call.type(i));
  return illegalArgumentType(call, call.size() ? call.size() - 1 : 0, "a map");
}

/// mapApply((k, v) -> (k2, v2), m): Map(k2, v2).
CallResult mapApplyRule(const RuleCall& call) {
  if (call.size() < 2 || call.type(0)->kind != TypeKind::Function) return illegalArgumentType(call, 0, "a lambda");
  TypePtr result = call.type(0)->children.back();
  if (result->kind != TypeKind::Tuple || result->children.size() != 2)
    return failure("ILLEGAL_TYPE_OF_ARGUMENT", "the lambda of mapApply must return a (key, value) tuple");
  return success(types::makeMap(result->child(0), result->child(1)));
}

/// concat: String, except that two or more arrays, tuples or maps concatenate as such.
CallResult concatRule(const RuleCall& call) {
  if (call.size() >= 2) {
    TypeKind first = types::removeLowCardinality(call.type(0))->kind;
    bool same = first == TypeKind::Array || first == TypeKind::Tuple || first == TypeKind::Map;
    for (size_t i = 1; same && i < call.size(); ++i) same = types::removeLowCardinality(call.type(i))->kind == first;
    if (same && first == TypeKind::Tuple) {
      std::vector<TypePtr> elements;
      for (size_t i = 0; i < call.size(); ++i)
        for (const TypePtr& e : call.type(i)->children) elements.push_back(e);
      return success(types::makeTuple(std::move(elements)));
    }
    if (same) {
      std::vector<TypePtr> list;
      for (size_t i = 0; i < call.size(); ++i) list.push_back(call.type(i));
      std::string error;
      TypePtr t = commonSupertype(list, &error);
      if (!t) return failure("NO_COMMON_TYPE", error);
      return success(t);
    }
  }
  return success(types::makeType(TypeKind::String));
}

/// reverse: strings and arrays as they are, a tuple's elements in reverse order.
CallResult reverseRule(const RuleCall& call) {
  TypePtr t = call.type(0);
  if (t->kind != TypeKind::Tuple) return success(t);
  std::vector<TypePtr> elements(t->children.rbegin(), t->children.rend());
  std::vector<std::string> names(t->element_names.rbegin(), t->element_names.rend());
  return success(types::makeTuple(std::move(elements), std::move(names)));
}

constexpr NamedRuleEntry kRules[] = {
    {"concat", concatRule}, {"reverse", reverseRule},
    {"tuple", tupleRule}, {"tupleElement", tupleElementRule}, {"map", mapRule},
    {"mapKeys", mapKeysRule}, {"mapValues", mapValuesRule}, {"same_map", sameMapRule},
    {"mapApply", mapApplyRule},
};

}  // namespace

std::span<const NamedRuleEntry> tupleMapRules() { return kRules; }

}  // namespace ferry::functions
