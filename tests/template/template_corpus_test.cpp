// Corpus check: every `SQL >` block of the shared corpus pipes that starts with the `%` marker
// parses without error diagnostics, renders, and the rendered SQL holds no {{ or {% any more.
// Usage: ferry_template_corpus_test <corpus dir> [-v]. Exits 77 when the corpus is absent.
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/base/file_text.h"
#include "compiler/base/diagnostic.h"
#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"
#include "compiler/template/template_parameters.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

/// Column-0 words that end a `SQL >` block (pipe directives). SQL may itself start at column 0,
/// so only these words end it.
bool isDirectiveLine(const std::string& line) {
  static const std::array<std::string_view, 16> kWords = {
      "NODE", "TYPE", "DESCRIPTION", "DATASOURCE", "TARGET_DATASOURCE", "COPY_SCHEDULE", "COPY_MODE", "TOKEN",
      "TAGS", "INCLUDE", "VERSION", "DEPLOYMENT_METHOD", "SQL", "FILTER", "SCHEMA", "FORWARD_QUERY"};
  if (line.empty() || line[0] == ' ' || line[0] == '\t') return false;
  std::string word = line.substr(0, line.find_first_of(" \t>"));
  if (word.rfind("EXPORT_", 0) == 0 || word.rfind("ENGINE", 0) == 0) return true;
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

struct Block {
  uint32_t begin;
  std::string text;
};

std::vector<Block> sqlBlocks(const std::string& text) {
  std::vector<Block> blocks;
  size_t pos = 0;
  bool in_block = false;
  Block cur{0, {}};
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string line = text.substr(pos, end - pos);
    std::string bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r' || bare.back() == ' ')) bare.pop_back();
    if (in_block && isDirectiveLine(bare)) {
      blocks.push_back(cur);
      in_block = false;
    }
    if (!in_block) {
      size_t first = bare.find_first_not_of(" \t");
      if (first != std::string::npos && bare.compare(first, 3, "SQL") == 0 && bare.back() == '>' &&
          bare.find_first_not_of(" \t", first + 3) == bare.size() - 1) {
        in_block = true;
        cur = Block{static_cast<uint32_t>(end), {}};
      }
    } else {
      cur.text += line;
    }
    pos = end;
  }
  if (in_block) blocks.push_back(cur);
  return blocks;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = argc > 1 ? argv[1] : "../shared/corpus";
  bool verbose = argc > 2 && std::string(argv[2]) == "-v";
  if (!fs::is_directory(root)) {
    std::printf("SKIPPED: ../shared is absent (%s)\n", root.string().c_str());
    return 77;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".pipe") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  SourceManager sm;
  size_t blocks = 0, templated = 0, parse_errors = 0, render_errors = 0, warnings = 0, leftovers = 0;
  size_t params = 0, missing_marker = 0;
  for (const fs::path& path : files) {
    FileId id = sm.add(path.string(), readFileText(path).value_or(std::string()));
    const std::string& text = sm.file(id).text();
    for (const Block& b : sqlBlocks(text)) {
      ++blocks;
      DiagnosticSink parse_sink;
      tpl::Template t = tpl::parseTemplate(b.text, id, b.begin, parse_sink);
      if (!t.is_template) {
        // Not counted as failures: Tinybird itself rejects these, which is what the check reports.
        missing_marker += parse_sink.errorCount();
        for (const Diagnostic& d : parse_sink.all()) {
          if (verbose) std::printf("%s\n", renderText(d, sm).c_str());
        }
        continue;
      }
      ++templated;
      DiagnosticSink render_sink;
      tpl::RenderedSql r = tpl::renderForAnalysis(t, render_sink);
      params += tpl::collectParameters(t, render_sink).size();
      parse_errors += parse_sink.errorCount();
      render_errors += render_sink.errorCount();
      warnings += parse_sink.warningCount() + render_sink.warningCount();
      bool leftover = r.text.find("{{") != std::string::npos || r.text.find("{%") != std::string::npos;
      leftovers += leftover;
      for (const DiagnosticSink* sink : {&parse_sink, &render_sink}) {
        for (const Diagnostic& d : sink->all()) {
          if (d.severity == Severity::Error || verbose) std::printf("%s\n", renderText(d, sm).c_str());
        }
      }
      if (leftover) std::printf("%s: rendered SQL still holds template syntax:\n%s\n", path.string().c_str(), r.text.c_str());
    }
  }
  std::printf(
      "template corpus: %zu pipe files, %zu SQL blocks, %zu templated; parse errors %zu, render errors %zu, "
      "warnings %zu, leftover template syntax %zu, parameters %zu, non-template blocks with {{ %zu\n",
      files.size(), blocks, templated, parse_errors, render_errors, warnings, leftovers, params, missing_marker);
  return parse_errors == 0 && leftovers == 0 && templated > 0 ? 0 : 1;
}
