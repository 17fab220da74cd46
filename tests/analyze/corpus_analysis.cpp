// Runs the analyzer over every SELECT of ../shared/sql-corpus/clickhouse-tests (26k statements
// ClickHouse 26.7 accepts): it must never crash, and must stay fast. The tables those tests
// create are not in the corpus, so statements reading tables are analyzed against unknown
// (opaque) tables; statements that need no table (no FROM, system.one, numbers(), ...) should
// analyze without error, and the errors reported for them are listed by diagnostic as likely
// false positives to look at.
//
//   corpus_analysis [--show N] [--dump PATH] [--shared DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "tests/corpus/corpus_files.h"

using namespace ferry;
namespace fs = std::filesystem;

namespace {

struct NoTables : analyze::TableResolver {
  const analyze::Schema* findTable(const std::vector<std::string>&) const override { return nullptr; }
};

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = FERRY_SHARED_DIR;
  size_t show = 25;
  std::string dump_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--show" && i + 1 < argc) show = std::stoul(argv[++i]);
    else if (a == "--dump" && i + 1 < argc) dump_path = argv[++i];
    else if (a == "--shared" && i + 1 < argc) shared = argv[++i];
  }
  fs::path dir = shared / "sql-corpus" / "clickhouse-tests";
  if (!fs::exists(dir)) {
    std::printf("SKIPPED: ../shared is absent\n");
    return corpus::kSkipped;
  }
  std::ofstream dump;
  if (!dump_path.empty()) dump.open(dump_path);

  size_t statements = 0, parsed = 0, table_free = 0, table_free_clean = 0;
  std::map<std::string, size_t> false_errors;
  std::map<std::string, std::string> examples;
  double analyze_seconds = 0;
  for (const auto& file : corpus::readSqlFiles(dir)) {
    for (auto [begin, end] : sql::splitStatements(file.text)) {
      ++statements;
      std::string_view text(file.text.data() + begin, end - begin);
      DiagnosticSink parse_sink;
      auto stmt = sql::parseQuery(text, SourceMap(), parse_sink);
      if (!stmt) continue;
      ++parsed;
      DiagnosticSink sink;
      auto start = std::chrono::steady_clock::now();
      auto analysis = analyze::analyzeQuery(*stmt, NoTables{}, sink);
      analyze_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      bool needs_tables = std::any_of(sink.all().begin(), sink.all().end(), [](const Diagnostic& d) {
        return d.id == DiagId::SEM_UNKNOWN_TABLE;
      });
      if (needs_tables) continue;
      ++table_free;
      if (analysis.ok) {
        ++table_free_clean;
        continue;
      }
      for (const auto& d : sink.all()) {
        if (d.severity != Severity::Error) continue;
        std::string key = std::string(diagName(d.id));
        ++false_errors[key];
        if (!examples.count(key)) examples[key] = std::string(text.substr(0, 200)) + "  --  " + d.message;
        if (dump.is_open()) {
          std::string one_line(text);
          std::replace(one_line.begin(), one_line.end(), '\n', ' ');
          std::replace(one_line.begin(), one_line.end(), '\t', ' ');
          dump << key << '\t' << d.message << '\t' << file.name << '\t' << one_line << '\n';
        }
        break;
      }
    }
  }
  std::printf("statements %zu, parsed %zu, analyzed in %.2f s\n", statements, parsed, analyze_seconds);
  std::printf("table-free statements %zu, analyzed without error %zu (%.2f%%)\n", table_free, table_free_clean,
              table_free ? 100.0 * static_cast<double>(table_free_clean) / static_cast<double>(table_free) : 100.0);
  std::vector<std::pair<size_t, std::string>> top;
  for (const auto& [k, n] : false_errors) top.emplace_back(n, k);
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < show; ++i) {
    std::printf("  %6zu  %s\n          e.g. %s\n", top[i].first, top[i].second.c_str(), examples[top[i].second].c_str());
  }
  return 0;
}
