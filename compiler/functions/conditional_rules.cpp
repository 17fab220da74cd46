/// Conditionals and NULL handling: if / multiIf / CASE take the least supertype of their
/// branches (LowCardinality dropped, a Variant where nothing else fits); coalesce / ifNull
/// drop Nullable where a non-Nullable argument guarantees a value; and/or/xor/not give Bool
/// when a Bool takes part, UInt8 otherwise.
#include "compiler/functions/named_rules.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

bool isNullLiteralType(const TypePtr& t) {
  return t->kind == TypeKind::Nullable && t->child()->kind == TypeKind::Nothing;
}

CallResult branches(const RuleCall& call, const std::vector<TypePtr>& list) {
  std::string error;
  TypePtr t = commonSupertype(list, &error, /*remove_low_cardinality=*/true);
  if (!t) return failure("NO_COMMON_TYPE", error.empty() ? "no common type of the branches of " + std::string(call.name) : error);
  return success(t);
}

CallResult checkCondition(const RuleCall& call, size_t i) {
  TypePtr t = types::removeNullableAndLowCardinality(call.type(i));
  if (t->kind == TypeKind::Nothing || t->kind == TypeKind::UInt8 || t->kind == TypeKind::Bool ||
      t->kind == TypeKind::Dynamic || t->kind == TypeKind::Variant)
    return success(nullptr);
  return illegalArgumentType(call, i, "a UInt8 or Bool condition");
}

CallResult ifRule(const RuleCall& call) {
  if (call.size() != 3) return wrongArgumentCount(call.name, call.size(), 3, 3);
  if (CallResult c = checkCondition(call, 0); !c.error_code.empty()) return c;
  return branches(call, {call.type(1), call.type(2)});
}

CallResult multiIfRule(const RuleCall& call) {
  if (call.size() < 3 || call.size() % 2 == 0)
    return failure("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "function multiIf takes an odd number (>= 3) of arguments");
  std::vector<TypePtr> list;
  for (size_t i = 0; i + 1 < call.size(); i += 2) {
    if (CallResult c = checkCondition(call, i); !c.error_code.empty()) return c;
    list.push_back(call.type(i + 1));
  }
  list.push_back(call.type(call.size() - 1));
  return branches(call, list);
}

/// caseWithExpression(x, when1, then1, ..., else).
CallResult caseRule(const RuleCall& call) {
  if (call.size() < 4 || call.size() % 2 == 1)
    return failure("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "CASE needs a value, WHEN/THEN pairs and ELSE");
  std::vector<TypePtr> list;
  for (size_t i = 2; i + 1 < call.size(); i += 2) list.push_back(call.type(i));
  list.push_back(call.type(call.size() - 1));
  return branches(call, list);
}

/// coalesce: NULLs are skipped; arguments after the first non-Nullable one can never be
/// reached; the result is Nullable only when every reachable argument is.
CallResult coalesceRule(const RuleCall& call) {
  std::vector<TypePtr> reachable;
  bool last_nullable = true;
  for (size_t i = 0; i < call.size(); ++i) {
    const TypePtr& t = call.type(i);
    if (isNullLiteralType(t)) continue;
    reachable.push_back(types::removeNullable(t));
    if (!types::isNullable(*t)) {
      last_nullable = false;
      break;
    }
  }
  if (reachable.empty()) return success(types::makeNullable(types::makeType(TypeKind::Nothing)));
  CallResult r = branches(call, reachable);
  if (r.ok() && last_nullable && types::canBeInsideNullable(*r.type)) r.type = types::makeNullable(r.type);
  return r;
}

CallResult ifNullRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  const TypePtr& x = call.type(0);
  if (isNullLiteralType(x)) return success(call.type(1));
  if (!types::isNullable(*x)) return success(x);
  return branches(call, {types::removeNullable(x), call.type(1)});
}

/// and / or / xor / not: UInt8, or Bool when any argument is Bool; Nullable when any is.
CallResult logicalRule(const RuleCall& call) {
  bool any_bool = false, any_nullable = false;
  for (size_t i = 0; i < call.size(); ++i) {
    TypePtr t = types::removeLowCardinality(call.type(i));
    if (t->kind == TypeKind::Nullable) {
      any_nullable = true;
      t = t->child();
    }
    if (t->kind == TypeKind::Bool) any_bool = true;
    else if (t->kind != TypeKind::Nothing && !types::isInteger(t->kind) && !types::isFloat(t->kind))
      return illegalArgumentType(call, i, "a number or Bool");
  }
  TypePtr r = types::makeType(any_bool ? TypeKind::Bool : TypeKind::UInt8);
  return success(any_nullable ? types::makeNullable(r) : r);
}

constexpr NamedRuleEntry kRules[] = {
    {"if", ifRule}, {"multiIf", multiIfRule}, {"caseWithExpression", caseRule},
    {"coalesce", coalesceRule}, {"ifNull", ifNullRule}, {"logical", logicalRule},
};

}  // namespace

std::span<const NamedRuleEntry> conditionalRules() { return kRules; }

}  // namespace ferry::functions
