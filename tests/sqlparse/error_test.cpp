// Syntax errors: one diagnostic with an exact position and a readable message; never a crash
// or an exception, whatever the input.
#include <random>

#include "tests/sqlparse/parse_fixture.h"

using namespace ferry::sql;
using ferry::sql::test::parse;

namespace {

struct Error {
  ferry::DiagId id;
  uint32_t line;
  uint32_t column;
  std::string message;
};

Error firstError(const std::string& sql) {
  auto p = parse(sql);
  INFO(sql);
  REQUIRE(p->stmt == nullptr);
  REQUIRE(p->sink.errorCount() >= 1);
  const auto& d = p->sink.all().front();
  auto lc = p->sources.file(p->file).lineCol(d.span.begin);
  return {d.id, lc.line, lc.column, d.message};
}

}  // namespace

TEST_CASE("an unexpected token is reported at its line and column") {
  auto e = firstError("SELECT a,\n  b c d FROM t");
  CHECK(e.id == ferry::DiagId::SQL_SYNTAX_ERROR);
  CHECK(e.line == 2);
  CHECK(e.column == 7);
  CHECK(e.message.find("unexpected 'd'") == 0);
  auto k = firstError("SELECT a FROM t WHERE ORDER BY a");
  // ORDER can name a column, so the parser only stops at BY.
  CHECK(k.column == 29);
  CHECK(k.message.find("unexpected 'BY'") == 0);
}

TEST_CASE("a missing operand asks for an expression") {
  auto e = firstError("SELECT 1 + FROM t");
  CHECK(e.id == ferry::DiagId::SQL_SYNTAX_ERROR);
  CHECK(e.column == 12);
  CHECK(e.message == "unexpected 'FROM', expected an expression");
}

TEST_CASE("truncated input is reported at its end") {
  auto e = firstError("SELECT f(a, b");
  CHECK(e.id == ferry::DiagId::SQL_SYNTAX_ERROR);
  CHECK(e.column == 14);
  CHECK(e.message.find("unexpected end of input") == 0);
  auto p = parse("SELECT (SELECT 1");
  CHECK(p->stmt == nullptr);
  CHECK(p->sink.all().size() == 1);
}

TEST_CASE("unterminated strings and stray bytes are named as such") {
  CHECK(firstError("SELECT 'abc").message.find("unterminated string literal") != std::string::npos);
  CHECK(firstError("SELECT a \x01 b").message.find("byte 0x01") != std::string::npos);
}

TEST_CASE("empty input and input with only comments") {
  CHECK(firstError("").id == ferry::DiagId::SQL_EMPTY_QUERY);
  CHECK(firstError("  -- nothing\n /* here */ ").id == ferry::DiagId::SQL_EMPTY_QUERY);
}

TEST_CASE("semantic problems found while building the tree") {
  CHECK(firstError("SELECT INTERVAL 1 fortnight").id == ferry::DiagId::SQL_UNKNOWN_INTERVAL_UNIT);
  auto t = firstError("SELECT a EXCEPT (b) FROM t");
  CHECK(t.id == ferry::DiagId::SQL_MISPLACED_TRANSFORMER);
  CHECK(t.column == 10);
}

TEST_CASE("deep nesting is refused before it can exhaust the stack") {
  std::string deep = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  CHECK(firstError(deep).id == ferry::DiagId::SQL_TOO_DEEPLY_NESTED);
  std::string nots = "SELECT ";
  for (int i = 0; i < 3000; ++i) nots += "NOT ";
  nots += "1";
  CHECK(firstError(nots).id == ferry::DiagId::SQL_TOO_DEEPLY_NESTED);
  std::string fine = "SELECT " + std::string(50, '(') + "1" + std::string(50, ')');
  CHECK(parse(fine)->stmt != nullptr);
}

TEST_CASE("garbage, binary and truncated corpus-like input never throws") {
  std::mt19937 rng(1234);
  const std::string seeds[] = {
      "SELECT a, count() FROM t WHERE x IN (1, 2) GROUP BY a ORDER BY a LIMIT 10",
      "WITH x AS (SELECT 1) SELECT CAST(x AS Nullable(String)), arrayMap(y -> y + 1, [1]) FROM x",
      "SELECT $$heredoc$$, 'str\\'', `q`, {p:UInt8}, INTERVAL 1 DAY, CASE WHEN a THEN b END"};
  for (int round = 0; round < 300; ++round) {
    std::string text = seeds[round % 3];
    switch (round % 4) {
      case 0:
        text.resize(rng() % text.size());
        break;
      case 1:
        for (int k = 0; k < 5; ++k) text[rng() % text.size()] = static_cast<char>(rng() % 256);
        break;
      case 2:
        std::shuffle(text.begin(), text.end(), rng);
        break;
      default:
        text.assign(64, '\0');
        for (auto& c : text) c = static_cast<char>(rng() % 256);
    }
    ferry::DiagnosticSink sink;
    CHECK_NOTHROW(parseQuery(text, ferry::SourceMap(0, 0), sink));
    CHECK_NOTHROW(parseScript(text, ferry::SourceMap(0, 0), sink));
    CHECK_NOTHROW(parseExpression(text, ferry::SourceMap(0, 0), sink));
    CHECK_NOTHROW(parseType(text, ferry::SourceMap(0, 0), sink));
  }
}

TEST_CASE("long lambda and ternary chains count as nesting, long flat lists do not") {
  std::string lambdas = "SELECT ";
  for (int i = 0; i < 2000; ++i) lambdas += "x" + std::to_string(i) + " -> ";
  lambdas += "1";
  CHECK(firstError(lambdas).id == ferry::DiagId::SQL_TOO_DEEPLY_NESTED);
  std::string ternaries = "SELECT ";
  for (int i = 0; i < 2000; ++i) ternaries += "a ? 1 : ";
  ternaries += "0";
  CHECK(firstError(ternaries).id == ferry::DiagId::SQL_TOO_DEEPLY_NESTED);
  std::string flat = "SELECT f(";
  for (int i = 0; i < 2000; ++i) flat += "a ? 1 : 0, x -> x, ";
  flat += "0)";
  CHECK(parse(flat)->stmt != nullptr);
}
