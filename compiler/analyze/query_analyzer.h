/// The semantic analyzer for ClickHouse SELECT queries: resolves every name (FROM tables and
/// table functions, subqueries, CTEs, WITH expressions, aliases, ARRAY JOIN, JOIN USING/ON,
/// `*` / `t.*` / COLUMNS(...), lambda parameters) and types every expression with ClickHouse
/// 26.7 semantics (new analyzer, default settings), giving the output schema exactly as
/// `DESCRIBE (SELECT ...)` prints it: column names as ClickHouse spells an unaliased
/// expression (`plus(a, 1)`, `count()`), and canonical types.
///
/// Never throws, never crashes on a partial tree: every problem becomes a SEM_* diagnostic
/// (compiler/base/diagnostics_semantic.def) with the span of the offending node, and analysis
/// goes on with what it could type.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "compiler/analyze/schema.h"
#include "compiler/analyze/select_resolution.h"
#include "compiler/base/diagnostic.h"
#include "compiler/sql/ast.h"
#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::analyze {

struct AnalyzeOptions {
  /// Fill QueryAnalysis::expression_types (every typed expression node; for hover).
  bool record_expression_types = false;
  /// Fill QueryAnalysis::selects (what every SELECT block resolved to; for lowering).
  bool record_resolution = false;
};

/// The type of an expression node (and its constant value when the analyzer folded one).
struct ExpressionInfo {
  types::TypePtr type;
  std::shared_ptr<const types::ConstantValue> constant;
};

struct QueryAnalysis {
  /// The output columns, names as ClickHouse prints them in DESCRIBE. A column whose type could
  /// not be determined has a null type: after an error (then `ok` is false), or without one when
  /// it comes from data the analyzer cannot see (a table function reading files or URLs without
  /// a structure argument, system tables other than one/numbers/zeros, `{t:Identifier}`).
  Schema output;
  /// No error was reported while analyzing this query (warnings do not count).
  bool ok = false;
  /// Only with AnalyzeOptions::record_expression_types. Keys point into the analyzed tree.
  std::unordered_map<const sql::Expr*, ExpressionInfo> expression_types;
  /// Only with AnalyzeOptions::record_resolution: every SELECT block analyzed (subqueries and
  /// CTEs included), keyed by the block.
  std::unordered_map<const sql::SelectQuery*, std::shared_ptr<const SelectResolution>> selects;
};

/// Analyzes one SELECT statement (UNION chains included). `tables` resolves names written in
/// FROM / JOIN / `IN t` that are not CTEs or table functions.
QueryAnalysis analyzeQuery(const sql::SelectStatement& stmt, const TableResolver& tables,
                           DiagnosticSink& sink, const AnalyzeOptions& options = {});
/// The same for a query body.
QueryAnalysis analyzeQuery(const sql::Query& query, const TableResolver& tables,
                           DiagnosticSink& sink, const AnalyzeOptions& options = {});

/// Types one expression as the single item of `SELECT expr [FROM t]`, where `columns` (may be
/// null: no FROM) are the columns of `t`. Aggregates are allowed (as in `SELECT count()`).
/// Returns null (with diagnostics) when the expression is rejected.
types::TypePtr typeStandaloneExpression(const sql::Expr& expr, DiagnosticSink& sink,
                                        const TableResolver* tables = nullptr,
                                        const Schema* columns = nullptr);

/// The scope of `FROM numbers(1)`: the single column `number UInt64` (the scope of the oracle
/// file typenames_numbers.tsv).
const Schema& numbersSchema();

/// The output column name ClickHouse gives an unaliased select item (`plus(a, 1)`, `count()`,
/// `'x'`, `[1, 2]`, `CAST(x, 'UInt8')`); for `expr AS name`, `name`.
std::string columnName(const sql::Expr& expr);

}  // namespace ferry::analyze
