#include "compiler/lsp/project_state.h"

#include "compiler/base/file_text.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/project/layout.h"

namespace fs = std::filesystem;

namespace ferry::lsp {

fs::path projectRootOf(const fs::path& file) {
  fs::path dir = file.parent_path();
  // `<root>/datasources/x.datasource`, `<root>/vendor/<ws>/datasources/x.datasource`, ... : the
  // Forward CLI looks three levels down, so at most three standard levels are climbed.
  for (int level = 0; level < 3 && dir.has_parent_path() && dir != dir.root_path(); ++level) {
    if (dir.parent_path().filename() == "vendor") {
      dir = dir.parent_path().parent_path();
    } else if (project::isStandardFolder(dir.filename().string())) {
      dir = dir.parent_path();
    } else {
      break;
    }
  }
  return dir;
}

ProjectState::ProjectState(fs::path root) : root_(std::move(root)), project_(std::make_unique<project::Project>()) {
  project_->root = root_;
}

std::optional<std::string> ProjectState::textOf(const fs::path& path) const {
  if (auto it = files_.find(path); it != files_.end() && it->second.buffer) return it->second.buffer;
  if (auto it = include_buffers_.find(path); it != include_buffers_.end()) return it->second;
  return readFileText(path);
}

void ProjectState::setBuffer(const fs::path& path, std::string text) {
  if (project::fileKindOf(path) == project::FileKind::Include) {
    include_buffers_[path] = std::move(text);
    diskChanged(path);
    return;
  }
  auto [it, added] = files_.try_emplace(path);
  if (added) rescan_ = true;  // a new file the folder listing may not have yet
  it->second.buffer = std::move(text);
  dirty_.insert(path);
}

void ProjectState::dropBuffer(const fs::path& path) {
  if (include_buffers_.erase(path)) {
    diskChanged(path);
    return;
  }
  auto it = files_.find(path);
  if (it == files_.end() || !it->second.buffer) return;
  it->second.buffer.reset();
  dirty_.insert(path);
  rescan_ = true;  // an unsaved new file disappears with its buffer
}

void ProjectState::diskChanged(const fs::path& path) {
  if (project::fileKindOf(path) == project::FileKind::Include) {
    // Which resources include it is known only after they are parsed: parse every includer.
    for (const auto& [p, f] : files_)
      if (f.resource != SIZE_MAX && !project_->resources[f.resource]->datafile.includes.empty()) dirty_.insert(p);
    return;
  }
  rescan_ = true;
  if (files_.contains(path)) dirty_.insert(path);
}

namespace {

std::optional<std::pair<uintmax_t, fs::file_time_type>> diskStamp(const fs::path& p) {
  std::error_code ec1, ec2;
  auto size = fs::file_size(p, ec1);
  auto time = fs::last_write_time(p, ec2);
  if (ec1 || ec2) return std::nullopt;
  return std::make_pair(size, time);
}

}  // namespace

bool ProjectState::pollDisk() {
  if (!loaded_) return false;
  bool changed = false;
  std::set<fs::path> present;
  for (const auto& p : project::projectFiles(root_)) present.insert(p.lexically_normal());
  for (const auto& p : present)
    if (!files_.contains(p)) {
      rescan_ = true;  // a new file
      changed = true;
    }
  for (auto& [p, f] : files_) {
    if (f.buffer) continue;
    if (!present.contains(p)) {
      rescan_ = true;  // gone
      changed = true;
    } else if (diskStamp(p) != f.disk_stamp) {
      dirty_.insert(p);
      changed = true;
    }
  }
  return changed;
}

void ProjectState::rescan() {
  std::set<fs::path> present;
  for (const auto& p : project::projectFiles(root_)) present.insert(p.lexically_normal());
  for (const auto& [p, f] : files_)
    if (f.buffer) present.insert(p);
  // Files gone: their names change owner (to nobody).
  for (auto it = files_.begin(); it != files_.end();) {
    if (present.contains(it->first)) {
      ++it;
      continue;
    }
    if (it->second.resource != SIZE_MAX) {
      const auto& r = *project_->resources[it->second.resource];
      reuse_.changed_names.insert(r.name);
      reuse_.changed_names.insert(r.datafile.resourceName());
      reuse_.previous.erase(&r);
    }
    dirty_.erase(it->first);
    it = files_.erase(it);
  }
  for (const auto& p : present)
    if (files_.try_emplace(p).second) dirty_.insert(p);
  rescan_ = false;
}

void ProjectState::placeResources() {
  // The resources in path order, as loadProject orders them; kept Resource objects stay the
  // same objects, so their analysis can be reused.
  std::vector<std::unique_ptr<project::Resource>> resources;
  for (auto& [p, f] : files_) {
    std::unique_ptr<project::Resource> r;
    if (f.resource != SIZE_MAX) r = std::move(project_->resources[f.resource]);
    f.resource = r ? resources.size() : SIZE_MAX;
    if (r) resources.push_back(std::move(r));
  }
  project_->resources = std::move(resources);
}

void ProjectState::parse(const fs::path& path, File& file) {
  file.disk_stamp = file.buffer ? std::nullopt : diskStamp(path);
  auto text = textOf(path);
  if (!text) text = std::string();  // unreadable now; the next rescan drops it
  if (file.id == kNoFile) {
    file.id = sources_.add(path.string(), std::move(*text));
  } else {
    sources_.replace(file.id, std::move(*text));
  }
  datafile::ParseOptions options;
  options.environment = datafile::processEnvironment();
  options.read_file = [this](const std::string& p) { return textOf(fs::path(p).lexically_normal()); };
  DiagnosticSink sink;
  auto resource = project::loadResource(root_, path, file.id, sources_, options, sink);
  reuse_.changed_names.insert(resource->name);
  reuse_.changed_names.insert(resource->datafile.resourceName());
  if (file.resource != SIZE_MAX) {
    const auto& old = *project_->resources[file.resource];
    reuse_.changed_names.insert(old.name);
    reuse_.changed_names.insert(old.datafile.resourceName());
    reuse_.previous.erase(&old);
    project_->resources[file.resource] = std::move(resource);
  } else {
    // Put in path order by placeResources.
    file.resource = project_->resources.size();
    project_->resources.push_back(std::move(resource));
  }
  for (const auto& inc : project_->resources[file.resource]->datafile.includes)
    if (inc.file != kNoFile) includes_[fs::path(inc.resolved).lexically_normal()] = inc.file;
  file.parse_diagnostics = std::move(sink.all());
}

RefreshStats ProjectState::refresh() {
  RefreshStats stats;
  if (rescan_) rescan();
  for (const auto& p : dirty_)
    if (auto it = files_.find(p); it != files_.end()) {
      parse(p, it->second);
      ++stats.parsed;
    }
  dirty_.clear();
  placeResources();
  loaded_ = true;

  DiagnosticSink sink;
  for (const auto& [p, f] : files_)
    for (const auto& d : f.parse_diagnostics) sink.all().push_back(d);
  project::linkProject(*project_, sink);
  analysis_ = analyze::analyzeProject(*project_, sink, reuse_);
  stats.analyzed = reuse_.analyzed;
  stats.reused = reuse_.reused;
  reuse_.previous = std::move(reuse_.current);
  reuse_.current.clear();
  reuse_.changed_names.clear();
  sink.sort();
  diagnostics_ = std::move(sink);
  return stats;
}

const project::Resource* ProjectState::resourceAt(const fs::path& path) const {
  auto it = files_.find(path);
  if (it == files_.end() || it->second.resource == SIZE_MAX || it->second.resource >= project_->resources.size())
    return nullptr;
  return project_->resources[it->second.resource].get();
}

std::optional<FileId> ProjectState::fileId(const fs::path& path) const {
  if (auto it = files_.find(path); it != files_.end() && it->second.id != kNoFile) return it->second.id;
  if (auto it = includes_.find(path); it != includes_.end()) return it->second;
  return std::nullopt;
}

fs::path ProjectState::pathOf(FileId id) const { return fs::path(sources_.file(id).path()); }

bool ProjectState::contains(const fs::path& path) const {
  return files_.contains(path) || includes_.contains(path) || include_buffers_.contains(path);
}

}  // namespace ferry::lsp
