/// workspace/executeCommand `ferry.plan`: the deployment plan of the workspace (open buffers
/// included) against the project's live local deployment, in the two forms `ferry deploy
/// --check` prints: `text` is its text output (the diagnostics it writes to stderr, then the
/// plan and the validity line it writes to stdout), `plan` its `--format json` document.
#include <filesystem>

#include "compiler/driver/diagnostic_output.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/live_plan.h"
#include "compiler/plan/plan_json.h"
#include "compiler/plan/plan_text.h"

namespace fs = std::filesystem;

namespace ferry::lsp {

namespace {

/// The path as the CLI run from the project folder shows it (`datasources/x.datasource`,
/// `.ferry/deployments/<id>/...` for live files).
std::string shownPath(const std::string& path, const fs::path& root) {
  fs::path rel = fs::path(path).lexically_relative(root);
  if (rel.empty() || rel.native().starts_with("..")) return path;
  return rel.generic_string();
}

/// One SourceManager holding the workspace's files and the live project's at their own ids (the
/// live ids start above the workspace's, see live_plan.h), so that any diagnostic of the plan,
/// notes included, renders with it. `relative`: paths as shownPath() gives them.
SourceManager mergedSources(const ProjectState& state, const LivePlan& live, bool relative) {
  SourceManager merged;
  auto add = [&](const SourceFile& f) {
    merged.add(relative ? shownPath(f.path(), state.root()) : f.path(), f.text());
  };
  for (FileId id = 0; id < state.sources().size(); ++id) add(state.sources().file(id));
  if (live.liveProject())
    for (auto id = static_cast<FileId>(merged.size()); id < live.liveSources().size(); ++id)
      add(live.liveSources().file(id));
  return merged;
}

}  // namespace

nlohmann::json planCommand(const ProjectState& state, LivePlan& live) {
  // As `ferry deploy --check`: the project's own diagnostics, then the planner's.
  DiagnosticSink sink;
  sink.append(state.diagnostics());
  plan::Plan deployment;
  std::string base_label;
  if (auto result = live.plan(state)) {
    deployment = std::move(result->plan);
    sink.append(result->diagnostics);
    base_label = "live deployment " + live.liveFolder().filename().string();
  } else {
    sink.report(DiagId::PLAN_NO_LIVE, Span{},
                "no live deployment to compare with (pass --base PATH|GITREF): every resource is created");
    deployment = plan::planDeployment({}, {&state.project(), &state.analysis()}, plan::PlanOptions{}, sink);
  }
  sink.sort();
  bool valid = !sink.hasErrors();

  SourceManager shown = mergedSources(state, live, true);
  std::vector<driver::ReportedDiagnostic> text_diags;
  for (const auto& d : sink.all()) text_diags.push_back({&d, fs::path()});
  std::string text = driver::formatDiagnostics(text_diags, shown, driver::OutputFormat::Text, false);
  text += plan::renderPlanText(deployment);
  text += valid ? "✓ Deployment is valid\n" : "✗ Deployment is not valid\n";

  SourceManager absolute = mergedSources(state, live, false);
  std::vector<driver::ReportedDiagnostic> json_diags;
  for (const auto& d : sink.all())
    json_diags.push_back({&d, live.isLiveFile(d.span.file) ? live.liveFolder() : state.root()});
  auto doc = plan::planToJson(deployment);
  doc["diagnostics"] = nlohmann::json::parse(
      driver::formatDiagnostics(json_diags, absolute, driver::OutputFormat::Json, false))["diagnostics"];
  doc["base"] = base_label;
  doc["valid"] = valid;
  return {{"text", std::move(text)}, {"plan", std::move(doc)}};
}

nlohmann::json planCommand(const ProjectState& state) {
  LivePlan live;
  return planCommand(state, live);
}

}  // namespace ferry::lsp
