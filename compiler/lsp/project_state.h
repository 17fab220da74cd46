/// One project as the language server sees it: every datafile of the project folder, read from
/// disk unless the editor has it open (then the buffer's text wins), parsed, linked and analyzed.
///
/// Analysis is incremental: an edit re-parses the one file it touched, re-links the project
/// (names and the graph, a cheap walk over names) and re-analyzes only the resources the edit can
/// have changed (analyze::AnalysisReuse); every other parse and analysis result is kept.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/project/project.h"

namespace ferry::lsp {

/// What the last refresh did, for the log and the tests of incrementality.
struct RefreshStats {
  size_t parsed = 0;    ///< files parsed again
  size_t analyzed = 0;  ///< resources analyzed again
  size_t reused = 0;    ///< resources whose analysis was kept
};

class ProjectState {
 public:
  explicit ProjectState(std::filesystem::path root);
  ProjectState(const ProjectState&) = delete;
  ProjectState& operator=(const ProjectState&) = delete;

  const std::filesystem::path& root() const { return root_; }

  /// The editor's text of a file (didOpen / didChange): it replaces the disk text until close.
  void setBuffer(const std::filesystem::path& path, std::string text);
  /// The editor closed the file: its disk text counts again.
  void dropBuffer(const std::filesystem::path& path);
  /// A file changed, appeared or disappeared on disk (workspace/didChangeWatchedFiles).
  void diskChanged(const std::filesystem::path& path);
  /// For clients that do not watch files (Neovim, a `git checkout` in a terminal): lists the
  /// folder again and compares each closed file's size and modification time with what was
  /// read, marking what changed. Returns true when something did.
  bool pollDisk();

  /// Brings parse, graph and analysis up to date with every change since the last call.
  /// The first call reads the whole project folder.
  RefreshStats refresh();
  bool stale() const { return !loaded_ || !dirty_.empty() || rescan_; }

  // ---- The state after refresh() (valid until the next refresh) ----
  const SourceManager& sources() const { return sources_; }
  const project::Project& project() const { return *project_; }
  const analyze::ProjectAnalysis& analysis() const { return analysis_; }
  /// Every diagnostic of the project (parse, graph, analysis), sorted.
  const DiagnosticSink& diagnostics() const { return diagnostics_; }
  /// The resource read from `path`, null for includes and unknown files.
  const project::Resource* resourceAt(const std::filesystem::path& path) const;
  /// The file id of `path`'s current text (includes too), nullopt when the project has no such file.
  std::optional<FileId> fileId(const std::filesystem::path& path) const;
  /// The path of a file id (of any text the project read, includes included).
  std::filesystem::path pathOf(FileId id) const;
  /// True when `path` is one of this project's datafiles or includes.
  bool contains(const std::filesystem::path& path) const;

 private:
  struct File {
    FileId id = kNoFile;
    std::optional<std::string> buffer;  ///< the editor's text while open
    size_t resource = SIZE_MAX;         ///< index in project_->resources; SIZE_MAX for includes
    std::vector<Diagnostic> parse_diagnostics;
    /// The disk file as last read (closed files): size and modification time.
    std::optional<std::pair<uintmax_t, std::filesystem::file_time_type>> disk_stamp;
  };

  std::optional<std::string> textOf(const std::filesystem::path& path) const;
  void rescan();
  void placeResources();
  void parse(const std::filesystem::path& path, File& file);

  std::filesystem::path root_;
  SourceManager sources_;
  std::unique_ptr<project::Project> project_;
  analyze::ProjectAnalysis analysis_;
  analyze::AnalysisReuse reuse_;
  DiagnosticSink diagnostics_;
  std::map<std::filesystem::path, File> files_;           ///< datafiles of the project, by path
  std::map<std::filesystem::path, FileId> includes_;      ///< included files as last read
  std::map<std::filesystem::path, std::string> include_buffers_;  ///< open .incl buffers
  std::set<std::filesystem::path> dirty_;
  bool rescan_ = true;  ///< the set of files may have changed: list the folder again
  bool loaded_ = false;
};

/// The project folder a datafile belongs to: the folder above the standard layout folders
/// (`datasources/`, `pipes/`, `vendor/<ws>/...`) that hold it, else its own folder.
std::filesystem::path projectRootOf(const std::filesystem::path& file);

}  // namespace ferry::lsp
