#include "compiler/functions/tuple_arithmetic.h"

#include <vector>

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

bool isIntervalTuple(const TypePtr& t) {
  if (t->kind != TypeKind::Tuple || t->children.empty()) return false;
  for (const TypePtr& e : t->children)
    if (e->kind != TypeKind::Interval) return false;
  return true;
}

/// `rule` applied to element pairs (`b` null: unary; `scalar_right` / `scalar_left`: one side
/// is a plain value repeated for every element).
CallResult elementwise(const RuleCall& call, NamedRule rule, const TypePtr& a, const TypePtr& b, bool left_scalar,
                       bool right_scalar) {
  const TypePtr& tuple = left_scalar ? b : a;
  std::vector<TypePtr> out;
  for (size_t i = 0; i < tuple->children.size(); ++i) {
    std::vector<Argument> args;
    args.push_back({left_scalar ? a : a->children[i], std::nullopt});
    if (b) args.push_back({right_scalar ? b : b->children[i], std::nullopt});
    // Elements get the default NULL handling of a function call: NULL gives Nullable(Nothing),
    // a Nullable element a Nullable result.
    bool null = false, nullable = false;
    for (Argument& arg : args) {
      if (arg.type->kind != TypeKind::Nullable) continue;
      if (arg.type->child()->kind == TypeKind::Nothing) null = true;
      arg.type = arg.type->child();
      nullable = true;
    }
    if (null) {
      out.push_back(types::makeNullable(types::makeType(TypeKind::Nothing)));
      continue;
    }
    RuleCall sub = call;
    sub.args = args;
    CallResult r = rule(sub);
    if (!r.ok()) return r;
    out.push_back(nullable ? types::makeNullableSafe(r.type) : r.type);
  }
  return success(types::makeTuple(std::move(out)));
}

}  // namespace

std::optional<CallResult> tupleArithmetic(const RuleCall& call, NamedRule rule, TupleOperatorKind kind) {
  if (kind == TupleOperatorKind::Unary) {
    if (call.size() != 1 || call.type(0)->kind != TypeKind::Tuple) return std::nullopt;
    return elementwise(call, rule, call.type(0), nullptr, false, false);
  }
  if (call.size() != 2) return std::nullopt;
  const TypePtr& a = call.type(0);
  const TypePtr& b = call.type(1);
  bool ta = a->kind == TypeKind::Tuple, tb = b->kind == TypeKind::Tuple;
  if (kind == TupleOperatorKind::Additive) {
    // Intervals of different units gather into a tuple; an interval of the unit a tuple ends
    // with is folded into that last element.
    if (a->kind == TypeKind::Interval && b->kind == TypeKind::Interval) {
      if (a->interval_unit == b->interval_unit) return success(a);
      return success(types::makeTuple({a, b}));
    }
    if (isIntervalTuple(a) && b->kind == TypeKind::Interval) {
      if (a->children.back()->interval_unit == b->interval_unit) return success(a);
      std::vector<TypePtr> elements = a->children;
      elements.push_back(b);
      return success(types::makeTuple(std::move(elements)));
    }
    // Arrays add element by element (both sides arrays; nested arrays and tuples recurse).
    if (a->kind == TypeKind::Array && b->kind == TypeKind::Array) {
      Argument args[2] = {{a->child(), std::nullopt}, {b->child(), std::nullopt}};
      if (types::isNullable(*args[0].type) || types::isNullable(*args[1].type))
        return illegalArgumentType(call, 0, "arrays of non-Nullable elements");
      RuleCall sub = call;
      sub.args = args;
      CallResult r = rule(sub);
      if (!r.ok()) return r;
      return success(types::makeArray(r.type));
    }
    if (!ta && !tb) return std::nullopt;
    if (!ta || !tb || a->children.size() != b->children.size())
      return illegalArgumentType(call, ta ? 1 : 0, "a tuple of the same size");
    return elementwise(call, rule, a, b, false, false);
  }
  if (!ta && !tb) return std::nullopt;
  if (kind == TupleOperatorKind::Multiplicative) {
    if (ta && tb) {
      NamedRule dot = findNamedRule("dotProduct");
      if (!dot) return failure("LOGICAL_ERROR", "no rule named @dotProduct");
      return dot(call);
    }
    return elementwise(call, rule, a, b, !ta, ta);
  }
  if (!ta || tb) return illegalArgumentType(call, ta ? 1 : 0, "a number after a tuple");
  return elementwise(call, rule, a, b, false, true);
}

}  // namespace ferry::functions

namespace ferry::functions {
namespace {

/// tuplePlus, tupleMultiplyByNumber, ... : the operator (the rule parameter, a rule name like
/// `plus`) element by element over two tuples of one size, or over a tuple and a number
/// (`by_number` as second parameter); tupleNegate over one tuple.
CallResult tupleFunctionRule(const RuleCall& call) {
  if (call.rule_params.empty()) return failure("LOGICAL_ERROR", "@tuple_function needs an operator");
  NamedRule rule = findNamedRule(call.rule_params[0]);
  if (!rule) return failure("LOGICAL_ERROR", "no rule named @" + call.rule_params[0]);
  bool by_number = call.rule_params.size() > 1 && call.rule_params[1] == "by_number";
  size_t arity = call.rule_params[0] == "negate" ? 1 : 2;
  if (call.size() != arity) return wrongArgumentCount(call.name, call.size(), static_cast<int>(arity), static_cast<int>(arity));
  const TypePtr& a = call.type(0);
  if (a->kind != TypeKind::Tuple) return illegalArgumentType(call, 0, "a tuple");
  if (arity == 1) return elementwise(call, rule, a, nullptr, false, false);
  const TypePtr& b = call.type(1);
  if (by_number) {
    if (b->kind == TypeKind::Tuple) return illegalArgumentType(call, 1, "a number");
    return elementwise(call, rule, a, b, false, true);
  }
  if (b->kind != TypeKind::Tuple || b->children.size() != a->children.size())
    return illegalArgumentType(call, 1, "a tuple of the size of the first");
  return elementwise(call, rule, a, b, false, false);
}

constexpr NamedRuleEntry kRules[] = {{"tuple_function", tupleFunctionRule}};

}  // namespace

std::span<const NamedRuleEntry> tupleFunctionRules() { return kRules; }

}  // namespace ferry::functions
