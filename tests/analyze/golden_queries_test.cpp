// Every query of golden/queries.txt analyzed against the tables defined there must give exactly
// the columns ClickHouse 26.7's DESCRIBE gives (names and types), or be rejected where ClickHouse
// rejects it. The expectations come from chDB (tests/analyze/update_golden.js).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/analyze/select_analyzer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "tests/analyze/test_tables.h"

using namespace ferry;

namespace {

struct GoldenQuery {
  std::string sql;
  int line = 0;
  std::vector<std::string> expected;  ///< "name<TAB>type" or "ERROR CODE"
};

struct GoldenFile {
  test::TestTables tables;
  std::vector<GoldenQuery> queries;
};

GoldenFile readGolden(const std::string& path) {
  GoldenFile g;
  std::ifstream in(path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("table ", 0) == 0) {
      auto colon = line.find(": ");
      g.tables.add(line.substr(6, colon - 6), line.substr(colon + 2));
    } else if (line.rfind("query: ", 0) == 0) {
      g.queries.push_back({line.substr(7), number, {}});
    } else if (line.rfind("  ", 0) == 0 && !g.queries.empty()) {
      g.queries.back().expected.push_back(line.substr(2));
    }
  }
  return g;
}

/// The Ferry diagnostics that stand for a ClickHouse error code (the first error reported must
/// be one of them). Codes not listed accept any SEM_ error.
const std::map<std::string, std::vector<std::string>>& diagnosticsForCode() {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"UNKNOWN_IDENTIFIER", {"SEM_UNKNOWN_COLUMN", "SEM_UNKNOWN_TABLE"}},
      {"UNKNOWN_TABLE", {"SEM_UNKNOWN_TABLE"}},
      {"UNKNOWN_FUNCTION", {"SEM_UNKNOWN_FUNCTION"}},
      {"NOT_AN_AGGREGATE", {"SEM_NOT_AN_AGGREGATE"}},
      {"ILLEGAL_AGGREGATION", {"SEM_AGGREGATE_IN_WHERE", "SEM_NESTED_AGGREGATE", "SEM_WINDOW_MISUSE"}},
      {"AMBIGUOUS_IDENTIFIER", {"SEM_AMBIGUOUS_COLUMN"}},
      {"ILLEGAL_TYPE_OF_ARGUMENT", {"SEM_BAD_ARGUMENTS", "SEM_BAD_LAMBDA"}},
      {"ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER", {"SEM_BAD_FILTER"}},
      {"MULTIPLE_EXPRESSIONS_FOR_ALIAS", {"SEM_DUPLICATE_ALIAS"}},
      {"UNKNOWN_TYPE", {"SEM_BAD_CAST"}},
      {"ALIAS_REQUIRED", {"SEM_BAD_JOIN"}},
      {"UNION_ALL_RESULT_STRUCTURES_MISMATCH", {"SEM_SET_OPERATION_MISMATCH"}},
      {"CANNOT_CONVERT_TYPE", {"SEM_BAD_ARGUMENTS"}},
  };
  return m;
}

std::vector<std::string> analyzeText(const std::string& sql, const test::TestTables& tables, std::string& diagnostics,
                                     std::string& first_error) {
  DiagnosticSink sink;
  auto stmt = sql::parseQuery(sql, SourceMap(), sink);
  std::vector<std::string> out;
  if (!stmt) {
    out.push_back("PARSE ERROR");
  } else {
    auto analysis = analyze::analyzeQuery(*stmt, tables, sink);
    if (!analysis.ok) {
      out.push_back("ERROR");
    } else {
      for (const auto& c : analysis.output) out.push_back(c.name + "\t" + types::toString(c.type));
    }
  }
  for (const auto& d : sink.all()) {
    diagnostics += std::string(diagName(d.id)) + ": " + d.message + "\n";
    if (first_error.empty() && d.severity == Severity::Error) first_error = diagName(d.id);
  }
  return out;
}

}  // namespace

TEST_CASE("queries give the columns ClickHouse's DESCRIBE gives", "[golden]") {
  GoldenFile g = readGolden(std::string(FERRY_ANALYZE_TEST_DIR) + "/golden/queries.txt");
  REQUIRE(g.queries.size() > 100);
  size_t agree = 0;
  for (const auto& q : g.queries) {
    std::string diagnostics, first_error;
    auto got = analyzeText(q.sql, g.tables, diagnostics, first_error);
    bool expect_error = !q.expected.empty() && q.expected[0].rfind("ERROR", 0) == 0;
    bool ok = expect_error ? got.size() == 1 && got[0] == "ERROR" : got == q.expected;
    if (ok && expect_error) {
      auto it = diagnosticsForCode().find(q.expected[0].substr(6));
      if (it != diagnosticsForCode().end()) {
        ok = std::find(it->second.begin(), it->second.end(), first_error) != it->second.end();
      }
    }
    if (ok) {
      ++agree;
      continue;
    }
    std::string expected_text, got_text;
    for (const auto& e : q.expected) expected_text += "  " + e + "\n";
    for (const auto& e : got) got_text += "  " + e + "\n";
    INFO("queries.txt:" << q.line << ": " << q.sql << "\nexpected:\n" << expected_text << "got:\n" << got_text
                        << "diagnostics:\n" << diagnostics);
    CHECK(ok);
  }
  WARN("golden queries: " << agree << "/" << g.queries.size() << " agree with ClickHouse");
}
