/// `ferry fmt` on every datafile of the shared corpus: formatting twice gives the same text, and
/// the formatted file means the same as the original (same nodes, same SQL trees, same column
/// names and type trees). Exits 77 when the corpus is absent.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/base/file_text.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/driver/source_formatting.h"
#include "compiler/project/layout.h"
#include "compiler/sql/ast.h"
#include "compiler/sqlparse/sql_parser.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

struct Meaning {
  std::vector<std::string> names;                  // node and column names, in order
  std::vector<std::unique_ptr<sql::Node>> trees;   // parsed SQL and types (null when not parsed)
};

Meaning meaningOf(SourceManager& sm, FileId id, const fs::path& path) {
  DiagnosticSink sink;
  datafile::ParseOptions po;
  po.name = datafile::stemFromPath(path.string());
  auto doc = datafile::parseDatafile(sm, id, datafile::kindFromPath(path.string()), po, sink);
  Meaning m;
  SourceMap none(kNoFile, 0);
  if (auto* ds = doc.datasource()) {
    for (const auto& c : ds->columns) {
      m.names.push_back(c.name.text);
      m.trees.push_back(c.type.empty() ? nullptr : sql::parseType(c.type.text, none, sink));
    }
    if (ds->forward_query && !ds->forward_query->is_template)
      m.trees.push_back(sql::parseQuery(ds->forward_query->text, none, sink));
  }
  if (auto* pipe = doc.pipe())
    for (const auto& n : pipe->nodes) {
      m.names.push_back(n.name.text);
      if (n.sql && !n.sql->is_template) m.trees.push_back(sql::parseQuery(n.sql->text, none, sink));
    }
  return m;
}

/// The file's bytes; empty when it cannot be read (the caller's checks then fail visibly).
std::string readAll(const fs::path& p) { return ferry::readFileText(p).value_or(std::string()); }

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus = argc > 1 ? argv[1] : FERRY_SHARED_DIR "/corpus";
  if (!fs::is_directory(corpus)) {
    std::printf("SKIPPED: %s is absent\n", corpus.c_str());
    return 77;
  }
  size_t files = 0, formatted = 0, skipped = 0, failures = 0;
  for (auto& e : fs::recursive_directory_iterator(corpus)) {
    if (!e.is_regular_file() || !project::isDatafile(e.path())) continue;
    ++files;
    SourceManager sm;
    DiagnosticSink sink;
    FileId original = sm.add(e.path().string(), readAll(e.path()));
    auto once = driver::formatSource(sm, original, e.path(), sink);
    if (!once) {  // files with errors are never rewritten
      ++skipped;
      continue;
    }
    ++formatted;
    FileId first = sm.add(e.path().string(), *once);
    auto twice = driver::formatSource(sm, first, e.path(), sink);
    bool ok = true;
    if (!twice || *twice != *once) {
      std::printf("%s: formatting is not idempotent\n", e.path().c_str());
      ok = false;
    }
    Meaning a = meaningOf(sm, original, e.path()), b = meaningOf(sm, first, e.path());
    bool same = a.names == b.names && a.trees.size() == b.trees.size();
    for (size_t i = 0; same && i < a.trees.size(); ++i) same = sql::equalIgnoringSpans(a.trees[i].get(), b.trees[i].get());
    if (!same) {
      std::printf("%s: formatting changed the meaning\n", e.path().c_str());
      ok = false;
    }
    failures += !ok;
  }
  std::printf("%zu datafiles: %zu formatted, %zu left alone (errors), %zu failures\n", files, formatted, skipped, failures);
  return failures ? 1 : 0;
}
