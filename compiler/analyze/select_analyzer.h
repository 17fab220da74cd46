/// Analysis of one query body: a SELECT block (select_analyzer.cpp, with from_clause.cpp for
/// FROM / JOIN / ARRAY JOIN and aggregate_context.cpp for the GROUP BY rules) or a set
/// operation (UNION / EXCEPT / INTERSECT: columns by position, names from the first query, types
/// the common supertype).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/analyze/analysis_run.h"
#include "compiler/analyze/expression_typer.h"
#include "compiler/analyze/schema.h"
#include "compiler/analyze/scope.h"
#include "compiler/sql/ast.h"

namespace ferry::analyze {

/// Analyzes a query body nested in `parent` (null at top level). `from_subquery`: a FROM
/// subquery or CTE, which sees only its parent's WITH aliases (an expression subquery sees all).
/// `opaque` (optional) is set when the output has columns the analyzer cannot list (`*` over a
/// table function whose columns come from data).
Schema analyzeSubquery(AnalysisRun& run, const sql::Query& query, QueryScope* parent,
                       bool from_subquery = false, bool* opaque = nullptr);

/// The columns of a table named in FROM or after IN: a CTE of `scope` or an enclosing scope,
/// a built-in system table, or a table of the resolver. nullopt when unknown.
std::optional<Schema> findTableSchema(AnalysisRun& run, QueryScope& scope,
                                      const std::vector<std::string>& parts);

/// The columns of a table function call in FROM (`numbers(10)`, `values('a UInt8', ...)`);
/// nullopt when the function is unknown; `opaque` set when its columns come from data.
std::optional<Schema> tableFunctionSchema(AnalysisRun& run, QueryScope& scope,
                                          const sql::FunctionCall& call, bool& opaque);

/// Parses a structure string `a UInt8, b Array(String)` into columns; nullopt on error
/// (`error` says why).
std::optional<Schema> parseStructure(std::string_view text, std::string* error);

/// Registers a SELECT's WITH clause in `scope`: CTEs by name, `expr AS name` as aliases.
void registerWithItems(const sql::SelectQuery& query, QueryScope& scope);

/// Registers every `expr AS name` under `node` (not inside subqueries, lambdas or column
/// transformers) as an alias of `scope`; reports one name given to two different expressions.
void collectAliasesIn(const sql::Node& node, QueryScope& scope, DiagnosticSink& sink);

/// The NOT_AN_AGGREGATE rule over `exprs` of an aggregating query with GROUP BY `keys`.
void checkGroupedExpressions(DiagnosticSink& sink, const std::vector<ResolvedPtr>& keys,
                             const std::vector<ResolvedPtr>& exprs);

class SelectAnalyzer {
 public:
  SelectAnalyzer(AnalysisRun& run, const sql::SelectQuery& query, QueryScope* parent,
                 bool from_subquery);
  Schema analyze();
  bool opaqueOutput() const { return typer_.matchedOpaque(); }

 private:
  void registerWith();
  void collectAliases();

  // from_clause.cpp
  void buildFrom();
  /// Adds the sources of `t` (left to right); returns how many sources it added.
  size_t addTableExpr(const sql::TableExpr& t);
  void addJoin(const sql::JoinExpr& join);
  void addArrayJoin(const sql::ArrayJoinExpr& array_join);
  void addArrayJoinColumns(const sql::ArrayJoinExpr& array_join);
  std::unique_ptr<TableSource> makeSource(std::string qualifier, const Schema& columns,
                                          const sql::Node& at);
  void applyAliasColumns(TableSource& source, const std::vector<std::string>& alias_columns,
                         const sql::Node& at);
  void typeJoinConditions();

  // aggregate_context.cpp
  /// Reports aggregates / window functions in a clause that cannot hold them.
  void checkNoAggregates(const ResolvedPtr& r, std::string_view clause);
  /// Reports a filter whose type cannot filter rows (a String, a Date, a Decimal...).
  void checkFilter(const ResolvedPtr& r, std::string_view clause);
  /// The GROUP BY rules: every column outside an aggregate must be a GROUP BY key.
  void checkAggregation();

  ResolvedPtr positional(const sql::Expr& e, std::string_view clause);
  void typeGroupBy();
  void typeOrderBy();
  /// Keeps what this block resolved to (AnalyzeOptions::record_resolution).
  void recordResolution();

  AnalysisRun& run_;
  const sql::SelectQuery& query_;
  QueryScope scope_;
  ExpressionTyper typer_;

  struct OutputItem {
    std::string name;
    ResolvedPtr expr;
    const sql::Expr* ast = nullptr;  ///< the select item (a matcher for expanded columns)
  };
  std::vector<OutputItem> items_;
  std::vector<ResolvedPtr> group_keys_;
  bool group_by_all_ = false;
  std::vector<ResolvedPtr> checked_;
  /// Kept for recordResolution().
  ResolvedPtr prewhere_, where_, having_, qualify_;
  std::vector<ResolvedPtr> order_by_, limit_by_, distinct_on_;
  std::vector<std::array<ResolvedPtr, 3>> order_fill_;  ///< per ORDER BY item: WITH FILL FROM, TO, STEP
  std::vector<std::pair<const sql::JoinExpr*, ResolvedPtr>> join_on_;  ///< HAVING, ORDER BY, QUALIFY: under the GROUP BY rules
  std::vector<const sql::JoinExpr*> joins_with_on_;
  /// Identifiers made up by the analyzer (the `n.x` members of `ARRAY JOIN n`).
  std::vector<std::unique_ptr<sql::Expr>> synthesized_;
  /// FROM parts whose sources precede the first JOIN's right side (for display names).
  size_t left_sources_ = 0;
};

}  // namespace ferry::analyze
