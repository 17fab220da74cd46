/// Finding projects and their datafiles on disk (Tinybird Forward and Classic layouts).
///
/// A project is a folder that holds datafiles directly or in the standard subfolders
/// (`datasources/`, `pipes/`, `endpoints/`, `materializations/`, `copies/`, `sinks/`,
/// `connections/`, `playgrounds/`, `vendor/`, Classic `includes/`). Like the Forward CLI, files are
/// looked for up to three levels below the project root; `.incl` files are never resources of
/// their own (they are read through INCLUDE).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ferry::project {

enum class FileKind { Datasource, Pipe, Connection, Include, Other };

FileKind fileKindOf(const std::filesystem::path& p);
bool isDatafile(const std::filesystem::path& p);  ///< .datasource, .pipe or .connection

/// The datafiles of the project rooted at `root`, sorted by path. Sub-folders that are projects of
/// their own are not entered when `stop_at_nested_projects` is set (used by --recursive).
std::vector<std::filesystem::path> projectFiles(const std::filesystem::path& root,
                                                bool stop_at_nested_projects = false);

/// Every project at or below `path` (for `ferry check --recursive`): a folder holding datafiles
/// directly, or one of the standard subfolders. Standard subfolders belong to their parent and are
/// not projects themselves; other subfolders holding datafiles are projects of their own.
std::vector<std::filesystem::path> findProjects(const std::filesystem::path& path);

/// True for the standard layout folder names above.
bool isStandardFolder(const std::string& name);

}  // namespace ferry::project
