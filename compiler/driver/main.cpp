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
  return 2;
}
