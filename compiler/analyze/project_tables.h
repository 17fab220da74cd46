/// The tables a node of a pipe can name, and the schemas Tinybird gives implicitly: quarantine
/// tables, Kafka and DynamoDB connector columns, ClickHouse's `system.one` / `system.numbers`.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/analyze/project_analysis.h"

namespace ferry::analyze {

/// The columns Tinybird adds to a Kafka (`__value`, `__topic`, ...) or DynamoDB (`_record`,
/// `_timestamp`, `_is_deleted`, ...) datasource, given its declared columns: the ones not
/// declared, in Tinybird's order.
Schema connectorColumns(const project::Resource& datasource, const Schema& declared);

/// The `<name>_quarantine` table of a datasource: every column as Nullable(String), then
/// Tinybird's error columns.
Schema quarantineSchema(const Schema& datasource);

/// Resolves FROM names for one node: earlier nodes of its pipe first, then datasources, pipes,
/// quarantine tables and the `system` tables ClickHouse always has.
class ProjectTables final : public TableResolver {
 public:
  ProjectTables(const project::Project& project, const ProjectAnalysis& analysis)
      : project_(project), analysis_(analysis) {}

  const Schema* findTable(const std::vector<std::string>& parts) const override;
  /// Candidates for "did you mean": the nodes seen so far, datasources and pipes.
  std::vector<std::string> tableNames() const override;

  /// Earlier nodes of the pipe being analyzed (cleared per pipe).
  void setNode(const std::string& name, const Schema* schema) { nodes_[name] = schema; }
  void clearNodes() { nodes_.clear(); }

  enum class Availability { Known, Unanalyzed, Foreign, Unknown };
  /// Whether a name read by a node has a schema: Unanalyzed when it names a resource or node
  /// that could not be analyzed (analysis of the reader is skipped, no cascade of errors);
  /// Foreign for `db.table` of a database Ferry has no schema for; Unknown otherwise.
  Availability availability(const std::string& name) const;

 private:
  const project::Project& project_;
  const ProjectAnalysis& analysis_;
  std::map<std::string, const Schema*, std::less<>> nodes_;
  mutable std::map<std::string, Schema, std::less<>> derived_;  ///< quarantine schemas built on demand
};

}  // namespace ferry::analyze
