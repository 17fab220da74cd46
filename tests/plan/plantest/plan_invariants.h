/// The invariants every `.plantest` case checks besides its expectations (style.md §6 "Runner
/// behaviour"), each from the structured plan rather than its text:
///  (a) planning a project against itself has nothing to do and reports no PLAN_ error;
///  (b) every SQL the plan generates (forward queries, the parts of ALTER operations) parses
///      with the project's own SQL parser and format -> parse -> format is stable;
///  (c) applying the plan's schema effects to the live project yields the new one: ALTER
///      operations replayed over the live columns, TTL and indexes give the new ones; a forward
///      query typed over the live table gives the new columns; an unchanged or metadata-only
///      datasource has the same columns, keys, engine, TTL and indexes.
#pragma once

#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/plan/plan.h"
#include "compiler/plan/planner.h"

namespace ferry::plantest {

struct InvariantReport {
  size_t checked = 0;        ///< individual checks that ran
  size_t not_checkable = 0;  ///< checks skipped (an error reported for the resource, an MV replay)
  std::vector<std::string> failures;  ///< "(c) schema: datasource `x`: ..."
  std::vector<std::string> skipped;   ///< why each not-checkable one was skipped
};

/// (a): `plan` is plan(p, p) for one side (`label`: "live" or "new"); `sink` its diagnostics.
void checkSelfPlan(const std::string& label, const plan::Plan& plan, const DiagnosticSink& sink,
                   InvariantReport& report);

/// (b)
void checkGeneratedSql(const plan::Plan& plan, InvariantReport& report);

/// (c): `plan_sink` holds the planner's diagnostics (a forward query is not typed for a
/// datasource the planner reported an error about).
void checkSchemaEffects(const plan::Plan& plan, const plan::ProjectView& live, const plan::ProjectView& next,
                        const DiagnosticSink& plan_sink, InvariantReport& report);

}  // namespace ferry::plantest
