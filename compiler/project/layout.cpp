#include "compiler/project/layout.h"

#include <algorithm>
#include <array>
#include <system_error>

namespace fs = std::filesystem;

namespace ferry::project {

namespace {
constexpr std::array<std::string_view, 11> kStandardFolders = {
    "datasources", "pipes",  "endpoints", "materializations", "copies",  "sinks",
    "connections", "vendor", "playgrounds", "includes",        "fixtures"};

/// Forward's Project class scans at most this many folder levels below the root.
constexpr int kMaxDepth = 3;

bool hasDatafileDirectly(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && isDatafile(it->path())) return true;
  return false;
}

bool hasStandardSubfolder(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && isStandardFolder(it->path().filename().string())) return true;
  return false;
}

/// Folders of tools, never of projects. Other hidden folders (a CLI's `.diff_tmp` copy of a
/// project, say) are searched by --recursive but never read as part of the project above them.
bool isToolFolder(const std::string& name) {
  return name == ".git" || name == ".ferry" || name == "node_modules" || name == ".venv" || name == ".cache";
}

bool isProjectRoot(const fs::path& dir) { return hasDatafileDirectly(dir) || hasStandardSubfolder(dir); }

void collect(const fs::path& dir, int depth, bool stop_at_nested, bool is_root, std::vector<fs::path>& out) {
  std::error_code ec;
  std::vector<fs::path> subdirs;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') continue;  // .ferry, .git, .diff_tmp, ...
      subdirs.push_back(it->path());
    } else if (it->is_regular_file(ec) && isDatafile(it->path())) {
      out.push_back(it->path());
    }
  }
  if (depth >= kMaxDepth) return;
  for (const auto& sub : subdirs) {
    bool standard = isStandardFolder(sub.filename().string());
    if (stop_at_nested && !standard && !is_root) continue;
    if (stop_at_nested && !standard && isProjectRoot(sub)) continue;
    collect(sub, depth + 1, stop_at_nested, false, out);
  }
}

void find(const fs::path& dir, bool inside_project, std::vector<fs::path>& out) {
  std::error_code ec;
  bool root = !inside_project && isProjectRoot(dir);
  if (root) out.push_back(dir);
  std::vector<fs::path> subdirs;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory(ec) && !isToolFolder(name)) subdirs.push_back(it->path());
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& sub : subdirs) {
    // A standard folder belongs to the project above it; anything else may be a project itself.
    bool standard = isStandardFolder(sub.filename().string());
    if ((root || inside_project) && standard) {
      find(sub, true, out);
    } else {
      find(sub, false, out);
    }
  }
}
}  // namespace

FileKind fileKindOf(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".datasource") return FileKind::Datasource;
  if (ext == ".pipe") return FileKind::Pipe;
  if (ext == ".connection") return FileKind::Connection;
  if (ext == ".incl") return FileKind::Include;
  return FileKind::Other;
}

bool isDatafile(const fs::path& p) {
  auto k = fileKindOf(p);
  return k == FileKind::Datasource || k == FileKind::Pipe || k == FileKind::Connection;
}

bool isStandardFolder(const std::string& name) {
  return std::find(kStandardFolders.begin(), kStandardFolders.end(), name) != kStandardFolders.end();
}

std::vector<fs::path> projectFiles(const fs::path& root, bool stop_at_nested_projects) {
  std::vector<fs::path> out;
  collect(root, 0, stop_at_nested_projects, true, out);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> findProjects(const fs::path& path) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  find(path, false, out);
  return out;
}

}  // namespace ferry::project
