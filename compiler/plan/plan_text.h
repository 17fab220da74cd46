/// The plan as text: what `ferry deploy --check` prints and what the `.plantest` golden files
/// hold (style.md §6). Deterministic: resources in plan order, no paths outside the projects,
/// no timestamps; UNCHANGED resources only in the summary.
///
/// Grammar: per resource with work, a header `<kind> <name>  <DECISION>` (kind datasource, pipe
/// or connection; DECISION upper case), then two-space indented lines: `cause: <code>: <text>`
/// (one per cause), `alter: <ALTER statement>` (one per operation), `backfill: <method>
/// [(generated)] [from <source>, ...]` followed by the SQL indented by four spaces (method
/// none is not printed), `destructive: yes` when it deletes data. Then `order:` with
/// `  <n> <name>` lines, then the summary line (planSummary). Zero counts are left out of the
/// summary; an empty plan prints only "plan: nothing to do (N unchanged)".
///
///   datasource events  REWRITE
///     cause: sorting_key: ENGINE_SORTING_KEY (ts) -> (user_id, ts)
///     backfill: forward_query (generated) from events
///       SELECT *
///   datasource events_daily_mv  REWRITE
///     cause: upstream_rewritten: reads events, which is rewritten
///     backfill: mv_query from events_daily.daily
///       SELECT ...
///   order:
///     1 events
///     2 events_daily_mv
///   plan: 2 rewrite, 3 unchanged
#pragma once

#include <string>

#include "compiler/plan/plan.h"

namespace ferry::plan {

struct PlanTextOptions {
  bool show_unchanged = false;  ///< also list unchanged resources (one header line each)
};

std::string renderPlanText(const Plan& plan, const PlanTextOptions& options = {});

/// The closing line: "plan: 1 create, 2 rewrite, 1 alter, 1 metadata, 1 update, 1 delete, 3 unchanged"
/// (that order, zero counts left out) or "plan: nothing to do (3 unchanged)".
std::string planSummary(const Plan& plan);

}  // namespace ferry::plan
