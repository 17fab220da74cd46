#include "compiler/driver/store_location.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "compiler/lower/lowering.h"
#include "runtime/storage/durable_file.h"

namespace fs = std::filesystem;

namespace ferry::driver {

bool isDatafile(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".datasource" || ext == ".pipe" || ext == ".connection" || ext == ".incl";
}

namespace {

void fsyncPath(const fs::path& p, bool directory) {
  int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

/// Writes `text` to `target` atomically: a temporary file, fsync, rename, fsync of the folder.
void writeAtomically(const fs::path& target, const std::string& text) {
  fs::path tmp = target;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  fsyncPath(tmp, false);
  fs::rename(tmp, target);
  fsyncPath(target.parent_path(), true);
}

}  // namespace

/// Copies the project's datafiles (keeping their relative paths) into `deployments/<id>`,
/// through a temporary folder renamed into place.
fs::path copyDeployment(const fs::path& project, const std::string& id) {
  fs::path ferry = ferryFolder(project);
  fs::path deployments = ferry / "deployments";
  fs::create_directories(deployments);
  fs::path tmp = deployments / (id + ".tmp");
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  for (auto it = fs::recursive_directory_iterator(project); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& p = it->path();
    if (it->is_directory()) {
      auto name = p.filename().string();
      if (name.starts_with(".") || name == "node_modules") it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !isDatafile(p)) continue;
    fs::path to = tmp / fs::relative(p, project);
    fs::create_directories(to.parent_path());
    fs::copy_file(p, to, fs::copy_options::overwrite_existing);
    fsyncPath(to, false);
  }
  fs::path final_dir = deployments / id;
  fs::remove_all(final_dir);
  fs::rename(tmp, final_dir);
  fsyncPath(deployments, true);
  return final_dir;
}

rt::DeploymentRole deploymentRole(const std::string& name) {
  if (name == "staging") return rt::DeploymentRole::Staging;
  if (name == "previous") return rt::DeploymentRole::Previous;
  return rt::DeploymentRole::Live;
}

fs::path deploymentFolder(const fs::path& project, const std::string& id) { return ferryFolder(project) / "deployments" / id; }

void writeLiveFile(const fs::path& project, const std::string& id) { writeAtomically(ferryFolder(project) / "live", id + "\n"); }

namespace {

/// Loads and analyzes `root`; returns false when it has errors.
bool loadInto(DeployedProject& out, const fs::path& root, SourceManager& sources, DiagnosticSink& sink) {
  out.root = root;
  out.project = project::loadProject(root, sources, sink);
  out.analysis = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*out.project, sink));
  return !sink.hasErrors();
}

}  // namespace

void ProjectRuntime::printDiagnostics() {
  sink.sort();
  for (const auto& d : sink.all()) std::cerr << renderText(d, sources, false);
  sink.clear();
}

rt::DeploymentDefinition loadDeployment(ProjectRuntime& rt, const std::string& id) {
  // A version loaded once stays (the served one's project is referred to); it is lowered again.
  auto it = rt.versions.find(id);
  if (it == rt.versions.end()) {
    fs::path root = deploymentFolder(rt.project_root, id);
    std::error_code ec;
    if (!fs::is_directory(root, ec))
      throw std::runtime_error("the files of deployment " + id + " (" + root.string() + ") are missing");
    DeployedProject loaded;
    if (!loadInto(loaded, root, rt.sources, rt.sink)) {
      rt.printDiagnostics();
      throw std::runtime_error("deployment " + id + " (" + root.string() + ") has errors");
    }
    it = rt.versions.emplace(id, std::move(loaded)).first;
  }
  auto lowered = lower::lowerProject(*it->second.project, *it->second.analysis, rt.sink);
  if (!lowered.ok || rt.sink.hasErrors()) {
    rt.printDiagnostics();
    throw std::runtime_error("deployment " + id + " (" + it->second.root.string() + ") cannot run");
  }
  rt.sink.clear();  // warnings of a deployed project were shown when it was checked
  return {std::move(lowered.tables), std::move(lowered.views)};
}

std::unique_ptr<ProjectRuntime> openProjectRuntime(const std::string& project_path, int& exit_code,
                                                   rt::DeploymentRole serve) {
  std::error_code ec;
  if (!fs::is_directory(project_path, ec)) {
    std::cerr << "error[" << diagName(DiagId::PRJ_NOT_FOUND) << "]: " << project_path << " is not a project folder\n";
    exit_code = 2;
    return nullptr;
  }
  auto rt = std::make_unique<ProjectRuntime>();
  rt->project_root = project_path;
  exit_code = 1;
  try {
    fs::path ferry = ferryFolder(rt->project_root);
    fs::create_directories(ferry);
    if (!fs::exists(ferry / ".gitignore")) writeAtomically(ferry / ".gitignore", "*\n");
    std::string initial_id;
    {
      rt::storage::FileLock lock(ferry / "deploy.lock");
      if (auto live = liveDeploymentFolder(rt->project_root)) {
        initial_id = live->filename().string();
      } else {
        // First use: the working copy becomes deployment 1 when it is free of errors.
        DeployedProject check;
        bool ok = loadInto(check, rt->project_root, rt->sources, rt->sink);
        if (ok) {
          auto lowered = lower::lowerProject(*check.project, *check.analysis, rt->sink);
          ok = lowered.ok && !rt->sink.hasErrors();
        }
        if (!ok) {
          rt->printDiagnostics();
          std::cerr << "error: the project has errors; nothing was deployed\n";
          return nullptr;
        }
        rt->sink.clear();
        initial_id = "1";
        copyDeployment(rt->project_root, initial_id);
        writeLiveFile(rt->project_root, initial_id);
      }
    }
    ProjectRuntime* self = rt.get();
    rt->db = rt::Database::open(
        ferry / "store", [self](const std::string& id) { return loadDeployment(*self, id); }, initial_id, serve);
    const auto& state = rt->db->state();
    // The store's state is the truth; `.ferry/live` follows it (a crash between a promote's
    // commit and the file's update leaves it behind).
    if (state.live && state.live->id != initial_id) writeLiveFile(rt->project_root, state.live->id);
    const auto& served = state.version(serve);
    rt->deployment_id = served->id;
    auto& version = rt->versions.at(served->id);
    rt->live_root = version.root;
    rt->project = version.project.get();
    rt->analysis = version.analysis.get();
  } catch (const std::exception& e) {
    std::cerr << "error: cannot open the store of " << project_path << ": " << e.what() << "\n";
    return nullptr;
  }
  exit_code = 0;
  return rt;
}

}  // namespace ferry::driver
