/// Comparing the live and the new version of one datasource: every difference becomes a cause,
/// and the differences on the automatic ALTER list (seed 002: add/drop column, make Nullable,
/// DEFAULT, TTL, indexes) also become ALTER operations. Whether the datasource is then altered
/// or rewritten is decided by the planner (a FORWARD_QUERY or a change upstream can still force
/// a rewrite).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/plan/datasource_shape.h"
#include "compiler/plan/plan.h"

namespace ferry::plan {

struct DatasourceDiff {
  std::vector<Cause> schema_causes;    ///< changes of the table (ALTER or rewrite)
  std::vector<Cause> metadata_causes;  ///< description, tokens, tags, shared_with, ingestion
  /// The ALTER operations, in an order that can run (DROP INDEX, ADD COLUMN, MODIFY COLUMN,
  /// MODIFY TTL, DROP COLUMN, ADD INDEX). Meaningful only when `alterable`.
  std::vector<AlterOp> alter;
  /// Every schema change is on the ALTER list (true when there is none).
  bool alterable = true;
  /// Live columns the new version does not have (their data is deleted either way).
  std::vector<ColumnShape> dropped;
  /// Each dropped column paired with the first added column of the same type: (old, new).
  std::vector<std::pair<std::string, std::string>> rename_hints;

  bool schemaChanged() const { return !schema_causes.empty(); }
};

/// "TOKEN a READ added, TOKEN b APPEND removed" for two tokenList()s.
std::string describeTokenChanges(const std::vector<std::string>& before, const std::vector<std::string>& after);

/// `table` is the datasource name used in the ALTER statements.
DatasourceDiff diffDatasources(const DatasourceShape& live, const DatasourceShape& next, const std::string& table);

}  // namespace ferry::plan
