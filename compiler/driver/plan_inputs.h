/// The two projects a plan compares, loaded and analyzed: the new one (the working tree at
/// PATH) and the live one (`--base PATH|GITREF`: a folder, or a git revision of the repository
/// holding PATH, read with `git ls-tree`/`git cat-file` into a temporary folder). Without a base
/// there is no live deployment yet (the local store's live deployment comes with the runtime):
/// the live project is empty and every resource is created.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/plan/planner.h"
#include "compiler/project/project.h"

namespace ferry::driver {

struct LoadedProject {
  std::filesystem::path root;     ///< where it was loaded from
  std::unique_ptr<project::Project> project;
  std::unique_ptr<analyze::ProjectAnalysis> analysis;
};

struct PlanInputs {
  SourceManager sources;
  LoadedProject live;             ///< project null when there is no live deployment
  LoadedProject next;
  /// Files with an id below this belong to the live project (diagnostics on deleted resources).
  size_t live_file_count = 0;
  std::string base_label;         ///< "folder ../main", "git revision main" or "" (none)
  /// Diagnostics of loading and analyzing the new project (the live project's are dropped: it is
  /// deployed already; only the new one is the user's to fix).
  DiagnosticSink sink;
  /// A temporary folder holding a git revision; removed with the inputs.
  std::filesystem::path temp_dir;

  PlanInputs() = default;
  PlanInputs(const PlanInputs&) = delete;
  PlanInputs& operator=(const PlanInputs&) = delete;
  ~PlanInputs();

  plan::ProjectView liveView() const { return {live.project.get(), live.analysis.get()}; }
  plan::ProjectView nextView() const { return {next.project.get(), next.analysis.get()}; }
};

/// Loads PATH (a project folder) as the new project and BASE (empty: none) as the live one.
/// Returns null after printing an error to stderr (exit code 2) when PATH or BASE cannot be read.
std::unique_ptr<PlanInputs> loadPlanInputs(const std::string& path, const std::string& base);

}  // namespace ferry::driver
