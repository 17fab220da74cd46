/// How a rewritten or created datasource gets its data (seed 002 "Backfill strategies"): its
/// FORWARD_QUERY over the live table; else, for the target of materialized views, their queries
/// replayed over their sources (checked for history the sources no longer hold: a shorter TTL,
/// a Null engine); else a forward query Ferry generates from the two schemas, which the user
/// must write when no safe one exists.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/plan/datasource_shape.h"
#include "compiler/plan/plan.h"
#include "compiler/plan/planner.h"
#include "compiler/project/project.h"

namespace ferry::plan {

/// A materialized node writing into a datasource.
struct MvWriter {
  const project::Resource* pipe = nullptr;
  const project::NodeSyntax* node = nullptr;
  std::string label;  ///< "pipe.node"
};

struct BackfillContext {
  const project::Project& next;
  const PlanOptions& options;
  DiagnosticSink& sink;
};

/// Errors that --allow-destructive-operations accepts are warnings with it.
Severity destructiveSeverity(const PlanOptions& options);

/// Fills `plan.backfill` of a datasource that is rewritten and reports what is wrong with it.
/// `writers`: the materialized nodes writing into it in the new project (sorted by label).
void chooseRewriteBackfill(ResourcePlan& plan, const project::Resource& live, const project::Resource& next,
                           const DatasourceShape& next_shape, const std::vector<MvWriter>& writers,
                           const BackfillContext& ctx);

/// Fills `plan.backfill` of a created datasource: the initial populate of an MV target.
void chooseCreateBackfill(ResourcePlan& plan, const DatasourceShape& next_shape, const std::vector<MvWriter>& writers);

/// PLAN_RENAME_HINT notes for (old, new) column pairs of `next`.
void reportRenameHints(const std::vector<std::pair<std::string, std::string>>& hints, const project::Resource& next,
                       const DatasourceShape& next_shape, DiagnosticSink& sink);

/// The datasources a pipe reads, directly or through the pipes it reads (in first-use order).
std::vector<const project::Resource*> sourceDatasources(const project::Project& project, const project::Resource& pipe);

/// The MV-query backfill of `writers`: sources "pipe.node", the node SQL blocks.
Backfill mvQueryBackfill(const std::vector<MvWriter>& writers);

}  // namespace ferry::plan
