#include "compiler/functions/aggregate_return_rules.h"

#include <cctype>

#include "compiler/functions/rule_text.h"
#include "compiler/types/type_parser.h"

namespace ferry::functions {
namespace {

bool isIdentifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

/// `Head(inner)` -> {Head, inner}; nullopt when the text is not of that shape.
std::optional<std::pair<std::string_view, std::string_view>> splitCall(std::string_view text) {
  size_t open = text.find('(');
  if (open == std::string_view::npos || text.back() != ')') return std::nullopt;
  std::string_view head = trim(text.substr(0, open));
  if (!isIdentifier(head)) return std::nullopt;
  return std::pair{head, text.substr(open + 1, text.size() - open - 2)};
}

std::optional<AggregateRule> parseExpr(std::string_view text, std::string* error) {
  text = trim(text);
  AggregateRule rule;
  auto fail = [&](std::string message) -> std::optional<AggregateRule> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  if (text.empty()) return fail("empty rule");
  if (text.front() == '@') {
    rule.op = AggregateRule::Op::Named;
    std::string_view rest = text.substr(1);
    if (auto call = splitCall(rest)) {
      rule.rule = std::string(call->first);
      for (std::string_view param : splitTopLevel(call->second)) {
        rule.words.emplace_back(param);
        auto expr = parseExpr(param, nullptr);
        rule.exprs.push_back(expr ? std::make_shared<const AggregateRule>(std::move(*expr)) : nullptr);
      }
    } else {
      rule.rule = std::string(rest);
    }
    if (!isIdentifier(rule.rule)) return fail("bad rule name `" + rule.rule + "`");
    if (!findAggregateNamedRule(rule.rule)) return fail("unknown rule @" + rule.rule);
    return rule;
  }
  if (text.size() > 3 && text.starts_with("arg") &&
      text.find_first_not_of("0123456789", 3) == std::string_view::npos) {
    rule.op = AggregateRule::Op::Arg;
    rule.index = static_cast<size_t>(std::stoul(std::string(text.substr(3))));
    return rule;
  }
  if (auto call = splitCall(text)) {
    auto [head, inner] = *call;
    std::vector<std::string_view> parts = splitTopLevel(inner);
    auto children = [&](size_t count) -> bool {
      if (parts.size() != count) return false;
      for (std::string_view part : parts) {
        auto child = parseExpr(part, error);
        if (!child) return false;
        rule.children.push_back(std::move(*child));
      }
      return true;
    };
    if (head == "Array" || head == "Nullable") {
      rule.op = head == "Array" ? AggregateRule::Op::Array : AggregateRule::Op::Nullable;
      if (!children(1)) return fail(error && !error->empty() ? *error : "bad " + std::string(head));
      return rule;
    }
    if (head == "Map") {
      rule.op = AggregateRule::Op::Map;
      if (!children(2)) return fail(error && !error->empty() ? *error : "bad Map");
      return rule;
    }
    if (head == "Tuple") {
      rule.op = AggregateRule::Op::Tuple;
      for (std::string_view part : parts) {
        // `name expr`: a space before any parenthesis separates an element name.
        size_t space = part.find(' ');
        size_t paren = part.find('(');
        std::string_view expr_text = part;
        if (space != std::string_view::npos && (paren == std::string_view::npos || space < paren) &&
            isIdentifier(part.substr(0, space))) {
          rule.names.emplace_back(part.substr(0, space));
          expr_text = trim(part.substr(space + 1));
        }
        auto child = parseExpr(expr_text, error);
        if (!child) return std::nullopt;
        rule.children.push_back(std::move(*child));
      }
      if (!rule.names.empty() && rule.names.size() != rule.children.size())
        return fail("tuple elements must be all named or none");
      return rule;
    }
  }
  types::TypeParseResult parsed = types::parseTypeName(text);
  if (!parsed.ok()) return fail("`" + std::string(text) + "` is not a type: " + parsed.message);
  rule.op = AggregateRule::Op::Fixed;
  rule.type = parsed.type;
  return rule;
}

}  // namespace

bool canBeNullableResult(const types::DataType& type) {
  return type.kind == types::TypeKind::Tuple || types::canBeInsideNullable(type);
}

std::optional<AggregateRule> parseAggregateRule(std::string_view text, std::string* error) {
  return parseExpr(text, error);
}

CallResult evaluateAggregateRule(const AggregateRule& rule, const AggregateRuleCall& call) {
  CallResult out;
  switch (rule.op) {
    case AggregateRule::Op::Fixed:
      out.type = rule.type;
      return out;
    case AggregateRule::Op::Arg:
      if (rule.index >= call.args.size()) {
        out.error_code = "NUMBER_OF_ARGUMENTS_DOESNT_MATCH";
        out.message = "aggregate function " + std::string(call.name) + " needs argument " +
                      std::to_string(rule.index + 1);
        return out;
      }
      out.type = call.args[rule.index];
      return out;
    case AggregateRule::Op::Named:
      return findAggregateNamedRule(rule.rule)(rule, call);
    default:
      break;
  }
  std::vector<types::TypePtr> children;
  for (const AggregateRule& child : rule.children) {
    CallResult r = evaluateAggregateRule(child, call);
    if (!r.ok()) return r;
    children.push_back(std::move(r.type));
  }
  switch (rule.op) {
    case AggregateRule::Op::Array:
      out.type = types::makeArray(children[0]);
      break;
    case AggregateRule::Op::Nullable:
      out.type = canBeNullableResult(*children[0]) ? types::makeNullable(children[0]) : children[0];
      break;
    case AggregateRule::Op::Map:
      out.type = types::makeMap(children[0], children[1]);
      break;
    case AggregateRule::Op::Tuple:
      out.type = types::makeTuple(std::move(children), rule.names);
      break;
    default:
      break;
  }
  return out;
}

}  // namespace ferry::functions
