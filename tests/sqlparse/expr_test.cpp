// Expressions: literals, names, operator precedence, postfix forms, special syntax, calls.
#include "tests/sqlparse/parse_fixture.h"

using namespace ferry::sql;
using ferry::sql::test::expr;

namespace {

const Literal& lit(const Expr& e) { return e.as<Literal>(); }

}  // namespace

TEST_CASE("number literals keep their spelling and kind") {
  struct Case {
    const char* sql;
    LiteralKind kind;
    const char* value;
  };
  for (auto c : {Case{"42", LiteralKind::Integer, "42"}, Case{"1.5", LiteralKind::Float, "1.5"},
                 Case{"1e-5", LiteralKind::Float, "1e-5"}, Case{"0x1F", LiteralKind::Integer, "0x1F"},
                 Case{"0b101", LiteralKind::Integer, "0b101"}, Case{".5", LiteralKind::Float, ".5"},
                 Case{"1.", LiteralKind::Float, "1."}, Case{"10_000", LiteralKind::Integer, "10_000"},
                 Case{"0xbad_cafe", LiteralKind::Integer, "0xbad_cafe"},
                 Case{"0x12_34p1", LiteralKind::Float, "0x12_34p1"},
                 Case{"0b0010_0100", LiteralKind::Integer, "0b0010_0100"},
                 Case{"inf", LiteralKind::Float, "inf"}, Case{"NaN", LiteralKind::Float, "nan"},
                 Case{"-1", LiteralKind::Integer, "-1"}, Case{"- 2.5", LiteralKind::Float, "-2.5"},
                 Case{"-inf", LiteralKind::Float, "-inf"}}) {
    auto e = expr(c.sql);
    INFO(c.sql);
    REQUIRE(e.expr->is<Literal>());
    CHECK(lit(*e.expr).literal_kind == c.kind);
    CHECK(lit(*e.expr).value == c.value);
    CHECK(e.text() == c.sql);
  }
}

TEST_CASE("unary minus folds only into a bare number") {
  auto paren = expr("-(1)");
  REQUIRE(paren.expr->is<UnaryExpr>());
  CHECK(paren.expr->as<UnaryExpr>().operand->as<Literal>().value == "1");
  // ClickHouse folds the sign before postfix operators: `-1::Int8` casts the literal -1 (and
  // keeps its source text), `-x::Int8` negates the cast.
  auto cast = expr("- 1::Int8");
  REQUIRE(cast.expr->is<CastExpr>());
  CHECK(cast.expr->as<CastExpr>().expr->as<Literal>().value == "-1");
  CHECK(cast.expr->as<CastExpr>().operand_spelling == "- 1");
  auto sub = expr("-1[1]");
  REQUIRE(sub.expr->is<SubscriptExpr>());
  CHECK(sub.expr->as<SubscriptExpr>().base->as<Literal>().value == "-1");
  auto name_cast = expr("-x::Int8");
  REQUIRE(name_cast.expr->is<UnaryExpr>());
  CHECK(name_cast.expr->as<UnaryExpr>().operand->is<CastExpr>());
  auto twice_cast = expr("- -1::Int8");
  REQUIRE(twice_cast.expr->is<UnaryExpr>());
  CHECK(twice_cast.expr->as<UnaryExpr>().operand->as<CastExpr>().expr->as<Literal>().value == "-1");
  auto twice = expr("- -1");
  REQUIRE(twice.expr->is<UnaryExpr>());
  CHECK(twice.expr->as<UnaryExpr>().operand->as<Literal>().value == "-1");
}

TEST_CASE("string literals, heredocs, NULL and booleans") {
  auto s = expr(R"('a\'b''c\n\x41')");
  CHECK(lit(*s.expr).literal_kind == LiteralKind::String);
  CHECK(lit(*s.expr).value == "a'b'c\nA");
  CHECK(expr("$$x;'y$$").expr->as<Literal>().value == "x;'y");
  CHECK(expr("$tag$a $$ b$tag$").expr->as<Literal>().value == "a $$ b");
  // x'..' and b'..' spell bytes; a short first group is padded on the left.
  auto hex = expr("x'3130'");
  CHECK(lit(*hex.expr).literal_kind == LiteralKind::String);
  CHECK(lit(*hex.expr).value == "10");
  CHECK(hex.text() == "x'3130'");
  CHECK(lit(*expr("X'123'").expr).value == std::string("\x01\x23"));
  CHECK(lit(*expr("b'00110000'").expr).value == "0");
  CHECK(lit(*expr("B'1'").expr).value == std::string("\x01"));
  CHECK(lit(*expr("x''").expr).value.empty());
  CHECK(lit(*expr("NULL").expr).literal_kind == LiteralKind::Null);
  CHECK(lit(*expr("TRUE").expr).value == "true");
  CHECK(lit(*expr("false").expr).value == "false");
}

TEST_CASE("names: quoted, compound, keywords and digit-leading") {
  CHECK(expr("`a b`").expr->as<Identifier>().parts == std::vector<std::string>{"a b"});
  CHECK(expr("\"x\"\"y\"").expr->as<Identifier>().parts == std::vector<std::string>{"x\"y"});
  auto chain = expr("db.t.c");
  CHECK(chain.expr->as<Identifier>().parts == std::vector<std::string>{"db", "t", "c"});
  CHECK(chain.text() == "db.t.c");
  for (const char* word : {"date", "interval", "explain", "key", "value", "timestamp", "left", "final"}) {
    INFO(word);
    auto p = ferry::sql::test::parseOk(std::string("SELECT ") + word + " FROM t");
    CHECK(ferry::sql::test::firstItem(*p).as<Identifier>().parts.at(0) == word);
  }
  CHECK(expr("03720_data").expr->as<Identifier>().parts.at(0) == "03720_data");
}

TEST_CASE("operator precedence and associativity") {
  auto e = expr("a + b * c - d");
  const auto& minus = e.expr->as<BinaryExpr>();
  CHECK(minus.op == BinaryOp::Minus);
  const auto& plus = minus.lhs->as<BinaryExpr>();
  CHECK(plus.op == BinaryOp::Plus);
  CHECK(plus.rhs->as<BinaryExpr>().op == BinaryOp::Multiply);

  auto logic = expr("a OR b AND NOT c = 1");
  const auto& or_ = logic.expr->as<BinaryExpr>();
  CHECK(or_.op == BinaryOp::Or);
  const auto& and_ = or_.rhs->as<BinaryExpr>();
  CHECK(and_.op == BinaryOp::And);
  const auto& not_ = and_.rhs->as<UnaryExpr>();
  CHECK(not_.op == UnaryOp::Not);
  CHECK(not_.operand->as<BinaryExpr>().op == BinaryOp::Equals);

  CHECK(expr("a || b + c").expr->as<BinaryExpr>().op == BinaryOp::Concat);
  CHECK(expr("a <> b").expr->as<BinaryExpr>().op == BinaryOp::LessGreater);
  CHECK(expr("a != b").expr->as<BinaryExpr>().op == BinaryOp::NotEquals);
  CHECK(expr("a == b").expr->as<BinaryExpr>().op == BinaryOp::DoubleEquals);
  CHECK(expr("a <=> b").expr->as<BinaryExpr>().op == BinaryOp::NullSafeEquals);
  CHECK(expr("a DIV b").expr->as<BinaryExpr>().op == BinaryOp::IntDiv);
  CHECK(expr("a MOD b").expr->as<BinaryExpr>().op == BinaryOp::ModKeyword);
  CHECK(expr("a % b").expr->as<BinaryExpr>().op == BinaryOp::Modulo);

  // NOT as the right operand of an arithmetic or concat operator takes the rest up to AND/OR:
  // ClickHouse reads `1 + NOT 0 + 2` as `1 + (NOT (0 + 2))`.
  auto not_rhs = expr("1 + NOT 0 + 2 AND x");
  const auto& and2 = not_rhs.expr->as<BinaryExpr>();
  CHECK(and2.op == BinaryOp::And);
  const auto& plus2 = and2.lhs->as<BinaryExpr>();
  CHECK(plus2.op == BinaryOp::Plus);
  CHECK(plus2.rhs->as<UnaryExpr>().op == UnaryOp::Not);
  CHECK(plus2.rhs->as<UnaryExpr>().operand->as<BinaryExpr>().op == BinaryOp::Plus);
  auto not_first = expr("NOT (0) + NOT (0)");
  CHECK(not_first.expr->as<UnaryExpr>().operand->as<BinaryExpr>().rhs->is<UnaryExpr>());
  CHECK(expr("a * NOT b").expr->as<BinaryExpr>().rhs->is<UnaryExpr>());
  CHECK(expr("-NOT b").expr->as<UnaryExpr>().operand->as<UnaryExpr>().op == UnaryOp::Not);
  CHECK(expr("a || NOT b").expr->as<BinaryExpr>().rhs->is<UnaryExpr>());
}

TEST_CASE("comparison family: BETWEEN, LIKE, IN, IS NULL, IS DISTINCT FROM") {
  auto between = expr("x NOT BETWEEN 1 AND 2 AND y");
  const auto& and_ = between.expr->as<BinaryExpr>();
  REQUIRE(and_.op == BinaryOp::And);
  const auto& b = and_.lhs->as<BetweenExpr>();
  CHECK(b.negated);
  CHECK(between.parsed->text(b.span) == "x NOT BETWEEN 1 AND 2");
  CHECK(expr("s NOT ILIKE 'a%'").expr->as<BinaryExpr>().op == BinaryOp::NotILike);
  CHECK(expr("s LIKE 'a%'").expr->as<BinaryExpr>().op == BinaryOp::Like);
  CHECK(expr("s REGEXP 'a'").expr->as<BinaryExpr>().op == BinaryOp::Regexp);
  CHECK(expr("x GLOBAL NOT IN (1, 2)").expr->as<BinaryExpr>().op == BinaryOp::GlobalNotIn);
  auto in_sub = expr("x IN (SELECT 1)");
  CHECK(in_sub.expr->as<BinaryExpr>().rhs->is<SubqueryExpr>());
  auto is_null = expr("x IS NOT NULL");
  CHECK(is_null.expr->as<IsNullExpr>().negated);
  CHECK(expr("a IS NOT DISTINCT FROM b").expr->as<BinaryExpr>().op == BinaryOp::IsNotDistinctFrom);
}

// Verified against ClickHouse 26.7 (EXPLAIN AST through chDB): IS NULL and IS DISTINCT FROM
// are looser than BETWEEN, which is looser than the comparisons; a looser operator applies to
// everything before it.
TEST_CASE("comparison levels follow ClickHouse") {
  auto is_null_eq = expr("a IS NULL = 1");  // equals(isNull(a), 1)
  CHECK(is_null_eq.expr->as<BinaryExpr>().lhs->is<IsNullExpr>());
  auto eq_is_null = expr("a = 1 IS NULL");  // isNull(equals(a, 1))
  CHECK(eq_is_null.expr->as<IsNullExpr>().expr->is<BinaryExpr>());
  auto high = expr("a BETWEEN 1 AND 2 = 1");  // between(a, 1, equals(2, 1))
  REQUIRE(high.expr->is<BetweenExpr>());
  CHECK(high.expr->as<BetweenExpr>().high->as<BinaryExpr>().op == BinaryOp::Equals);
  auto low = expr("a NOT BETWEEN b LIKE c AND d");
  CHECK(low.expr->as<BetweenExpr>().low->as<BinaryExpr>().op == BinaryOp::Like);
  auto between_is_null = expr("a BETWEEN 1 AND 2 IS NULL");  // isNull(between(...))
  CHECK(between_is_null.expr->as<IsNullExpr>().expr->is<BetweenExpr>());
  auto distinct = expr("a IS NOT DISTINCT FROM b = c");  // isNotDistinctFrom(a, equals(b, c))
  REQUIRE(distinct.expr->as<BinaryExpr>().op == BinaryOp::IsNotDistinctFrom);
  CHECK(distinct.expr->as<BinaryExpr>().rhs->as<BinaryExpr>().op == BinaryOp::Equals);
  auto distinct_between = expr("a IS DISTINCT FROM b BETWEEN 1 AND 2");
  CHECK(distinct_between.expr->as<BinaryExpr>().rhs->is<BetweenExpr>());
  auto chain = expr("a IS DISTINCT FROM b IS NULL = c");  // equals(isNull(isDistinctFrom(a, b)), c)
  REQUIRE(chain.expr->as<BinaryExpr>().op == BinaryOp::Equals);
  CHECK(chain.expr->as<BinaryExpr>().lhs->as<IsNullExpr>().expr->as<BinaryExpr>().op ==
        BinaryOp::IsDistinctFrom);
  auto not_rhs = expr("a != NOT b = c AND d");  // and(notEquals(a, not(equals(b, c))), d)
  const auto& ne = not_rhs.expr->as<BinaryExpr>().lhs->as<BinaryExpr>();
  CHECK(ne.op == BinaryOp::NotEquals);
  CHECK(ne.rhs->as<UnaryExpr>().operand->as<BinaryExpr>().op == BinaryOp::Equals);
  auto null_safe = expr("a <=> b = c");  // `<=>` is a plain comparison: equals(a <=> b, c)
  CHECK(null_safe.expr->as<BinaryExpr>().lhs->as<BinaryExpr>().op == BinaryOp::NullSafeEquals);
}

TEST_CASE("written parentheses are recorded once") {
  auto one = expr("((a))");
  CHECK(one.expr->is<Identifier>());
  CHECK(one.expr->parenthesized);
  CHECK_FALSE(expr("a").expr->parenthesized);
  auto aliased = expr("(1 AS x) + 1");
  CHECK(aliased.expr->as<BinaryExpr>().lhs->is<AliasExpr>());
  CHECK(aliased.expr->as<BinaryExpr>().lhs->parenthesized);
  auto tuple = expr("(1, 2)");
  CHECK_FALSE(tuple.expr->parenthesized);
  auto subquery = expr("(SELECT 1)");
  CHECK_FALSE(subquery.expr->parenthesized);
  CHECK(expr("((SELECT 1))").expr->as<SubqueryExpr>().query->is<ParenQuery>());
  auto cast = expr("[1,2]::Array(UInt8)");
  CHECK(cast.expr->as<CastExpr>().operand_spelling == "[1,2]");
  CHECK(expr("x::UInt8").expr->as<CastExpr>().operand_spelling.empty());
}

TEST_CASE("ternary, lambda, tuple, array, map, parameters") {
  auto t = expr("a ? b : c ? d : e");
  CHECK(t.expr->as<TernaryExpr>().else_expr->is<TernaryExpr>());
  auto call = expr("arrayMap((x, y) -> x + y, a, b)");
  const auto& lambda = call.expr->as<FunctionCall>().args.at(0)->as<Lambda>();
  CHECK(lambda.params == std::vector<std::string>{"x", "y"});
  CHECK(expr("arrayMap(x -> x * 2, a)").expr->as<FunctionCall>().args.at(0)->as<Lambda>().params.size() == 1);
  CHECK(expr("(1, 'a')").expr->as<TupleExpr>().elements.size() == 2);
  CHECK(expr("(1,)").expr->as<TupleExpr>().elements.size() == 1);
  CHECK(expr("()").expr->as<TupleExpr>().elements.empty());
  auto paren = expr("(1)");
  CHECK(paren.expr->is<Literal>());
  CHECK(expr("[1, 2, 3]").expr->as<ArrayExpr>().elements.size() == 3);
  auto map = expr("{'a': 1, 'b': 2}");
  CHECK(map.expr->as<MapExpr>().entries.size() == 2);
  auto param = expr("{id:UInt64}");
  CHECK(param.expr->as<QueryParameter>().name == "id");
  CHECK(param.expr->as<QueryParameter>().type->name == "UInt64");
  auto alias_arg = expr("plus(1 AS a, a)");
  CHECK(alias_arg.expr->as<FunctionCall>().args.at(0)->as<AliasExpr>().name == "a");
}

TEST_CASE("aliases inside arguments, with and without AS") {
  auto implicit = expr("dateDiff(DAY, toDate('2019-05-05') arg_1, d arg_2)");
  const auto& args = implicit.expr->as<FunctionCall>().args;
  CHECK(args.at(1)->as<AliasExpr>().name == "arg_1");
  CHECK(implicit.parsed->text(args.at(1)->span) == "toDate('2019-05-05') arg_1");
  auto cast = expr("CAST('1234' AS lhs AS UInt32)");
  CHECK(cast.expr->as<CastExpr>().expr->as<AliasExpr>().name == "lhs");
  CHECK(cast.expr->as<CastExpr>().type->name == "UInt32");
  auto comma = expr("cast('1234' lhs, 'UInt32' rhs)");
  CHECK(comma.expr->as<CastExpr>().type_arg->as<AliasExpr>().name == "rhs");
  auto sub = expr("substring('1234' AS s FROM 2 FOR 2 AS n)");
  CHECK(sub.expr->as<SubstringExpr>().expr->as<AliasExpr>().name == "s");
  CHECK(sub.expr->as<SubstringExpr>().length->as<AliasExpr>().name == "n");
  auto trim = expr("trim(LEADING 'a' AS c FROM 'abca' s)");
  CHECK(trim.expr->as<TrimExpr>().chars->as<AliasExpr>().name == "c");
  CHECK(trim.expr->as<TrimExpr>().expr->as<AliasExpr>().name == "s");
  CHECK(expr("EXTRACT(DAY FROM d AS x)").expr->as<ExtractExpr>().expr->is<AliasExpr>());
}

TEST_CASE("postfix: subscripts, tuple elements, member access, casts") {
  auto idx = expr("t.1");
  const auto& el = idx.expr->as<TupleElementExpr>();
  CHECK(el.by_index);
  CHECK(el.element == "1");
  CHECK(el.base->as<Identifier>().parts == std::vector<std::string>{"t"});
  auto negative = expr("(1, 2).-1");
  CHECK(negative.expr->as<TupleElementExpr>().element == "-1");
  CHECK(negative.expr->as<TupleElementExpr>().by_index);
  auto two = expr("x.1.2");
  CHECK(two.expr->as<TupleElementExpr>().element == "2");
  CHECK(two.expr->as<TupleElementExpr>().base->as<TupleElementExpr>().element == "1");
  auto member = expr("(x).name");
  CHECK(member.expr->as<TupleElementExpr>().element == "name");
  CHECK_FALSE(member.expr->as<TupleElementExpr>().by_index);
  CHECK(expr("f(x).a").expr->is<TupleElementExpr>());
  auto sub = expr("arr[1][2]");
  CHECK(sub.expr->as<SubscriptExpr>().base->is<SubscriptExpr>());
  CHECK(sub.text() == "arr[1][2]");
  auto cast = expr("x::Nullable(String)");
  const auto& c = cast.expr->as<CastExpr>();
  CHECK(c.style == CastStyle::DoubleColon);
  CHECK(c.type->name == "Nullable");
  CHECK(cast.text() == "x::Nullable(String)");
}

TEST_CASE("special forms: CAST, INTERVAL, EXTRACT, SUBSTRING, TRIM, POSITION, CASE, DATE") {
  CHECK(expr("CAST(x AS UInt8)").expr->as<CastExpr>().style == CastStyle::As);
  auto comma = expr("CAST(x, 'UInt8')");
  CHECK(comma.expr->as<CastExpr>().style == CastStyle::Comma);
  CHECK(comma.expr->as<CastExpr>().type_arg->as<Literal>().value == "UInt8");
  auto iv = expr("INTERVAL 3 day");
  CHECK(iv.expr->as<IntervalExpr>().unit == IntervalUnit::Day);
  CHECK(expr("INTERVAL '1' MONTH").expr->as<IntervalExpr>().unit == IntervalUnit::Month);
  CHECK_FALSE(expr("INTERVAL '1 day'").expr->as<IntervalExpr>().unit.has_value());
  CHECK(expr("now() - INTERVAL 1 HOUR").expr->as<BinaryExpr>().rhs->is<IntervalExpr>());
  CHECK(expr("EXTRACT(YEAR FROM d)").expr->as<ExtractExpr>().unit == IntervalUnit::Year);
  CHECK(expr("extract(s, 'a+')").expr->as<FunctionCall>().args.size() == 2);
  auto substring = expr("SUBSTRING(s FROM 2 FOR 3)");
  CHECK(substring.expr->as<SubstringExpr>().length != nullptr);
  CHECK(expr("substring(s, 2, 3)").expr->as<FunctionCall>().name == "substring");
  auto trim = expr("TRIM(LEADING 'x' FROM s)");
  CHECK(trim.expr->as<TrimExpr>().side == TrimSide::Leading);
  CHECK(trim.expr->as<TrimExpr>().chars != nullptr);
  CHECK(expr("trim(s)").expr->is<FunctionCall>());
  auto pos = expr("POSITION('b' IN s)");
  CHECK(pos.expr->as<PositionExpr>().haystack->as<Identifier>().parts.at(0) == "s");
  CHECK(expr("position(s, 'b')").expr->is<FunctionCall>());
  auto searched = expr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END");
  CHECK(searched.expr->as<CaseExpr>().operand == nullptr);
  CHECK(searched.expr->as<CaseExpr>().branches.size() == 2);
  CHECK(expr("CASE x WHEN 1 THEN 'a' END").expr->as<CaseExpr>().operand != nullptr);
  CHECK(expr("DATE '2020-01-01'").expr->as<TypedLiteral>().value == "2020-01-01");
  CHECK(expr("TIMESTAMP '2020-01-01 00:00:00'").expr->as<TypedLiteral>().typed_kind == TypedLiteralKind::Timestamp);
  CHECK(expr("date(x)").expr->is<FunctionCall>());
  CHECK(expr("EXISTS(SELECT 1)").expr->is<ExistsExpr>());
}

TEST_CASE("function calls: aggregates, parameters, FILTER, NULLS, windows") {
  auto count = expr("count(*)");
  CHECK(count.expr->as<FunctionCall>().args.at(0)->is<Asterisk>());
  CHECK(expr("count(DISTINCT x)").expr->as<FunctionCall>().distinct);
  auto q = expr("quantiles(0.5, 0.9)(x)");
  const auto& quantiles = q.expr->as<FunctionCall>();
  CHECK(quantiles.has_parameters);
  CHECK(quantiles.parameters.size() == 2);
  CHECK(quantiles.args.size() == 1);
  CHECK(expr("f()(x)").expr->as<FunctionCall>().has_parameters);
  CHECK(expr("sum(x) FILTER (WHERE y > 1)").expr->as<FunctionCall>().filter != nullptr);
  CHECK(expr("any(x) IGNORE NULLS").expr->as<FunctionCall>().nulls == NullsMode::Ignore);
  CHECK(expr("rank() OVER w").expr->as<FunctionCall>().over_name == "w");
  auto win = expr("sum(x) OVER (PARTITION BY a ORDER BY b DESC ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)");
  const auto& spec = *win.expr->as<FunctionCall>().over;
  CHECK(spec.partition_by.size() == 1);
  CHECK(spec.order_by.at(0)->direction == SortDirection::Desc);
  REQUIRE(spec.frame.has_value());
  CHECK(spec.frame->between);
  CHECK(spec.frame->start.bound == FrameBoundKind::Preceding);
  CHECK(spec.frame->end.bound == FrameBoundKind::CurrentRow);
  auto unbounded = expr("sum(x) OVER (w RANGE UNBOUNDED PRECEDING)");
  CHECK(unbounded.expr->as<FunctionCall>().over->base == "w");
  CHECK(unbounded.expr->as<FunctionCall>().over->frame->units == FrameUnits::Range);
  CHECK(expr("`cast`(x, 'T')").expr->is<FunctionCall>());
  CHECK(expr("and(a, b)").expr->as<FunctionCall>().name == "and");
}

TEST_CASE("asterisks, COLUMNS and transformers") {
  auto p = ferry::sql::test::parseOk("SELECT * EXCEPT (a, b) REPLACE (x + 1 AS x) APPLY(toString), t.*, COLUMNS('^a') APPLY sum FROM t");
  const auto& items = ferry::sql::test::select(*p).select;
  const auto& star = items.at(0)->as<Asterisk>();
  REQUIRE(star.transformers.size() == 3);
  CHECK(star.transformers[0]->transformer == TransformerKind::Except);
  CHECK(star.transformers[0]->items.size() == 2);
  CHECK(star.transformers[1]->items.at(0)->as<AliasExpr>().name == "x");
  CHECK(star.transformers[2]->items.at(0)->is<Identifier>());
  CHECK(items.at(1)->as<Asterisk>().qualifier == std::vector<std::string>{"t"});
  const auto& columns = items.at(2)->as<ColumnsMatcher>();
  CHECK(columns.args.size() == 1);
  CHECK(columns.transformers.size() == 1);
  CHECK(p->text(items.at(0)->span) == "* EXCEPT (a, b) REPLACE (x + 1 AS x) APPLY(toString)");
}

TEST_CASE("expression spans are exact") {
  auto p = ferry::sql::test::parseOk("SELECT  f(a,  b) + 1 AS s , x FROM t");
  const auto& items = ferry::sql::test::select(*p).select;
  CHECK(p->text(items.at(0)->span) == "f(a,  b) + 1 AS s");
  const auto& plus = items.at(0)->as<AliasExpr>().expr->as<BinaryExpr>();
  CHECK(p->text(plus.span) == "f(a,  b) + 1");
  CHECK(p->text(plus.lhs->as<FunctionCall>().args.at(1)->span) == "b");
  CHECK(p->text(items.at(1)->span) == "x");
}

TEST_CASE("JSON subcolumn paths") {
  auto typed = expr("json.a.b.:Int64");
  const auto& t = typed.expr->as<JsonPathExpr>();
  CHECK(t.path_kind == JsonPathKind::Typed);
  CHECK(t.type->name == "Int64");
  CHECK(t.base->as<Identifier>().parts == std::vector<std::string>{"json", "a", "b"});
  auto quoted = expr("json.a.:`Array(Nullable(Int64))`");
  const auto& q = quoted.expr->as<JsonPathExpr>();
  CHECK(q.type->name == "Array");
  CHECK(q.type->args.at(0)->type->name == "Nullable");
  CHECK(quoted.parsed->text(q.type->span) == "Array(Nullable(Int64))");
  auto prefix = expr("json.^a.b");
  CHECK(prefix.expr->as<JsonPathExpr>().path_kind == JsonPathKind::Prefix);
  CHECK(prefix.expr->as<JsonPathExpr>().name == "a.b");
  auto arr = expr("arr.k1[].k2");
  const auto& element = arr.expr->as<TupleElementExpr>();
  CHECK(element.element == "k2");
  CHECK(element.base->as<JsonPathExpr>().path_kind == JsonPathKind::ArrayElements);
}

TEST_CASE("qualified COLUMNS and APPLY with a bare lambda") {
  auto p = ferry::sql::test::parseOk("SELECT t.COLUMNS('^a') APPLY toString, * APPLY x -> toUInt64(x) FROM t");
  const auto& items = ferry::sql::test::select(*p).select;
  const auto& columns = items.at(0)->as<ColumnsMatcher>();
  CHECK(columns.qualifier == std::vector<std::string>{"t"});
  CHECK(columns.transformers.size() == 1);
  const auto& apply = *items.at(1)->as<Asterisk>().transformers.at(0);
  CHECK(apply.items.at(0)->as<Lambda>().params == std::vector<std::string>{"x"});
  CHECK(ferry::sql::test::parse("SELECT x.f(1)")->stmt == nullptr);
}
