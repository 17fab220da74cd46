#include "compiler/driver/store_location.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "compiler/lower/lowering.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

bool isDatafile(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".datasource" || ext == ".pipe" || ext == ".connection" || ext == ".incl";
}

/// An exclusive flock held for the object's lifetime (serializes first deployments).
class FolderLock {
 public:
  explicit FolderLock(const fs::path& file) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FolderLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

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

/// Copies the project's datafiles (keeping their relative paths) into `deployments/<id>`,
/// through a temporary folder renamed into place.
fs::path copyDeployment(const fs::path& project, const fs::path& ferry, const std::string& id) {
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

/// Loads and analyzes `root` into `rt`; returns false when it has errors.
bool loadInto(ProjectRuntime& rt, const fs::path& root) {
  rt.project = project::loadProject(root, rt.sources, rt.sink);
  rt.analysis = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*rt.project, rt.sink));
  return !rt.sink.hasErrors();
}

}  // namespace

void ProjectRuntime::printDiagnostics() {
  sink.sort();
  for (const auto& d : sink.all()) std::cerr << renderText(d, sources, false);
  sink.clear();
}

std::unique_ptr<ProjectRuntime> openProjectRuntime(const std::string& project_path, int& exit_code) {
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
    {
      FolderLock lock(ferry / "deploy.lock");
      if (auto live = liveDeploymentFolder(rt->project_root)) {
        rt->live_root = *live;
        rt->deployment_id = live->filename().string();
      } else {
        // First use: the working copy becomes deployment 1 when it is free of errors.
        ProjectRuntime check;
        bool ok = loadInto(check, rt->project_root);
        if (ok) {
          auto lowered = lower::lowerProject(*check.project, *check.analysis, check.sink);
          ok = lowered.ok && !check.sink.hasErrors();
        }
        if (!ok) {
          check.printDiagnostics();
          std::cerr << "error: the project has errors; nothing was deployed\n";
          return nullptr;
        }
        rt->deployment_id = "1";
        rt->live_root = copyDeployment(rt->project_root, ferry, rt->deployment_id);
        writeAtomically(ferry / "live", rt->deployment_id + "\n");
      }
    }
    if (!loadInto(*rt, rt->live_root)) {
      rt->printDiagnostics();
      std::cerr << "error: the live deployment (" << rt->live_root.string() << ") has errors\n";
      return nullptr;
    }
    auto lowered = lower::lowerProject(*rt->project, *rt->analysis, rt->sink);
    if (!lowered.ok || rt->sink.hasErrors()) {
      rt->printDiagnostics();
      std::cerr << "error: the live deployment (" << rt->live_root.string() << ") cannot run\n";
      return nullptr;
    }
    rt->sink.clear();  // warnings of the deployed project were shown when it was checked
    rt->db = rt::Database::open(ferry / "store", std::move(lowered.tables), std::move(lowered.views));
  } catch (const std::exception& e) {
    std::cerr << "error: cannot open the store of " << project_path << ": " << e.what() << "\n";
    return nullptr;
  }
  exit_code = 0;
  return rt;
}

}  // namespace ferry::driver
