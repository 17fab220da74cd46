/// The live datasource as the one table a forward query reads: forward queries are written
/// without FROM (seed 002), so both the generator and the checker analyze them as
/// `SELECT <items> FROM <live table>`.
#pragma once

#include <string>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/analyze/schema.h"
#include "compiler/plan/forward_query.h"
#include "compiler/sql/ast.h"

namespace ferry::plan {

/// The columns with a type, as an analyzer schema.
analyze::Schema schemaOf(const std::vector<ColumnSpec>& columns);

/// Resolves any table name to the live columns (a forward query has one table: the live one).
class LiveTable final : public analyze::TableResolver {
 public:
  explicit LiveTable(analyze::Schema columns) : columns_(std::move(columns)) {}
  const analyze::Schema* findTable(const std::vector<std::string>&) const override { return &columns_; }
  const analyze::Schema& columns() const { return columns_; }

 private:
  analyze::Schema columns_;
};

/// Analyzes `stmt` (a single SELECT block without FROM) as if it read `FROM <table_name>`.
/// Diagnostics keep the spans of `stmt`'s nodes.
analyze::QueryAnalysis analyzeOverLive(const sql::SelectStatement& stmt, const LiveTable& live,
                                       const std::string& table_name, DiagnosticSink& sink);

}  // namespace ferry::plan
