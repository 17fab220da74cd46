/// The order in which a plan lists resources: dependencies first (the project's edges), ties
/// broken by kind (connections, datasources, pipes) and then by name, so that the order does not
/// depend on file names or on the order files were read in.
#pragma once

#include <vector>

#include "compiler/project/project.h"

namespace ferry::plan {

/// Every resource that owns its name (of duplicates, the one Project::find returns), in
/// dependency order; a cycle is broken at its smallest resource.
std::vector<const project::Resource*> orderedResources(const project::Project& project);

/// The order a deployment creates and fills resources in: like orderedResources, but the
/// datasource a materialized or copy pipe writes into comes before the pipe (the view needs its
/// target table) and after everything the pipe reads (its backfill reads them).
std::vector<const project::Resource*> deploymentOrder(const project::Project& project);

/// 0 connection, 1 datasource, 2 pipe.
int kindRank(project::ResourceKind kind);

}  // namespace ferry::plan
