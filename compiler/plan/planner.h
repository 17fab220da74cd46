/// The deployment planner: compares the live project with the new one and decides, for every
/// datasource and pipe, what a deployment does (seed 002; datafiles.md §6.4; clickhouse.md §3).
///
/// Datasources: create (new MV targets are backfilled by their MV queries unless `BACKFILL skip`);
/// delete (destructive); metadata only (description, tokens, tags, shared_with, ingestion
/// settings); ALTER (add/drop column, make Nullable, change a DEFAULT, add/modify/remove TTL,
/// add/drop index; not with a FORWARD_QUERY, which forces a rewrite); rewrite + backfill
/// (everything else) from the FORWARD_QUERY, the MV queries, or a generated forward query.
/// Rewrites propagate downstream in topological order through materialized views; nothing
/// upstream of a change is touched. Problems (history that would be lost, incompatible changes
/// without a forward query, forward queries that do not produce the new schema) are PLAN_*
/// diagnostics; the plan is still built so that the user sees all of it.
#pragma once

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/plan/plan.h"
#include "compiler/project/project.h"

namespace ferry::plan {

/// A loaded and analyzed project. `project` may be null: an empty project (first deployment).
struct ProjectView {
  const project::Project* project = nullptr;
  const analyze::ProjectAnalysis* analysis = nullptr;
};

struct PlanOptions {
  /// --allow-destructive-operations: deletions, dropped columns and lost history become
  /// warnings instead of errors.
  bool allow_destructive = false;
};

/// Plans the deployment of `next` over `live`. Diagnostics point into the new project's files
/// (the live project's for deleted resources).
Plan planDeployment(const ProjectView& live, const ProjectView& next, const PlanOptions& options,
                    DiagnosticSink& sink);

}  // namespace ferry::plan
