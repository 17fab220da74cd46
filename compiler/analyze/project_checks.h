/// Project-level checks, one file each; called by analyzeProject.
#pragma once

#include "compiler/analyze/project_analysis.h"

namespace ferry::analyze {

/// Types the declared columns of a datasource (reporting types ClickHouse rejects) and adds the
/// implicit columns Tinybird gives it.
DatasourceSchema datasourceSchema(const project::Resource& datasource, DiagnosticSink& sink);

/// Sorting/partition/primary keys, ENGINE_VER / SIGN / IS_DELETED / SUMMING_COLUMNS, TTL and
/// DEFAULT expressions of a datasource, against its columns.
void checkDatasourceEngine(const DatasourceSchema& datasource, DiagnosticSink& sink);

/// A materialized or copy node's output against the datasource it writes into, as ClickHouse
/// matches them on insert: by name, converting each column to the target's type.
void checkTargetSchema(const NodeSchema& node, const DatasourceSchema& target, bool materialized,
                       DiagnosticSink& sink);

}  // namespace ferry::analyze
