/// libFuzzer target: the whole `ferry check` pipeline (datafiles, templates, SQL, names, the
/// dependency graph and semantic analysis), down to the diagnostics printed as text and JSON, and
/// the deployment planner: the project planned against itself must have nothing to do, and
/// planned as a first deployment must create every resource. loadProject reads from disk, so each input is written into a private
/// temporary folder as `fuzz_ds.datasource` and `fuzz_pipe.pipe`: the bytes before the first
/// "\n===\n" are the datasource, the rest the pipe (without the separator, both get all bytes).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/analyze/project_analysis.h"
#include "compiler/driver/diagnostic_output.h"
#include "compiler/plan/plan_json.h"
#include "compiler/plan/plan_text.h"
#include "compiler/plan/planner.h"
#include "compiler/project/project.h"
#include "tests/fuzz/fuzz_support.h"

using namespace ferry;
namespace fs = std::filesystem;

namespace {

/// One folder per process, made for each input and removed after it (libFuzzer may leave with
/// _Exit, so nothing is left to clean up at exit).
fs::path workDir() {
  return fs::temp_directory_path() / ("ferry-fuzz-project-" + std::to_string(getpid()));
}

void writeFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view datasource = bytes, pipe = bytes;
  constexpr std::string_view kSeparator = "\n===\n";
  if (auto at = bytes.find(kSeparator); at != std::string_view::npos) {
    datasource = bytes.substr(0, at);
    pipe = bytes.substr(at + kSeparator.size());
  }
  const fs::path dir = workDir();
  fs::create_directories(dir);
  writeFile(dir / "fuzz_ds.datasource", datasource);
  writeFile(dir / "fuzz_pipe.pipe", pipe);

  for (bool syntax_only : {false, true}) {
    SourceManager sources;
    DiagnosticSink sink;
    project::LoadOptions options;
    options.syntax_only = syntax_only;
    auto p = project::loadProject(dir, sources, sink, options);
    if (!p || p->resources.size() != 2) std::abort();
    if (!syntax_only) {
      auto analysis = analyze::analyzeProject(*p, sink);
      plan::ProjectView view{p.get(), &analysis};
      DiagnosticSink plan_sink;
      auto self = plan::planDeployment(view, view, {}, plan_sink);
      if (!self.empty()) std::abort();  // a project against itself: nothing to do
      auto first = plan::planDeployment({}, view, {}, plan_sink);
      for (const auto& r : first.resources)
        if (r.decision != plan::Decision::Create) std::abort();  // shared `ws.ds` are never created
      (void)plan::renderPlanText(first);
      (void)plan::planToJson(first).dump();
      fuzz::checkDiagnostics(plan_sink, sources);
    }
    sink.sort();
    fuzz::checkDiagnostics(sink, sources);
    std::vector<driver::ReportedDiagnostic> reported;
    for (const auto& d : sink.all()) reported.push_back({&d, dir});
    (void)driver::formatDiagnostics(reported, sources, driver::OutputFormat::Text, false);
    if (driver::formatDiagnostics(reported, sources, driver::OutputFormat::Json, false).empty()) std::abort();
  }
  fs::remove_all(dir);
  return 0;
}
