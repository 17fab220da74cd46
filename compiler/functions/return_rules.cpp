#include "compiler/functions/return_rules.h"

#include <cctype>

#include "compiler/functions/rule_text.h"
#include "compiler/functions/named_rules.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

bool parseIndex(std::string_view s, int& out) {
  s = trim(s);
  if (s == "last") {
    out = -1;
    return true;
  }
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

class RuleParser {
 public:
  explicit RuleParser(std::string* error) : error_(error) {}

  std::optional<RuleExpr> parse(std::string_view text) {
    text = trim(text);
    RuleExpr e;
    if (text.empty()) return fail("empty rule");
    if (text.front() == '@') {
      e.op = RuleExpr::Op::Named;
      size_t paren = text.find('(');
      e.name = std::string(trim(text.substr(1, paren == std::string_view::npos ? std::string_view::npos : paren - 1)));
      if (paren != std::string_view::npos) {
        if (text.back() != ')') return fail("unbalanced parentheses in `" + std::string(text) + "`");
        for (std::string_view p : splitTopLevel(text.substr(paren + 1, text.size() - paren - 2)))
          if (!p.empty()) e.params.emplace_back(p);
      }
      if (!findNamedRule(e.name)) return fail("no rule named @" + e.name);
      return e;
    }
    if (text.starts_with("arg") && text.find('(') == std::string_view::npos) {
      e.op = RuleExpr::Op::Arg;
      if (!parseIndex(text.substr(3), e.index)) return fail("bad argument reference `" + std::string(text) + "`");
      return e;
    }
    size_t paren = text.find('(');
    std::string_view head = paren == std::string_view::npos ? text : trim(text.substr(0, paren));
    if (!head.empty() && std::islower(static_cast<unsigned char>(head.front()))) {
      if (paren == std::string_view::npos || text.back() != ')')
        return fail("`" + std::string(text) + "` is not a rule");
      std::vector<std::string_view> inner = splitTopLevel(text.substr(paren + 1, text.size() - paren - 2));
      return parseFunction(head, inner);
    }
    e.op = RuleExpr::Op::Fixed;
    e.type = typeFromName(text);
    if (!e.type) return fail("`" + std::string(text) + "` is not a type");
    return e;
  }

 private:
  std::optional<RuleExpr> fail(std::string message) {
    if (error_ && error_->empty()) *error_ = std::move(message);
    return std::nullopt;
  }

  std::optional<RuleExpr> parseFunction(std::string_view head, const std::vector<std::string_view>& inner) {
    RuleExpr e;
    struct Unary { std::string_view name; RuleExpr::Op op; size_t arity; };
    static constexpr Unary kForms[] = {
        {"element", RuleExpr::Op::Element, 1}, {"array", RuleExpr::Op::Array, 1},
        {"nullable", RuleExpr::Op::Nullable, 1}, {"unnull", RuleExpr::Op::Unnull, 1},
        {"map", RuleExpr::Op::Map, 2}, {"tuple", RuleExpr::Op::Tuple, 0},
    };
    for (const Unary& f : kForms) {
      if (head != f.name) continue;
      if (f.arity && inner.size() != f.arity) return fail(std::string(head) + " takes " + std::to_string(f.arity) + " argument(s)");
      e.op = f.op;
      for (std::string_view part : inner) {
        auto child = parse(part);
        if (!child) return std::nullopt;
        e.children.push_back(std::move(*child));
      }
      return e;
    }
    if (head == "typearg") {
      e.op = RuleExpr::Op::TypeArg;
      if (inner.size() != 1 || !parseIndex(inner[0], e.index)) return fail("typearg takes one argument index");
      return e;
    }
    if (head == "withtz") {
      e.op = RuleExpr::Op::WithTz;
      if (inner.size() != 2 || !parseIndex(inner[1], e.index)) return fail("withtz takes a type and an argument index");
      e.type = typeFromName(inner[0]);
      if (!e.type || (e.type->kind != TypeKind::DateTime && e.type->kind != TypeKind::DateTime64))
        return fail("withtz needs DateTime or DateTime64(P)");
      return e;
    }
    if (head == "supertype") {
      e.op = RuleExpr::Op::Supertype;
      if (inner.size() == 1 && inner[0] == "args") {
        e.all_args = true;
        return e;
      }
      for (size_t i = 0; i < inner.size(); ++i) {
        std::string_view part = inner[i];
        if (i + 1 == inner.size() && part.ends_with("..")) {
          e.continues = true;
          part = trim(part.substr(0, part.size() - 2));
        }
        int idx = 0;
        if (!parseIndex(part, idx) || idx < 0) return fail("bad supertype argument list");
        e.indices.push_back(idx);
      }
      if (e.indices.empty()) return fail("supertype needs arguments");
      return e;
    }
    return fail("unknown rule form `" + std::string(head) + "`");
  }

  std::string* error_;
};

size_t resolveIndex(int index, size_t count) {
  return index < 0 ? (count == 0 ? 0 : count - 1) : static_cast<size_t>(index);
}

CallResult missingArgument(const RuleCall& call, int index) {
  return failure("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                 "function " + std::string(call.name) + " needs argument " + std::to_string(index + 1));
}

}  // namespace

std::optional<ReturnRule> parseReturnRule(std::string_view text, std::string* error) {
  ReturnRule rule;
  size_t semi = text.find(';');
  std::string_view flags = semi == std::string_view::npos ? std::string_view{} : text.substr(semi + 1);
  RuleParser parser(error);
  auto expr = parser.parse(text.substr(0, semi));
  if (!expr) return std::nullopt;
  rule.expr = std::move(*expr);
  while (!(flags = trim(flags)).empty()) {
    size_t space = flags.find(' ');
    std::string_view flag = flags.substr(0, space);
    flags = space == std::string_view::npos ? std::string_view{} : flags.substr(space);
    if (flag == "raw-nulls") rule.null_arg = rule.nullable_arg = NullHandling::Rule;
    else if (flag == "null=nothing") rule.null_arg = NullHandling::Default;
    else if (flag == "null=rule") rule.null_arg = NullHandling::Rule;
    else if (flag == "null=error") rule.null_arg = NullHandling::Error;
    else if (flag == "nullable=propagate") rule.nullable_arg = NullHandling::Default;
    else if (flag == "nullable=rule") rule.nullable_arg = NullHandling::Rule;
    else if (flag == "nullable=error") rule.nullable_arg = NullHandling::Error;
    else if (flag == "raw-lc") rule.raw_lc = true;
    else if (flag == "lc-strip") rule.lc_strip = true;
    else if (flag == "dynamic=nullable") rule.dynamic = DynamicHandling::Nullable;
    else if (flag == "dynamic=dynamic") rule.dynamic = DynamicHandling::Dynamic;
    else {
      if (error) *error = "unknown flag `" + std::string(flag) + "`";
      return std::nullopt;
    }
  }
  return rule;
}

CallResult evaluateRule(const RuleExpr& expr, const RuleCall& call) {
  using Op = RuleExpr::Op;
  switch (expr.op) {
    case Op::Fixed:
      return success(expr.type);
    case Op::Arg: {
      size_t i = resolveIndex(expr.index, call.size());
      if (i >= call.size()) return missingArgument(call, expr.index);
      return success(call.type(i));
    }
    case Op::Element: {
      CallResult inner = evaluateRule(expr.children[0], call);
      if (!inner.ok()) return inner;
      TypePtr t = types::removeLowCardinality(inner.type);
      if (t->kind != TypeKind::Array)
        return failure("ILLEGAL_TYPE_OF_ARGUMENT", "function " + std::string(call.name) +
                                                       " needs an array, got " + types::toString(t));
      return success(t->child());
    }
    case Op::Array:
    case Op::Nullable:
    case Op::Unnull: {
      CallResult inner = evaluateRule(expr.children[0], call);
      if (!inner.ok()) return inner;
      if (expr.op == Op::Array) return success(types::makeArray(inner.type));
      if (expr.op == Op::Unnull) return success(types::removeNullable(inner.type));
      return success(types::canBeInsideNullable(*inner.type) ? types::makeNullable(inner.type) : inner.type);
    }
    case Op::Tuple:
    case Op::Map: {
      std::vector<TypePtr> parts;
      for (const RuleExpr& child : expr.children) {
        CallResult r = evaluateRule(child, call);
        if (!r.ok()) return r;
        parts.push_back(r.type);
      }
      if (expr.op == Op::Map) return success(types::makeMap(parts[0], parts[1]));
      return success(types::makeTuple(std::move(parts)));
    }
    case Op::TypeArg: {
      size_t i = resolveIndex(expr.index, call.size());
      if (i >= call.size()) return missingArgument(call, expr.index);
      const std::string* name = call.constantString(i);
      if (!name) return notConstant(call, i, "string naming a type");
      TypePtr t = typeFromName(*name);
      if (!t) return failure("UNKNOWN_TYPE", "unknown type `" + *name + "` in function " + std::string(call.name));
      return success(t);
    }
    case Op::WithTz: {
      std::string tz;
      size_t i = resolveIndex(expr.index, call.size());
      if (i < call.size()) {
        const std::string* given = call.constantString(i);
        if (!given) return notConstant(call, i, "time zone string");
        tz = *given;
      } else {
        for (const Argument& a : call.args) {
          TypePtr t = types::removeNullableAndLowCardinality(a.type);
          if (t->kind == TypeKind::DateTime || t->kind == TypeKind::DateTime64) {
            tz = t->timezone;
            break;
          }
        }
      }
      if (expr.type->kind == TypeKind::DateTime) return success(types::makeDateTime(tz));
      return success(types::makeDateTime64(expr.type->precision, tz));
    }
    case Op::Supertype: {
      std::vector<TypePtr> parts;
      if (expr.all_args) {
        for (const Argument& a : call.args) parts.push_back(a.type);
      } else {
        std::vector<size_t> idx(expr.indices.begin(), expr.indices.end());
        if (expr.continues) {
          size_t step = idx.size() >= 2 ? idx[idx.size() - 1] - idx[idx.size() - 2] : 1;
          if (step == 0) step = 1;
          for (size_t next = idx.back() + step; next < call.size(); next += step) idx.push_back(next);
        }
        for (size_t i : idx) {
          if (i >= call.size()) return missingArgument(call, static_cast<int>(i));
          parts.push_back(call.type(i));
        }
      }
      std::string error;
      TypePtr t = commonSupertype(parts, &error);
      if (!t) return failure("NO_COMMON_TYPE", error.empty() ? "no common type of the arguments of " + std::string(call.name) : error);
      return success(t);
    }
    case Op::Named: {
      NamedRule rule = findNamedRule(expr.name);
      if (!rule) return failure("LOGICAL_ERROR", "no rule named @" + expr.name);
      RuleCall with_params = call;
      with_params.rule_params = expr.params;
      return rule(with_params);
    }
  }
  return failure("LOGICAL_ERROR", "bad rule");
}

}  // namespace ferry::functions
