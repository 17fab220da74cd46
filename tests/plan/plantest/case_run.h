/// Running one `.plantest` case: materialize (or locate) its live and new projects, load and
/// analyze both with one SourceManager, plan the deployment, render the plan text and the
/// diagnostics the way the expectations spell them, and check the invariants.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "tests/plan/plantest/plan_invariants.h"
#include "tests/plan/plantest/plantest_case.h"

namespace ferry::plantest {

struct RunnerPaths {
  std::filesystem::path source_dir;  ///< the repository: relative live-dir/new-dir resolve here
  std::filesystem::path shared_dir;  ///< `${shared}` in live-dir/new-dir
};

struct CaseOutcome {
  /// Set when the case cannot run (`skipped` true: its shared folder is absent; otherwise a
  /// malformed case, which fails).
  std::optional<std::string> not_run;
  bool skipped = false;
  std::string plan_text;    ///< renderPlanText of plan(live, new)
  std::string diagnostics;  ///< one line per diagnostic, sorted; "(none)" when there are none
  bool plan_has_errors = false;
  InvariantReport invariants;
};

CaseOutcome runCase(const PlanCase& c, const RunnerPaths& paths);

}  // namespace ferry::plantest
