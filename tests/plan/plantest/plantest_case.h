/// One `.plantest` case (style.md §6): a txtar archive whose comment holds `# key: value`
/// header lines and whose files are the live project (`live/...`), the new project (`new/...`)
/// and the expectations (`expect/plan`, `expect/diagnostics`).
///
/// Header keys: `name`, `description`, `tags`, `options` (planner flags:
/// `--allow-destructive-operations`), `live-dir` / `new-dir` (a project folder instead of inline
/// files: relative to the repository, or `${shared}/...` for the shared reference tree), and
/// `new: inherit-live` (the new project is the live one with the `new/...` files laid over it).
/// A line `#   more text` (a `#` and at least two spaces) continues the previous key's value.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/plan/plantest/txtar.h"

namespace ferry::plantest {

inline constexpr std::string_view kExpectPlan = "expect/plan";
inline constexpr std::string_view kExpectDiagnostics = "expect/diagnostics";

struct PlanCase {
  std::filesystem::path file;
  Archive archive;
  /// Header values by key (continuation lines joined with a space).
  std::map<std::string, std::string> header;

  std::string name() const;  ///< `# name:`, else the file's stem
  std::optional<std::string> value(const std::string& key) const;
  bool hasOption(std::string_view option) const;
  /// The archive's files under `live/` or `new/` (prefix stripped), in archive order.
  std::vector<ArchiveFile> projectFiles(std::string_view side) const;
  /// The expectation section, nullopt when absent.
  std::optional<std::string> expectation(std::string_view section) const;
  /// Sets (or appends) an expectation section; the rest of the archive is unchanged.
  void setExpectation(std::string_view section, const std::string& text);
};

/// Reads and parses a case file; nullopt (with `error` set) when it cannot be read.
std::optional<PlanCase> readCase(const std::filesystem::path& file, std::string& error);
std::map<std::string, std::string> parseHeader(const std::string& comment);

}  // namespace ferry::plantest
