#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "compiler/analyze/project_analysis.h"
#include "compiler/driver/commands.h"
#include "compiler/project/layout.h"
#include "compiler/project/project.h"

namespace fs = std::filesystem;

namespace ferry::driver {

bool stdoutIsColorTerminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr && term && std::string(term) != "dumb";
}

int runCheck(const CheckOptions& opts) {
  auto started = std::chrono::steady_clock::now();
  SourceManager sources;
  // One sink per project so that each diagnostic is reported relative to its own project.
  std::vector<std::pair<fs::path, DiagnosticSink>> sinks;
  size_t projects = 0, files = 0;
  for (const auto& arg : opts.paths) {
    fs::path path(arg);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      sinks.emplace_back(fs::path{}, DiagnosticSink{});
      sinks.back().second.report(DiagId::PRJ_NOT_FOUND, Span{}, "no such file or directory: " + arg);
      continue;
    }
    std::vector<fs::path> roots = opts.recursive ? project::findProjects(path) : std::vector<fs::path>{path};
    if (roots.empty()) {
      sinks.emplace_back(path, DiagnosticSink{});
      sinks.back().second.report(DiagId::PRJ_NO_DATAFILES, Span{}, "no datafiles found below " + arg);
    }
    for (const auto& root : roots) {
      sinks.emplace_back(fs::is_directory(root, ec) ? root : root.parent_path(), DiagnosticSink{});
      project::LoadOptions lo;
      lo.syntax_only = opts.syntax_only;
      lo.stop_at_nested_projects = opts.recursive;
      auto p = project::loadProject(root, sources, sinks.back().second, lo);
      if (!opts.syntax_only) analyze::analyzeProject(*p, sinks.back().second);
      ++projects;
      files += p->resources.size();
      if (p->resources.empty() && !opts.recursive)
        sinks.back().second.report(DiagId::PRJ_NO_DATAFILES, Span{}, "no datafiles found in " + root.string());
    }
  }

  std::vector<ReportedDiagnostic> all;
  size_t errors = 0, warnings = 0;
  for (auto& [root, sink] : sinks) {
    sink.sort();
    errors += sink.errorCount();
    warnings += sink.warningCount();
    for (const auto& d : sink.all()) all.push_back({&d, root});
  }
  std::cout << formatDiagnostics(all, sources, opts.format, stdoutIsColorTerminal());
  if (opts.format == OutputFormat::Text) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "checked %zu datafile%s in %zu project%s in %.0f ms: %zu error%s, %zu warning%s\n", files,
                 files == 1 ? "" : "s", projects, projects == 1 ? "" : "s", ms, errors, errors == 1 ? "" : "s",
                 warnings, warnings == 1 ? "" : "s");
  }
  return errors ? 1 : 0;
}

}  // namespace ferry::driver
