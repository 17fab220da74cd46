/// The `ferry` command: tb-like verbs over a datafile project.
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdio>
#include <iostream>

#include "compiler/driver/commands.h"
#ifndef FERRY_COMPILER_ONLY
#include "compiler/lsp/server_log.h"
#include "compiler/lsp/server_loop.h"
#endif

#ifndef FERRY_VERSION
#define FERRY_VERSION "0.0.0"
#endif

using namespace ferry::driver;

namespace {
/// `--format text|json` on every command that prints results.
void addFormatOption(CLI::App* cmd, OutputFormat& target) {
  cmd->add_option_function<std::string>(
         "--format", [&target](const std::string& v) { target = v == "json" ? OutputFormat::Json : OutputFormat::Text; },
         "Output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("text|json");
}
}  // namespace

int main(int argc, char** argv) {
  // Batches allocate column buffers of hundreds of MB. glibc would map each with mmap and unmap
  // it when freed, so every batch would fault its pages in afresh (a third of ingestion's time
  // went to the kernel); from the heap, and not trimmed back, the next batch reuses the pages.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  CLI::App app{"Ferry: compiler, planner and runtime for Tinybird-style datafile projects", "ferry"};
  app.set_version_flag("--version", std::string("ferry ") + FERRY_VERSION);
  app.require_subcommand(1);

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Parse and check projects; print diagnostics");
  check_cmd->add_option("paths", check.paths, "Project folders or datafiles (default: .)");
  check_cmd->add_flag("--recursive,-r", check.recursive, "Check every project found below each path");
  check_cmd->add_flag("--syntax-only", check.syntax_only, "Only parse; skip semantic checks");
  addFormatOption(check_cmd, check.format);

  FmtOptions fmt;
  auto* fmt_cmd = app.add_subcommand("fmt", "Format .datasource, .pipe and .sql files canonically");
  fmt_cmd->add_option("paths", fmt.paths, "Files or folders (default: .)");
  fmt_cmd->add_flag("--check", fmt.check, "Write nothing; fail if a file would change or has errors");
  addFormatOption(fmt_cmd, fmt.format);

  ExplainOptions explain;
  auto* explain_cmd = app.add_subcommand("explain", "Show the typed schema of every datasource and pipe node");
  explain_cmd->add_option("path", explain.path, "Project folder (default: .)");
  explain_cmd->add_option("resource", explain.resource, "Only this datasource or pipe");
  addFormatOption(explain_cmd, explain.format);

#ifndef FERRY_COMPILER_ONLY
  ferry::lsp::ServerOptions lsp;
  std::string lsp_log_level = "error";
  lsp.version = FERRY_VERSION;
  auto* lsp_cmd = app.add_subcommand("lsp", "Run the language server on stdio (for editors)");
  lsp_cmd->add_option("--log-level", lsp_log_level, "What to log on stderr (default: error)")
      ->check(CLI::IsMember({"off", "error", "warn", "info", "debug"}))
      ->type_name("off|error|warn|info|debug");
  lsp_cmd->add_option("--debounce-ms", lsp.debounce_ms, "Wait this long after an edit before analyzing (default: 20)")
      ->check(CLI::Range(0, 10000));
  // Clients told to use stdio explicitly (vscode-languageclient's TransportKind.stdio) pass it.
  bool lsp_stdio = true;
  lsp_cmd->add_flag("--stdio", lsp_stdio, "Talk LSP over stdin/stdout (the default and only transport)");
  lsp_cmd->add_flag("--transcript", lsp.transcript,
                    "Test mode: read `---`-separated messages without headers, answer synchronously");

#endif

  DeployOptions deploy;
  auto* deploy_cmd = app.add_subcommand("deploy", "Plan (--check) a deployment of the project over the live one");
  deploy_cmd->add_option("path", deploy.path, "Project folder (default: .)");
  deploy_cmd->add_flag("--check", deploy.check, "Only print the plan: what happens to every datasource and pipe");
  deploy_cmd->add_option("--base", deploy.base,
                         "The live project to compare with: a folder, or a git revision of the repository");
  deploy_cmd->add_flag("--auto", deploy.auto_promote, "Promote the staging deployment once it is ready");
  deploy_cmd->add_flag("--wait", deploy.wait, "Wait for the backfill to finish (it always does)");
  deploy_cmd->add_flag("--allow-destructive-operations", deploy.allow_destructive,
                       "Accept deletions, dropped columns and lost history");
  deploy_cmd->add_flag("--show-unchanged", deploy.show_unchanged, "Also list unchanged resources");
  addFormatOption(deploy_cmd, deploy.format);

  BuildOptions build;
  auto* build_cmd = app.add_subcommand("build", "Generate the FORWARD_QUERY of every datasource that needs one");
  build_cmd->add_option("path", build.path, "Project folder (default: .)");
  build_cmd->add_option("--base", build.base,
                        "The live project to compare with: a folder, or a git revision of the repository");
  build_cmd->add_flag("--write", build.write, "Insert or update the FORWARD_QUERY blocks in the datafiles");
  addFormatOption(build_cmd, build.format);

  // Verbs that run the project on its local store (`<project>/.ferry`).
  auto add_project = [](CLI::App* cmd, std::string& target) {
    cmd->add_option("--project", target, "Project folder (default: the current directory)")->type_name("PATH");
  };
#ifndef FERRY_COMPILER_ONLY
  auto add_result_format = [](CLI::App* cmd, std::string& target) {
    cmd->add_option("--format", target, "Output format: table (default), json, csv or tsv")
        ->check(CLI::IsMember({"table", "json", "csv", "tsv"}))
        ->type_name("table|json|csv|tsv");
  };
  auto* datasource_cmd = app.add_subcommand("datasource", "Append to, merge and list the datasources of the local store");
  datasource_cmd->require_subcommand(1);
  DatasourceAppendOptions append;
  auto* append_cmd = datasource_cmd->add_subcommand("append", "Ingest NDJSON or CSV rows into a datasource; fires its materialized views");
  append_cmd->add_option("name", append.name, "Datasource")->required();
  append_cmd->add_option("file", append.file, "NDJSON (.ndjson/.jsonl/.json) or CSV (.csv) file; - for stdin")->required();
  append_cmd->add_option("--format", append.format, "Input format (default: from the file's extension; stdin: ndjson)")
      ->check(CLI::IsMember({"ndjson", "csv"}))
      ->type_name("ndjson|csv");
  append_cmd->add_flag("--allow-quarantine", append.allow_quarantine,
                       "Exit 0 even when rows were sent to <name>_quarantine");
  append_cmd->add_option("--batch-rows", append.batch_rows, "Rows per commit (default 1048576, as ClickHouse's insert blocks)")
      ->check(CLI::Range(size_t(1), size_t(1) << 32))
      ->type_name("N");
  add_project(append_cmd, append.project);
  DatasourceOptimizeOptions optimize;
  auto* optimize_cmd = datasource_cmd->add_subcommand("optimize", "Merge a datasource's parts with its engine's semantics");
  optimize_cmd->add_option("name", optimize.name, "Datasource")->required();
  optimize_cmd->add_flag("--final", optimize.final, "Merge into one part per partition (OPTIMIZE ... FINAL)");
  add_project(optimize_cmd, optimize.project);
  DatasourceLsOptions ls;
  auto* ls_cmd = datasource_cmd->add_subcommand("ls", "List the tables of the local store with their rows and parts");
  add_project(ls_cmd, ls.project);

  auto add_deployment = [](CLI::App* cmd, std::string& target) {
    cmd->add_option("--deployment", target, "Read the tables of this deployment: live (default), staging or previous")
        ->check(CLI::IsMember({"live", "staging", "previous"}))
        ->type_name("live|staging|previous");
  };
  auto* deployment_cmd = app.add_subcommand("deployment", "List, promote, discard or roll back local deployments");
  deployment_cmd->require_subcommand(1);
  DeploymentOptions deployment;
  auto* deployment_ls_cmd = deployment_cmd->add_subcommand("ls", "List the live, staging and previous deployments");
  addFormatOption(deployment_ls_cmd, deployment.format);
  auto* promote_cmd = deployment_cmd->add_subcommand("promote", "Make the staging deployment live (after its checks)");
  auto* discard_cmd = deployment_cmd->add_subcommand("discard", "Drop the staging deployment and everything it created");
  auto* rollback_cmd = deployment_cmd->add_subcommand("rollback", "Make the previous deployment live again");
  for (auto* cmd : {deployment_ls_cmd, promote_cmd, discard_cmd, rollback_cmd}) add_project(cmd, deployment.project);

  SqlOptions sql;
  auto* sql_cmd = app.add_subcommand("sql", "Run a SELECT over the project's datasources and pipes");
  sql_cmd->add_option("query", sql.query, "The query")->required();
  add_deployment(sql_cmd, sql.deployment);
  add_result_format(sql_cmd, sql.format);
  add_project(sql_cmd, sql.project);

  EndpointOptions endpoint;
  auto* endpoint_cmd = app.add_subcommand("endpoint", "Run a pipe as its endpoint would, with request parameters");
  endpoint_cmd->add_option("pipe", endpoint.pipe, "Pipe")->required();
  endpoint_cmd->add_option("--param", endpoint.params, "A request parameter (repeatable)")->type_name("NAME=VALUE");
  endpoint_cmd->add_option("--node", endpoint.node, "Run this node instead of the last one");
  add_deployment(endpoint_cmd, endpoint.deployment);
  add_result_format(endpoint_cmd, endpoint.format);
  add_project(endpoint_cmd, endpoint.project);

  auto* copy_cmd = app.add_subcommand("copy", "Run copy pipes");
  copy_cmd->require_subcommand(1);
  CopyRunOptions copy;
  auto* copy_run_cmd = copy_cmd->add_subcommand("run", "Run a copy pipe now: append (or replace) its rows into its target");
  copy_run_cmd->add_option("pipe", copy.pipe, "Copy pipe")->required();
  copy_run_cmd->add_option("--param", copy.params, "A parameter (repeatable)")->type_name("NAME=VALUE");
  add_project(copy_run_cmd, copy.project);

#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

#ifndef FERRY_COMPILER_ONLY
  if (lsp_cmd->parsed()) {
    ferry::lsp::setLogLevel(*ferry::lsp::parseLogLevel(lsp_log_level));
    return ferry::lsp::runLanguageServer(lsp);
  }
#endif
  if (check_cmd->parsed()) {
    if (check.paths.empty()) check.paths.push_back(".");
    return runCheck(check);
  }
  if (fmt_cmd->parsed()) {
    if (fmt.paths.empty()) fmt.paths.push_back(".");
    return runFmt(fmt);
  }
  if (explain_cmd->parsed()) {
    if (explain.path.empty()) explain.path = ".";
    return runExplain(explain);
  }
  if (deploy_cmd->parsed()) {
    if (deploy.path.empty()) deploy.path = ".";
#ifndef FERRY_COMPILER_ONLY
    if (!deploy.check) {
      if (!deploy.base.empty()) {
        std::cerr << "error: --base only plans (--check); a deployment always runs over the live one\n";
        return 2;
      }
      return runDeployStaging(deploy);
    }
#endif
    return runDeploy(deploy);
  }
  if (build_cmd->parsed()) {
    if (build.path.empty()) build.path = ".";
    return runBuild(build);
  }
#ifndef FERRY_COMPILER_ONLY
  if (append_cmd->parsed()) return runDatasourceAppend(append);
  if (optimize_cmd->parsed()) return runDatasourceOptimize(optimize);
  if (ls_cmd->parsed()) return runDatasourceLs(ls);
  if (sql_cmd->parsed()) return runSql(sql);
  if (endpoint_cmd->parsed()) return runEndpoint(endpoint);
  if (copy_run_cmd->parsed()) return runCopy(copy);
  if (deployment_ls_cmd->parsed()) return runDeploymentLs(deployment);
  if (promote_cmd->parsed()) return runDeploymentPromote(deployment);
  if (discard_cmd->parsed()) return runDeploymentDiscard(deployment);
  if (rollback_cmd->parsed()) return runDeploymentRollback(deployment);
#endif
  return 2;
}
