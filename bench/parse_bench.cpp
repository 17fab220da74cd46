/// Front-end throughput on the shared corpora, one core, in-process. Plain clocks rather than a
/// micro-benchmark harness: each figure is a whole-corpus pass, and the first "cold" pass (ANTLR
/// fills its DFA caches) matters as much as the warm ones. Both wall and CPU time are reported;
/// on a shared machine the CPU time is the figure to compare.
///
///   ferry_bench <shared-dir> [--passes N] [--statements-json FILE]
///       prints one tab-separated row per measurement:
///       name  pass  items  bytes  wall_seconds  cpu_seconds  accepted
///       (pass = cold | warm; warm is the pass with the median CPU time of N after the cold one)
///   ferry_bench --largest-project <corpus-dir>
///       prints the project (as `ferry check` finds them) with the most datafiles
///
/// --statements-json writes the sql-corpus statements as a JSON array, so that peers
/// (bench/chdb_format_bench.js) time exactly the same texts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/base/file_text.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/project/layout.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

/// The file's bytes; empty when it cannot be read (the caller's checks then fail visibly).
std::string readAll(const fs::path& p) { return ferry::readFileText(p).value_or(std::string()); }

std::vector<fs::path> filesBelow(const fs::path& root, const std::function<bool(const fs::path&)>& keep) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && keep(e.path())) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Pass {
  double seconds = 0;
  double cpu_seconds = 0;
  size_t accepted = 0;
};

double processCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Runs `body` once cold and `passes` more times; reports the cold pass and the warm median.
void measure(const char* name, size_t items, size_t bytes, int passes, const std::function<size_t()>& body) {
  auto once = [&] {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = processCpuSeconds();
    size_t accepted = body();
    double cpu = processCpuSeconds() - c0;
    return Pass{std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), cpu, accepted};
  };
  Pass cold = once();
  std::printf("%s\tcold\t%zu\t%zu\t%.6f\t%.6f\t%zu\n", name, items, bytes, cold.seconds, cold.cpu_seconds,
              cold.accepted);
  std::fflush(stdout);
  if (passes <= 0) return;
  std::vector<Pass> warm;
  for (int i = 0; i < passes; ++i) warm.push_back(once());
  std::sort(warm.begin(), warm.end(), [](const Pass& a, const Pass& b) { return a.cpu_seconds < b.cpu_seconds; });
  const Pass& median = warm[warm.size() / 2];
  std::printf("%s\twarm\t%zu\t%zu\t%.6f\t%.6f\t%zu\n", name, items, bytes, median.seconds, median.cpu_seconds,
              median.accepted);
  std::fflush(stdout);
}

/// Parses each text as one query, the way a node's SQL is parsed.
size_t parseEach(const std::vector<std::string>& texts) {
  SourceManager sources;  // one dummy file: spans need a FileId, the text is not re-read
  FileId file = sources.add("bench.sql", "");
  size_t accepted = 0;
  for (const auto& t : texts) {
    DiagnosticSink sink;
    if (sql::parseQuery(t, SourceMap(file, 0), sink)) ++accepted;
  }
  return accepted;
}

size_t totalBytes(const std::vector<std::string>& texts) {
  size_t n = 0;
  for (const auto& t : texts) n += t.size();
  return n;
}

int largestProject(const fs::path& corpus) {
  fs::path best;
  size_t best_files = 0;
  for (const auto& root : project::findProjects(corpus)) {
    size_t n = project::projectFiles(root, true).size();
    if (n > best_files) best_files = n, best = root;
  }
  std::printf("%s\t%zu\n", best.string().c_str(), best_files);
  return best_files ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--largest-project") == 0) return largestProject(argv[2]);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <shared-dir> [--passes N] [--statements-json FILE]\n", argv[0]);
    return 2;
  }
  fs::path shared(argv[1]);
  int passes = 3;
  std::string statements_json;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--passes") == 0) passes = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--statements-json") == 0) statements_json = argv[i + 1];
  }
  if (!fs::is_directory(shared / "sql-corpus") || !fs::is_directory(shared / "corpus")) {
    std::printf("SKIPPED: ../shared is absent\n");
    return 77;
  }

  // sql-corpus: split outside the timed region, so every row times the parser alone.
  std::vector<std::string> statements;
  for (const auto& path : filesBelow(shared / "sql-corpus", [](const fs::path& p) { return p.extension() == ".sql"; })) {
    std::string text = readAll(path);
    for (auto [b, e] : sql::splitStatements(text)) statements.push_back(text.substr(b, e - b));
  }
  if (!statements_json.empty()) {
    nlohmann::json arr = statements;
    std::ofstream(statements_json) << arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  // Corpus datafiles, and the SQL of their nodes (templates rendered with test values first).
  auto datafile_paths = filesBelow(shared / "corpus", [](const fs::path& p) {
    return datafile::kindFromPath(p.string()) != datafile::DatafileKind::Unknown;
  });
  std::vector<std::pair<std::string, datafile::DatafileKind>> datafiles;
  std::vector<std::string> node_sql;
  size_t datafile_bytes = 0;
  for (const auto& path : datafile_paths) {
    auto kind = datafile::kindFromPath(path.string());
    datafiles.emplace_back(readAll(path), kind);
    datafile_bytes += datafiles.back().first.size();
    SourceManager sources;
    DiagnosticSink sink;
    datafile::ParseOptions options;
    options.validate = false;
    auto doc = datafile::parseDatafile(sources, sources.add(path.string(), datafiles.back().first), kind, options, sink);
    auto add = [&](const datafile::SqlBlock& block) {
      if (!block.is_template) return node_sql.push_back(block.text);
      auto t = tpl::parseTemplate(block.text, block.map, sink);
      node_sql.push_back(tpl::renderForAnalysis(t, sink).text);
    };
    if (const auto* pipe = doc.pipe())
      for (const auto& node : pipe->nodes)
        if (node.sql) add(*node.sql);
    if (const auto* ds = doc.datasource())
      if (ds->forward_query) add(*ds->forward_query);
  }

  std::printf("name\tpass\titems\tbytes\twall_seconds\tcpu_seconds\taccepted\n");
  measure("sql-corpus parseQuery", statements.size(), totalBytes(statements), passes,
          [&] { return parseEach(statements); });
  measure("sql-corpus checkQuerySyntax", statements.size(), totalBytes(statements), passes, [&] {
    SourceManager sources;
    FileId file = sources.add("bench.sql", "");
    size_t ok = 0;
    for (const auto& t : statements) {
      DiagnosticSink sink;
      ok += sql::checkQuerySyntax(t, SourceMap(file, 0), sink);
    }
    return ok;
  });
  measure("corpus node SQL parseQuery", node_sql.size(), totalBytes(node_sql), passes,
          [&] { return parseEach(node_sql); });
  measure("corpus datafiles parseDatafile", datafiles.size(), datafile_bytes, passes, [&] {
    size_t clean = 0;
    for (const auto& [text, kind] : datafiles) {
      SourceManager sources;
      DiagnosticSink sink;
      datafile::ParseOptions options;
      options.read_file = [](const std::string&) { return std::optional<std::string>{}; };
      datafile::parseDatafile(sources, sources.add("bench", text), kind, options, sink);
      clean += !sink.hasErrors();
    }
    return clean;
  });
  return 0;
}
