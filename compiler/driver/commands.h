/// The `ferry` verbs. main.cpp wires them to CLI11; each returns the process exit code
/// (0 success, 1 errors found, 2 usage errors).
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/diagnostic_output.h"

namespace ferry::driver {

struct CheckOptions {
  std::vector<std::string> paths;
  bool recursive = false;
  bool syntax_only = false;
  OutputFormat format = OutputFormat::Text;
};
int runCheck(const CheckOptions& opts);

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;  ///< write nothing; report files that would change
  OutputFormat format = OutputFormat::Text;
};
int runFmt(const FmtOptions& opts);

struct ExplainOptions {
  std::string path;
  std::string resource;  ///< only this datasource or pipe (empty: all)
  OutputFormat format = OutputFormat::Text;
};
int runExplain(const ExplainOptions& opts);

struct DeployOptions {
  std::string path;
  std::string base;              ///< --base PATH|GITREF; empty: the live deployment (none yet)
  bool check = false;            ///< --check: plan only
  bool allow_destructive = false;
  bool show_unchanged = false;
  OutputFormat format = OutputFormat::Text;
};
int runDeploy(const DeployOptions& opts);

struct BuildOptions {
  std::string path;
  std::string base;              ///< --base PATH|GITREF, as for deploy
  bool write = false;            ///< insert or update the FORWARD_QUERY blocks in the files
  OutputFormat format = OutputFormat::Text;
};
int runBuild(const BuildOptions& opts);

/// Whether stdout is a terminal that understands colours.
bool stdoutIsColorTerminal();

}  // namespace ferry::driver
