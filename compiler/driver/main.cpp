/// The `ferry` command: tb-like verbs over a datafile project.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "compiler/driver/commands.h"

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

  DeployOptions deploy;
  auto* deploy_cmd = app.add_subcommand("deploy", "Plan (--check) a deployment of the project over the live one");
  deploy_cmd->add_option("path", deploy.path, "Project folder (default: .)");
  deploy_cmd->add_flag("--check", deploy.check, "Only print the plan: what happens to every datasource and pipe");
  deploy_cmd->add_option("--base", deploy.base,
                         "The live project to compare with: a folder, or a git revision of the repository");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

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
    return runDeploy(deploy);
  }
  if (build_cmd->parsed()) {
    if (build.path.empty()) build.path = ".";
    return runBuild(build);
  }
  return 2;
}
