// Queries: WITH, set operations, FROM and joins, every clause of a SELECT block, the statement.
#include "tests/sqlparse/parse_fixture.h"

using namespace ferry::sql;
using ferry::sql::test::parseOk;
using ferry::sql::test::select;

TEST_CASE("WITH: expression aliases and common table expressions") {
  auto p = parseOk("WITH 1 AS x, t AS (SELECT 2), (SELECT 3) AS y, r(a, b) AS (SELECT 1, 2) SELECT x");
  const auto& with = select(*p).with;
  REQUIRE(with.size() == 4);
  CHECK(with[0]->item_kind == WithItemKind::Expr);
  CHECK(with[0]->name == "x");
  CHECK(with[0]->expr->is<Literal>());
  CHECK(with[1]->item_kind == WithItemKind::Subquery);
  CHECK(with[1]->name == "t");
  CHECK(with[2]->expr->is<SubqueryExpr>());
  CHECK(with[3]->columns == std::vector<std::string>{"a", "b"});
}

TEST_CASE("set operations: INTERSECT binds tighter, chains nest to the left") {
  auto p = parseOk("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT DISTINCT SELECT 4");
  const auto& except = p->stmt->query->as<SetQuery>();
  CHECK(except.op == SetOp::Except);
  CHECK(except.quantifier == SetQuantifier::Distinct);
  const auto& uni = except.left->as<SetQuery>();
  CHECK(uni.op == SetOp::Union);
  CHECK(uni.quantifier == SetQuantifier::All);
  CHECK(uni.right->as<SetQuery>().op == SetOp::Intersect);
  auto paren = parseOk("(SELECT 1) UNION (SELECT 2)");
  CHECK(paren.get()->stmt->query->as<SetQuery>().left->is<ParenQuery>());
}

TEST_CASE("FROM: tables, aliases, FINAL, SAMPLE, table functions, subqueries") {
  auto p = parseOk("SELECT * FROM db.t AS a FINAL SAMPLE 1/10 OFFSET 1/2");
  const auto& t = select(*p).from->as<TableRef>();
  CHECK(t.parts == std::vector<std::string>{"db", "t"});
  CHECK(t.alias == "a");
  CHECK(t.final);
  REQUIRE(t.sample.has_value());
  CHECK(t.sample->ratio->as<BinaryExpr>().op == BinaryOp::Divide);
  CHECK(t.sample->offset != nullptr);
  auto f = parseOk("SELECT * FROM numbers(10) n");
  CHECK(select(*f).from->as<TableFunctionRef>().call->name == "numbers");
  CHECK(select(*f).from->as<TableFunctionRef>().alias == "n");
  auto s = parseOk("SELECT * FROM (SELECT 1) AS s");
  CHECK(select(*s).from->as<SubqueryRef>().alias == "s");
  auto param = parseOk("SELECT * FROM {tbl:Identifier}");
  CHECK(select(*param).from->as<TableRef>().parameter->is<QueryParameter>());
  auto view = parseOk("SELECT * FROM view(SELECT 1)");
  const auto& view_arg = select(*view).from->as<TableFunctionRef>().call->args.at(0)->as<SubqueryExpr>();
  CHECK(view_arg.query->is<SelectQuery>());
  CHECK(view_arg.bare);  // ClickHouse rejects `view((SELECT 1))`
  auto view_paren = parseOk("SELECT * FROM view((SELECT 1))");
  CHECK_FALSE(select(*view_paren).from->as<TableFunctionRef>().call->args.at(0)->as<SubqueryExpr>().bare);
  auto columns = parseOk("SELECT * FROM (SELECT 1, 2) AS t(a, b) JOIN numbers(1) AS n(x) ON a = x");
  const auto& join = select(*columns).from->as<JoinExpr>();
  CHECK(join.left->as<SubqueryRef>().alias_columns == std::vector<std::string>{"a", "b"});
  CHECK(join.right->as<TableFunctionRef>().alias_columns == std::vector<std::string>{"x"});
  auto kw = parseOk("SELECT * FROM distinct");
  CHECK(select(*kw).from->as<TableRef>().parts.at(0) == "distinct");
}

TEST_CASE("joins: kinds, strictness, locality, constraints") {
  struct Case {
    const char* join;
    JoinKind kind;
    JoinStrictness strictness;
    JoinLocality locality;
  };
  for (auto c : {Case{"JOIN", JoinKind::Inner, JoinStrictness::None, JoinLocality::None},
                 Case{"LEFT OUTER JOIN", JoinKind::Left, JoinStrictness::None, JoinLocality::None},
                 Case{"ANY LEFT JOIN", JoinKind::Left, JoinStrictness::Any, JoinLocality::None},
                 Case{"LEFT ANY JOIN", JoinKind::Left, JoinStrictness::Any, JoinLocality::None},
                 Case{"GLOBAL ALL INNER JOIN", JoinKind::Inner, JoinStrictness::All, JoinLocality::Global},
                 Case{"ASOF JOIN", JoinKind::Inner, JoinStrictness::Asof, JoinLocality::None},
                 Case{"RIGHT SEMI JOIN", JoinKind::Right, JoinStrictness::Semi, JoinLocality::None},
                 Case{"LEFT ANTI JOIN", JoinKind::Left, JoinStrictness::Anti, JoinLocality::None},
                 Case{"FULL JOIN", JoinKind::Full, JoinStrictness::None, JoinLocality::None},
                 Case{"PASTE JOIN", JoinKind::Paste, JoinStrictness::None, JoinLocality::None}}) {
    auto p = parseOk(std::string("SELECT * FROM a ") + c.join + " b ON a.x = b.x");
    INFO(c.join);
    const auto& j = select(*p).from->as<JoinExpr>();
    CHECK(j.join_kind == c.kind);
    CHECK(j.strictness == c.strictness);
    CHECK(j.locality == c.locality);
    CHECK(j.on != nullptr);
  }
  auto using_ = parseOk("SELECT * FROM a JOIN b USING (x, y) CROSS JOIN c, d");
  const auto& comma = select(*using_).from->as<JoinExpr>();
  CHECK(comma.join_kind == JoinKind::Comma);
  const auto& cross = comma.left->as<JoinExpr>();
  CHECK(cross.join_kind == JoinKind::Cross);
  CHECK(cross.left->as<JoinExpr>().using_columns.size() == 2);
  auto unparen = parseOk("SELECT * FROM a JOIN b USING x");
  CHECK(select(*unparen).from->as<JoinExpr>().using_columns.size() == 1);
}

TEST_CASE("ARRAY JOIN and LEFT ARRAY JOIN") {
  auto p = parseOk("SELECT x FROM t ARRAY JOIN arr AS x, [1, 2] AS y LEFT ARRAY JOIN z");
  const auto& left = select(*p).from->as<ArrayJoinExpr>();
  CHECK(left.is_left);
  const auto& first = left.left->as<ArrayJoinExpr>();
  CHECK_FALSE(first.is_left);
  REQUIRE(first.items.size() == 2);
  CHECK(first.items[0]->as<AliasExpr>().name == "x");
  CHECK(first.left->is<TableRef>());
}

TEST_CASE("SELECT clauses in order") {
  auto p = parseOk(
      "SELECT DISTINCT ON (a) a, count() c FROM t PREWHERE x > 0 WHERE y GROUP BY a WITH ROLLUP WITH TOTALS "
      "HAVING c > 1 WINDOW w AS (PARTITION BY a) QUALIFY rank() OVER w = 1 ORDER BY a ASC NULLS FIRST COLLATE 'en' "
      "WITH FILL FROM 1 TO 10 STEP 1 STALENESS 2 INTERPOLATE (c AS c + 1) LIMIT 2 BY a LIMIT 5, 10 WITH TIES "
      "SETTINGS max_threads = 1");
  const auto& q = select(*p);
  CHECK(q.distinct);
  CHECK(q.distinct_on.size() == 1);
  CHECK(q.select.at(1)->as<AliasExpr>().name == "c");
  CHECK(q.prewhere != nullptr);
  CHECK(q.where != nullptr);
  CHECK(q.group_by->modifier == GroupByModifier::WithRollup);
  CHECK(q.with_totals);
  CHECK(q.having != nullptr);
  CHECK(q.window.at(0)->name == "w");
  CHECK(q.qualify != nullptr);
  const auto& order = *q.order_by.at(0);
  CHECK(order.direction == SortDirection::Asc);
  CHECK(order.nulls == NullsOrder::First);
  CHECK(order.collate->as<Literal>().value == "en");
  CHECK(order.with_fill);
  CHECK(order.fill_from != nullptr);
  CHECK(order.fill_to != nullptr);
  CHECK(order.fill_step != nullptr);
  CHECK(order.fill_staleness != nullptr);
  CHECK(q.interpolate);
  CHECK(q.interpolate_items.at(0)->column == "c");
  CHECK(q.limit_by->by.size() == 1);
  CHECK(q.limit->limit->as<Literal>().value == "10");
  CHECK(q.limit->offset->as<Literal>().value == "5");
  CHECK(q.limit->with_ties);
  CHECK(q.settings.at(0)->name == "max_threads");
}

TEST_CASE("GROUP BY forms") {
  CHECK(select(*parseOk("SELECT 1 GROUP BY ALL")).group_by->group_kind == GroupByKind::All);
  auto rollup = parseOk("SELECT 1 GROUP BY ROLLUP(a, b)");
  CHECK(select(*rollup).group_by->group_kind == GroupByKind::Rollup);
  CHECK(select(*rollup).group_by->exprs.size() == 2);
  CHECK(select(*parseOk("SELECT 1 GROUP BY CUBE(a)")).group_by->group_kind == GroupByKind::Cube);
  auto sets = parseOk("SELECT 1 GROUP BY GROUPING SETS ((a, b), a, ())");
  const auto& g = *select(*sets).group_by;
  CHECK(g.group_kind == GroupByKind::GroupingSets);
  REQUIRE(g.sets.size() == 3);
  CHECK(g.sets[0].size() == 2);
  CHECK(g.sets[1].size() == 1);
  CHECK(g.sets[2].empty());
  // A set written `(x)` holds x (the parentheses are the set's); `((a, b))` holds one tuple.
  auto one = parseOk("SELECT 1 GROUP BY GROUPING SETS ((a), ((a, b)), (a + 1))");
  const auto& g1 = *select(*one).group_by;
  REQUIRE(g1.sets.size() == 3);
  CHECK(g1.sets[0].at(0)->is<Identifier>());
  CHECK_FALSE(g1.sets[0].at(0)->parenthesized);
  REQUIRE(g1.sets[1].size() == 1);
  CHECK(g1.sets[1].at(0)->is<TupleExpr>());
  CHECK_FALSE(g1.sets[1].at(0)->parenthesized);
  CHECK(g1.sets[2].at(0)->is<BinaryExpr>());
  auto aliased = parseOk("SELECT sum(u) FROM t GROUP BY id % 3 AS k ORDER BY k");
  CHECK(select(*aliased).group_by->exprs.at(0)->is<AliasExpr>());
}

TEST_CASE("LIMIT, OFFSET and FETCH spellings") {
  auto a = parseOk("SELECT 1 LIMIT 10 OFFSET 5");
  CHECK(select(*a).limit->limit->as<Literal>().value == "10");
  CHECK(select(*a).limit->offset->as<Literal>().value == "5");
  auto b = parseOk("SELECT 1 ORDER BY 1 OFFSET 5 ROWS FETCH FIRST 3 ROWS ONLY");
  CHECK(select(*b).limit->limit->as<Literal>().value == "3");
  CHECK(select(*b).limit->offset->as<Literal>().value == "5");
  auto c = parseOk("SELECT 1 OFFSET 2");
  CHECK(select(*c).limit->limit == nullptr);
  auto d = parseOk("SELECT 1 LIMIT 1 OFFSET 1 BY x");
  CHECK(select(*d).limit_by->offset != nullptr);
}

TEST_CASE("statement tail: INTO OUTFILE, FORMAT, SETTINGS, ORDER BY ALL, TOP") {
  auto p = parseOk("SELECT 1 INTO OUTFILE 'f.csv' AND STDOUT APPEND COMPRESSION 'gzip' LEVEL 3 FORMAT CSV SETTINGS a = 1;");
  CHECK(p->stmt->into_outfile->file == "f.csv");
  CHECK(p->stmt->into_outfile->and_stdout);
  CHECK(p->stmt->into_outfile->append);
  CHECK(p->stmt->into_outfile->level != nullptr);
  CHECK(p->stmt->format == "CSV");
  CHECK(p->stmt->settings.size() == 1);
  CHECK(parseOk("SELECT 1 FORMAT Null")->stmt->format == "Null");
  auto all = parseOk("SELECT a FROM t ORDER BY ALL DESC");
  CHECK(select(*all).order_by.at(0)->expr == nullptr);
  CHECK(select(*all).order_by.at(0)->direction == SortDirection::Desc);
  auto top = parseOk("SELECT TOP 3 WITH TIES a FROM t");
  CHECK(select(*top).top != nullptr);
  CHECK(select(*top).top_with_ties);
  auto flag = parseOk("SELECT 1 SETTINGS force_index_by_date");
  // ClickHouse reads a setting without a value as `= true`.
  CHECK(select(*flag).settings.at(0)->value->as<Literal>().literal_kind == LiteralKind::Bool);
  CHECK(select(*flag).settings.at(0)->value->as<Literal>().value == "true");
}

TEST_CASE("EXPLAIN as a subquery") {
  auto p = parseOk("SELECT explain FROM (EXPLAIN PLAN indexes = 1 SELECT 1) WHERE explain LIKE '%x%'");
  const auto& e = select(*p).from->as<SubqueryRef>().query->as<ExplainQuery>();
  CHECK(e.explain_kind == "PLAN");
  CHECK(e.settings.at(0)->name == "indexes");
  CHECK(e.query->is<SelectQuery>());
  auto tree = parseOk("SELECT * FROM (EXPLAIN QUERY TREE SELECT 1)");
  CHECK(select(*tree).from->as<SubqueryRef>().query->as<ExplainQuery>().explain_kind == "QUERY TREE");
}

TEST_CASE("query spans cover the statement text") {
  auto p = parseOk("  SELECT a FROM t  WHERE b ;  ");
  CHECK(p->text(p->stmt->span) == "SELECT a FROM t  WHERE b");
  CHECK(p->text(select(*p).span) == "SELECT a FROM t  WHERE b");
  CHECK(p->text(select(*p).from->span) == "t");
  CHECK(p->text(select(*p).where->span) == "b");
}

TEST_CASE("LIMIT BY ALL and tables named by query parameters") {
  auto all = parseOk("SELECT k FROM t LIMIT 1 BY ALL");
  CHECK(select(*all).limit_by->by_all);
  CHECK(select(*all).limit_by->by.empty());
  auto db = parseOk("SELECT * FROM {db:Identifier}.tbl");
  const auto& ref = select(*db).from->as<TableRef>();
  CHECK(ref.database_parameter->as<QueryParameter>().name == "db");
  CHECK(ref.parts == std::vector<std::string>{"tbl"});
  auto both = parseOk("SELECT * FROM {db:Identifier}.{t:Identifier}");
  CHECK(select(*both).from->as<TableRef>().parameter->as<QueryParameter>().name == "t");
}

TEST_CASE("a WITH expression may go without a name") {
  auto p = parseOk("WITH ((SELECT 1) AS a, (SELECT 2) AS b) SELECT a, b");
  const auto& item = *select(*p).with.at(0);
  CHECK(item.name.empty());
  CHECK(item.expr->as<TupleExpr>().elements.size() == 2);
}
