/// The local store of a project. `<project>/.ferry/` holds the store (`store/`), the deployed
/// versions of the project (`deployments/<id>/`, copies of its datafiles) and `live` (the id of
/// the live deployment). A fresh project needs no setup: the first command that needs the store
/// deploys the working copy as deployment 1. Later commands run the live deployment's files, not
/// the working copy: edits take effect through `ferry deploy`.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/driver/live_deployment.h"
#include "compiler/project/project.h"
#include "runtime/database/database.h"

namespace ferry::driver {

/// The live deployment, loaded, analyzed and lowered, with its store open.
struct ProjectRuntime {
  std::filesystem::path project_root;  ///< the working copy (as given)
  std::filesystem::path live_root;     ///< `.ferry/deployments/<id>`
  std::string deployment_id;
  SourceManager sources;
  DiagnosticSink sink;
  std::unique_ptr<project::Project> project;
  std::unique_ptr<analyze::ProjectAnalysis> analysis;
  std::unique_ptr<rt::Database> db;

  /// Prints (and clears) the diagnostics collected so far to stderr; paths as loaded.
  void printDiagnostics();
};

/// Opens the runtime of the project at `project_path` (deploying the working copy first when the
/// project has no live deployment). Returns null after printing the reason to stderr;
/// `exit_code` is then 1 (errors in the project or the store) or 2 (no such folder).
std::unique_ptr<ProjectRuntime> openProjectRuntime(const std::string& project_path, int& exit_code);

}  // namespace ferry::driver
