/// `ferry deploy` (without --check) and `ferry deployment ls|promote|discard|rollback`: deployments
/// on the local store. The plan comes from the planner; the runtime creates the staging version at
/// a cut, backfills it with a journal, checks it, promotes, discards or rolls back, each step one
/// atomic store commit (runtime/deploy). These verbs only choose, print and keep the deployment
/// folders (`.ferry/deployments/<id>`) and `.ferry/live` in step with the store's state.
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/deploy_progress.h"
#include "compiler/driver/plan_inputs.h"
#include "compiler/driver/query_run.h"
#include "compiler/driver/staging_build.h"
#include "compiler/driver/store_location.h"
#include "compiler/plan/plan_text.h"
#include "runtime/deploy/backfill.h"
#include "runtime/deploy/deployment_journal.h"
#include "runtime/deploy/deployment_steps.h"
#include "runtime/deploy/promote_checks.h"
#include "runtime/storage/durable_file.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

/// The datafiles of a folder: relative path -> contents (what a deployment copies).
std::map<std::string, std::string> datafiles(const fs::path& root) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory()) {
      auto name = it->path().filename().string();
      if (name.starts_with(".") || name == "node_modules") it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !isDatafile(it->path())) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out[fs::relative(it->path(), root).string()] = text.str();
  }
  return out;
}

/// The next deployment id: one above every id the store or the folder has seen.
std::string nextDeploymentId(const fs::path& project, const rt::DeploymentState& state) {
  uint64_t max_id = 0;
  auto consider = [&](const std::string& id) {
    try {
      max_id = std::max<uint64_t>(max_id, std::stoull(id));
    } catch (...) {
    }
  };
  for (const auto* v : {&state.live, &state.staging, &state.previous})
    if (*v) consider((*v)->id);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ferryFolder(project) / "deployments", ec)) consider(entry.path().filename().string());
  return std::to_string(max_id + 1);
}

/// Removes the deployment folders the store's state does not name: a killed deploy's before its
/// staging commit, and those of versions dropped since (a rolled-back one, a previous one whose
/// rollback window ended).
void removeUnnamedFolders(const fs::path& project, const rt::DeploymentState& state) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ferryFolder(project) / "deployments", ec)) {
    std::string name = entry.path().filename().string();
    bool named = false;
    for (const auto* v : {&state.live, &state.staging, &state.previous})
      if (*v && (*v)->id == name) named = true;
    if (!named) fs::remove_all(entry.path(), ec);
  }
}

/// Plans the deployment folder (or working copy) `next` over the live deployment.
struct PlannedDeployment {
  std::unique_ptr<PlanInputs> inputs;
  plan::Plan plan;
};

std::optional<PlannedDeployment> planOver(const fs::path& project, const std::string& live_id, const std::string& next,
                                          bool allow_destructive, bool print) {
  PlannedDeployment out;
  out.inputs = loadPlanInputs(next, deploymentFolder(project, live_id).string());
  if (!out.inputs) return std::nullopt;
  out.inputs->base_label = "live deployment " + live_id;
  plan::PlanOptions options;
  options.allow_destructive = allow_destructive;
  out.plan = plan::planDeployment(out.inputs->liveView(), out.inputs->nextView(), options, out.inputs->sink);
  out.inputs->sink.sort();
  std::vector<ReportedDiagnostic> diags;
  for (const auto& d : out.inputs->sink.all()) {
    bool live_file = d.span.file != kNoFile && d.span.file < out.inputs->live_file_count;
    diags.push_back({&d, live_file ? out.inputs->live.root : out.inputs->next.root});
  }
  if (print || out.inputs->sink.hasErrors()) std::cerr << formatDiagnostics(diags, out.inputs->sources, OutputFormat::Text, false);
  if (print) std::cout << plan::renderPlanText(out.plan, {});
  if (out.inputs->sink.hasErrors()) {
    std::cout << "✗ Deployment is not valid\n";
    return std::nullopt;
  }
  return out;
}

void printOffending(const rt::OffendingRows& rows) {
  std::cerr << fmt::format("  offending rows: {}{} live row(s) of {} cannot be converted\n", rows.count,
                           rows.more ? " or more" : "", rows.source);
  if (!rows.sample.empty()) std::cerr << "  sample:\n";
  for (const auto& row : rows.sample) std::cerr << "    " << row << "\n";
}

/// Drops staging after a failure and says so; live is untouched.
void discardAfterFailure(ProjectRuntime& runtime, const std::string& id) {
  try {
    rt::discardStaging(*runtime.db);
    std::error_code ec;
    fs::remove_all(deploymentFolder(runtime.project_root, id), ec);
    std::cerr << "deployment " << id << " was discarded; live (deployment " << runtime.db->state().live->id
              << ") is unchanged\n";
  } catch (const std::exception& e) {
    std::cerr << "error: discarding deployment " << id << " failed too: " << e.what()
              << "\n  run `ferry deployment discard` to remove it\n";
  }
}

int promote(ProjectRuntime& runtime) {
  rt::Database& db = *runtime.db;
  const auto& state = db.state();
  if (!state.staging) {
    if (state.previous) {
      // A promote ran last (a killed one finished its commit): running it again changes nothing.
      std::cout << "deployment " << state.live->id << " is live already (promoted over deployment "
                << state.previous->id << "); nothing to promote\n";
      return 0;
    }
    std::cerr << "error[NO_STAGING_DEPLOYMENT]: there is no staging deployment to promote\n";
    return 1;
  }
  std::string id = state.staging->id;
  if (!rt::backfillDone(db)) {
    std::cerr << "error[DEPLOYMENT_NOT_READY]: the backfill of deployment " << id
              << " has not finished: run `ferry deploy` again to resume it, or discard it\n";
    return 1;
  }
  // The plan again, for its checks: destructive operations were allowed when staging was made.
  auto planned = planOver(runtime.project_root, state.live->id, deploymentFolder(runtime.project_root, id).string(),
                          true, false);
  if (!planned) return 1;
  auto spec = buildStagingSpec(planned->plan, *planned->inputs, id);
  if (!spec) return 1;
  auto failures = rt::runPromoteChecks(db, spec->checks);
  for (const auto& f : failures)
    std::cerr << "error[PROMOTE_CHECK_FAILED]: " << f.label << " differ between live and staging\n  live:    "
              << f.live << "\n  staging: " << f.staging << "\n";
  if (!failures.empty()) {
    std::cerr << "live is unchanged; deployment " << id << " stays staging (inspect it with `--deployment staging`, "
              << "then discard it)\n";
    return 1;
  }
  if (!spec->checks.empty()) std::cout << "✓ " << spec->checks.size() << " check(s) equal on live and staging\n";
  rt::promoteStaging(db);
  writeLiveFile(runtime.project_root, id);
  rt::Store::crashPoint("deploy.step");
  std::cout << "✓ deployment " << id << " is live; deployment " << db.state().previous->id
            << " is kept (and fed) until the next deploy: `ferry deployment rollback` returns to it\n";
  return 0;
}

/// Runs `step` on the project's runtime under the deployment command lock (one deployment
/// command at a time); runtime errors print as `error[CODE]` and exit 1.
int withDeploymentRuntime(const std::string& project, const std::function<int(ProjectRuntime&)>& step) {
  std::error_code ec;
  fs::create_directories(ferryFolder(project), ec);
  rt::storage::FileLock command_lock(ferryFolder(project) / "deployment.lock");
  int exit_code = 0;
  auto runtime = openProjectRuntime(project, exit_code);
  if (!runtime) return exit_code;
  try {
    return step(*runtime);
  } catch (const std::exception& e) {
    printRuntimeError(e);
    return 1;
  }
}

}  // namespace

int runDeployStaging(const DeployOptions& opts) {
  fs::path project = opts.path;
  std::error_code ec;
  if (!fs::is_directory(project, ec)) {
    std::cerr << "error: " << opts.path << " is not a project folder\n";
    return 2;
  }
  fs::create_directories(ferryFolder(project), ec);
  rt::storage::FileLock command_lock(ferryFolder(project) / "deployment.lock");
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.path, exit_code);
  if (!runtime) return exit_code;
  rt::Database& db = *runtime->db;
  rt::DeploymentState state = db.state();
  std::string id;
  bool resume = false;
  if (state.staging) {
    id = state.staging->id;
    if (datafiles(deploymentFolder(project, id)) != datafiles(project)) {
      std::cerr << "error[DEPLOYMENT_IN_PROGRESS]: deployment " << id
                << " is staging with other files: `ferry deployment promote` or `ferry deployment discard` it first\n";
      return 1;
    }
    resume = true;
    std::cout << "resuming staging deployment " << id << "\n";
  } else {
    removeUnnamedFolders(project, state);
  }
  std::string next = resume ? deploymentFolder(project, id).string() : opts.path;
  auto planned = planOver(project, state.live->id, next, opts.allow_destructive, !resume);
  if (!planned) return 1;
  if (!resume && planned->plan.empty()) {
    std::cout << "nothing to deploy: the project equals live deployment " << state.live->id << "\n";
    return 0;
  }
  if (!resume) {
    id = nextDeploymentId(project, state);
    copyDeployment(project, id);
    rt::Store::crashPoint("deploy.step");
  }
  auto spec = buildStagingSpec(planned->plan, *planned->inputs, id);
  if (!spec) {
    planned->inputs->sink.sort();
    for (const auto& d : planned->inputs->sink.all()) std::cerr << renderText(d, planned->inputs->sources, false);
    if (!resume) fs::remove_all(deploymentFolder(project, id), ec);
    std::cerr << "error: the deployment cannot run on the local store\n";
    return 1;
  }
  try {
    if (!resume) {
      rt::createStaging(db, *spec);
      removeUnnamedFolders(project, db.state());  // the previous version's window ended
      std::cout << "staging deployment " << id << " created at append sequence " << db.state().cut_sequence << " ("
                << spec->tables.size() << " new table version(s))\n";
    }
    DeployProgress progress;
    rt::runBackfill(db, *spec, [&](const rt::BackfillProgress& p) { progress.update(p); });
    std::cout << "✓ staging deployment " << id << " is ready: " << progress.finish() << "\n";
  } catch (const rt::BackfillError& e) {
    std::cerr << "error[" << e.code << "]: " << e.what() << "\n";
    printOffending(e.rows);
    discardAfterFailure(*runtime, id);
    return 1;
  } catch (const std::exception& e) {
    printRuntimeError(e);
    discardAfterFailure(*runtime, id);
    return 1;
  }
  if (!opts.auto_promote) {
    std::cout << "query it with `--deployment staging`; `ferry deployment promote` makes it live\n";
    return 0;
  }
  try {
    return promote(*runtime);
  } catch (const std::exception& e) {
    printRuntimeError(e);
    return 1;
  }
}

int runDeploymentLs(const DeploymentOptions& opts) {
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code);
  if (!runtime) return exit_code;
  const auto& state = runtime->db->state();
  auto snapshot = runtime->db->store().snapshot();
  std::string phase;
  if (const std::string* text = snapshot->metaValue(rt::kJournalMetaKey)) phase = rt::DeploymentJournal::parse(*text).phase;
  nlohmann::json list = nlohmann::json::array();
  for (auto role : {rt::DeploymentRole::Staging, rt::DeploymentRole::Live, rt::DeploymentRole::Previous}) {
    const auto& v = state.version(role);
    if (!v) continue;
    nlohmann::json row = {{"id", v->id}, {"status", rt::deploymentRoleName(role)}};
    if (role == rt::DeploymentRole::Staging) {
      row["cut"] = state.cut_sequence;
      row["phase"] = phase;
    }
    list.push_back(row);
  }
  if (opts.format == OutputFormat::Json) {
    std::cout << nlohmann::json{{"deployments", list}}.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("{:<6} {:<9} {:<10} {}\n", "ID", "STATUS", "CUT", "PHASE");
  for (const auto& row : list)
    std::cout << fmt::format("{:<6} {:<9} {:<10} {}\n", row["id"].get<std::string>(), row["status"].get<std::string>(),
                             row.contains("cut") ? std::to_string(row["cut"].get<uint64_t>()) : "",
                             row.value("phase", std::string()));
  return 0;
}

int runDeploymentPromote(const DeploymentOptions& opts) {
  return withDeploymentRuntime(opts.project, [](ProjectRuntime& runtime) { return promote(runtime); });
}

int runDeploymentDiscard(const DeploymentOptions& opts) {
  return withDeploymentRuntime(opts.project, [&](ProjectRuntime& runtime) {
    auto id = rt::discardStaging(*runtime.db);
    removeUnnamedFolders(opts.project, runtime.db->state());
    if (!id) {
      std::cout << "no staging deployment to discard\n";
      return 0;
    }
    std::error_code ec;
    fs::remove_all(deploymentFolder(opts.project, *id), ec);
    std::cout << "✓ deployment " << *id << " discarded; live (deployment " << runtime.db->state().live->id
              << ") is unchanged\n";
    return 0;
  });
}

int runDeploymentRollback(const DeploymentOptions& opts) {
  return withDeploymentRuntime(opts.project, [&](ProjectRuntime& runtime) {
    std::string from = runtime.db->state().live->id;
    std::string id = rt::rollbackLive(*runtime.db);
    writeLiveFile(opts.project, id);
    rt::Store::crashPoint("deploy.step");
    removeUnnamedFolders(opts.project, runtime.db->state());
    std::cout << "✓ deployment " << id << " is live again (with every row appended since); deployment " << from
              << " was dropped\n";
    return 0;
  });
}

}  // namespace ferry::driver
