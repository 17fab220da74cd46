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
  std::string base;              ///< --base PATH|GITREF; empty: the live local deployment (.ferry/live), if any
  bool check = false;            ///< --check: plan only
  bool auto_promote = false;     ///< --auto: promote when the staging deployment is ready
  bool wait = false;             ///< --wait: accepted (the backfill always runs to its end)
  bool allow_destructive = false;
  bool show_unchanged = false;
  OutputFormat format = OutputFormat::Text;
};
int runDeploy(const DeployOptions& opts);
/// `ferry deploy` without --check: creates (or resumes) a staging deployment on the local store
/// and backfills it; `--auto` promotes it.
int runDeployStaging(const DeployOptions& opts);

/// `ferry deployment ls|promote|discard|rollback` on the local store.
struct DeploymentOptions {
  std::string project = ".";
  OutputFormat format = OutputFormat::Text;
};
int runDeploymentLs(const DeploymentOptions& opts);
int runDeploymentPromote(const DeploymentOptions& opts);
int runDeploymentDiscard(const DeploymentOptions& opts);
int runDeploymentRollback(const DeploymentOptions& opts);

struct BuildOptions {
  std::string path;
  std::string base;              ///< --base PATH|GITREF, as for deploy
  bool write = false;            ///< insert or update the FORWARD_QUERY blocks in the files
  OutputFormat format = OutputFormat::Text;
};
int runBuild(const BuildOptions& opts);

/// Verbs that run the project on the local store (`<project>/.ferry`, see store_location.h).
/// `project` is the project folder (`--project PATH`, default: the current directory).
struct DatasourceAppendOptions {
  std::string project = ".";
  std::string name;
  std::string file;            ///< a path, or `-` for stdin
  std::string format;          ///< ndjson|csv; empty: from the file's extension (stdin: ndjson)
  bool allow_quarantine = false;  ///< exit 0 even when rows went to quarantine
  /// Rows per commit (each batch commits atomically with its views' rows and its quarantine
  /// rows); ClickHouse's insert block size by default.
  size_t batch_rows = 1048576;
};
int runDatasourceAppend(const DatasourceAppendOptions& opts);

struct DatasourceOptimizeOptions {
  std::string project = ".";
  std::string name;
  bool final = false;
};
int runDatasourceOptimize(const DatasourceOptimizeOptions& opts);

struct DatasourceLsOptions {
  std::string project = ".";
};
int runDatasourceLs(const DatasourceLsOptions& opts);

struct SqlOptions {
  std::string project = ".";
  std::string deployment = "live";  ///< live|staging|previous: whose tables the query reads
  std::string query;
  std::string format = "table";  ///< table|json|csv|tsv
};
int runSql(const SqlOptions& opts);

struct EndpointOptions {
  std::string project = ".";
  std::string deployment = "live";
  std::string pipe;
  std::vector<std::string> params;  ///< NAME=VALUE
  std::string node;                 ///< empty: the last node
  std::string format = "table";
};
int runEndpoint(const EndpointOptions& opts);

struct CopyRunOptions {
  std::string project = ".";
  std::string pipe;
  std::vector<std::string> params;
};
int runCopy(const CopyRunOptions& opts);

/// Whether stdout is a terminal that understands colours.
bool stdoutIsColorTerminal();

}  // namespace ferry::driver
