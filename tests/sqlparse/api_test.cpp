// The other entry points: scripts and statement splitting, expression lists, TTL, spans
// through a SourceMap with an offset.
#include "tests/sqlparse/parse_fixture.h"

using namespace ferry::sql;

TEST_CASE("splitStatements respects strings, names, comments and heredocs") {
  std::string text = "SELECT ';' ; -- a; comment\n SELECT `;`;;/* ; */ SELECT $x$;$x$ ;  ";
  auto ranges = splitStatements(text);
  REQUIRE(ranges.size() == 3);
  CHECK(text.substr(ranges[0].first, ranges[0].second - ranges[0].first) == "SELECT ';'");
  CHECK(text.substr(ranges[1].first, ranges[1].second - ranges[1].first) == "SELECT `;`");
  CHECK(text.substr(ranges[2].first, ranges[2].second - ranges[2].first) == "SELECT $x$;$x$");
}

TEST_CASE("parseScript maps each statement's spans into the file") {
  ferry::SourceManager sm;
  std::string text = "SELECT 1;\nSELECT a +\n  FROM t;\nSELECT b FROM t";
  auto file = sm.add("script.sql", text);
  ferry::DiagnosticSink sink;
  ParseStats stats;
  auto stmts = parseScript(text, ferry::SourceMap(file, 0), sink, &stats);
  CHECK(stmts.size() == 2);
  CHECK(stats.statements == 3);
  REQUIRE(sink.all().size() == 1);
  auto lc = sm.file(file).lineCol(sink.all()[0].span.begin);
  CHECK(lc.line == 3);
  CHECK(lc.column == 3);
  const auto& last = stmts[1]->query->as<SelectQuery>();
  CHECK(sm.file(file).slice(last.select.at(0)->span) == "b");
}

TEST_CASE("spans go through the caller's SourceMap") {
  // The SQL sits at offset 100 of a larger file (e.g. a datafile's SQL node).
  std::string file_text = std::string(100, ' ') + "SELECT x + 1";
  ferry::SourceManager sm;
  auto file = sm.add("pipe.pipe", file_text);
  ferry::DiagnosticSink sink;
  auto stmt = parseQuery(std::string_view(file_text).substr(100), ferry::SourceMap(file, 100), sink);
  REQUIRE(stmt != nullptr);
  const auto& plus = stmt->query->as<SelectQuery>().select.at(0)->as<BinaryExpr>();
  CHECK(plus.span.begin == 107);
  CHECK(sm.file(file).slice(plus.span) == "x + 1");
}

TEST_CASE("expressions and expression lists") {
  ferry::DiagnosticSink sink;
  auto e = parseExpression("toStartOfHour(ts) + INTERVAL 1 HOUR", ferry::SourceMap(0, 0), sink);
  REQUIRE(e != nullptr);
  CHECK(e->as<BinaryExpr>().op == BinaryOp::Plus);
  auto list = parseExpressionList("a, toDate(b), c,", ferry::SourceMap(0, 0), sink);
  CHECK(list.size() == 3);
  CHECK(sink.all().empty());
  auto bad = parseExpressionList("a, , b", ferry::SourceMap(0, 0), sink);
  CHECK(bad.empty());
  CHECK(sink.hasErrors());
}

TEST_CASE("TTL lists") {
  ferry::DiagnosticSink sink;
  auto ttl = parseTtl(
      "ts + INTERVAL 6 MONTH WHERE client_id != 'x', d + toIntervalDay(1) DELETE, "
      "d + INTERVAL 1 MONTH TO DISK 'cold', d TO VOLUME 'v', d RECOMPRESS CODEC(ZSTD(3)), "
      "d GROUP BY a SET x = max(x)",
      ferry::SourceMap(0, 0), sink);
  INFO((sink.all().empty() ? "" : sink.all()[0].message));
  REQUIRE(ttl.size() == 6);
  CHECK(ttl[0]->action == TtlAction::None);
  CHECK(ttl[0]->where != nullptr);
  CHECK(ttl[1]->action == TtlAction::Delete);
  CHECK(ttl[2]->action == TtlAction::ToDisk);
  CHECK(ttl[2]->target->as<Literal>().value == "cold");
  CHECK(ttl[3]->action == TtlAction::ToVolume);
  CHECK(ttl[4]->action == TtlAction::Recompress);
  CHECK(ttl[4]->target->as<FunctionCall>().name == "CODEC");
  CHECK(ttl[5]->action == TtlAction::GroupBy);
  CHECK(ttl[5]->set.at(0)->column == "x");
}

TEST_CASE("checkQuerySyntax and the statistics") {
  ferry::DiagnosticSink sink;
  ParseStats stats;
  CHECK(checkQuerySyntax("SELECT 1", ferry::SourceMap(0, 0), sink, &stats));
  CHECK_FALSE(checkQuerySyntax("SELECT FROM", ferry::SourceMap(0, 0), sink, &stats));
  CHECK(stats.statements == 2);
  CHECK(stats.syntax_ok == 1);
  CHECK(stats.ll_fallbacks == 0);
}
