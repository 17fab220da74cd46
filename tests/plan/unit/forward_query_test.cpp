// Forward queries: generation (clickhouse.md §3.3/§3.6 conversions, added/dropped columns,
// rename hints, identity) and the checks of a user-written FORWARD_QUERY.
//
// Every generated query is also parsed again and analyzed over the live schema: its output must
// be exactly the new schema (names and types). tests/plan/oracle runs the same in ClickHouse.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/live_table.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/types/type_parser.h"

using namespace ferry;
using plan::ColumnSpec;
using plan::MappingKind;

namespace {

ColumnSpec spec(std::string name, std::string_view type, std::string default_expr = {}) {
  auto parsed = types::parseTypeName(type);
  REQUIRE(parsed.ok());
  return {std::move(name), parsed.type, std::move(default_expr)};
}

/// The generated query parses, prints back to itself, and its output over the live columns is
/// exactly `next` (names and types).
void requireRunsToNewSchema(const plan::GeneratedForwardQuery& generated, const std::vector<ColumnSpec>& live,
                            const std::vector<ColumnSpec>& next) {
  INFO(generated.sql);
  DiagnosticSink sink;
  auto stmt = sql::parseQuery(generated.sql, SourceMap(), sink);
  REQUIRE(stmt);
  REQUIRE_FALSE(sink.hasErrors());
  CHECK(sql::printStatement(*stmt, sql::PrintOptions{true, 4}) == generated.sql);
  plan::LiveTable table(plan::schemaOf(live));
  auto analysis = plan::analyzeOverLive(*stmt, table, "live", sink);
  for (const auto& d : sink.all()) INFO(d.message);
  REQUIRE(analysis.ok);
  REQUIRE(analysis.output.size() == next.size());
  for (size_t i = 0; i < next.size(); ++i) {
    CHECK(analysis.output[i].name == next[i].name);
    REQUIRE(analysis.output[i].type);
    CHECK(types::toString(analysis.output[i].type) == types::toString(next[i].type));
  }
}

struct ConversionRow {
  const char* from;
  const char* to;
  MappingKind kind;
  const char* expression;  ///< the select item of column `c`
};

/// One conversion of column `c` next to a kept column `k`.
plan::GeneratedForwardQuery convert(const ConversionRow& row) {
  std::vector<ColumnSpec> live = {spec("k", "UInt64"), spec("c", row.from)};
  std::vector<ColumnSpec> next = {spec("k", "UInt64"), spec("c", row.to)};
  auto generated = plan::generateForwardQuery(live, next);
  requireRunsToNewSchema(generated, live, next);
  return generated;
}

}  // namespace

TEST_CASE("forward query: clickhouse.md §3.3 conversions map to CAST, recommendations or impossible", "[forward_query]") {
  const std::vector<ConversionRow> rows = {
      // Integer widening that keeps or gains signedness correctly.
      {"UInt8", "UInt16", MappingKind::Cast, "CAST(c, 'UInt16') AS c"},
      {"Int8", "Int32", MappingKind::Cast, "CAST(c, 'Int32') AS c"},
      {"UInt32", "Int64", MappingKind::Cast, "CAST(c, 'Int64') AS c"},
      // Narrowing and sign changes wrap silently: accurateCastOrDefault.
      {"UInt64", "Int64", MappingKind::Recommended, "accurateCastOrDefault(c, 'Int64') AS c"},
      {"Int64", "Int32", MappingKind::Recommended, "accurateCastOrDefault(c, 'Int32') AS c"},
      {"Int32", "UInt32", MappingKind::Recommended, "accurateCastOrDefault(c, 'UInt32') AS c"},
      // Integers into floats: lossless up to the mantissa, rounding beyond (CAST, confirmed).
      {"Int16", "Float32", MappingKind::Cast, "CAST(c, 'Float32') AS c"},
      {"Int32", "Float64", MappingKind::Cast, "CAST(c, 'Float64') AS c"},
      {"Int64", "Float64", MappingKind::Recommended, "CAST(c, 'Float64') AS c"},
      {"Float32", "Float64", MappingKind::Cast, "CAST(c, 'Float64') AS c"},
      {"Float64", "Float32", MappingKind::Recommended, "CAST(c, 'Float32') AS c"},
      {"Float64", "Int64", MappingKind::Recommended, "accurateCastOrDefault(trunc(c), 'Int64') AS c"},
      // Decimals.
      {"Decimal(9, 2)", "Decimal(18, 4)", MappingKind::Cast, "CAST(c, 'Decimal(18, 4)') AS c"},
      {"Decimal(18, 4)", "Decimal(9, 2)", MappingKind::Recommended, "accurateCastOrDefault(c, 'Decimal(9, 2)') AS c"},
      {"Int32", "Decimal(18, 2)", MappingKind::Cast, "CAST(c, 'Decimal(18, 2)') AS c"},
      // Nullable.
      {"Int32", "Nullable(Int32)", MappingKind::Cast, "CAST(c, 'Nullable(Int32)') AS c"},
      {"Nullable(Int32)", "Int32", MappingKind::Recommended, "ifNull(c, defaultValueOfTypeName('Int32')) AS c"},
      {"Nullable(String)", "String", MappingKind::Recommended, "ifNull(c, '') AS c"},
      {"Nullable(String)", "UUID", MappingKind::Recommended, "accurateCastOrDefault(c, 'UUID') AS c"},
      {"Nullable(String)", "Nullable(UUID)", MappingKind::Recommended, "accurateCastOrNull(c, 'UUID') AS c"},
      {"Nullable(Float64)", "Nullable(Float32)", MappingKind::Recommended, "CAST(c, 'Nullable(Float32)') AS c"},
      // LowCardinality both ways; functions over LowCardinality keep it, so the type is named.
      {"String", "LowCardinality(String)", MappingKind::Cast, "CAST(c, 'LowCardinality(String)') AS c"},
      {"LowCardinality(String)", "String", MappingKind::Cast, "CAST(c, 'String') AS c"},
      {"LowCardinality(Nullable(String))", "String", MappingKind::Recommended, "CAST(ifNull(c, ''), 'String') AS c"},
      {"LowCardinality(String)", "UUID", MappingKind::Recommended,
       "CAST(accurateCastOrDefault(c, 'UUID'), 'UUID') AS c"},
      // FixedString.
      {"FixedString(4)", "String", MappingKind::Cast, "CAST(c, 'String') AS c"},
      {"String", "FixedString(4)", MappingKind::Recommended, "accurateCastOrDefault(c, 'FixedString(4)') AS c"},
      // Dates and times.
      {"Date", "Date32", MappingKind::Cast, "CAST(c, 'Date32') AS c"},
      {"Date", "DateTime64(3)", MappingKind::Cast, "CAST(c, 'DateTime64(3)') AS c"},
      {"DateTime", "DateTime64(3)", MappingKind::Cast, "CAST(c, 'DateTime64(3)') AS c"},
      {"DateTime64(3)", "DateTime", MappingKind::Recommended, "accurateCastOrDefault(c, 'DateTime') AS c"},
      {"DateTime('UTC')", "DateTime('Asia/Tokyo')", MappingKind::Cast, "CAST(c, 'DateTime(\\'Asia/Tokyo\\')') AS c"},
      {"DateTime", "Date", MappingKind::Recommended, "accurateCastOrDefault(c, 'Date') AS c"},
      // To and from String.
      {"UInt64", "String", MappingKind::Cast, "CAST(c, 'String') AS c"},
      {"Date", "String", MappingKind::Cast, "CAST(c, 'String') AS c"},
      {"String", "UUID", MappingKind::Recommended, "accurateCastOrDefault(c, 'UUID') AS c"},
      {"String", "UInt32", MappingKind::Recommended, "accurateCastOrDefault(c, 'UInt32') AS c"},
      {"String", "Float64", MappingKind::Recommended, "accurateCastOrDefault(c, 'Float64') AS c"},
      {"String", "Date", MappingKind::Recommended, "accurateCastOrDefault(c, 'Date') AS c"},
      {"String", "IPv4", MappingKind::Recommended, "accurateCastOrDefault(c, 'IPv4') AS c"},
      // Enums: accurateCast throws on unknown elements, so values are filtered first.
      {"Enum8('a' = 1, 'b' = 2)", "Enum16('a' = 1, 'b' = 2)", MappingKind::Cast,
       "CAST(c, 'Enum16(\\'a\\' = 1, \\'b\\' = 2)') AS c"},
      {"Enum8('a' = 1)", "Enum8('a' = 1, 'b' = 2)", MappingKind::Cast, "CAST(c, 'Enum8(\\'a\\' = 1, \\'b\\' = 2)') AS c"},
      {"Enum8('a' = 1, 'b' = 2)", "String", MappingKind::Cast, "CAST(c, 'String') AS c"},
      {"String", "Enum8('a' = 1, 'b' = 2)", MappingKind::Recommended,
       "CAST(if(c IN ('a', 'b'), c, 'a'), 'Enum8(\\'a\\' = 1, \\'b\\' = 2)') AS c"},
      {"Enum8('a' = 1, 'b' = 2)", "Enum8('a' = 1)", MappingKind::Recommended,
       "CAST(if(CAST(c, 'String') IN ('a'), CAST(c, 'String'), 'a'), 'Enum8(\\'a\\' = 1)') AS c"},
      // Composite types element by element.
      {"Array(UInt8)", "Array(UInt64)", MappingKind::Cast, "CAST(c, 'Array(UInt64)') AS c"},
      {"Array(Int64)", "Array(Int32)", MappingKind::Recommended, "arrayMap(x -> accurateCastOrDefault(x, 'Int32'), c) AS c"},
      {"Map(String, UInt8)", "Map(String, UInt64)", MappingKind::Cast, "CAST(c, 'Map(String, UInt64)') AS c"},
      {"Map(String, Int64)", "Map(String, UInt8)", MappingKind::Recommended,
       "mapApply((k, v) -> (k, accurateCastOrDefault(v, 'UInt8')), c) AS c"},
      {"Tuple(UInt8, String)", "Tuple(UInt64, LowCardinality(String))", MappingKind::Cast,
       "CAST(c, 'Tuple(UInt64, LowCardinality(String))') AS c"},
      {"Tuple(Int64, String)", "Tuple(Int32, String)", MappingKind::Recommended,
       "tuple(accurateCastOrDefault(tupleElement(c, 1), 'Int32'), tupleElement(c, 2)) AS c"},
      // Aggregate states: only casts ClickHouse accepts; sum/min/max/any are restated.
      {"AggregateFunction(count, UInt16)", "AggregateFunction(count, UInt64)", MappingKind::Cast,
       "CAST(c, 'AggregateFunction(count, UInt64)') AS c"},
      {"AggregateFunction(uniq, String)", "AggregateFunction(uniq, LowCardinality(String))", MappingKind::Cast,
       "CAST(c, 'AggregateFunction(uniq, LowCardinality(String))') AS c"},
      {"AggregateFunction(sum, UInt16)", "AggregateFunction(sum, UInt64)", MappingKind::Recommended,
       "initializeAggregation('sumState', finalizeAggregation(c)) AS c"},
      {"AggregateFunction(max, UInt16)", "AggregateFunction(max, UInt64)", MappingKind::Recommended,
       "initializeAggregation('maxState', CAST(finalizeAggregation(c), 'UInt64')) AS c"},
      {"AggregateFunction(uniq, UInt16)", "AggregateFunction(uniq, UInt64)", MappingKind::Impossible,
       "defaultValueOfTypeName('AggregateFunction(uniq, UInt64)') AS c"},
      {"AggregateFunction(avg, UInt16)", "AggregateFunction(avg, UInt64)", MappingKind::Impossible,
       "defaultValueOfTypeName('AggregateFunction(avg, UInt64)') AS c"},
      {"SimpleAggregateFunction(sum, UInt64)", "SimpleAggregateFunction(sum, UInt128)", MappingKind::Cast,
       "CAST(c, 'SimpleAggregateFunction(sum, UInt128)') AS c"},
      {"SimpleAggregateFunction(max, UInt64)", "SimpleAggregateFunction(max, UInt32)", MappingKind::Recommended,
       "CAST(accurateCastOrDefault(c, 'UInt32'), 'SimpleAggregateFunction(max, UInt32)') AS c"},
      // No conversion at all.
      {"Array(UInt8)", "UInt8", MappingKind::Impossible, "defaultValueOfTypeName('UInt8') AS c"},
  };
  for (const auto& row : rows) {
    INFO(row.from << " -> " << row.to);
    auto generated = convert(row);
    REQUIRE(generated.columns.size() == 2);
    CHECK(generated.columns[0].kind == MappingKind::Keep);
    const auto& c = generated.columns[1];
    CHECK(c.kind == row.kind);
    CHECK(c.expression == row.expression);
    CHECK(generated.needs_confirmation == (row.kind == MappingKind::Recommended));
    CHECK(generated.impossible == (row.kind == MappingKind::Impossible));
    CHECK_FALSE(generated.identity);
    if (row.kind == MappingKind::Recommended || row.kind == MappingKind::Impossible) CHECK_FALSE(c.reason.empty());
    if (row.kind == MappingKind::Impossible && std::string(row.from).rfind("Aggregate", 0) == 0) {
      CHECK(c.reason.find("re-aggregate through the MV query or write an explicit FORWARD_QUERY") != std::string::npos);
    }
  }
}

TEST_CASE("forward query: the seed's examples", "[forward_query]") {
  SECTION("String -> UUID is a recommendation with accurateCastOrDefault") {
    std::vector<ColumnSpec> live = {spec("timestamp", "DateTime"), spec("session_id", "String"), spec("action", "String"),
                                    spec("version", "String"), spec("payload", "String")};
    auto next = live;
    next[1] = spec("session_id", "UUID");
    auto generated = plan::generateForwardQuery(live, next);
    requireRunsToNewSchema(generated, live, next);
    CHECK(generated.needs_confirmation);
    CHECK_FALSE(generated.impossible);
    CHECK(generated.sql ==
          "SELECT\n    timestamp,\n    accurateCastOrDefault(session_id, 'UUID') AS session_id,\n    action,\n"
          "    version,\n    payload");
    CHECK(generated.columns[1].conversion == types::ConversionKind::Fallible);
  }
  SECTION("AggregateFunction(count, UInt16) -> AggregateFunction(count, UInt64) is a plain CAST") {
    std::vector<ColumnSpec> live = {spec("date", "Date"), spec("page_url", "String"),
                                    spec("visits", "AggregateFunction(count, UInt16)")};
    auto next = live;
    next[2] = spec("visits", "AggregateFunction(count, UInt64)");
    auto generated = plan::generateForwardQuery(live, next);
    requireRunsToNewSchema(generated, live, next);
    CHECK_FALSE(generated.needs_confirmation);
    CHECK(generated.sql == "SELECT\n    date,\n    page_url,\n    CAST(visits, 'AggregateFunction(count, UInt64)') AS visits");
  }
}

TEST_CASE("forward query: identity is SELECT *", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("ts", "DateTime"), spec("id", "String")};
  auto generated = plan::generateForwardQuery(live, live);
  CHECK(generated.identity);
  CHECK(generated.sql == "SELECT *");
  CHECK_FALSE(generated.needs_confirmation);
  REQUIRE(generated.columns.size() == 2);
  CHECK(generated.columns[0].kind == MappingKind::Keep);

  SECTION("a different order is not identity") {
    std::vector<ColumnSpec> next = {live[1], live[0]};
    auto reordered = plan::generateForwardQuery(live, next);
    CHECK_FALSE(reordered.identity);
    CHECK(reordered.sql == "SELECT\n    id,\n    ts");
    requireRunsToNewSchema(reordered, live, next);
  }
  SECTION("columns whose types do not parse are left out of both sides") {
    std::vector<ColumnSpec> with_bad = live;
    with_bad.push_back({"broken", nullptr, {}});
    CHECK(plan::generateForwardQuery(live, with_bad).identity);
  }
}

TEST_CASE("forward query: added columns take their DEFAULT or the type's default", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("ts", "DateTime"), spec("n", "UInt32")};
  std::vector<ColumnSpec> next = {spec("ts", "DateTime"),
                                  spec("n", "UInt64"),
                                  spec("plain", "String"),
                                  spec("seven", "UInt32", "7"),
                                  spec("day", "Date", "toDate(ts)"),
                                  spec("label", "LowCardinality(String)", "'none'"),
                                  spec("orphan", "String", "upper(nowhere)"),
                                  spec("double", "UInt64", "n * 2")};
  auto generated = plan::generateForwardQuery(live, next);
  requireRunsToNewSchema(generated, live, next);
  CHECK_FALSE(generated.needs_confirmation);
  REQUIRE(generated.columns.size() == next.size());
  auto item = [&](size_t i) { return generated.columns[i].expression; };
  CHECK(generated.columns[2].kind == MappingKind::Added);
  CHECK(item(2) == "defaultValueOfTypeName('String') AS plain");
  CHECK(item(3) == "CAST(7, 'UInt32') AS seven");  // 7 is a UInt8 literal
  CHECK(item(4) == "toDate(ts) AS day");
  CHECK(item(5) == "CAST('none', 'LowCardinality(String)') AS label");
  CHECK(item(6) == "defaultValueOfTypeName('String') AS orphan");
  CHECK(generated.columns[6].reason.find("cannot be computed from the live columns") != std::string::npos);
  // `n` in the DEFAULT reads the new (UInt64) `n`, an alias of the same query.
  CHECK(item(7) == "n * 2 AS double");
}

TEST_CASE("forward query: dropped columns and rename hints", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("ts", "DateTime"), spec("user", "String"), spec("score", "Float64"),
                                  spec("gone", "UInt8")};
  std::vector<ColumnSpec> next = {spec("ts", "DateTime"), spec("user_id", "String"), spec("points", "Float64"),
                                  spec("other", "String")};
  auto generated = plan::generateForwardQuery(live, next);
  requireRunsToNewSchema(generated, live, next);
  REQUIRE(generated.columns.size() == 7);
  for (size_t i = 4; i < 7; ++i) {
    CHECK(generated.columns[i].kind == MappingKind::Dropped);
    CHECK(generated.columns[i].expression.empty());
    CHECK_FALSE(generated.columns[i].reason.empty());
  }
  CHECK(generated.columns[4].column == "user");
  CHECK(generated.columns[6].column == "gone");
  // Each removed column pairs with the first added column of its type; `gone` has none.
  using Hint = std::pair<std::string, std::string>;
  CHECK(generated.rename_hints == std::vector<Hint>{{"user", "user_id"}, {"score", "points"}});
}

TEST_CASE("forward query: names are quoted only where needed", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("my col", "UInt8"), spec("select", "String")};
  std::vector<ColumnSpec> next = {spec("my col", "UInt16"), spec("select", "String"), spec("from", "Date", "today()")};
  auto generated = plan::generateForwardQuery(live, next);
  requireRunsToNewSchema(generated, live, next);
  CHECK(generated.columns[0].expression == "CAST(`my col`, 'UInt16') AS `my col`");
}

// ---- checkForwardQuery ------------------------------------------------------------------------

namespace {

/// A datasource resource whose FORWARD_QUERY is `sql`, placed in a file after a prefix so that
/// spans are file offsets.
struct ForwardQueryFixture {
  SourceManager sources;
  project::Resource resource;
  std::string text;
  uint32_t base = 0;

  explicit ForwardQueryFixture(const std::string& sql) {
    text = "SCHEMA >\n    `a` String\n\nFORWARD_QUERY >\n    ";
    base = static_cast<uint32_t>(text.size());
    text += sql + "\n";
    FileId file = sources.add("events.datasource", text);
    resource.name = "events";
    resource.kind = project::ResourceKind::Datasource;
    project::SqlSource source;
    source.rendered = sql;
    source.map = SourceMap(file, base);
    DiagnosticSink sink;
    source.statement = sql::parseQuery(sql, source.map, sink);
    REQUIRE_FALSE(sink.hasErrors());
    resource.forward_query = std::move(source);
  }

  std::string at(const Span& span) const { return text.substr(span.begin, span.end - span.begin); }
};

const Diagnostic* find(const DiagnosticSink& sink, DiagId id) {
  for (const auto& d : sink.all())
    if (d.id == id) return &d;
  return nullptr;
}

size_t countOf(const DiagnosticSink& sink, DiagId id) {
  size_t n = 0;
  for (const auto& d : sink.all()) n += d.id == id;
  return n;
}

}  // namespace

TEST_CASE("checkForwardQuery: a correct query types to the new schema", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("timestamp", "DateTime"), spec("session_id", "String"), spec("action", "String")};
  std::vector<ColumnSpec> next = {spec("timestamp", "DateTime"), spec("session_id", "UUID"), spec("action", "String")};
  ForwardQueryFixture fx("SELECT timestamp, CAST(session_id, 'UUID') as session_id, action");
  DiagnosticSink sink;
  auto check = plan::checkForwardQuery(fx.resource, live, next, sink);
  CHECK(sink.all().empty());
  CHECK(check.ok);
  REQUIRE(check.output);
  REQUIRE(check.output->size() == 3);
  CHECK(types::toString((*check.output)[1].type) == "UUID");
  CHECK(check.sql == "SELECT\n    timestamp,\n    CAST(session_id, 'UUID') AS session_id,\n    action");
}

TEST_CASE("checkForwardQuery: only a column selection", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("a", "String"), spec("arr", "Array(String)")};
  std::vector<ColumnSpec> next = {spec("a", "String"), spec("arr", "Array(String)")};
  struct Row {
    const char* sql;
    const char* clause;  ///< what the message names
    const char* span;    ///< the text under the diagnostic
  };
  const std::vector<Row> rows = {
      {"SELECT a, arr FROM events", "FROM", "events"},
      {"SELECT a, arr WHERE a != ''", "WHERE", "a != ''"},
      {"SELECT a, any(arr) AS arr GROUP BY a", "GROUP BY", "a"},
      {"SELECT a, arr ORDER BY a", "ORDER BY", "a"},
      {"SELECT a, arr LIMIT 10", "LIMIT", "10"},
      {"WITH 1 AS one SELECT a, arr", "WITH", "1 AS one"},
      {"SELECT a, arr UNION ALL SELECT a, arr", "UNION", "SELECT a, arr UNION ALL SELECT a, arr"},
      {"SELECT a, [x] AS arr FROM events ARRAY JOIN arr AS x", "ARRAY JOIN", "events ARRAY JOIN arr AS x"},
      {"SELECT a, arr FROM events AS e JOIN other USING (a)", "JOIN", "events AS e JOIN other USING (a)"},
  };
  for (const auto& row : rows) {
    INFO(row.sql);
    ForwardQueryFixture fx(row.sql);
    DiagnosticSink sink;
    auto check = plan::checkForwardQuery(fx.resource, live, next, sink);
    CHECK_FALSE(check.ok);
    const auto* d = find(sink, DiagId::PLAN_FORWARD_QUERY_FORM);
    REQUIRE(d);
    CHECK(d->message.find(row.clause) != std::string::npos);
    CHECK(fx.at(d->span).find(row.span) != std::string::npos);
  }
}

TEST_CASE("checkForwardQuery: the query must run over the live schema", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("a", "String")};
  std::vector<ColumnSpec> next = {spec("a", "String"), spec("b", "UInt8")};
  ForwardQueryFixture fx("SELECT a, missing AS b");
  DiagnosticSink sink;
  auto check = plan::checkForwardQuery(fx.resource, live, next, sink);
  CHECK_FALSE(check.ok);
  const auto* d = find(sink, DiagId::PLAN_FORWARD_QUERY_INVALID);
  REQUIRE(d);
  CHECK(d->message.find("SEM_UNKNOWN_COLUMN") != std::string::npos);
  CHECK(fx.at(d->span) == "missing");
}

TEST_CASE("checkForwardQuery: the output must be the new schema", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("a", "String"), spec("n", "UInt32"), spec("x", "Int64")};
  std::vector<ColumnSpec> next = {spec("a", "String"), spec("n", "UInt64"), spec("x", "Int32")};

  SECTION("a missing column") {
    ForwardQueryFixture fx("SELECT a, CAST(n, 'UInt64') AS n");
    DiagnosticSink sink;
    CHECK_FALSE(plan::checkForwardQuery(fx.resource, live, next, sink).ok);
    const auto* d = find(sink, DiagId::PLAN_FORWARD_QUERY_MISMATCH);
    REQUIRE(d);
    CHECK(d->message.find("no column `x`") != std::string::npos);
  }
  SECTION("an extra column") {
    ForwardQueryFixture fx("SELECT a, CAST(n, 'UInt64') AS n, CAST(x, 'Int32') AS x, 1 AS extra");
    DiagnosticSink sink;
    CHECK_FALSE(plan::checkForwardQuery(fx.resource, live, next, sink).ok);
    const auto* d = find(sink, DiagId::PLAN_FORWARD_QUERY_MISMATCH);
    REQUIRE(d);
    CHECK(d->message.find("`extra`") != std::string::npos);
    CHECK(fx.at(d->span) == "1 AS extra");
  }
  SECTION("a type that converts with loss is an error; a lossless one a warning") {
    ForwardQueryFixture fx("SELECT a, n, x");
    DiagnosticSink sink;
    auto check = plan::checkForwardQuery(fx.resource, live, next, sink);
    CHECK_FALSE(check.ok);
    REQUIRE(countOf(sink, DiagId::PLAN_FORWARD_QUERY_MISMATCH) == 2);
    for (const auto& d : sink.all()) {
      if (fx.at(d.span) == "n") CHECK(d.severity == Severity::Warning);
      if (fx.at(d.span) == "x") CHECK(d.severity == Severity::Error);
    }
  }
  SECTION("columns in another order") {
    ForwardQueryFixture fx("SELECT CAST(n, 'UInt64') AS n, a, CAST(x, 'Int32') AS x");
    DiagnosticSink sink;
    CHECK_FALSE(plan::checkForwardQuery(fx.resource, live, next, sink).ok);
    const auto* d = find(sink, DiagId::PLAN_FORWARD_QUERY_MISMATCH);
    REQUIRE(d);
    CHECK(d->message.find("by position") != std::string::npos);
  }
  SECTION("SELECT * where the schema did not change is fine") {
    ForwardQueryFixture fx("SELECT *");
    DiagnosticSink sink;
    CHECK(plan::checkForwardQuery(fx.resource, live, live, sink).ok);
    CHECK(sink.all().empty());
  }
}

TEST_CASE("checkForwardQuery: constants written over live values are a warning", "[forward_query]") {
  std::vector<ColumnSpec> live = {spec("ts", "DateTime"), spec("b", "String"), spec("n", "UInt8")};
  std::vector<ColumnSpec> next = {spec("ts", "DateTime"), spec("b", "String"), spec("n", "UInt8"), spec("added", "String")};
  struct Row {
    const char* sql;
    size_t warnings;
  };
  const std::vector<Row> rows = {
      {"SELECT ts, defaultValueOfTypeName('String') AS b, n, '' AS added", 1},  // `added` is new: no warning
      {"SELECT now() AS ts, 'x' AS b, n, '' AS added", 2},
      {"SELECT * REPLACE (0 AS n), '' AS added", 1},
      {"SELECT ts, upper(b) AS b, arrayMap(x -> x, [n])[1] AS n, '' AS added", 0},
      {"SELECT ts, b, length(arrayMap(x -> x + 1, [1, 2])) AS n, '' AS added", 1},  // lambda params are not columns
  };
  for (const auto& row : rows) {
    INFO(row.sql);
    ForwardQueryFixture fx(row.sql);
    DiagnosticSink sink;
    plan::checkForwardQuery(fx.resource, live, next, sink);
    CHECK(countOf(sink, DiagId::PLAN_FORWARD_QUERY_OVERWRITES) == row.warnings);
    for (const auto& d : sink.all())
      if (d.id == DiagId::PLAN_FORWARD_QUERY_OVERWRITES) CHECK(d.severity == Severity::Warning);
  }
}

TEST_CASE("columnSpecs: parsed types and canonical defaults", "[forward_query]") {
  datafile::Column a, b;
  a.name.text = "a";
  b.name.text = "b";
  project::Resource r;
  r.name = "ds";
  r.kind = project::ResourceKind::Datasource;
  DiagnosticSink sink;
  project::ColumnSyntax ca;
  ca.column = &a;
  ca.type = sql::parseType("Nullable(BIGINT)", SourceMap(), sink);
  project::ColumnSyntax cb;
  cb.column = &b;
  cb.type = sql::parseType("UInt8", SourceMap(), sink);
  cb.default_expr = sql::parseExpression("1+2", SourceMap(), sink);
  REQUIRE_FALSE(sink.hasErrors());
  r.columns.push_back(std::move(ca));
  r.columns.push_back(std::move(cb));
  auto specs = plan::columnSpecs(r);
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].name == "a");
  REQUIRE(specs[0].type);
  CHECK(types::toString(specs[0].type) == "Nullable(Int64)");
  CHECK(specs[0].default_expr.empty());
  CHECK(specs[1].default_expr == "1 + 2");
}
