// ferry_plantest: runs `.plantest` golden cases of the deployment planner (tests/plan/README.md).
//
//   ferry_plantest [--update] [--filter TEXT] [--verbose] [--shared-dir DIR] [PATH...]
//
// PATH is a case file or a folder searched for `*.plantest` (default: tests/plan/cases and
// tests/plan/evolutions). Exit code 0 when every case that ran passed, 1 on a failure, 77 when
// every selected case was skipped because ../shared is absent.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/plan/plantest/case_run.h"
#include "tests/plan/plantest/expectation_match.h"
#include "tests/plan/plantest/plantest_case.h"

namespace fs = std::filesystem;
using namespace ferry::plantest;

namespace {

struct Options {
  bool update = false;
  bool verbose = false;
  std::string filter;
  std::vector<fs::path> paths;
  RunnerPaths dirs{FERRY_SOURCE_DIR, FERRY_SHARED_DIR};
};

void collect(const fs::path& path, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file() && e.path().extension() == ".plantest") out.push_back(e.path());
  } else {
    out.push_back(path);
  }
}

struct Totals {
  size_t passed = 0, failed = 0, skipped = 0, updated = 0;
  size_t checks = 0, not_checkable = 0, invariant_failures = 0;
};

/// Runs one case; prints its verdict and what differs.
void runOne(const fs::path& file, const Options& options, Totals& totals) {
  std::string error;
  auto c = readCase(file, error);
  if (!c) {
    std::cout << "FAIL " << file.string() << ": " << error << "\n";
    ++totals.failed;
    return;
  }
  if (!options.filter.empty() && c->name().find(options.filter) == std::string::npos &&
      file.string().find(options.filter) == std::string::npos)
    return;
  auto outcome = runCase(*c, options.dirs);
  if (outcome.not_run) {
    if (outcome.skipped) {
      std::cout << "skip " << c->name() << ": " << *outcome.not_run << "\n";
      ++totals.skipped;
    } else {
      std::cout << "FAIL " << c->name() << " (" << file.string() << "): " << *outcome.not_run << "\n";
      ++totals.failed;
    }
    return;
  }

  std::vector<std::string> problems;
  auto expected_plan = c->expectation(kExpectPlan);
  bool plan_ok = true;
  if (expected_plan) {
    plan_ok = sectionMatches(*expected_plan, outcome.plan_text);
    if (!plan_ok) problems.push_back("expect/plan differs (- expected, + actual):\n" + lineDiff(*expected_plan, outcome.plan_text));
  } else if (!outcome.plan_has_errors) {
    plan_ok = false;
    problems.push_back("the case has no expect/plan section, so the plan must fail, but it has no errors; plan:\n" +
                       outcome.plan_text);
  }
  auto expected_diags = c->expectation(kExpectDiagnostics);
  bool diags_ok = expected_diags && sectionMatches(*expected_diags, outcome.diagnostics);
  if (!diags_ok)
    problems.push_back(expected_diags ? "expect/diagnostics differs (- expected, + actual):\n" +
                                            lineDiff(*expected_diags, outcome.diagnostics)
                                      : "the case has no expect/diagnostics section; actual:\n" + outcome.diagnostics);
  const auto& inv = outcome.invariants;
  totals.checks += inv.checked;
  totals.not_checkable += inv.not_checkable;
  totals.invariant_failures += inv.failures.size();
  for (const auto& f : inv.failures) problems.push_back("invariant " + f);

  if (options.update && (!plan_ok || !diags_ok)) {
    auto updated = *c;
    if (!plan_ok && (expected_plan || !outcome.plan_has_errors)) updated.setExpectation(kExpectPlan, outcome.plan_text);
    if (!diags_ok) updated.setExpectation(kExpectDiagnostics, outcome.diagnostics);
    std::ofstream(file, std::ios::binary) << formatArchive(updated.archive);
    ++totals.updated;
    std::cout << "updated " << c->name() << " (" << file.string() << ")\n";
    // Expectations are now what the runner produced; invariant failures still count.
    problems.erase(std::remove_if(problems.begin(), problems.end(),
                                  [](const std::string& p) { return p.rfind("invariant ", 0) != 0; }),
                   problems.end());
  }
  if (problems.empty()) {
    std::cout << "ok   " << c->name() << "\n";
    ++totals.passed;
  } else {
    std::cout << "FAIL " << c->name() << " (" << file.string() << ")\n";
    for (const auto& p : problems) {
      for (const auto& line : splitLines(p)) std::cout << "     " << line << "\n";
    }
    ++totals.failed;
  }
  if (options.verbose)
    for (const auto& s : inv.skipped) std::cout << "     not checkable: " << s << "\n";
}

/// Runs one case in a child process so that a crash of the planner fails that case only; the
/// child's totals come back through a pipe.
void runIsolated(const fs::path& file, const Options& options, Totals& totals) {
  int fds[2];
  if (::pipe(fds) != 0) {
    runOne(file, options, totals);
    return;
  }
  std::cout.flush();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    runOne(file, options, totals);
    return;
  }
  if (pid == 0) {
    ::close(fds[0]);
    Totals mine;
    runOne(file, options, mine);
    std::cout.flush();
    ssize_t written = ::write(fds[1], &mine, sizeof mine);
    ::_exit(written == static_cast<ssize_t>(sizeof mine) ? 0 : 3);
  }
  ::close(fds[1]);
  Totals theirs;
  ssize_t got = ::read(fds[0], &theirs, sizeof theirs);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got == static_cast<ssize_t>(sizeof theirs) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    totals.passed += theirs.passed;
    totals.failed += theirs.failed;
    totals.skipped += theirs.skipped;
    totals.updated += theirs.updated;
    totals.checks += theirs.checks;
    totals.not_checkable += theirs.not_checkable;
    totals.invariant_failures += theirs.invariant_failures;
    return;
  }
  std::cout << "FAIL " << file.string() << ": the runner crashed on this case ("
            << (WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status)) : fmt::format("exit {}", WEXITSTATUS(status)))
            << ")\n";
  ++totals.failed;
}

int usage() {
  std::cerr << "usage: ferry_plantest [--update] [--filter TEXT] [--verbose] [--shared-dir DIR] [PATH...]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const char* env = std::getenv("FERRY_UPDATE_GOLDEN"); env && *env) options.update = true;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--update") options.update = true;
    else if (arg == "--verbose" || arg == "-v") options.verbose = true;
    else if (arg == "--filter" && i + 1 < argc) options.filter = argv[++i];
    else if (arg == "--shared-dir" && i + 1 < argc) options.dirs.shared_dir = argv[++i];
    else if (arg == "--help" || arg == "-h" || (!arg.empty() && arg[0] == '-')) return usage();
    else options.paths.push_back(arg);
  }
  if (options.paths.empty()) {
    options.paths.push_back(options.dirs.source_dir / "tests/plan/cases");
    options.paths.push_back(options.dirs.source_dir / "tests/plan/evolutions");
  }
  std::vector<fs::path> files;
  for (const auto& p : options.paths) collect(p, files);
  std::sort(files.begin(), files.end());

  Totals totals;
  for (const auto& f : files) {
    if (files.size() > 1) runIsolated(f, options, totals);
    else runOne(f, options, totals);
  }
  std::cout << fmt::format(
      "plantest: {} passed, {} failed, {} skipped{}; invariants: {} checks, {} failed, {} not checkable\n",
      totals.passed, totals.failed, totals.skipped,
      totals.updated ? fmt::format(" ({} updated)", totals.updated) : std::string(), totals.checks,
      totals.invariant_failures, totals.not_checkable);
  if (totals.failed) return 1;
  if (totals.passed == 0 && totals.skipped > 0) {
    std::cout << "SKIPPED: ../shared is absent\n";
    return 77;
  }
  return 0;
}
