// Printer on hand-built trees: exact canonical text, especially parenthesization.
#include <catch2/catch.hpp>

#include "compiler/sql/lexical.h"
#include "compiler/sql/printer.h"
#include "tests/sql/tree_builder.h"

using namespace ferry::sql;
using namespace ferry::sql::test;

namespace {
std::string p(const ExprPtr& e) { return printExpr(*e); }
}  // namespace

TEST_CASE("literals print their value, strings are re-escaped", "[printer]") {
  CHECK(p(num("0xFF")) == "0xFF");
  CHECK(p(flt("1e-3")) == "1e-3");
  CHECK(p(num("-1")) == "-1");
  CHECK(p(str("it's")) == "'it\\'s'");
  CHECK(p(str("a\\b\n\t")) == "'a\\\\b\\n\\t'");
  CHECK(p(str(std::string("\x01z", 2))) == "'\\x01z'");
  CHECK(p(null()) == "NULL");
  CHECK(p(boolean(true)) == "true");
}

TEST_CASE("identifiers are quoted only when needed", "[printer]") {
  CHECK(p(id("a")) == "a");
  CHECK(p(id("db", "t", "c")) == "db.t.c");
  CHECK(p(id("my col")) == "`my col`");
  CHECK(p(id("1abc")) == "`1abc`");
  CHECK(p(id("from")) == "`from`");
  CHECK(p(id("date")) == "date");
  CHECK(p(id("a`b")) == "`a\\`b`");
}

TEST_CASE("binary operators: minimal parentheses by precedence and associativity", "[printer]") {
  using B = BinaryOp;
  CHECK(p(bin(B::Minus, id("a"), bin(B::Minus, id("b"), id("c")))) == "a - (b - c)");
  CHECK(p(bin(B::Minus, bin(B::Minus, id("a"), id("b")), id("c"))) == "a - b - c");
  CHECK(p(bin(B::Multiply, bin(B::Plus, id("a"), id("b")), id("c"))) == "(a + b) * c");
  CHECK(p(bin(B::Plus, id("a"), bin(B::Multiply, id("b"), id("c")))) == "a + b * c");
  CHECK(p(bin(B::And, id("a"), bin(B::Or, id("b"), id("c")))) == "a AND (b OR c)");
  CHECK(p(bin(B::Or, bin(B::And, id("a"), id("b")), id("c"))) == "a AND b OR c");
  CHECK(p(bin(B::And, id("a"), bin(B::And, id("b"), id("c")))) == "a AND (b AND c)");
  CHECK(p(bin(B::Equals, bin(B::Equals, id("a"), id("b")), id("c"))) == "a = b = c");
  CHECK(p(bin(B::Equals, id("a"), bin(B::Equals, id("b"), id("c")))) == "a = (b = c)");
  CHECK(p(bin(B::Less, bin(B::Plus, id("a"), num("1")), id("b"))) == "a + 1 < b");
  CHECK(p(bin(B::Concat, id("a"), bin(B::Plus, id("b"), num("1")))) == "a || b + 1");
  CHECK(p(bin(B::GlobalNotIn, id("x"), tuple(num("1"), num("2")))) == "x GLOBAL NOT IN (1, 2)");
  CHECK(p(bin(B::LessGreater, id("a"), id("b"))) == "a <> b");
  CHECK(p(bin(B::IntDiv, id("a"), id("b"))) == "a DIV b");
  CHECK(p(bin(B::IsNotDistinctFrom, id("a"), null())) == "a IS NOT DISTINCT FROM NULL");
}

TEST_CASE("unary operators never print a comment or fold into a literal", "[printer]") {
  CHECK(p(neg(num("-1"))) == "- -1");
  CHECK(p(neg(num("1"))) == "-(1)");
  CHECK(p(neg(neg(id("x")))) == "- -x");
  CHECK(p(neg(id("x"))) == "-x");
  CHECK(p(bin(BinaryOp::Minus, id("a"), num("-1"))) == "a - -1");
  CHECK(p(bin(BinaryOp::Multiply, neg(id("a")), id("b"))) == "-a * b");
  CHECK(p(neg(bin(BinaryOp::Multiply, id("a"), id("b")))) == "-(a * b)");
  CHECK(p(notE(bin(BinaryOp::And, id("a"), id("b")))) == "NOT (a AND b)");
  CHECK(p(notE(bin(BinaryOp::Equals, id("a"), id("b")))) == "NOT a = b");
  CHECK(p(notE(id("a"))) == "NOT a");
  CHECK(p(notE(notE(id("a")))) == "NOT NOT a");
  CHECK(p(bin(BinaryOp::And, notE(id("a")), id("b"))) == "NOT a AND b");
  CHECK(p(bin(BinaryOp::Equals, notE(id("a")), id("b"))) == "(NOT a) = b");
}

TEST_CASE("casts, postfix operators and negative literals", "[printer]") {
  // ClickHouse folds the sign into the number before `::` and `[]`: `-1::Int8` casts -1.
  CHECK(p(cast(CastStyle::DoubleColon, num("-1"), type("Int8"))) == "-1::Int8");
  CHECK(p(cast(CastStyle::DoubleColon, neg(id("x")), type("Int8"))) == "(-x)::Int8");
  CHECK(p(cast(CastStyle::DoubleColon, bin(BinaryOp::Plus, id("a"), id("b")), type("Int8"))) ==
        "(a + b)::Int8");
  CHECK(p(neg(cast(CastStyle::DoubleColon, num("1"), type("Int8")))) == "-(1::Int8)");
  CHECK(p(neg(cast(CastStyle::DoubleColon, id("x"), type("Int8")))) == "-x::Int8");
  CHECK(p(neg(cast(CastStyle::DoubleColon, num("-1"), type("Int8")))) == "- -1::Int8");
  CHECK(p(cast(CastStyle::As, id("x"), type("Nullable", arg(type("String"))))) ==
        "CAST(x AS Nullable(String))");
  auto comma = make<CastExpr>();
  comma->style = CastStyle::Comma;
  comma->expr = id("x");
  comma->type_arg = str("UInt8");
  CHECK(printExpr(*comma) == "CAST(x, 'UInt8')");

  auto te = make<TupleElementExpr>();
  te->base = num("-1");
  te->element = "1";
  te->by_index = true;
  CHECK(printExpr(*te) == "(-1).1");
  auto by_name = make<TupleElementExpr>();
  by_name->base = id("t");
  by_name->element = "name";
  CHECK(printExpr(*by_name) == "(t).name");
  auto sub = make<SubscriptExpr>();
  sub->base = bin(BinaryOp::Plus, id("a"), id("b"));
  sub->index = num("1");
  CHECK(printExpr(*sub) == "(a + b)[1]");
}

TEST_CASE("tuples, arrays, maps and aliases", "[printer]") {
  CHECK(p(tuple(id("x"))) == "(x,)");
  CHECK(p(tuple()) == "()");
  CHECK(p(tuple(num("1"), num("2"))) == "(1, 2)");
  CHECK(p(array(num("1"), alias(id("a"), "b"))) == "[1, a AS b]");
  CHECK(p(bin(BinaryOp::Plus, alias(id("a"), "b"), num("1"))) == "(a AS b) + 1");
  CHECK(p(call("tuple", num("1"), num("2"))) == "tuple(1, 2)");
  CHECK(p(call("array", num("1"))) == "array(1)");
  CHECK(p(call("plus", id("a"), id("b"))) == "plus(a, b)");
  CHECK(p(call("not", id("a"))) == "`not`(a)");
  auto m = make<MapExpr>();
  m->entries.push_back(MapEntry{str("k"), num("1")});
  CHECK(printExpr(*m) == "{'k': 1}");
}

TEST_CASE("lambdas, ternaries, BETWEEN and IS NULL", "[printer]") {
  auto l = make<Lambda>();
  l->params = {"x"};
  l->body = bin(BinaryOp::Plus, id("x"), num("1"));
  auto f = call("arrayMap", std::move(l), id("arr"));
  CHECK(printExpr(*f) == "arrayMap(x -> x + 1, arr)");

  auto l2 = make<Lambda>();
  l2->params = {"a", "b"};
  l2->body = id("a");
  CHECK(printExpr(*l2) == "(a, b) -> a");
  CHECK(printExpr(*bin(BinaryOp::Plus, std::move(l2), num("1"))) == "((a, b) -> a) + 1");

  auto t = make<TernaryExpr>();
  t->cond = bin(BinaryOp::Greater, id("a"), num("1"));
  t->then_expr = str("x");
  auto inner = make<TernaryExpr>();
  inner->cond = id("b");
  inner->then_expr = num("1");
  inner->else_expr = num("2");
  t->else_expr = std::move(inner);
  CHECK(printExpr(*t) == "a > 1 ? 'x' : (b ? 1 : 2)");
  t->cond = std::move(t->else_expr);
  t->else_expr = num("0");
  CHECK(printExpr(*t) == "(b ? 1 : 2) ? 'x' : 0");
  t->then_expr = std::move(t->cond);
  t->cond = id("c");
  CHECK(printExpr(*t) == "c ? (b ? 1 : 2) : 0");

  auto bt = make<BetweenExpr>();
  bt->expr = id("x");
  bt->negated = true;
  bt->low = num("1");
  bt->high = bin(BinaryOp::And, id("a"), id("b"));
  CHECK(printExpr(*bt) == "x NOT BETWEEN 1 AND (a AND b)");

  auto isn = make<IsNullExpr>();
  isn->expr = bin(BinaryOp::Equals, id("a"), id("b"));
  CHECK(printExpr(*isn) == "a = b IS NULL");
  // ClickHouse (and the grammar) read `a IS NULL = 1` as `(a IS NULL) = 1`.
  auto isn2 = make<IsNullExpr>();
  isn2->expr = id("a");
  CHECK(printExpr(*bin(BinaryOp::Equals, std::move(isn2), num("1"))) == "a IS NULL = 1");
  // A BETWEEN bound takes a comparison: `a BETWEEN 1 AND 2 = 1` has the bound `2 = 1`.
  auto bt2 = make<BetweenExpr>();
  bt2->expr = id("a");
  bt2->low = num("1");
  bt2->high = num("2");
  CHECK(printExpr(*bin(BinaryOp::Equals, std::move(bt2), num("1"))) == "(a BETWEEN 1 AND 2) = 1");
  auto bt3 = make<BetweenExpr>();
  bt3->expr = id("a");
  bt3->low = bin(BinaryOp::Less, id("b"), id("c"));
  bt3->high = bin(BinaryOp::Equals, num("2"), num("1"));
  CHECK(printExpr(*bt3) == "a BETWEEN b < c AND 2 = 1");
  // IS DISTINCT FROM is looser than BETWEEN and the comparisons, as tight as IS NULL.
  auto bt4 = make<BetweenExpr>();
  bt4->expr = id("b");
  bt4->low = num("1");
  bt4->high = num("2");
  auto dist = bin(BinaryOp::IsDistinctFrom, id("a"), std::move(bt4));
  CHECK(printExpr(*dist) == "a IS DISTINCT FROM b BETWEEN 1 AND 2");
  CHECK(printExpr(*bin(BinaryOp::Equals, std::move(dist), id("c"))) ==
        "(a IS DISTINCT FROM b BETWEEN 1 AND 2) = c");
  auto isn3 = make<IsNullExpr>();
  isn3->expr = id("b");
  CHECK(printExpr(*bin(BinaryOp::IsNotDistinctFrom, id("a"), std::move(isn3))) ==
        "a IS NOT DISTINCT FROM (b IS NULL)");
}

TEST_CASE("special forms", "[printer]") {
  auto iv = make<IntervalExpr>();
  iv->value = num("1");
  iv->unit = IntervalUnit::Day;
  CHECK(printExpr(*iv) == "INTERVAL 1 DAY");
  auto iv2 = make<IntervalExpr>();
  iv2->value = str("1 day");
  CHECK(printExpr(*iv2) == "INTERVAL '1 day'");
  auto ex = make<ExtractExpr>();
  ex->unit = IntervalUnit::Month;
  ex->expr = id("d");
  CHECK(printExpr(*ex) == "EXTRACT(MONTH FROM d)");
  auto tr = make<TrimExpr>();
  tr->side = TrimSide::Leading;
  tr->chars = str("x");
  tr->expr = id("s");
  CHECK(printExpr(*tr) == "TRIM(LEADING 'x' FROM s)");
  auto pos = make<PositionExpr>();
  pos->needle = str("a");
  pos->haystack = id("s");
  CHECK(printExpr(*pos) == "POSITION('a' IN s)");
  auto tl = make<TypedLiteral>();
  tl->value = "2020-01-01";
  CHECK(printExpr(*tl) == "DATE '2020-01-01'");
  auto qp = make<QueryParameter>();
  qp->name = "id";
  qp->type = type("UInt64");
  CHECK(printExpr(*qp) == "{id:UInt64}");

  auto q = call("quantile", id("x"));
  q->has_parameters = true;
  q->parameters = list(flt("0.9"));
  q->filter = bin(BinaryOp::Greater, id("x"), num("0"));
  CHECK(printExpr(*q) == "quantile(0.9)(x) FILTER (WHERE x > 0)");

  auto w = call("row_number");
  w->over = make<WindowSpec>();
  w->over->partition_by = list(id("a"));
  w->over->order_by.push_back(order(id("b"), SortDirection::Desc));
  w->over->frame.emplace();
  w->over->frame->between = true;
  w->over->frame->start.bound = FrameBoundKind::UnboundedPreceding;
  w->over->frame->end.bound = FrameBoundKind::CurrentRow;
  CHECK(printExpr(*w) ==
        "row_number() OVER (PARTITION BY a ORDER BY b DESC ROWS BETWEEN UNBOUNDED PRECEDING AND "
        "CURRENT ROW)");

  auto star = make<Asterisk>();
  star->qualifier = {"t"};
  auto except = make<ColumnTransformer>();
  except->items = list(id("a"), id("b"));
  star->transformers.push_back(std::move(except));
  auto apply = make<ColumnTransformer>();
  apply->transformer = TransformerKind::Apply;
  apply->items = list(id("toString"));
  star->transformers.push_back(std::move(apply));
  CHECK(printExpr(*star) == "t.* EXCEPT (a, b) APPLY(toString)");
}

TEST_CASE("types", "[printer]") {
  auto enum_type = type("Enum8");
  auto e1 = make<TypeArg>();
  e1->arg_kind = TypeArgKind::NamedValue;
  e1->key = str("a");
  e1->value = num("1");
  enum_type->args.push_back(std::move(e1));
  CHECK(printType(*enum_type) == "Enum8('a' = 1)");

  auto agg = type("AggregateFunction", arg(type("quantiles", valueArg(flt("0.5")), valueArg(flt("0.9")))),
                  arg(type("UInt64")));
  CHECK(printType(*agg) == "AggregateFunction(quantiles(0.5, 0.9), UInt64)");

  auto json = type("JSON");
  auto path_arg = make<TypeArg>();
  path_arg->arg_kind = TypeArgKind::NamedType;
  path_arg->name = "a.b";
  path_arg->type = type("UInt32");
  json->args.push_back(std::move(path_arg));
  auto skip = make<TypeArg>();
  skip->arg_kind = TypeArgKind::Skip;
  skip->name = "c";
  json->args.push_back(std::move(skip));
  CHECK(printType(*json) == "JSON(a.b UInt32, SKIP c)");

  auto empty_tuple = type("Tuple");
  empty_tuple->empty_parens = true;
  CHECK(printType(*empty_tuple) == "Tuple()");
  CHECK(printType(*type("DOUBLE PRECISION")) == "DOUBLE PRECISION");
}

TEST_CASE("queries: clauses in order, set operations, joins", "[printer]") {
  auto q = select(id("a"), alias(call("count"), "c"));
  auto join = make<JoinExpr>();
  join->left = table("t1", "x");
  join->right = table("t2");
  join->join_kind = JoinKind::Left;
  join->strictness = JoinStrictness::Any;
  join->using_columns = list(id("k"));
  q->from = std::move(join);
  q->where = bin(BinaryOp::Greater, id("a"), num("1"));
  q->group_by = make<GroupByClause>();
  q->group_by->exprs = list(id("a"));
  q->with_totals = true;
  q->order_by.push_back(order(id("c"), SortDirection::Desc));
  q->limit = make<LimitClause>();
  q->limit->limit = num("10");
  auto setting = make<SettingItem>();
  setting->name = "max_threads";
  setting->value = num("1");
  q->settings.push_back(std::move(setting));
  CHECK(printQuery(*q) ==
        "SELECT a, count() AS c FROM t1 AS x ANY LEFT JOIN t2 USING (k) WHERE a > 1 GROUP BY a WITH "
        "TOTALS ORDER BY c DESC LIMIT 10 SETTINGS max_threads = 1");

  PrintOptions pretty;
  pretty.pretty = true;
  CHECK(printQuery(*q, pretty) ==
        "SELECT\n    a,\n    count() AS c\nFROM t1 AS x\nANY LEFT JOIN t2 USING (k)\nWHERE a > 1\n"
        "GROUP BY a\nWITH TOTALS\nORDER BY c DESC\nLIMIT 10\nSETTINGS max_threads = 1");

  // a UNION ALL (b UNION ALL c) needs parentheses; (a UNION b) INTERSECT c too.
  auto right_nested = setOp(SetOp::Union, SetQuantifier::All, select(num("1")),
                            setOp(SetOp::Union, SetQuantifier::All, select(num("2")), select(num("3"))));
  CHECK(printQuery(*right_nested) == "SELECT 1 UNION ALL (SELECT 2 UNION ALL SELECT 3)");
  auto mixed = setOp(SetOp::Intersect, SetQuantifier::None,
                     setOp(SetOp::Union, SetQuantifier::Distinct, select(num("1")), select(num("2"))),
                     select(num("3")));
  CHECK(printQuery(*mixed) == "(SELECT 1 UNION DISTINCT SELECT 2) INTERSECT SELECT 3");
  auto left_nested = setOp(SetOp::Except, SetQuantifier::None,
                           setOp(SetOp::Union, SetQuantifier::All, select(num("1")), select(num("2"))),
                           select(num("3")));
  CHECK(printQuery(*left_nested) == "SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3");

  auto in_sub = select(id("x"));
  in_sub->where = bin(BinaryOp::In, id("x"), subquery(select(num("1"))));
  CHECK(printQuery(*in_sub) == "SELECT x WHERE x IN (SELECT 1)");
}

TEST_CASE("ARRAY JOIN without FROM, WITH items, statements", "[printer]") {
  auto q = select(id("x"));
  auto aj = make<ArrayJoinExpr>();
  aj->items = list(alias(array(num("1"), num("2")), "x"));
  q->from = std::move(aj);
  auto cte = make<WithItem>();
  cte->item_kind = WithItemKind::Subquery;
  cte->name = "s";
  cte->query = select(num("1"));
  q->with.push_back(std::move(cte));
  auto w = make<WithItem>();
  w->expr = num("5");
  w->name = "five";
  q->with.push_back(std::move(w));
  auto stmt = make<SelectStatement>();
  stmt->query = std::move(q);
  stmt->format = "JSONEachRow";
  CHECK(printStatement(*stmt) ==
        "WITH s AS (SELECT 1), 5 AS five SELECT x ARRAY JOIN [1, 2] AS x FORMAT JSONEachRow");
}

TEST_CASE("lexical helpers invert each other", "[printer][lexical]") {
  for (std::string s : {std::string("plain"), std::string("it's"), std::string("back\\slash"),
                        std::string("nl\nx\t\r"), std::string("\x01\x7f", 2), std::string("\0z", 2),
                        std::string("ünï"), std::string("\xAA\xC3"), std::string("\xED\xA0\x80")}) {
    auto back = unquoteString(quoteString(s));
    REQUIRE(back.has_value());
    CHECK(*back == s);
  }
  CHECK(quoteString("\xAA\xC3(ü") == "'\\xAA\\xC3(ü'");
  CHECK(unquoteString("'a''b'") == std::optional<std::string>("a'b"));
  CHECK(unquoteString("'\\x41\\q'") == std::optional<std::string>("A\\q"));
  // ClickHouse keeps the backslash of unknown escapes (LIKE patterns, regexps).
  CHECK(unquoteString("'100\\%'") == std::optional<std::string>("100\\%"));
  CHECK(unquoteString("'\\d+\\.'") == std::optional<std::string>("\\d+\\."));
  CHECK(unquoteString("'a\\/b\\`c\\\"d\\\\e'") == std::optional<std::string>("a/b`c\"d\\e"));
  CHECK(unquoteString("'x\\Ny'") == std::optional<std::string>("xy"));
  CHECK(unquoteString("'a\\=b'") == std::optional<std::string>("a=b"));
  CHECK(quoteString("\\d") == "'\\\\d'");
  CHECK_FALSE(unquoteString("'abc").has_value());
  CHECK(unquoteIdentifier("`a``b`") == std::optional<std::string>("a`b"));
  CHECK(unquoteIdentifier("\"x y\"") == std::optional<std::string>("x y"));
  CHECK(unquoteIdentifier(formatIdentifier("we`ird name")) == std::optional<std::string>("we`ird name"));
  CHECK(parseIntervalUnit("days") == IntervalUnit::Day);
  CHECK(parseIntervalUnit("SQL_TSI_MONTH") == IntervalUnit::Month);
  CHECK(parseIntervalUnit("hh") == IntervalUnit::Hour);
  CHECK_FALSE(parseIntervalUnit("fortnight").has_value());
}

TEST_CASE("TTL elements", "[printer][ttl]") {
  std::vector<std::unique_ptr<TtlElement>> ttl;
  auto plus_interval = [] {
    auto iv = make<IntervalExpr>();
    iv->value = num("6");
    iv->unit = IntervalUnit::Month;
    return bin(BinaryOp::Plus, id("ts"), std::move(iv));
  };
  auto e1 = make<TtlElement>();
  e1->expr = plus_interval();
  e1->where = bin(BinaryOp::NotEquals, id("client_id"), str("x"));
  ttl.push_back(std::move(e1));
  auto e2 = make<TtlElement>();
  e2->expr = plus_interval();
  e2->action = TtlAction::ToDisk;
  e2->target = str("cold");
  ttl.push_back(std::move(e2));
  auto e3 = make<TtlElement>();
  e3->expr = plus_interval();
  e3->action = TtlAction::Recompress;
  e3->target = call("CODEC", call("ZSTD", num("3")));
  ttl.push_back(std::move(e3));
  auto e4 = make<TtlElement>();
  e4->expr = plus_interval();
  e4->action = TtlAction::GroupBy;
  e4->group_by = list(id("a"));
  auto set = make<Assignment>();
  set->column = "x";
  set->expr = call("max", id("x"));
  e4->set.push_back(std::move(set));
  ttl.push_back(std::move(e4));
  CHECK(printTtl(ttl) ==
        "ts + INTERVAL 6 MONTH WHERE client_id != 'x', ts + INTERVAL 6 MONTH TO DISK 'cold', "
        "ts + INTERVAL 6 MONTH RECOMPRESS CODEC(ZSTD(3)), ts + INTERVAL 6 MONTH GROUP BY a SET x = max(x)");
  CHECK(printNode(*ttl[1]) == "ts + INTERVAL 6 MONTH TO DISK 'cold'");
}

TEST_CASE("JSON paths, LIMIT BY ALL, parameterized tables", "[printer]") {
  auto typed = make<JsonPathExpr>();
  typed->base = id("json", "a");
  typed->type = type("Int64");
  CHECK(printExpr(*typed) == "json.a.:Int64");
  auto typed2 = make<JsonPathExpr>();
  typed2->base = id("json", "a");
  typed2->type = type("Array", arg(type("Nullable", arg(type("Int64")))));
  CHECK(printExpr(*typed2) == "json.a.:`Array(Nullable(Int64))`");
  auto prefix = make<JsonPathExpr>();
  prefix->path_kind = JsonPathKind::Prefix;
  prefix->base = id("json");
  prefix->name = "a.b";
  CHECK(printExpr(*prefix) == "json.^a.b");
  auto elements = make<JsonPathExpr>();
  elements->path_kind = JsonPathKind::ArrayElements;
  elements->base = id("arr", "k1");
  auto then = make<TupleElementExpr>();
  then->base = std::move(elements);
  then->element = "k2";
  CHECK(printExpr(*then) == "arr.k1[].k2");

  auto q = select(id("a"));
  auto t = table("tbl");
  auto db = make<QueryParameter>();
  db->name = "db";
  db->type = type("Identifier");
  t->database_parameter = std::move(db);
  q->from = std::move(t);
  q->limit_by = make<LimitByClause>();
  q->limit_by->limit = num("1");
  q->limit_by->by_all = true;
  CHECK(printQuery(*q) == "SELECT a FROM {db:Identifier}.tbl LIMIT 1 BY ALL");
  auto q2 = select(id("a"));
  auto sub = make<SubqueryRef>();
  sub->query = select(num("1"), num("2"));
  sub->alias = "t";
  sub->alias_columns = {"a", "b"};
  q2->from = std::move(sub);
  CHECK(printQuery(*q2) == "SELECT a FROM (SELECT 1, 2) AS t(a, b)");
}

TEST_CASE("written parentheses are printed back, once", "[printer]") {
  auto e = bin(BinaryOp::Equals, id("a"), id("b"));
  e->parenthesized = true;
  auto w = select(num("1"));
  w->where = std::move(e);
  CHECK(printQuery(*w) == "SELECT 1 WHERE (a = b)");
  auto x = id("x");
  x->parenthesized = true;
  CHECK(printExpr(*call("uniq", std::move(x))) == "uniq((x))");
  // Parenthesized and needing parentheses: still one pair.
  auto sum = bin(BinaryOp::Plus, id("a"), id("b"));
  sum->parenthesized = true;
  CHECK(printExpr(*bin(BinaryOp::Multiply, std::move(sum), id("c"))) == "(a + b) * c");
}

TEST_CASE("forms ClickHouse reads differently", "[printer]") {
  // A query argument written bare stays bare: ClickHouse rejects view((SELECT 1)).
  auto bare = make<SubqueryExpr>();
  bare->query = select(num("1"));
  bare->bare = true;
  CHECK(printExpr(*call("view", std::move(bare))) == "view(SELECT 1)");
  // SEMI without a direction: never `SEMI INNER JOIN`.
  auto q = select(make<Asterisk>());
  auto j = make<JoinExpr>();
  j->left = table("a");
  j->right = table("b");
  j->strictness = JoinStrictness::Semi;
  j->using_columns = list(id("k"));
  q->from = std::move(j);
  CHECK(printQuery(*q) == "SELECT * FROM a SEMI JOIN b USING (k)");
  // A JSON path named skip is quoted (SKIP starts a skip clause).
  auto json = type("JSON");
  auto named = make<TypeArg>();
  named->arg_kind = TypeArgKind::NamedType;
  named->name = "skip";
  named->type = type("String");
  json->args.push_back(std::move(named));
  CHECK(printType(*json) == "JSON(`skip` String)");
  // `SELECT * EXCEPT SELECT 1` would read `* EXCEPT` as a transformer.
  auto except = setOp(SetOp::Except, SetQuantifier::None, select(make<Asterisk>()), select(num("1")));
  CHECK(printQuery(*except) == "SELECT (*) EXCEPT SELECT 1");
  auto with_from = select(make<Asterisk>());
  with_from->from = table("t");
  auto except2 = setOp(SetOp::Except, SetQuantifier::None, std::move(with_from), select(make<Asterisk>()));
  CHECK(printQuery(*except2) == "SELECT * FROM t EXCEPT SELECT *");
  auto paren = make<ParenQuery>();
  paren->inner = select(make<Asterisk>());
  auto except3 = setOp(SetOp::Except, SetQuantifier::None, std::move(paren), select(num("1")));
  CHECK(printQuery(*except3) == "(SELECT *) EXCEPT SELECT 1");
  // An IN argument of a function named position keeps its parentheses; aliases do not need any.
  CHECK(p(call("position", bin(BinaryOp::In, id("a"), id("b")), alias(str("x"), "y"))) ==
        "position((a IN b), 'x' AS y)");
}

TEST_CASE("a literal cast keeps its source spelling while it still matches", "[printer]") {
  auto c = cast(CastStyle::DoubleColon, array(tuple(num("0"), num("0")), tuple(num("1"), num("1"))),
                type("Ring"));
  c->as<CastExpr>().operand_spelling = "[(0,0),(1,1)]";
  CHECK(printExpr(*c) == "[(0,0),(1,1)]::Ring");
  // Stale after a rewrite: the canonical form wins.
  c->as<CastExpr>().expr->as<ArrayExpr>().elements.pop_back();
  CHECK(printExpr(*c) == "[(0, 0)]::Ring");
  auto copy = clone(*c);
  CHECK(copy->as<CastExpr>().operand_spelling == "[(0,0),(1,1)]");
}
