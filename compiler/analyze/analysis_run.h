/// The state of one analyzeQuery call, shared by every nested query it analyzes: where
/// diagnostics go, how table names resolve, counters ClickHouse numbers things with
/// (`_subquery_N`), the names DESCRIBE gives resolved identifiers, and caches.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/analyze/resolved_expr.h"
#include "compiler/analyze/schema.h"
#include "compiler/base/diagnostic.h"
#include "compiler/sql/ast.h"

namespace ferry::analyze {

struct AnalysisRun {
  AnalysisRun(const TableResolver* tables, DiagnosticSink& sink, const AnalyzeOptions& options,
              QueryAnalysis* result)
      : tables(tables), sink(sink), options(options), result(result) {}

  const TableResolver* tables;  ///< may be null: only built-in tables resolve
  DiagnosticSink& sink;
  const AnalyzeOptions& options;
  QueryAnalysis* result;  ///< receives expression types when asked; may be null

  uint32_t next_id = 1;           ///< identities of sources, USING and ARRAY JOIN columns
  uint32_t subquery_counter = 0;  ///< ClickHouse's `_subquery_N`
  /// How DESCRIBE names a resolved node when that differs from its text: identifiers resolved
  /// to join columns (`u.b`), subqueries (`_subquery_3`).
  std::unordered_map<const sql::Node*, std::string> name_hints;
  /// CTE schemas, analyzed once however often they are read.
  std::unordered_map<const sql::WithItem*, Schema> cte_schemas;
  std::unordered_set<const sql::WithItem*> cte_in_progress;
  std::unordered_set<const sql::WithItem*> opaque_ctes;
  /// A recursive CTE being analyzed: the columns its self-references read.
  std::unordered_map<const sql::WithItem*, Schema> cte_guesses;
  /// Nesting of analyzed queries, lambdas and aliases (guards the stack on hostile input).
  int depth = 0;
  bool reported_too_deep = false;

  uint32_t newId() { return next_id++; }

  void record(const sql::Expr& e, const ResolvedPtr& r) {
    if (result == nullptr || !options.record_expression_types || !r) return;
    ExpressionInfo info;
    info.type = r->type;
    info.constant = r->constant;
    result->expression_types[&e] = std::move(info);
  }
};

}  // namespace ferry::analyze
