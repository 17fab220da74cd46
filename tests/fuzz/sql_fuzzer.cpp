/// libFuzzer target: the ClickHouse SQL parser. The same bytes are read as a script, a type,
/// an expression list and a TTL list, since datafiles hand the parser all four kinds of text;
/// what parses is then analyzed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "tests/fuzz/fuzz_support.h"

using namespace ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  SourceManager sources;
  FileId file = sources.add("fuzz.sql", text);
  SourceMap map(file, 0);
  DiagnosticSink sink;
  sql::ParseStats stats;

  // Statement ranges must be ordered, non-empty and inside the text.
  uint32_t previous_end = 0;
  for (auto [begin, end] : sql::splitStatements(text)) {
    if (begin < previous_end || begin >= end || end > text.size()) std::abort();
    previous_end = end;
  }

  struct OneTable final : analyze::TableResolver {
    const analyze::Schema* findTable(const std::vector<std::string>& parts) const override {
      return parts.size() == 1 && parts[0] == "t" ? &analyze::numbersSchema() : nullptr;
    }
  } tables;
  for (const auto& stmt : sql::parseScript(text, map, sink, &stats)) {
    if (!stmt) std::abort();
    (void)sql::printStatement(*stmt);
    // Semantic analysis of any tree the parser accepts: diagnostics, never a crash. The only
    // table is `t` with the columns of numbers(1).
    (void)analyze::analyzeQuery(*stmt, tables, sink);
  }
  if (auto type = sql::parseType(text, map, sink, &stats)) (void)sql::printType(*type);
  if (auto expr = sql::parseExpression(text, map, sink, &stats)) {
    (void)sql::printExpr(*expr);
    (void)analyze::typeStandaloneExpression(*expr, sink, &tables, &analyze::numbersSchema());
  }
  (void)sql::parseExpressionList(text, map, sink, &stats);
  auto ttl = sql::parseTtl(text, map, sink, &stats);
  if (!ttl.empty()) (void)sql::printTtl(ttl);
  if (stats.syntax_ok > stats.statements) std::abort();
  fuzz::checkDiagnostics(sink, sources);
  return 0;
}
