/// The local store of a project. `<project>/.ferry/` holds the store (`store/`), the deployed
/// versions of the project (`deployments/<id>/`, copies of its datafiles) and `live` (the id of
/// the live deployment). A fresh project needs no setup: the first command that needs the store
/// deploys the working copy as deployment 1. Later commands run the live deployment's files, not
/// the working copy: edits take effect through `ferry deploy`.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/driver/live_deployment.h"
#include "compiler/project/project.h"
#include "runtime/database/database.h"

namespace ferry::driver {

/// A deployed version's files, loaded and analyzed.
struct DeployedProject {
  std::filesystem::path root;  ///< `.ferry/deployments/<id>`
  std::unique_ptr<project::Project> project;
  std::unique_ptr<analyze::ProjectAnalysis> analysis;
};

/// The served deployment (live unless asked otherwise), loaded, analyzed and lowered, with the
/// store open holding every deployed version.
struct ProjectRuntime {
  std::filesystem::path project_root;  ///< the working copy (as given)
  std::filesystem::path live_root;     ///< `.ferry/deployments/<id>` of the served version
  std::string deployment_id;           ///< the served version
  SourceManager sources;
  DiagnosticSink sink;
  /// Every version the store's state names, loaded by the database's loader.
  std::map<std::string, DeployedProject> versions;
  project::Project* project = nullptr;             ///< the served version's
  analyze::ProjectAnalysis* analysis = nullptr;
  std::unique_ptr<rt::Database> db;

  /// Prints (and clears) the diagnostics collected so far to stderr; paths as loaded.
  void printDiagnostics();
};

/// Opens the runtime of the project at `project_path` (deploying the working copy first when the
/// project has no live deployment). Returns null after printing the reason to stderr;
/// `exit_code` is then 1 (errors in the project or the store) or 2 (no such folder).
/// `serve`: the version queries read (`--deployment staging`).
std::unique_ptr<ProjectRuntime> openProjectRuntime(const std::string& project_path, int& exit_code,
                                                   rt::DeploymentRole serve = rt::DeploymentRole::Live);

/// "live", "staging", "previous" (as validated by the command line).
rt::DeploymentRole deploymentRole(const std::string& name);

/// Whether a deployment copies the file (`.datasource`, `.pipe`, `.connection`, `.incl`).
bool isDatafile(const std::filesystem::path& path);

/// `<project>/.ferry/deployments/<id>`.
std::filesystem::path deploymentFolder(const std::filesystem::path& project, const std::string& id);

/// Copies the working copy's datafiles into `.ferry/deployments/<id>` (through a temporary folder).
std::filesystem::path copyDeployment(const std::filesystem::path& project, const std::string& id);

/// Points `.ferry/live` at `id` (atomically).
void writeLiveFile(const std::filesystem::path& project, const std::string& id);

/// Loads and lowers deployment folder `root` into `runtime` (its sources and sink). Throws
/// std::runtime_error after printing diagnostics when the files have errors or cannot run.
rt::DeploymentDefinition loadDeployment(ProjectRuntime& runtime, const std::string& id);

}  // namespace ferry::driver
