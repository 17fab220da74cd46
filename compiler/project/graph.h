/// The dependency graph of a project: which resources each pipe reads and writes.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/project/project.h"

namespace ferry::project {

/// The table names a statement reads (FROM, JOIN, subqueries anywhere in it), leaving out its
/// own CTE names and the names in `local` (the nodes of the same pipe).
std::vector<TableReference> tablesRead(const sql::SelectStatement& stmt, const std::set<std::string, std::less<>>& local);

/// Fills each resource's `reads`/`writes` and the project's edges; reports unknown targets,
/// unknown tables (warnings) and cycles.
void buildGraph(Project& project, DiagnosticSink& sink);

}  // namespace ferry::project
