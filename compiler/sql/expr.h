/// Expression nodes of ClickHouse SQL. One class per surface form: `a + b` (BinaryExpr) and
/// `plus(a, b)` (FunctionCall) stay different, as do `[1]` / `array(1)`, `(1, 2)` / `tuple(1, 2)`
/// and the three CAST spellings, because ClickHouse's formatter keeps those distinctions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/sql/node.h"

namespace ferry::sql {

class TypeExpr;
class WindowSpec;
class ColumnTransformer;

FERRY_SQL_ENUM(LiteralKind, Integer, Float, String, Null, Bool)

/// A literal. `value` is what the printer writes back:
///  - Integer/Float: the spelling as written, sign included when the parser folded a unary
///    minus into the number: "1", "-1", "0xFF", "0b101", "1e-3", ".5", "inf", "-nan";
///  - String: the decoded bytes (escapes resolved); the printer re-escapes them;
///  - Null: "NULL"; Bool: "true" or "false" (lower case whatever the source case).
/// `spelling` is the source text of the token (quotes and escapes included for strings). It is
/// cloned but, being formatting, not compared by equalIgnoringSpans and not printed.
class Literal final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(Literal)
  LiteralKind literal_kind = LiteralKind::Integer;
  std::string value;
  std::string spelling;
  FERRY_SQL_FIELDS(literal_kind, value)
};

FERRY_SQL_ENUM(TypedLiteralKind, Date, Timestamp)

/// `DATE '2020-01-01'`, `TIMESTAMP '2020-01-01 00:00:00'` (value = decoded string).
class TypedLiteral final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(TypedLiteral)
  TypedLiteralKind typed_kind = TypedLiteralKind::Date;
  std::string value;
  FERRY_SQL_FIELDS(typed_kind, value)
};

/// `a`, `t.a`, `db.t.a`, `` `weird name` ``: the parts unquoted. Whether a part was quoted is
/// not kept; the printer quotes when the name needs it.
class Identifier final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(Identifier)
  std::vector<std::string> parts;
  FERRY_SQL_FIELDS(parts)
};

/// `{name:Type}`.
class QueryParameter final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(QueryParameter)
  std::string name;
  std::unique_ptr<TypeExpr> type;
  FERRY_SQL_FIELDS(name, type)
};

FERRY_SQL_ENUM(NullsMode, None, Respect, Ignore)

/// `name([DISTINCT] args)`, parametric `name(params)(args)`, `count(*)` (args = [Asterisk]),
/// with `FILTER (WHERE cond)`, `RESPECT NULLS` / `IGNORE NULLS` and `OVER w` / `OVER (spec)`.
/// Also the generic form of every special spelling that is just a call: `CAST(x, 'T')` is a
/// CastExpr, but `substring(s, 1, 2)` is a FunctionCall.
class FunctionCall final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(FunctionCall)
  std::string name;
  bool has_parameters = false;      ///< `f(params)(args)`; distinguishes `f()(x)` from `f(x)`
  ExprList parameters;
  ExprList args;
  bool distinct = false;            ///< `f(DISTINCT x)`
  ExprPtr filter;                   ///< `FILTER (WHERE filter)`
  NullsMode nulls = NullsMode::None;
  std::string over_name;            ///< `OVER w`
  std::unique_ptr<WindowSpec> over; ///< `OVER (...)`
  FERRY_SQL_FIELDS(name, has_parameters, parameters, args, distinct, filter, nulls, over_name, over)
};

/// `x -> body`, `(x, y) -> body`.
class Lambda final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(Lambda)
  std::vector<std::string> params;
  ExprPtr body;
  FERRY_SQL_FIELDS(params, body)
};

FERRY_SQL_ENUM(UnaryOp, Negate, Not)

/// `-x`, `NOT x`. A minus directly in front of a number literal is folded into the literal by
/// the parser (`-1` is Literal "-1"); `-(1)` stays UnaryExpr(Negate, Literal "1").
class UnaryExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(UnaryExpr)
  UnaryOp op = UnaryOp::Negate;
  ExprPtr operand;
  FERRY_SQL_FIELDS(op, operand)
};

/// Binary operators, each spelling its own value (`=` vs `==`, `!=` vs `<>`, `%` vs MOD):
///   Multiply `*`, Divide `/`, Modulo `%`, ModKeyword `MOD`, IntDiv `DIV`, Plus `+`, Minus `-`,
///   Concat `||`, Equals `=`, DoubleEquals `==`, NotEquals `!=`, LessGreater `<>`, Less `<`,
///   LessOrEquals `<=`, Greater `>`, GreaterOrEquals `>=`, NullSafeEquals `<=>`, Like, NotLike,
///   ILike, NotILike, Regexp (`REGEXP`), In, NotIn, GlobalIn, GlobalNotIn, IsDistinctFrom,
///   IsNotDistinctFrom, And, Or.
FERRY_SQL_ENUM(BinaryOp, Multiply, Divide, Modulo, ModKeyword, IntDiv, Plus, Minus, Concat, Equals,
               DoubleEquals, NotEquals, LessGreater, Less, LessOrEquals, Greater, GreaterOrEquals,
               NullSafeEquals, Like, NotLike, ILike, NotILike, Regexp, In, NotIn, GlobalIn,
               GlobalNotIn, IsDistinctFrom, IsNotDistinctFrom, And, Or)

/// The SQL spelling: "+", "NOT ILIKE", "GLOBAL NOT IN", "IS NOT DISTINCT FROM", ...
std::string_view spelling(BinaryOp op);

/// `lhs op rhs`. `a AND b AND c` is left-nested BinaryExprs (no flattening).
class BinaryExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(BinaryExpr)
  BinaryOp op = BinaryOp::Plus;
  ExprPtr lhs;
  ExprPtr rhs;
  FERRY_SQL_FIELDS(op, lhs, rhs)
};

/// `expr [NOT] BETWEEN low AND high`.
class BetweenExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(BetweenExpr)
  ExprPtr expr;
  bool negated = false;
  ExprPtr low;
  ExprPtr high;
  FERRY_SQL_FIELDS(expr, negated, low, high)
};

/// `expr IS [NOT] NULL`.
class IsNullExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(IsNullExpr)
  ExprPtr expr;
  bool negated = false;
  FERRY_SQL_FIELDS(expr, negated)
};

/// `cond ? then_expr : else_expr`.
class TernaryExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(TernaryExpr)
  ExprPtr cond;
  ExprPtr then_expr;
  ExprPtr else_expr;
  FERRY_SQL_FIELDS(cond, then_expr, else_expr)
};

struct CaseBranch {
  ExprPtr when;
  ExprPtr then;
  FERRY_SQL_FIELDS(when, then)
};

/// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`.
class CaseExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(CaseExpr)
  ExprPtr operand;  ///< null for the searched form
  std::vector<CaseBranch> branches;
  ExprPtr else_expr;
  FERRY_SQL_FIELDS(operand, branches, else_expr)
};

/// As: `CAST(x AS T)`; DoubleColon: `x::T` (both use `type`). Comma: `CAST(x, 'T')`, where the
/// target is an ordinary expression (`type_arg`), usually a string literal.
FERRY_SQL_ENUM(CastStyle, As, DoubleColon, Comma)

class CastExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(CastExpr)
  CastStyle style = CastStyle::As;
  ExprPtr expr;
  std::unique_ptr<TypeExpr> type;  ///< As, DoubleColon
  ExprPtr type_arg;                ///< Comma
  /// DoubleColon with a literal operand (`[(0,0),(1,1)]::Ring`): the operand's source text.
  /// ClickHouse turns such a cast into `CAST('<that text>', 'T')`, spacing included, so the
  /// printer writes the text back when it still matches the operand (ignoring whitespace).
  /// Formatting only: cloned, not compared.
  std::string operand_spelling;
  FERRY_SQL_FIELDS(style, expr, type, type_arg)
};

FERRY_SQL_ENUM(IntervalUnit, Nanosecond, Microsecond, Millisecond, Second, Minute, Hour, Day, Week,
               Month, Quarter, Year)

/// The unit keyword the printer writes: "NANOSECOND" ... "YEAR".
std::string_view spelling(IntervalUnit unit);
/// Any spelling ClickHouse accepts for a unit keyword, case-insensitive: singular, plural,
/// SQL_TSI_ prefixed, and the short forms (NS, US, MS, S, SS, MI, N, H, HH, D, DD, WK, WW, MM,
/// M, QQ, Q, YY, YYYY). nullopt when not a unit.
std::optional<IntervalUnit> parseIntervalUnit(std::string_view word);

/// `INTERVAL value UNIT` or, without unit, `INTERVAL '1 day'`.
class IntervalExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(IntervalExpr)
  ExprPtr value;
  std::optional<IntervalUnit> unit;
  FERRY_SQL_FIELDS(value, unit)
};

/// `EXTRACT(unit FROM expr)`. (`extract(s, 're')` is a FunctionCall.)
class ExtractExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(ExtractExpr)
  IntervalUnit unit = IntervalUnit::Day;
  ExprPtr expr;
  FERRY_SQL_FIELDS(unit, expr)
};

/// `SUBSTRING(expr FROM from [FOR length])`. (The comma form is a FunctionCall.)
class SubstringExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(SubstringExpr)
  ExprPtr expr;
  ExprPtr from;
  ExprPtr length;  ///< may be null
  FERRY_SQL_FIELDS(expr, from, length)
};

FERRY_SQL_ENUM(TrimSide, None, Both, Leading, Trailing)

/// `TRIM([BOTH|LEADING|TRAILING] [chars] FROM expr)`. Plain `trim(s)` is a FunctionCall.
class TrimExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(TrimExpr)
  TrimSide side = TrimSide::None;
  ExprPtr chars;  ///< may be null
  ExprPtr expr;
  FERRY_SQL_FIELDS(side, chars, expr)
};

/// `POSITION(needle IN haystack)`. (`position(haystack, needle)` is a FunctionCall.)
class PositionExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(PositionExpr)
  ExprPtr needle;
  ExprPtr haystack;
  FERRY_SQL_FIELDS(needle, haystack)
};

/// `[a, b]`.
class ArrayExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(ArrayExpr)
  ExprList elements;
  FERRY_SQL_FIELDS(elements)
};

/// `(a, b)`, the 1-tuple `(a,)`, the empty `()`. A parenthesized single expression `(a)` is
/// not a tuple: the parser returns `a` itself.
class TupleExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(TupleExpr)
  ExprList elements;
  FERRY_SQL_FIELDS(elements)
};

struct MapEntry {
  ExprPtr key;
  ExprPtr value;
  FERRY_SQL_FIELDS(key, value)
};

/// `{k1: v1, k2: v2}`.
class MapExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(MapExpr)
  std::vector<MapEntry> entries;
  FERRY_SQL_FIELDS(entries)
};

/// `base[index]`.
class SubscriptExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(SubscriptExpr)
  ExprPtr base;
  ExprPtr index;
  FERRY_SQL_FIELDS(base, index)
};

/// `base.1` (by_index, element = "1") or `base.name` where base is not an identifier chain
/// (`t.a.b` is one Identifier; `f(x).a` and `(1, 2).1` are TupleElementExprs; `t.a.1` is
/// TupleElementExpr(Identifier t.a, "1")).
class TupleElementExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(TupleElementExpr)
  ExprPtr base;
  std::string element;
  bool by_index = false;
  FERRY_SQL_FIELDS(base, element, by_index)
};

FERRY_SQL_ENUM(JsonPathKind, Typed, Prefix, ArrayElements)

/// JSON subcolumn paths: Typed `json.a.:Int64` / ``json.a.:`Array(Nullable(Int64))` `` (type),
/// Prefix `json.^a` (name, may be dotted), ArrayElements `json.arr[]` (a path continuing after
/// `[]` is a TupleElementExpr on this node). `base` is what precedes, usually an Identifier.
class JsonPathExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(JsonPathExpr)
  ExprPtr base;
  JsonPathKind path_kind = JsonPathKind::Typed;
  std::string name;                ///< Prefix
  std::unique_ptr<TypeExpr> type;  ///< Typed
  FERRY_SQL_FIELDS(base, path_kind, name, type)
};

/// `*`, `t.*`, `db.t.*`, followed by EXCEPT / REPLACE / APPLY transformers.
class Asterisk final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(Asterisk)
  std::vector<std::string> qualifier;  ///< empty for a bare `*`
  std::vector<std::unique_ptr<ColumnTransformer>> transformers;
  FERRY_SQL_FIELDS(qualifier, transformers)
};

/// `COLUMNS('regexp')` (args = one string Literal) or `COLUMNS(a, b)`, optionally qualified
/// (`t.COLUMNS(...)`), followed by transformers.
class ColumnsMatcher final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(ColumnsMatcher)
  std::vector<std::string> qualifier;
  ExprList args;
  std::vector<std::unique_ptr<ColumnTransformer>> transformers;
  FERRY_SQL_FIELDS(qualifier, args, transformers)
};

/// `(SELECT ...)` used as a value, also the right side of IN. `bare`: a query written directly
/// as a function argument, `view(SELECT 1)` (ClickHouse rejects `view((SELECT 1))`).
class SubqueryExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(SubqueryExpr)
  QueryPtr query;
  bool bare = false;
  FERRY_SQL_FIELDS(query, bare)
};

/// `EXISTS (SELECT ...)`.
class ExistsExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(ExistsExpr)
  QueryPtr query;
  FERRY_SQL_FIELDS(query)
};

/// `expr AS name` (or `expr name` in a select list) wherever ClickHouse allows an alias:
/// select items, function arguments, tuple/array elements, operands, ARRAY JOIN lists, WITH.
class AliasExpr final : public Expr {
 public:
  FERRY_SQL_NODE_CLASS(AliasExpr)
  ExprPtr expr;
  std::string name;
  FERRY_SQL_FIELDS(expr, name)
};

FERRY_SQL_ENUM(TransformerKind, Except, Replace, Apply)

/// One transformer after `*` or COLUMNS(...):
///  - Except: `EXCEPT [STRICT] (a, b)` / `EXCEPT a` (items = Identifiers) or `EXCEPT('re')`
///    (items = one string Literal);
///  - Replace: `REPLACE [STRICT] (expr AS name, ...)` (items = AliasExprs);
///  - Apply: `APPLY(f)` / `APPLY f` (Identifier), `APPLY(quantiles(0.5))` (FunctionCall whose
///    args are the parameters), `APPLY(x -> x + 1)` (Lambda); exactly one item.
class ColumnTransformer final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(ColumnTransformer)
  TransformerKind transformer = TransformerKind::Except;
  bool strict = false;
  ExprList items;
  FERRY_SQL_FIELDS(transformer, strict, items)
};

}  // namespace ferry::sql
