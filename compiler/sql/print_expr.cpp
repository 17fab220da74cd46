// Expressions and types for the SQL printer.
#include <cctype>
#include <string>

#include "compiler/sql/lexical.h"
#include "compiler/sql/sql_printer.h"

namespace ferry::sql::print {

namespace {

bool isNumber(const Expr& e) {
  const auto* lit = e.tryAs<Literal>();
  return lit && (lit->literal_kind == LiteralKind::Integer || lit->literal_kind == LiteralKind::Float);
}

bool isNegativeNumber(const Expr& e) {
  return isNumber(e) && e.as<Literal>().value.starts_with('-');
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

/// Function names that the parser reads as syntax when written bare before `(`.
bool functionNameNeedsQuotes(std::string_view name) {
  static constexpr std::string_view kSyntax[] = {"CAST", "NOT",  "AND",  "OR",
                                                 "EXISTS", "INTERVAL", "CASE", "COLUMNS"};
  for (std::string_view k : kSyntax)
    if (equalsIgnoreCase(name, k)) return true;
  if (name.empty()) return true;
  auto head = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(head) || head == '_')) return true;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return true;
  return false;
}

std::string functionName(const std::string& name) {
  if (!functionNameNeedsQuotes(name)) return name;
  // Force backquotes even for names formatIdentifier would leave bare.
  std::string quoted = formatIdentifier(name);
  return quoted.front() == '`' ? quoted : "`" + quoted + "`";
}

std::string compound(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += formatIdentifier(parts[i]);
  }
  return out;
}

/// A dotted path (JSON typed path, Nested element) printed bare when each part allows it.
/// `SKIP` starts a JSON type argument of its own, so it is quoted as a name.
std::string path(const std::string& name) {
  std::string out;
  size_t start = 0;
  for (;;) {
    size_t dot = name.find('.', start);
    std::string_view part = std::string_view(name).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (identifierNeedsQuotes(part) || equalsIgnoreCase(part, "SKIP")) {
      std::string quoted = formatIdentifier(name);
      return quoted.front() == '`' ? quoted : "`" + quoted + "`";
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return name;
}

/// The text without whitespace outside string literals and quoted names.
std::string squeezed(std::string_view text) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      out += c;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    }
  }
  return out;
}

/// ClickHouse folds a minus into the number right after it before applying postfix operators:
/// `-1::Int8` is CAST(-1), `-1[1]` subscripts -1. So a negative number is printed bare as the
/// base of `::` and `[]`; every other operand below postfix precedence gets parentheses.
bool postfixBaseNeedsParens(const Expr& base) {
  if (isNegativeNumber(base)) return false;
  return precedence(base) < kPostfix;
}

/// True when `e` prints starting with a bare unsigned number (`1`, `1::Int8`, `1[1]`), which
/// a minus written before it would fold into.
bool startsWithUnsignedNumber(const Expr& e) {
  if (e.parenthesized) return false;
  if (isNumber(e)) return !isNegativeNumber(e);
  if (const auto* c = e.tryAs<CastExpr>(); c && c->style == CastStyle::DoubleColon)
    return c->expr && startsWithUnsignedNumber(*c->expr);
  if (const auto* s = e.tryAs<SubscriptExpr>()) return startsWithUnsignedNumber(*s->base);
  return false;
}

int binaryPrecedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::Or: return kOr;
    case BinaryOp::And: return kAnd;
    case BinaryOp::Concat: return kConcat;
    case BinaryOp::Plus:
    case BinaryOp::Minus: return kAdditive;
    case BinaryOp::Multiply:
    case BinaryOp::Divide:
    case BinaryOp::Modulo:
    case BinaryOp::ModKeyword:
    case BinaryOp::IntDiv: return kMultiplicative;
    default: return kCompare;
  }
}

std::string_view frameBound(FrameBoundKind k) {
  switch (k) {
    case FrameBoundKind::UnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::Preceding: return "PRECEDING";
    case FrameBoundKind::CurrentRow: return "CURRENT ROW";
    case FrameBoundKind::Following: return "FOLLOWING";
    case FrameBoundKind::UnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

std::string_view upperName(FrameUnits u) {
  switch (u) {
    case FrameUnits::Rows: return "ROWS";
    case FrameUnits::Range: return "RANGE";
    case FrameUnits::Groups: return "GROUPS";
  }
  return "";
}

}  // namespace

CompareLevel compareLevel(const Expr& e) {
  if (e.is<IsNullExpr>()) return CompareLevel::IsNull;
  if (e.is<BetweenExpr>()) return CompareLevel::Between;
  if (const auto* b = e.tryAs<BinaryExpr>()) {
    if (b->op == BinaryOp::IsDistinctFrom || b->op == BinaryOp::IsNotDistinctFrom)
      return CompareLevel::IsDistinct;
    if (binaryPrecedence(b->op) == kCompare) return CompareLevel::Plain;
  }
  return CompareLevel::None;
}

int precedence(const Expr& e) {
  switch (e.kind()) {
    case NodeKind::AliasExpr: return kAlias;
    case NodeKind::Lambda: return kLambda;
    case NodeKind::TernaryExpr: return kTernary;
    case NodeKind::BinaryExpr: return binaryPrecedence(e.as<BinaryExpr>().op);
    case NodeKind::UnaryExpr: return e.as<UnaryExpr>().op == UnaryOp::Not ? kNot : kUnary;
    case NodeKind::BetweenExpr:
    case NodeKind::IsNullExpr: return kCompare;
    case NodeKind::CastExpr: return e.as<CastExpr>().style == CastStyle::DoubleColon ? kPostfix : kPrimary;
    case NodeKind::SubscriptExpr:
    case NodeKind::TupleElementExpr:
    case NodeKind::JsonPathExpr: return kPostfix;
    case NodeKind::Literal: return isNegativeNumber(e) ? kUnary : kPrimary;
    default: return kPrimary;
  }
}

std::string Printer::expr(const Expr& e, int min_prec) {
  return wrapped(e, precedence(e) < min_prec);
}

std::string Printer::compareOperand(const Expr& e, unsigned allowed) {
  int p = precedence(e);
  bool force = p < kCompare;
  if (p == kCompare) force = (allowed & static_cast<unsigned>(compareLevel(e))) == 0;
  return wrapped(e, force);
}

std::string Printer::wrapped(const Expr& e, bool force) {
  std::string text = exprRaw(e);
  if (e.parenthesized || force) return "(" + text + ")";
  return text;
}

std::string Printer::exprList(const ExprList& list, int min_prec) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ", ";
    out += expr(*list[i], min_prec);
  }
  return out;
}

std::string Printer::transformers(const std::vector<std::unique_ptr<ColumnTransformer>>& list) {
  std::string out;
  for (const auto& t : list) {
    switch (t->transformer) {
      case TransformerKind::Except: out += " EXCEPT"; break;
      case TransformerKind::Replace: out += " REPLACE"; break;
      case TransformerKind::Apply: out += " APPLY"; break;
    }
    if (t->strict) out += " STRICT";
    if (t->transformer == TransformerKind::Apply)
      out += "(" + exprList(t->items, kLambda) + ")";
    else if (t->transformer == TransformerKind::Replace)
      out += " (" + exprList(t->items, kAlias) + ")";
    else
      out += " (" + exprList(t->items, kAlias) + ")";
  }
  return out;
}

std::string Printer::functionCall(const FunctionCall& f) {
  std::string out = functionName(f.name);
  if (f.has_parameters) out += "(" + exprList(f.parameters) + ")";
  out += "(";
  if (f.distinct) out += "DISTINCT ";
  // `position(a IN b)` is the PositionExpr syntax: an IN operand of a call named position keeps
  // its parentheses.
  bool position = equalsIgnoreCase(f.name, "position");
  for (size_t i = 0; i < f.args.size(); ++i) {
    const Expr& a = *f.args[i];
    bool in = a.is<BinaryExpr>() && spelling(a.as<BinaryExpr>().op).ends_with("IN");
    out += (i ? ", " : "") + (position && in ? wrapped(a, true) : expr(a, kAlias));
  }
  out += ")";
  if (f.filter) out += " FILTER (WHERE " + expr(*f.filter, kLambda) + ")";
  if (f.nulls == NullsMode::Respect) out += " RESPECT NULLS";
  if (f.nulls == NullsMode::Ignore) out += " IGNORE NULLS";
  if (!f.over_name.empty()) out += " OVER " + formatIdentifier(f.over_name);
  if (f.over) out += " OVER (" + windowSpec(*f.over) + ")";
  return out;
}

std::string Printer::windowSpec(const WindowSpec& spec) {
  std::string out;
  auto add = [&](const std::string& part) {
    if (!out.empty()) out += ' ';
    out += part;
  };
  if (!spec.base.empty()) add(formatIdentifier(spec.base));
  if (!spec.partition_by.empty()) add("PARTITION BY " + exprList(spec.partition_by, kAlias));
  if (!spec.order_by.empty()) add("ORDER BY " + orderList(spec.order_by));
  if (spec.frame) {
    const WindowFrame& frame = *spec.frame;
    auto bound = [&](const FrameBound& b) {
      std::string text;
      if (b.offset) text = expr(*b.offset, kAdditive) + " ";
      return text + std::string(frameBound(b.bound));
    };
    std::string text(upperName(frame.units));
    if (frame.between)
      text += " BETWEEN " + bound(frame.start) + " AND " + bound(frame.end);
    else
      text += " " + bound(frame.start);
    add(text);
  }
  return out;
}

std::string Printer::orderItem(const OrderItem& item) {
  std::string out = item.expr ? expr(*item.expr, kAlias) : "ALL";
  if (item.direction == SortDirection::Asc) out += " ASC";
  if (item.direction == SortDirection::Desc) out += " DESC";
  if (item.nulls == NullsOrder::First) out += " NULLS FIRST";
  if (item.nulls == NullsOrder::Last) out += " NULLS LAST";
  if (item.collate) out += " COLLATE " + expr(*item.collate, kPrimary);
  if (item.with_fill) {
    out += " WITH FILL";
    if (item.fill_from) out += " FROM " + expr(*item.fill_from, kLambda);
    if (item.fill_to) out += " TO " + expr(*item.fill_to, kLambda);
    if (item.fill_step) out += " STEP " + expr(*item.fill_step, kLambda);
    if (item.fill_staleness) out += " STALENESS " + expr(*item.fill_staleness, kLambda);
  }
  return out;
}

std::string Printer::orderList(const OrderList& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += orderItem(*items[i]);
  }
  return out;
}

std::string Printer::exprRaw(const Expr& e) {
  switch (e.kind()) {
    case NodeKind::Literal: {
      const auto& lit = e.as<Literal>();
      switch (lit.literal_kind) {
        case LiteralKind::Integer:
        case LiteralKind::Float: return lit.value;
        case LiteralKind::String: return quoteString(lit.value);
        case LiteralKind::Null: return "NULL";
        case LiteralKind::Bool: return lit.value == "true" ? "true" : "false";
      }
      return lit.value;
    }
    case NodeKind::TypedLiteral: {
      const auto& lit = e.as<TypedLiteral>();
      return std::string(lit.typed_kind == TypedLiteralKind::Date ? "DATE " : "TIMESTAMP ") +
             quoteString(lit.value);
    }
    case NodeKind::Identifier: return compound(e.as<Identifier>().parts);
    case NodeKind::QueryParameter: {
      const auto& p = e.as<QueryParameter>();
      return "{" + formatIdentifier(p.name) + ":" + (p.type ? type(*p.type) : std::string()) + "}";
    }
    case NodeKind::FunctionCall: return functionCall(e.as<FunctionCall>());
    case NodeKind::Lambda: {
      const auto& l = e.as<Lambda>();
      std::string params;
      for (size_t i = 0; i < l.params.size(); ++i) params += (i ? ", " : "") + formatIdentifier(l.params[i]);
      if (l.params.size() != 1) params = "(" + params + ")";
      return params + " -> " + expr(*l.body, kLambda);
    }
    case NodeKind::UnaryExpr: {
      const auto& u = e.as<UnaryExpr>();
      if (u.op == UnaryOp::Not) return "NOT " + expr(*u.operand, kNot);
      // `-1` would read back as the literal -1, not negate(1), and `-1::Int8` as a cast of -1.
      bool force = precedence(*u.operand) < kUnary || startsWithUnsignedNumber(*u.operand);
      std::string operand = wrapped(*u.operand, force);
      // `--x` would start a comment.
      return (operand[0] == '-' ? "- " : "-") + operand;
    }
    case NodeKind::BinaryExpr: {
      const auto& b = e.as<BinaryExpr>();
      int p = binaryPrecedence(b.op);
      if (p == kCompare) {
        // See CompareLevel: which comparison-level operands read back without parentheses.
        bool distinct = compareLevel(e) == CompareLevel::IsDistinct;
        unsigned lhs_ok = distinct ? kAnyCompare : kPlainCompare | kIsNullCompare;
        std::string rhs = distinct ? compareOperand(*b.rhs, kPlainCompare | kBetweenCompare)
                                   : expr(*b.rhs, kConcat);
        return compareOperand(*b.lhs, lhs_ok) + " " + std::string(spelling(b.op)) + " " + rhs;
      }
      // Left-associative chains.
      return wrapped(*b.lhs, precedence(*b.lhs) < p) + " " + std::string(spelling(b.op)) + " " +
             expr(*b.rhs, p + 1);
    }
    case NodeKind::BetweenExpr: {
      const auto& b = e.as<BetweenExpr>();
      return compareOperand(*b.expr, kPlainCompare | kIsNullCompare | kBetweenCompare) +
             (b.negated ? " NOT BETWEEN " : " BETWEEN ") + compareOperand(*b.low, kPlainCompare) +
             " AND " + compareOperand(*b.high, kPlainCompare);
    }
    case NodeKind::IsNullExpr: {
      const auto& n = e.as<IsNullExpr>();
      return compareOperand(*n.expr, kAnyCompare) + (n.negated ? " IS NOT NULL" : " IS NULL");
    }
    case NodeKind::TernaryExpr: {
      const auto& t = e.as<TernaryExpr>();
      // ClickHouse rejects a bare ternary as any operand of a ternary: `a ? b : (c ? d : e)`.
      return expr(*t.cond, kOr) + " ? " + expr(*t.then_expr, kOr) + " : " + expr(*t.else_expr, kOr);
    }
    case NodeKind::CaseExpr: {
      const auto& c = e.as<CaseExpr>();
      std::string out = "CASE";
      if (c.operand) out += " " + expr(*c.operand, kLambda);
      for (const CaseBranch& br : c.branches)
        out += " WHEN " + expr(*br.when, kLambda) + " THEN " + expr(*br.then, kLambda);
      if (c.else_expr) out += " ELSE " + expr(*c.else_expr, kLambda);
      return out + " END";
    }
    case NodeKind::CastExpr: {
      const auto& c = e.as<CastExpr>();
      switch (c.style) {
        case CastStyle::As:
          return "CAST(" + expr(*c.expr, kAlias) + " AS " + (c.type ? type(*c.type) : "") + ")";
        case CastStyle::Comma:
          return "CAST(" + expr(*c.expr, kAlias) + ", " +
                 (c.type_arg ? expr(*c.type_arg, kAlias) : "") + ")";
        case CastStyle::DoubleColon: {
          std::string operand = wrapped(*c.expr, postfixBaseNeedsParens(*c.expr));
          if (!c.operand_spelling.empty() && squeezed(c.operand_spelling) == squeezed(operand))
            operand = c.operand_spelling;
          return operand + "::" + (c.type ? type(*c.type) : "");
        }
      }
      return "";
    }
    case NodeKind::IntervalExpr: {
      const auto& i = e.as<IntervalExpr>();
      std::string out = "INTERVAL " + expr(*i.value, kAdditive);
      if (i.unit) out += " " + std::string(spelling(*i.unit));
      return out;
    }
    case NodeKind::ExtractExpr: {
      const auto& x = e.as<ExtractExpr>();
      return "EXTRACT(" + std::string(spelling(x.unit)) + " FROM " + expr(*x.expr, kAlias) + ")";
    }
    case NodeKind::SubstringExpr: {
      const auto& s = e.as<SubstringExpr>();
      std::string out = "SUBSTRING(" + expr(*s.expr, kAlias) + " FROM " + expr(*s.from, kAlias);
      if (s.length) out += " FOR " + expr(*s.length, kAlias);
      return out + ")";
    }
    case NodeKind::TrimExpr: {
      const auto& t = e.as<TrimExpr>();
      std::string out = "TRIM(";
      if (t.side == TrimSide::Both) out += "BOTH ";
      if (t.side == TrimSide::Leading) out += "LEADING ";
      if (t.side == TrimSide::Trailing) out += "TRAILING ";
      if (t.chars) out += expr(*t.chars, kAlias) + " ";
      return out + "FROM " + expr(*t.expr, kAlias) + ")";
    }
    case NodeKind::PositionExpr: {
      const auto& p = e.as<PositionExpr>();
      return "POSITION(" + expr(*p.needle, kConcat) + " IN " + expr(*p.haystack, kConcat) + ")";
    }
    case NodeKind::ArrayExpr: return "[" + exprList(e.as<ArrayExpr>().elements) + "]";
    case NodeKind::TupleExpr: {
      const auto& t = e.as<TupleExpr>();
      if (t.elements.size() == 1) return "(" + expr(*t.elements[0], kAlias) + ",)";
      return "(" + exprList(t.elements) + ")";
    }
    case NodeKind::MapExpr: {
      std::string out = "{";
      const auto& m = e.as<MapExpr>();
      for (size_t i = 0; i < m.entries.size(); ++i) {
        if (i) out += ", ";
        out += expr(*m.entries[i].key, kLambda) + ": " + expr(*m.entries[i].value, kLambda);
      }
      return out + "}";
    }
    case NodeKind::SubscriptExpr: {
      const auto& s = e.as<SubscriptExpr>();
      return wrapped(*s.base, postfixBaseNeedsParens(*s.base)) + "[" + expr(*s.index, kLambda) + "]";
    }
    case NodeKind::TupleElementExpr: {
      const auto& t = e.as<TupleElementExpr>();
      // `1.1` would be a float and `a.b` a compound identifier.
      bool force = precedence(*t.base) < kPostfix || isNumber(*t.base) ||
                   (t.base->is<Identifier>() && !t.by_index);
      return wrapped(*t.base, force) + "." + (t.by_index ? t.element : formatIdentifier(t.element));
    }
    case NodeKind::JsonPathExpr: {
      const auto& j = e.as<JsonPathExpr>();
      std::string base = wrapped(*j.base, precedence(*j.base) < kPostfix || isNumber(*j.base));
      switch (j.path_kind) {
        case JsonPathKind::Typed: {
          // A bare type name reads as a name; anything longer goes in backquotes.
          std::string t = j.type ? type(*j.type) : "";
          return base + ".:" + (identifierNeedsQuotes(t) || isReservedKeyword(t) ? formatIdentifier(t) : t);
        }
        case JsonPathKind::Prefix: return base + ".^" + path(j.name);
        case JsonPathKind::ArrayElements: return base + "[]";
      }
      return base;
    }
    case NodeKind::Asterisk: {
      const auto& a = e.as<Asterisk>();
      std::string out = a.qualifier.empty() ? "*" : compound(a.qualifier) + ".*";
      return out + transformers(a.transformers);
    }
    case NodeKind::ColumnsMatcher: {
      const auto& c = e.as<ColumnsMatcher>();
      std::string out = c.qualifier.empty() ? "" : compound(c.qualifier) + ".";
      out += "COLUMNS(" + exprList(c.args) + ")";
      return out + transformers(c.transformers);
    }
    case NodeKind::SubqueryExpr: {
      const auto& s = e.as<SubqueryExpr>();
      return s.bare ? query(*s.query) : subquery(*s.query);
    }
    case NodeKind::ExistsExpr: return "EXISTS " + subquery(*e.as<ExistsExpr>().query);
    case NodeKind::AliasExpr: {
      const auto& a = e.as<AliasExpr>();
      return expr(*a.expr, kLambda) + " AS " + formatIdentifier(a.name);
    }
    default: return "<" + std::string(e.kindName()) + ">";
  }
}

std::string Printer::typeArg(const TypeArg& a) {
  switch (a.arg_kind) {
    case TypeArgKind::Type: return a.type ? type(*a.type) : "";
    case TypeArgKind::Value: return a.value ? expr(*a.value, kLambda) : "";
    case TypeArgKind::NamedValue:
      return (a.key ? expr(*a.key, kPrimary) : "") + " = " + (a.value ? expr(*a.value, kLambda) : "");
    case TypeArgKind::NamedType: return path(a.name) + " " + (a.type ? type(*a.type) : "");
    case TypeArgKind::Skip: return "SKIP " + path(a.name);
    case TypeArgKind::SkipRegexp: return "SKIP REGEXP " + (a.value ? expr(*a.value, kPrimary) : "");
  }
  return "";
}

std::string Printer::type(const TypeExpr& t) {
  std::string out = t.name;
  if (t.args.empty()) return t.empty_parens ? out + "()" : out;
  out += "(";
  for (size_t i = 0; i < t.args.size(); ++i) {
    if (i) out += ", ";
    out += typeArg(*t.args[i]);
  }
  return out + ")";
}

}  // namespace ferry::sql::print
