#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/base/file_text.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/source_formatting.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

bool isFormattable(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".datasource" || ext == ".pipe" || ext == ".sql";
}

/// The files `fmt` works on: given files as they are, folders walked (hidden folders skipped).
std::vector<fs::path> collectFiles(const std::vector<std::string>& args, DiagnosticSink& sink) {
  std::vector<fs::path> out;
  for (const auto& a : args) {
    std::error_code ec;
    fs::path p(a);
    if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_directory() && it->path().filename().string().starts_with(".")) {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && isFormattable(it->path())) found.push_back(it->path());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      sink.report(DiagId::PRJ_NOT_FOUND, Span{}, "no such file or directory: " + a);
    }
  }
  return out;
}

}  // namespace

int runFmt(const FmtOptions& opts) {
  SourceManager sources;
  DiagnosticSink sink;
  auto files = collectFiles(opts.paths, sink);
  nlohmann::json results = nlohmann::json::array();
  size_t changed = 0, failed = 0;
  for (const auto& path : files) {
    auto text = readFileText(path);
    if (!text) {
      sink.report(DiagId::IO_CANNOT_READ, Span{}, "cannot read " + path.string());
      ++failed;
      continue;
    }
    FileId id = sources.add(path.string(), *text);
    auto formatted = formatSource(sources, id, path, sink);
    if (!formatted) {
      ++failed;
      results.push_back({{"file", path.string()}, {"status", "error"}});
      continue;
    }
    bool differs = *formatted != *text;
    changed += differs;
    results.push_back({{"file", path.string()}, {"status", differs ? (opts.check ? "would change" : "changed") : "unchanged"}});
    if (differs && !opts.check) {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << *formatted;
      if (!out) {
        sink.report(DiagId::IO_CANNOT_WRITE, Span{}, "cannot write " + path.string());
        ++failed;
      }
    }
    if (differs && opts.check && opts.format == OutputFormat::Text) std::cout << "would reformat " << path.string() << "\n";
  }

  sink.sort();
  std::vector<ReportedDiagnostic> diags;
  for (const auto& d : sink.all()) diags.push_back({&d, fs::path{}});
  if (opts.format == OutputFormat::Json) {
    auto doc = nlohmann::json::parse(formatDiagnostics(diags, sources, OutputFormat::Json, false));
    doc["files"] = results;
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << formatDiagnostics(diags, sources, OutputFormat::Text, stdoutIsColorTerminal());
    std::fprintf(stderr, "%zu file%s %s, %zu with errors, %zu unchanged\n", changed, changed == 1 ? "" : "s",
                 opts.check ? "would change" : "reformatted", failed, files.size() - changed - failed);
  }
  if (failed || sink.hasErrors()) return 1;
  return opts.check && changed ? 1 : 0;
}

}  // namespace ferry::driver
