/// Lowering: the compiler's analyzed project and queries -> the runtime's physical plans and table
/// definitions. This is the one place where compiler types meet runtime types (like codegen ->
/// runtime ABI); everything the runtime executes passes through here, so a query the analyzer
/// accepts but lowering cannot express yet gets a clear LOWER_* diagnostic, never a wrong result.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/analyze/project_analysis.h"
#include "compiler/analyze/schema.h"
#include "compiler/base/diagnostic.h"
#include "compiler/project/project.h"
#include "compiler/sql/ast.h"
#include "compiler/types/data_type.h"
#include "runtime/database/database.h"
#include "runtime/physical/physical_plan.h"

namespace ferry::lower {

/// The runtime type of a compiler type (name = types::toString). Never null for a valid type;
/// types the runtime cannot hold (Dynamic, JSON, Variant, QBit ...) give null.
rt::ColumnTypePtr lowerType(const types::TypePtr& type);

/// Tables and materialized views of an analyzed project, ready for rt::Database::open.
struct LoweredProject {
  std::vector<rt::TableDefinition> tables;  ///< every datasource and its `<name>_quarantine`
  std::vector<rt::ViewDefinition> views;    ///< every TYPE materialized pipe, in dependency order
  bool ok = true;                           ///< false when an error was reported
};
LoweredProject lowerProject(const project::Project& project, const analyze::ProjectAnalysis& analysis,
                            DiagnosticSink& sink);

/// A query against the project's tables and pipes (`ferry sql`): parses, analyzes and lowers
/// `sql` (a pipe name in FROM reads that pipe's last node, as Tinybird's SQL API does).
/// Returns null with diagnostics when the query is rejected.
rt::PlanPtr lowerSqlQuery(std::string_view sql, const project::Project& project,
                          const analyze::ProjectAnalysis& analysis, DiagnosticSink& sink);

/// A pipe (endpoint, copy, or any node) with request parameters: renders its templates with
/// `params` (checked against the types the template declares: `Int32(limit)` with `limit=abc` is
/// LOWER_BAD_PARAMETER), analyzes the rendered nodes and lowers `node` (default: the last one),
/// earlier nodes inlined as subplans. Null with diagnostics when rejected.
rt::PlanPtr lowerPipe(const project::Project& project, const analyze::ProjectAnalysis& analysis,
                      std::string_view pipe, const std::map<std::string, std::string, std::less<>>& params,
                      DiagnosticSink& sink, std::string_view node = {});

}  // namespace ferry::lower
