/// Incremental analysis over the shared corpus: in every project, edits that change a
/// datasource's columns or a pipe's output (and the edits that undo them) are analyzed
/// incrementally, and after each one the diagnostics must equal those of a fresh ProjectState
/// holding the same buffers. Prints what it compared and how much analysis was reused.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "compiler/base/file_text.h"
#include "compiler/lsp/project_state.h"
#include "tests/lsp/state/diagnostics_text.h"
#include "compiler/project/layout.h"

namespace fs = std::filesystem;
using ferry::lsp::ProjectState;

namespace {

/// An edit that changes what the file gives its readers, or nullopt.
std::optional<std::string> mutate(const ProjectState& state, const fs::path& path, const std::string& text) {
  const auto* r = state.resourceAt(path);
  if (!r) return std::nullopt;
  if (const auto* ds = r->datafile.datasource(); ds && !ds->columns.empty()) {
    const auto& name = ds->columns.front().name;  // rename the first column
    std::string out = text;
    out.insert(name.span.end, "_renamed");
    return out;
  }
  if (r->datafile.pipe()) {
    auto at = text.find("SELECT");
    if (at == std::string::npos) return std::nullopt;
    std::string out = text;
    out.insert(at + 6, " 1 AS ferry_probe,");
    return out;
  }
  return std::nullopt;
}

}  // namespace

int main() {
  fs::path corpus = fs::path(FERRY_SHARED_DIR) / "corpus";
  if (!fs::is_directory(corpus)) {
    std::printf("SKIPPED: ../shared is absent (%s)\n", corpus.c_str());
    return 77;
  }
  size_t projects = 0, edits = 0, mismatches = 0, analyzed = 0, reused = 0;
  for (const auto& root_in : ferry::project::findProjects(corpus)) {
    fs::path root = fs::absolute(root_in).lexically_normal();
    ProjectState state(root);
    state.refresh();
    ++projects;
    // Up to six files spread over the project: datasources and pipes alike.
    auto files = ferry::project::projectFiles(root, true);
    size_t step = std::max<size_t>(1, files.size() / 6);
    std::map<fs::path, std::string> buffers;
    for (size_t i = 0; i < files.size(); i += step) {
      fs::path path = files[i].lexically_normal();
      auto original = ferry::readFileText(path);
      if (!original) continue;
      auto edited = mutate(state, path, *original);
      if (!edited) continue;
      for (const std::string* text : {&*edited, &*original}) {
        state.setBuffer(path, *text);
        buffers[path] = *text;
        auto stats = state.refresh();
        analyzed += stats.analyzed;
        reused += stats.reused;
        ProjectState fresh(root);
        for (const auto& [p, t] : buffers) fresh.setBuffer(p, t);
        fresh.refresh();
        ++edits;
        if (ferry::lsp::test::diagnosticsText(state) != ferry::lsp::test::diagnosticsText(fresh)) {
          ++mismatches;
          std::printf("MISMATCH after editing %s:\n", path.c_str());
          auto a = ferry::lsp::test::diagnosticsText(state), b = ferry::lsp::test::diagnosticsText(fresh);
          for (const auto& x : a) std::printf("  incremental: %s\n", x.c_str());
          for (const auto& x : b) std::printf("  fresh:       %s\n", x.c_str());
        }
      }
    }
  }
  std::printf("%zu projects, %zu edits compared, %zu mismatches; resources analyzed %zu, reused %zu\n", projects,
              edits, mismatches, analyzed, reused);
  return mismatches == 0 && edits > 0 ? 0 : 1;
}
