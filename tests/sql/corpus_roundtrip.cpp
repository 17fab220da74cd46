// Round-trip over the ClickHouse test corpus (../shared/sql-corpus/clickhouse-tests): every
// statement the parser accepts must print to SQL that parses back to an equal tree (one-line
// and pretty). Exits 77 (skipped) when the shared folder is absent, 1 on any mismatch.
//
//   ferry_sql_corpus_roundtrip [--shared DIR] [--show N] [--limit FILES]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/base/file_text.h"

#include "tests/sql/roundtrip_check.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::string shared = FERRY_SHARED_DIR;
  size_t show = 5;
  size_t limit = static_cast<size_t>(-1);
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--shared") shared = argv[i + 1];
    else if (flag == "--show") show = std::stoul(argv[i + 1]);
    else if (flag == "--limit") limit = std::stoul(argv[i + 1]);
  }
  fs::path dir = fs::path(shared) / "sql-corpus" / "clickhouse-tests";
  if (!fs::exists(dir)) {
    std::printf("SKIPPED: ../shared is absent\n");
    return 77;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sql") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.size() > limit) files.resize(limit);

  size_t statements = 0, parsed = 0, ok = 0, shown = 0;
  auto start = std::chrono::steady_clock::now();
  for (const fs::path& file : files) {
    std::string text = ferry::readFileText(file).value_or(std::string());
    for (auto [begin, end] : ferry::sql::splitStatements(text)) {
      ++statements;
      std::string_view stmt = std::string_view(text).substr(begin, end - begin);
      auto r = ferry::sql::test::checkRoundTrip(stmt);
      if (!r.parsed) continue;
      ++parsed;
      if (r.ok) {
        ++ok;
      } else if (shown < show) {
        ++shown;
        std::printf("=== %s @%u\n%.*s\n%s\n", file.filename().c_str(), begin,
                    static_cast<int>(stmt.size()), stmt.data(), r.failure.c_str());
      }
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("files %zu, statements %zu, parsed %zu, round-trip ok %zu, mismatches %zu (%.1fs)\n",
              files.size(), statements, parsed, ok, parsed - ok, secs);
  return parsed == ok ? 0 : 1;
}
