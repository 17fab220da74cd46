// Reads every .datasource/.pipe/.connection file of the shared corpus: each must parse without
// error diagnostics, and print -> parse must give the same tree (and print must be idempotent).
// Exits 77 (skipped) when the corpus is absent.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "compiler/base/file_text.h"
#include "compiler/base/diagnostic.h"
#include "compiler/datafile/datafile_printer.h"
#include "compiler/datafile/parse_datafile.h"

namespace fs = std::filesystem;
using namespace ferry;
using namespace ferry::datafile;

namespace {

/// The file's bytes; empty when it cannot be read (the caller's checks then fail visibly).
std::string readAll(const fs::path& p) { return ferry::readFileText(p).value_or(std::string()); }

}  // namespace

int main(int argc, char** argv) {
  fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(FERRY_SHARED_DIR) / "corpus";
  bool verbose = std::getenv("FERRY_VERBOSE") != nullptr;
  // FERRY_DIALECT=classic reads the corpus with the Classic CLI's rules.
  const char* dialect = std::getenv("FERRY_DIALECT");
  bool classic = dialect && std::string(dialect) == "classic";
  if (!fs::exists(root)) {
    std::cout << "SKIPPED: ../shared is absent (" << root.string() << ")\n";
    return 77;
  }
  std::vector<fs::path> files;
  for (auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    auto kind = kindFromPath(entry.path().string());
    if (kind == DatafileKind::Datasource || kind == DatafileKind::Pipe || kind == DatafileKind::Connection)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  size_t with_errors = 0, errors = 0, warnings = 0, round_trip_failures = 0, bytes = 0;
  std::map<std::string, size_t> by_id;
  std::map<DatafileKind, size_t> by_kind;
  double parse_seconds = 0;
  auto start = std::chrono::steady_clock::now();
  for (auto& path : files) {
    SourceManager sm;
    std::string text = readAll(path);
    bytes += text.size();
    FileId id = sm.add(path.string(), text);
    DiagnosticSink sink;
    auto kind = kindFromPath(path.string());
    ++by_kind[kind];
    ParseOptions options;
    if (classic) options.dialect = Dialect::Classic;
    auto t0 = std::chrono::steady_clock::now();
    auto doc = parseDatafile(sm, id, kind, options, sink);
    parse_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    errors += sink.errorCount();
    warnings += sink.warningCount();
    for (auto& d : sink.all()) ++by_id[std::string(diagName(d.id))];
    if (sink.hasErrors()) {
      ++with_errors;
      for (auto& d : sink.all())
        if (d.severity == Severity::Error) std::cout << renderText(d, sm) << "\n";
    } else if (verbose) {
      for (auto& d : sink.all()) std::cout << renderText(d, sm) << "\n";
    }
    // Round trip.
    std::string printed = printDatafile(doc);
    SourceManager sm2;
    FileId id2 = sm2.add(path.string(), printed);
    DiagnosticSink sink2;
    ParseOptions options2;
    options2.dialect = options.dialect;
    options2.name = doc.name;
    auto doc2 = parseDatafile(sm2, id2, kind, options2, sink2);
    std::string a = dumpDatafile(doc, nullptr, {.spans = false});
    std::string b = dumpDatafile(doc2, nullptr, {.spans = false});
    std::string printed2 = printDatafile(doc2);
    // Included files are inlined by print, so includes only appear in the first tree.
    if (!doc.includes.empty()) {
      auto strip = [](std::string s) {
        std::string out;
        std::istringstream in(s);
        for (std::string line; std::getline(in, line);)
          if (line.rfind("  include ", 0) != 0) out += line + "\n";
        return out;
      };
      a = strip(a);
    }
    if (a != b || printed != printed2 || sink2.errorCount() > sink.errorCount()) {
      ++round_trip_failures;
      std::cout << "ROUND TRIP: " << path.string() << "\n";
      if (verbose) std::cout << "--- first\n" << a << "--- second\n" << b << "--- printed\n" << printed;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "files: " << files.size() << " (datasource " << by_kind[DatafileKind::Datasource] << ", pipe "
            << by_kind[DatafileKind::Pipe] << ", connection " << by_kind[DatafileKind::Connection] << "), "
            << bytes << " bytes\n";
  std::cout << "files with errors: " << with_errors << ", errors: " << errors << ", warnings: " << warnings << "\n";
  for (auto& [id, n] : by_id) std::cout << "  " << id << ": " << n << "\n";
  std::cout << "round-trip failures: " << round_trip_failures << "\n";
  std::printf("parse time: %.3f s (%.1f MB/s); total with round trips: %.3f s\n", parse_seconds,
              bytes / 1e6 / parse_seconds, seconds);
  return (with_errors == 0 && round_trip_failures == 0) ? 0 : 1;
}
