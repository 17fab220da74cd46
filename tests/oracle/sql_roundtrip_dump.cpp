// Writes the statements Ferry parses, with their printed forms, as JSON for the ClickHouse
// round-trip oracle (tests/oracle/roundtrip.js): for each statement ClickHouse 26.7 must give the
// same formatQuery for the original and for Ferry's printed SQL.
//
//   sql_roundtrip_dump --out FILE [--shared DIR] [--limit FILES]
//   sql_roundtrip_dump --out FILE --sql-file FILE   (one `;`-separated script: reproducers)
//
// Sources: every `.sql` file of DIR/sql-corpus/clickhouse-tests (split on top-level ';'), then
// the non-template node SQL and FORWARD_QUERY of every datafile of DIR/corpus (loaded project by
// project). Output:
//   {"statements": N, "parsed": P, "skipped_not_utf8": U,
//    "items": [[id, original, printed_single, printed_pretty (, note)], ...]}
// A note marks an item that differs whatever ClickHouse says (printed SQL that is not UTF-8).
// `id` says where the statement is (`sql:<file>@<byte offset>` or `corpus:<path>#<node>`).
// Exits 77 when DIR is absent.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/project/layout.h"
#include "compiler/project/project.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "tests/oracle/utf8.h"

namespace fs = std::filesystem;

namespace {

struct Dump {
  size_t statements = 0;
  size_t parsed = 0;
  size_t skipped_not_utf8 = 0;
  nlohmann::json items = nlohmann::json::array();

  /// Parses one statement and records it with both printed forms when it parses.
  void add(const std::string& id, std::string_view sql) {
    ++statements;
    ferry::DiagnosticSink sink;
    auto stmt = ferry::sql::parseQuery(sql, ferry::SourceMap(ferry::kNoFile, 0), sink);
    if (!stmt) return;
    ++parsed;
    // JSON (and JavaScript) strings hold text, not bytes: such a statement cannot reach ClickHouse
    // unchanged, so it is counted and left out rather than compared after a lossy conversion.
    if (!ferry::oracle::isValidUtf8(sql)) {
      ++skipped_not_utf8;
      return;
    }
    ferry::sql::PrintOptions pretty;
    pretty.pretty = true;
    std::string single = ferry::sql::printStatement(*stmt);
    std::string multi = ferry::sql::printStatement(*stmt, pretty);
    nlohmann::json item = {id, std::string(sql), single, multi};
    // Valid UTF-8 in, invalid out is a printer bug of its own (raw bytes where the original has
    // escapes); the item is kept, with U+FFFD in place of the bad bytes and a note for the report.
    if (!ferry::oracle::isValidUtf8(single) || !ferry::oracle::isValidUtf8(multi))
      item.push_back("printed SQL is not valid UTF-8");
    items.push_back(std::move(item));
  }
};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void addSqlCorpus(const fs::path& dir, size_t limit, Dump& dump) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sql") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.size() > limit) files.resize(limit);
  for (const auto& path : files) {
    std::string text = readFile(path);
    for (auto [begin, end] : ferry::sql::splitStatements(text))
      dump.add("sql:" + path.filename().string() + "@" + std::to_string(begin),
               std::string_view(text).substr(begin, end - begin));
  }
}

void addDatafileCorpus(const fs::path& dir, Dump& dump) {
  ferry::project::LoadOptions options;
  options.syntax_only = true;
  options.stop_at_nested_projects = true;
  for (const auto& root : ferry::project::findProjects(dir)) {
    ferry::SourceManager sources;
    ferry::DiagnosticSink sink;
    auto project = ferry::project::loadProject(root, sources, sink, options);
    for (const auto& res : project->resources) {
      std::string where = "corpus:" + fs::relative(res->path, dir).string();
      if (res->forward_query && !res->forward_query->is_template)
        dump.add(where + "#FORWARD_QUERY", res->forward_query->rendered);
      for (const auto& node : res->nodes)
        if (node.node && node.node->sql && !node.sql.is_template)
          dump.add(where + "#" + node.node->name.text, node.sql.rendered);
    }
  }
}

bool writeDump(Dump& dump, const std::string& path) {
  nlohmann::json out = {{"statements", dump.statements},
                        {"parsed", dump.parsed},
                        {"skipped_not_utf8", dump.skipped_not_utf8},
                        {"items", std::move(dump.items)}};
  std::ofstream file(path, std::ios::binary);
  file << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!file) std::fprintf(stderr, "cannot write %s\n", path.c_str());
  return static_cast<bool>(file);
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = FERRY_SHARED_DIR;
  std::string out_path;
  std::string sql_file;
  size_t limit = static_cast<size_t>(-1);
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--shared") shared = argv[i + 1];
    else if (flag == "--out") out_path = argv[i + 1];
    else if (flag == "--limit") limit = std::stoul(argv[i + 1]);
    else if (flag == "--sql-file") sql_file = argv[i + 1];
  }
  if (out_path.empty()) {
    std::fprintf(stderr, "usage: sql_roundtrip_dump --out FILE [--shared DIR] [--limit FILES] [--sql-file FILE]\n");
    return 2;
  }
  Dump dump;
  if (!sql_file.empty()) {
    std::string text = readFile(sql_file);
    for (auto [begin, end] : ferry::sql::splitStatements(text))
      dump.add("file@" + std::to_string(begin), std::string_view(text).substr(begin, end - begin));
    return writeDump(dump, out_path) ? 0 : 2;
  }
  fs::path sql_dir = fs::path(shared) / "sql-corpus" / "clickhouse-tests";
  fs::path corpus_dir = fs::path(shared) / "corpus";
  if (!fs::is_directory(sql_dir) || !fs::is_directory(corpus_dir)) {
    std::printf("SKIPPED: ../shared is absent (%s)\n", shared.c_str());
    return 77;
  }
  addSqlCorpus(sql_dir, limit, dump);
  size_t sql_statements = dump.statements, sql_parsed = dump.parsed;
  addDatafileCorpus(corpus_dir, dump);
  if (!writeDump(dump, out_path)) return 2;
  std::printf("sql-corpus: %zu statements, %zu parsed; datafile corpus: %zu statements, %zu parsed\n",
              sql_statements, sql_parsed, dump.statements - sql_statements, dump.parsed - sql_parsed);
  return 0;
}
