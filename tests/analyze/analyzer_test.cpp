// Unit tests of the query analyzer: literal typing and naming, diagnostics (IDs, spans, hints),
// the standalone-expression entry point, the hover side table, robustness on partial trees, and
// speed on large queries. Query-level schemas are covered by golden_queries_test.cpp.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "compiler/analyze/literal_types.h"
#include "compiler/analyze/query_analyzer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "tests/analyze/test_tables.h"

using namespace ferry;

namespace {

test::TestTables sampleTables() {
  test::TestTables t;
  t.add("events", "timestamp DateTime, user_id String, event LowCardinality(String), value Nullable(Float64), tags Array(String)");
  t.add("users", "user_id String, country LowCardinality(String), created Date");
  return t;
}

struct Result {
  analyze::QueryAnalysis analysis;
  DiagnosticSink sink;
  std::unique_ptr<sql::SelectStatement> stmt;
  std::string text;

  std::string columns() const {
    std::string out;
    for (const auto& c : analysis.output) out += c.name + " " + types::toString(c.type) + "; ";
    return out;
  }
  const Diagnostic* first(DiagId id) const {
    for (const auto& d : sink.all()) {
      if (d.id == id) return &d;
    }
    return nullptr;
  }
  std::string spanText(const Diagnostic& d) const { return text.substr(d.span.begin, d.span.end - d.span.begin); }
};

std::unique_ptr<Result> analyzeSql(const std::string& sql, const analyze::AnalyzeOptions& options = {}) {
  auto r = std::make_unique<Result>();
  r->text = sql;
  r->stmt = sql::parseQuery(r->text, SourceMap(0, 0), r->sink);
  REQUIRE(r->stmt);
  r->analysis = analyze::analyzeQuery(*r->stmt, sampleTables(), r->sink, options);
  return r;
}

std::string typeOf(const std::string& expr, bool numbers = false) {
  DiagnosticSink sink;
  auto e = sql::parseExpression(expr, SourceMap(), sink);
  REQUIRE(e);
  auto t = analyze::typeStandaloneExpression(*e, sink, nullptr, numbers ? &analyze::numbersSchema() : nullptr);
  return t ? types::toString(t) : "ERROR";
}

std::string nameOf(const std::string& expr) {
  DiagnosticSink sink;
  auto e = sql::parseExpression(expr, SourceMap(), sink);
  REQUIRE(e);
  return analyze::columnName(*e);
}

}  // namespace

TEST_CASE("literals get the smallest type that holds them", "[literals]") {
  CHECK(typeOf("0") == "UInt8");
  CHECK(typeOf("255") == "UInt8");
  CHECK(typeOf("256") == "UInt16");
  CHECK(typeOf("-1") == "Int8");
  CHECK(typeOf("-128") == "Int8");
  CHECK(typeOf("-129") == "Int16");
  CHECK(typeOf("4294967296") == "UInt64");
  CHECK(typeOf("-9223372036854775808") == "Int64");
  CHECK(typeOf("18446744073709551616") == "Float64");
  CHECK(typeOf("0xFF") == "UInt8");
  CHECK(typeOf("0377") == "UInt16");  // decimal, not octal
  CHECK(typeOf("1.5") == "Float64");
  CHECK(typeOf("'x'") == "String");
  CHECK(typeOf("NULL") == "Nullable(Nothing)");
  CHECK(typeOf("true") == "Bool");
  CHECK(typeOf("number", true) == "UInt64");
  CHECK(typeOf("number") == "ERROR");
}

TEST_CASE("literals are named by their value", "[names]") {
  CHECK(analyze::formatFloatForName(1.0) == "1.");
  CHECK(analyze::formatFloatForName(1e3) == "1000.");
  CHECK(analyze::formatFloatForName(1e20) == "100000000000000000000.");
  CHECK(analyze::formatFloatForName(1e21) == "1e21");
  CHECK(analyze::formatFloatForName(1e-6) == "0.000001");
  CHECK(analyze::formatFloatForName(1e-7) == "1e-7");
  CHECK(analyze::formatFloatForName(-0.5) == "-0.5");
  CHECK(analyze::formatFloatForName(4.722366482869645e21) == "4.722366482869645e21");
  CHECK(analyze::quoteStringForName("a'b\\c") == "'a\\'b\\\\c'");
  CHECK(nameOf("0x1F") == "31");
  CHECK(nameOf("[1, 2.5]") == "[1., 2.5]");
}

TEST_CASE("expressions are named as the calls ClickHouse rewrites them to", "[names]") {
  CHECK(nameOf("a + 1") == "plus(a, 1)");
  CHECK(nameOf("a AND b AND c") == "and(a, b, c)");
  CHECK(nameOf("(a AND b) AND c") == "and(and(a, b), c)");
  CHECK(nameOf("a BETWEEN 1 AND 2") == "and(greaterOrEquals(a, 1), lessOrEquals(a, 2))");
  CHECK(nameOf("count(*)") == "count()");
  CHECK(nameOf("count(DISTINCT a)") == "countDistinct(a)");
  CHECK(nameOf("sum(a) FILTER (WHERE b)") == "sumIf(a, b)");
  CHECK(nameOf("quantile(0.5)(a)") == "quantile(0.5)(a)");
  CHECK(nameOf("CASE WHEN a THEN 'x' END") == "multiIf(a, 'x', NULL)");
  CHECK(nameOf("a::UInt8") == "CAST(a, 'UInt8')");
  CHECK(nameOf("1::UInt8") == "CAST('1', 'UInt8')");
  CHECK(nameOf("INTERVAL 1 DAY") == "toIntervalDay(1)");
  CHECK(nameOf("INTERVAL '2 hours'") == "toIntervalHour(2)");
  CHECK(nameOf("arrayMap(x -> x * 2, arr)") == "arrayMap(lambda(tuple(x), multiply(x, 2)), arr)");
  CHECK(nameOf("tuple(a)") == "(a)");
  CHECK(nameOf("DATE_ADD(DAY, 1, d)") == "plus(d, toIntervalDay(1))");
  CHECK(nameOf("dateDiff(HOUR, a, b)") == "dateDiff('hour', a, b)");
  CHECK(nameOf("sum(a) OVER (PARTITION BY b ORDER BY c)") == "sum(a) OVER (PARTITION BY b ORDER BY c ASC)");
  CHECK(nameOf("f(x AS y)") == "f(y)");
}

TEST_CASE("an unknown column is reported at its span with a hint from the columns in scope", "[diagnostics]") {
  auto r = analyzeSql("SELECT user_idd FROM events");
  CHECK_FALSE(r->analysis.ok);
  const Diagnostic* d = r->first(DiagId::SEM_UNKNOWN_COLUMN);
  REQUIRE(d);
  CHECK(r->spanText(*d) == "user_idd");
  CHECK(d->hint.find("user_id") != std::string::npos);
  REQUIRE(r->analysis.output.size() == 1);
  CHECK(r->analysis.output[0].type == nullptr);  // the column is kept, its type unknown
}

TEST_CASE("unknown tables and functions get did-you-mean hints", "[diagnostics]") {
  auto r = analyzeSql("SELECT count() FROM event");
  const Diagnostic* d = r->first(DiagId::SEM_UNKNOWN_TABLE);
  REQUIRE(d);
  CHECK(d->hint.find("events") != std::string::npos);
  auto f = analyzeSql("SELECT uniqExactt(user_id) FROM events");
  const Diagnostic* u = f->first(DiagId::SEM_UNKNOWN_FUNCTION);
  REQUIRE(u);
  CHECK(f->spanText(*u) == "uniqExactt(user_id)");
}

TEST_CASE("aggregate misuse is reported as ClickHouse's analyzer rejects it", "[aggregation]") {
  auto where = analyzeSql("SELECT user_id FROM events WHERE count() > 1");
  const Diagnostic* d = where->first(DiagId::SEM_AGGREGATE_IN_WHERE);
  REQUIRE(d);
  CHECK(where->spanText(*d) == "count()");

  auto nested = analyzeSql("SELECT sum(count()) FROM events");
  REQUIRE(nested->first(DiagId::SEM_NESTED_AGGREGATE));

  auto loose = analyzeSql("SELECT event, user_id, count() FROM events GROUP BY event");
  const Diagnostic* n = loose->first(DiagId::SEM_NOT_AN_AGGREGATE);
  REQUIRE(n);
  CHECK(loose->spanText(*n) == "user_id");

  // Keys match on resolved expressions: an alias and its expression are the same key.
  auto by_alias = analyzeSql("SELECT toDate(timestamp) AS d, count() FROM events GROUP BY d ORDER BY toDate(timestamp)");
  CHECK(by_alias->analysis.ok);
  auto by_expr = analyzeSql("SELECT toDate(timestamp), count() FROM events GROUP BY toDate(timestamp)");
  CHECK(by_expr->analysis.ok);
}

TEST_CASE("aliases are visible in every clause, and a self-reference reads the column", "[aliases]") {
  auto r = analyzeSql("SELECT value * 2 AS value, user_id AS u FROM events WHERE u != '' AND value > 1");
  CHECK(r->analysis.ok);
  CHECK(r->columns() == "value Nullable(Float64); u String; ");
  auto dup = analyzeSql("SELECT 1 AS x, 2 AS x");
  CHECK(dup->first(DiagId::SEM_DUPLICATE_ALIAS));
}

TEST_CASE("joins: USING columns, join_use_nulls = 0, qualified names", "[joins]") {
  auto r = analyzeSql(
      "SELECT * FROM events AS e LEFT JOIN users AS u USING (user_id)");
  CHECK(r->analysis.ok);
  CHECK(r->columns() ==
        "user_id String; timestamp DateTime; event LowCardinality(String); value Nullable(Float64); "
        "tags Array(String); country LowCardinality(String); created Date; ");
  auto on = analyzeSql("SELECT e.user_id, u.user_id, country FROM events AS e LEFT JOIN users AS u ON e.user_id = u.user_id");
  CHECK(on->columns() == "user_id String; u.user_id String; country LowCardinality(String); ");
}

TEST_CASE("ARRAY JOIN, lambdas, windows and subqueries are typed", "[features]") {
  auto r = analyzeSql(
      "SELECT tag, arrayMap(x -> length(x), tags) AS lens, row_number() OVER (PARTITION BY user_id ORDER BY timestamp) AS rn, "
      "(SELECT max(created) FROM users) AS newest FROM events ARRAY JOIN tags AS tag");
  CHECK(r->analysis.ok);
  CHECK(r->columns() == "tag String; lens Array(UInt64); rn UInt64; newest Nullable(Date); ");
}

TEST_CASE("an unknown table after IN gets a did-you-mean hint", "[diagnostics]") {
  auto r = analyzeSql("SELECT 1 IN user FROM events");
  const Diagnostic* d = r->first(DiagId::SEM_UNKNOWN_TABLE);
  REQUIRE(d);
  CHECK(d->hint.find("users") != std::string::npos);
}

TEST_CASE("a constant right side of IN is a set: its NULLs do not make the result Nullable", "[operators]") {
  CHECK(typeOf("1 IN NULL") == "UInt8");
  CHECK(typeOf("1 IN (1, NULL)") == "UInt8");
  CHECK(typeOf("toNullable(1) IN (NULL)") == "Nullable(UInt8)");
  CHECK(typeOf("NULL IN (1)") == "Nullable(Nothing)");
}

TEST_CASE("untuple expands a tuple into columns", "[features]") {
  auto r = analyzeSql("SELECT untuple((1, 'x')), untuple(CAST((1, 2), 'Tuple(a UInt8, b UInt16)')) AS t");
  CHECK(r->analysis.ok);
  CHECK(r->columns() == "tupleElement((1, 'x'), '1') UInt8; tupleElement((1, 'x'), '2') String; t.a UInt8; t.b UInt16; ");
  CHECK(typeOf("concat(untuple(('a', 'b')))") == "String");
  CHECK(typeOf("untuple(1)") == "ERROR");
}

TEST_CASE("a lambda of N parameters over one array of N-tuples takes the tuple elements", "[lambdas]") {
  CHECK(typeOf("arrayMap((x, y) -> (y, x), [(1, 'a')])") == "Array(Tuple(String, UInt8))");
  CHECK(typeOf("arrayFilter((x, y) -> x > 0, [(1, 'a')])") == "Array(Tuple(UInt8, String))");
  CHECK(typeOf("arrayFold((acc, x) -> acc + x.1, [(1, 2)], 0::UInt64)") == "UInt64");
}

TEST_CASE("paths into arrays of JSON objects and common virtual columns", "[identifiers]") {
  CHECK(typeOf("('{}'::JSON(a Array(JSON(b UInt32)))).a.b") == "Array(UInt32)");
  auto r = analyzeSql("SELECT _table, _database");
  CHECK(r->analysis.ok);
  CHECK(r->columns() == "_table LowCardinality(String); _database LowCardinality(String); ");
}

TEST_CASE("expression types are recorded for hover when asked", "[hover]") {
  analyze::AnalyzeOptions options;
  options.record_expression_types = true;
  auto r = analyzeSql("SELECT count() + 1 AS c FROM events", options);
  REQUIRE(r->analysis.ok);
  const auto* select = r->stmt->query->tryAs<sql::SelectQuery>();
  REQUIRE(select);
  const auto& alias = select->select[0]->as<sql::AliasExpr>();
  auto it = r->analysis.expression_types.find(alias.expr.get());
  REQUIRE(it != r->analysis.expression_types.end());
  CHECK(types::toString(it->second.type) == "UInt64");
  auto none = analyzeSql("SELECT 1");
  CHECK(none->analysis.expression_types.empty());
}

TEST_CASE("constants fold where a type depends on a value", "[constants]") {
  CHECK(typeOf("toDecimal32(1, 2)") == "Decimal(9, 2)");
  CHECK(typeOf("tupleElement((1, 'a'), 2)") == "String");
  CHECK(typeOf("CAST(NULL AS UInt8)") == "ERROR");
  CHECK(typeOf("CAST(NULL AS Nullable(UInt8))") == "Nullable(UInt8)");
  CHECK(typeOf("CAST('hello' AS IPv4)") == "ERROR");
  CHECK(typeOf("toDecimal64(CAST('abcd' AS String), 2)") == "ERROR");
  CHECK(typeOf("toDecimal64('1.5e1', 2)") == "Decimal(18, 2)");
  CHECK(typeOf("toDecimal64OrNull('abcd', 2)") == "Nullable(Decimal(18, 2))");
  // A constant DateTime64 converted to an integer too narrow for its seconds overflows.
  CHECK(typeOf("toUInt8(CAST('2024-01-02 03:04:05' AS DateTime64(3)))") == "ERROR");
  CHECK(typeOf("accurateCastOrNull(toDateTime64('2024-01-02 03:04:05', 3), 'UInt16')") == "ERROR");
  CHECK(typeOf("toUInt8(CAST('1970-01-01 00:00:05' AS DateTime64(3, 'UTC')))") == "UInt8");
  CHECK(typeOf("toInt32(CAST('2024-01-02 03:04:05' AS DateTime64(3)))") == "Int32");
  CHECK(typeOf("toYear(CAST('2024-01-02 03:04:05' AS DateTime64(3)))") == "UInt16");
}

TEST_CASE("a partial tree is analyzed without a crash", "[robustness]") {
  // Hand-built trees with missing parts, as a parser recovering from errors may leave them.
  auto stmt = std::make_unique<sql::SelectStatement>();
  auto select = std::make_unique<sql::SelectQuery>();
  select->select.push_back(nullptr);
  auto call = std::make_unique<sql::FunctionCall>();
  call->name = "plus";
  call->args.push_back(nullptr);
  select->select.push_back(std::move(call));
  auto binary = std::make_unique<sql::BinaryExpr>();
  binary->op = sql::BinaryOp::And;
  select->select.push_back(std::move(binary));
  auto cast = std::make_unique<sql::CastExpr>();
  select->select.push_back(std::move(cast));
  auto join = std::make_unique<sql::JoinExpr>();
  select->from = std::move(join);
  select->where = std::make_unique<sql::Identifier>();
  select->group_by = std::make_unique<sql::GroupByClause>();
  select->group_by->exprs.push_back(nullptr);
  stmt->query = std::move(select);
  DiagnosticSink sink;
  auto analysis = analyze::analyzeQuery(*stmt, sampleTables(), sink);
  CHECK(analysis.output.size() == 3);
  sql::SelectStatement empty;
  CHECK_FALSE(analyze::analyzeQuery(empty, sampleTables(), sink).ok);
}

TEST_CASE("deep alias chains are cut off with a diagnostic, not a crash", "[robustness]") {
  // Aliases used before they are defined resolve recursively: 20000 deep.
  std::string sql = "SELECT a0";
  for (int i = 0; i < 20000; ++i) sql += ", a" + std::to_string(i + 1) + " AS a" + std::to_string(i);
  sql += ", value AS a20000 FROM events";
  DiagnosticSink sink;
  auto stmt = sql::parseQuery(sql, SourceMap(), sink);
  REQUIRE(stmt);
  auto analysis = analyze::analyzeQuery(*stmt, sampleTables(), sink);
  CHECK_FALSE(analysis.ok);
  size_t deep = 0;
  for (const auto& d : sink.all()) deep += d.id == DiagId::SEM_TOO_DEEPLY_NESTED;
  CHECK(deep == 1);
}

TEST_CASE("large queries are analyzed in linear time", "[performance]") {
  // 3000 select items chained through aliases, and a 40-way join.
  std::string sql = "SELECT value AS a0";
  for (int i = 1; i < 3000; ++i) sql += ", a" + std::to_string(i - 1) + " + 1 AS a" + std::to_string(i);
  sql += " FROM events";
  for (int i = 0; i < 40; ++i) sql += " JOIN users AS u" + std::to_string(i) + " ON u" + std::to_string(i) + ".user_id = events.user_id";
  DiagnosticSink sink;
  auto stmt = sql::parseQuery(sql, SourceMap(), sink);
  REQUIRE(stmt);
  auto start = std::chrono::steady_clock::now();
  auto analysis = analyze::analyzeQuery(*stmt, sampleTables(), sink);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(analysis.ok);
  CHECK(analysis.output.size() == 3000);
  CHECK(seconds < 0.5);
}
