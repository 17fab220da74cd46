/// Parses datafile text held in memory, for the datafile tests.
#pragma once

#include <memory>
#include <string>

#include "compiler/base/diagnostic.h"
#include "compiler/datafile/parse_datafile.h"

namespace ferry::datafile::test {

struct Parsed {
  std::unique_ptr<SourceManager> sources = std::make_unique<SourceManager>();
  DiagnosticSink sink;
  Datafile doc;
  FileId file = kNoFile;

  /// "ID line:col" of every diagnostic, in report order, one per line.
  std::string diagnostics() const {
    std::string out;
    for (auto& d : sink.all()) {
      auto lc = sources->file(d.span.file).lineCol(d.span.begin);
      out += std::string(diagName(d.id)) + " " + std::to_string(lc.line) + ":" + std::to_string(lc.column) + "\n";
    }
    return out;
  }
  bool has(DiagId id, uint32_t line, uint32_t column) const {
    for (auto& d : sink.all()) {
      if (d.id != id || !d.span.valid()) continue;
      auto lc = sources->file(d.span.file).lineCol(d.span.begin);
      if (lc.line == line && lc.column == column) return true;
    }
    return false;
  }
};

inline Parsed parseText(const std::string& text, DatafileKind kind, ParseOptions options = {},
                        std::string path = "") {
  Parsed p;
  if (path.empty()) {
    path = kind == DatafileKind::Pipe ? "test.pipe" : kind == DatafileKind::Connection ? "test.connection" : "test.datasource";
  }
  p.file = p.sources->add(path, text);
  p.doc = parseDatafile(*p.sources, p.file, kind, options, p.sink);
  return p;
}

}  // namespace ferry::datafile::test
