#include "compiler/analyze/query_analyzer.h"

#include <algorithm>

#include "compiler/analyze/analysis_run.h"
#include "compiler/analyze/column_names.h"
#include "compiler/analyze/expression_typer.h"
#include "compiler/analyze/select_analyzer.h"

namespace ferry::analyze {

QueryAnalysis analyzeQuery(const sql::Query& query, const TableResolver& tables, DiagnosticSink& sink,
                           const AnalyzeOptions& options) {
  QueryAnalysis result;
  size_t errors_before = sink.errorCount();
  AnalysisRun run(&tables, sink, options, &result);
  result.output = analyzeSubquery(run, query, nullptr);
  result.ok = sink.errorCount() == errors_before;
  return result;
}

QueryAnalysis analyzeQuery(const sql::SelectStatement& stmt, const TableResolver& tables, DiagnosticSink& sink,
                           const AnalyzeOptions& options) {
  if (!stmt.query) {
    QueryAnalysis result;
    result.ok = false;
    return result;
  }
  return analyzeQuery(*stmt.query, tables, sink, options);
}

types::TypePtr typeStandaloneExpression(const sql::Expr& expr, DiagnosticSink& sink, const TableResolver* tables,
                                        const Schema* columns) {
  AnalyzeOptions options;
  size_t errors_before = sink.errorCount();
  AnalysisRun run(tables, sink, options, nullptr);
  QueryScope scope(nullptr);
  auto source = std::make_unique<TableSource>();
  source->id = run.newId();
  if (columns) {
    for (const auto& c : *columns) source->addColumn(c.name, c.type);
  } else {
    scope.implicit_one = true;
    source->qualifier = "one";
    source->table_parts = {"system", "one"};
    source->addColumn("dummy", types::makeType(types::TypeKind::UInt8));
  }
  scope.addSource(std::move(source));
  collectAliasesIn(expr, scope, sink);
  ExpressionTyper typer(run, scope);
  ResolvedPtr r = typer.type(expr);
  if (r->has_aggregate || r->kind == ResolvedKind::Aggregate) checkGroupedExpressions(sink, {}, {r});
  if (sink.errorCount() != errors_before) return nullptr;
  return r->type;
}

const Schema& numbersSchema() {
  static const Schema schema{{"number", types::makeType(types::TypeKind::UInt64)}};
  return schema;
}

}  // namespace ferry::analyze
