#include "compiler/lsp/live_plan.h"

#include "compiler/driver/live_deployment.h"
#include "compiler/lsp/project_state.h"

namespace fs = std::filesystem;

namespace ferry::lsp {

namespace {

/// Ids left free above the workspace's when the live project is loaded: the workspace gets a new
/// id for every new file and every re-read include, and the live project is loaded again only
/// when they are used up.
constexpr FileId kIdHeadroom = 256;

}  // namespace

LivePlan::LivePlan() : sources_(std::make_unique<SourceManager>()) {}
LivePlan::~LivePlan() = default;

void LivePlan::clear() {
  analysis_.reset();
  project_.reset();
  sources_ = std::make_unique<SourceManager>();
  folder_.clear();
  stamp_ = {};
  base_ = 0;
}

bool LivePlan::load(const ProjectState& state) {
  auto folder = driver::liveDeploymentFolder(state.root());
  if (!folder) {
    if (project_) clear();
    return false;
  }
  std::error_code ec;
  auto stamp = fs::last_write_time(driver::ferryFolder(state.root()) / "live", ec);
  if (project_ && *folder == folder_ && stamp == stamp_ && state.sources().size() <= base_) return true;

  clear();
  base_ = static_cast<FileId>(state.sources().size()) + kIdHeadroom;
  for (FileId i = 0; i < base_; ++i) sources_->add(std::string(), std::string());
  // The live project is deployed already: its own problems are not the editor's to show.
  DiagnosticSink ignored;
  project_ = project::loadProject(*folder, *sources_, ignored);
  analysis_ = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*project_, ignored));
  folder_ = *folder;
  stamp_ = stamp;
  return true;
}

std::optional<LivePlan::Result> LivePlan::plan(const ProjectState& state, const plan::PlanOptions& options) {
  if (!load(state)) return std::nullopt;
  Result result;
  result.plan = plan::planDeployment({project_.get(), analysis_.get()}, {&state.project(), &state.analysis()}, options,
                                     result.diagnostics);
  result.diagnostics.sort();
  return result;
}

std::vector<Diagnostic> LivePlan::diagnostics(const ProjectState& state) {
  std::vector<Diagnostic> out;
  auto result = plan(state);
  if (!result) return out;
  auto in_workspace = [&](const Span& span) {
    return span.valid() && !isLiveFile(span.file) && span.file < state.sources().size();
  };
  for (auto& d : result->diagnostics.all()) {
    if (!diagName(d.id).starts_with("PLAN_") || !in_workspace(d.span)) continue;
    std::erase_if(d.notes, [&](const Diagnostic& n) { return !in_workspace(n.span); });
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace ferry::lsp
