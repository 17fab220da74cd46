/// Writes the seed corpora of the fuzzers from the shared data (never copied into the repo):
///   <out>/seeds/sql       sql-corpus statements (an even sample) and plain node SQL
///   <out>/seeds/datafile  corpus datafiles as they are
///   <out>/seeds/template  node SQL that is a template
///   <out>/seeds/project   one datasource and one pipe of the same corpus project, joined by
///                         the project fuzzer's "\n===\n" separator
/// and empties the working corpora <out>/work/<fuzzer> libFuzzer adds new inputs to, so that each
/// ctest run starts from the same seeds and takes the same time (libFuzzer reads its whole initial
/// corpus before -max_total_time applies).
/// Without the shared folder the folders are made empty (the checked-in seeds remain).
///
/// Usage: ferry_fuzz_seeds <shared-dir> <out-dir>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/base/file_text.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/sqlparse/sql_parser.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

/// Caps per seed set: enough variety for a short run, small enough that libFuzzer reads the
/// initial corpus in a few seconds under ASan.
constexpr size_t kMaxSqlStatements = 1200;
constexpr size_t kMaxPerSet = 800;  ///< sql: statements plus this many node SQL texts
constexpr size_t kMaxSeedBytes = 64 * 1024;

/// The file's bytes; empty when it cannot be read (the caller's checks then fail visibly).
std::string readAll(const fs::path& p) { return ferry::readFileText(p).value_or(std::string()); }

/// Writes `text` under a name derived from its content, so duplicates collapse.
class SeedSet {
 public:
  SeedSet(fs::path dir, size_t cap) : dir_(std::move(dir)), cap_(cap) { fs::create_directories(dir_); }
  void add(const std::string& text) {
    if (text.empty() || text.size() > kMaxSeedBytes || count_ >= cap_) return;
    char name[32];
    std::snprintf(name, sizeof name, "%016zx", std::hash<std::string>{}(text));
    fs::path path = dir_ / name;
    if (fs::exists(path)) return;
    std::ofstream(path, std::ios::binary) << text;
    ++count_;
  }
  size_t count() const { return count_; }

 private:
  fs::path dir_;
  size_t cap_;
  size_t count_ = 0;
};

std::vector<fs::path> filesBelow(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <shared-dir> <out-dir>\n", argv[0]);
    return 2;
  }
  fs::path shared(argv[1]), out(argv[2]);
  const char* fuzzers[] = {"sql", "datafile", "template", "project"};
  std::error_code ec;
  fs::remove_all(out / "seeds", ec);  // regenerated from scratch: the caps hold on every run
  fs::remove_all(out / "work", ec);
  for (const char* f : fuzzers) {
    fs::create_directories(out / "work" / f);
    fs::create_directories(out / "seeds" / f);  // libFuzzer refuses missing corpus folders
  }
  if (!fs::is_directory(shared / "corpus") || !fs::is_directory(shared / "sql-corpus")) {
    std::printf("SKIPPED: ../shared is absent; only the checked-in seeds will be used\n");
    return 0;
  }
  SeedSet sql(out / "seeds" / "sql", kMaxSqlStatements + kMaxPerSet), datafiles(out / "seeds" / "datafile", kMaxPerSet),
      templates(out / "seeds" / "template", kMaxPerSet), projects(out / "seeds" / "project", kMaxPerSet);

  // An even sample of the sql-corpus statements.
  std::vector<std::string> statements;
  for (const auto& path : filesBelow(shared / "sql-corpus")) {
    if (path.extension() != ".sql") continue;
    std::string text = readAll(path);
    for (auto [begin, end] : sql::splitStatements(text)) statements.push_back(text.substr(begin, end - begin));
  }
  size_t step = std::max<size_t>(1, statements.size() / kMaxSqlStatements);
  for (size_t i = 0; i < statements.size(); i += step) sql.add(statements[i]);

  // Corpus datafiles, their node SQL, and one datasource + pipe pair per project folder.
  std::map<fs::path, std::pair<std::string, std::string>> pairs;  // folder -> (datasource, pipe)
  for (const auto& path : filesBelow(shared / "corpus")) {
    auto kind = datafile::kindFromPath(path.string());
    if (kind == datafile::DatafileKind::Unknown) continue;
    std::string text = readAll(path);
    datafiles.add(text);
    auto& pair = pairs[path.parent_path().parent_path()];
    if (kind == datafile::DatafileKind::Datasource && pair.first.empty()) pair.first = text;
    if (kind == datafile::DatafileKind::Pipe && pair.second.empty()) pair.second = text;
    if (kind != datafile::DatafileKind::Pipe) continue;

    SourceManager sources;
    DiagnosticSink sink;
    datafile::ParseOptions options;
    options.read_file = [](const std::string&) { return std::optional<std::string>{}; };
    options.validate = false;
    auto doc = datafile::parseDatafile(sources, sources.add(path.string(), text), kind, options, sink);
    if (const auto* pipe = doc.pipe()) {
      for (const auto& node : pipe->nodes) {
        if (!node.sql) continue;
        (node.sql->is_template ? templates : sql).add(node.sql->text);
      }
    }
  }
  for (const auto& [folder, pair] : pairs) {
    if (!pair.first.empty() && !pair.second.empty()) projects.add(pair.first + "\n===\n" + pair.second);
  }
  std::printf("seeds: %zu sql, %zu datafile, %zu template, %zu project\n", sql.count(), datafiles.count(),
              templates.count(), projects.count());
  return 0;
}
