/// The deployment plan of a workspace against its project's live local deployment
/// (`<project>/.ferry/live`, driver/live_deployment.h): what `ferry deploy --check` computes, kept
/// warm for the language server. The live project is loaded and analyzed once, on first use, and
/// again only when `.ferry/live` changes (another deployment was promoted); the workspace side is
/// the ProjectState's, already analyzed, so a plan costs one planDeployment call.
///
/// File ids: the live project has its own SourceManager whose ids start above every id of the
/// ProjectState's (the first ones are empty placeholders), so that a Span says by itself which
/// project it points into: isLiveFile(). The planner reports deleted resources (and some notes)
/// on live files; the editor can only show the workspace's.
///
/// One LivePlan per ProjectState; not thread-safe (the server calls it from its worker).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/plan/plan.h"
#include "compiler/plan/planner.h"
#include "compiler/project/project.h"

namespace ferry::lsp {

class ProjectState;

class LivePlan {
 public:
  LivePlan();
  ~LivePlan();
  LivePlan(const LivePlan&) = delete;
  LivePlan& operator=(const LivePlan&) = delete;

  struct Result {
    /// Values only (names, SQL text): no pointer into either project.
    plan::Plan plan;
    /// Everything planDeployment reported, sorted. Spans point into `state.sources()` or, when
    /// isLiveFile(span.file), into liveSources(); valid until the state's next refresh() and
    /// this LivePlan's next reload.
    DiagnosticSink diagnostics;
  };

  /// The plan of `state` (refreshed) over the live deployment of `state.root()`; nullopt when the
  /// project has no live deployment.
  std::optional<Result> plan(const ProjectState& state, const plan::PlanOptions& options = {});

  /// What the editor shows of the plan: its PLAN_* diagnostics whose span is in a workspace file,
  /// with the notes that point into live files left out. Empty without a live deployment.
  /// Publish them with the state's own diagnostics (spans into `state.sources()`).
  std::vector<Diagnostic> diagnostics(const ProjectState& state);

  /// The live project and its analysis as last loaded by plan() (null before, or without a live
  /// deployment). Resources and spans stay valid until the next reload.
  const project::Project* liveProject() const { return project_.get(); }
  /// The folder of the live deployment's files (empty without one).
  const std::filesystem::path& liveFolder() const { return folder_; }
  /// The live project's files; ids below the first live id are empty placeholders.
  const SourceManager& liveSources() const { return *sources_; }
  bool isLiveFile(FileId id) const { return id != kNoFile && project_ && id >= base_ && id < sources_->size(); }

 private:
  /// Brings the live project in line with `.ferry/live` and with the state's id range; false
  /// when there is no live deployment.
  bool load(const ProjectState& state);
  void clear();

  std::filesystem::path folder_;
  std::filesystem::file_time_type stamp_{};  ///< `.ferry/live`'s mtime when loaded
  std::unique_ptr<SourceManager> sources_;
  std::unique_ptr<project::Project> project_;
  std::unique_ptr<analyze::ProjectAnalysis> analysis_;
  FileId base_ = 0;  ///< the first live file id
};

}  // namespace ferry::lsp
