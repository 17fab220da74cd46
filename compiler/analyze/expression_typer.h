/// Types expressions of one query scope: resolves identifiers (lambda parameters, aliases,
/// ARRAY JOIN and FROM columns, the enclosing queries), maps every operator and special form to
/// the ClickHouse function it stands for (`a + b` -> plus, CASE -> multiIf, `x[i]` ->
/// arrayElement...), and types calls through the function catalog (functions::typeCall).
///
/// Split by concern: expression_typer.cpp (dispatch, literals, calls, lambdas, subqueries),
/// operator_calls.cpp (operators and special forms), identifier_resolution.cpp (names).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/analyze/analysis_run.h"
#include "compiler/analyze/operator_names.h"
#include "compiler/analyze/resolved_expr.h"
#include "compiler/analyze/scope.h"
#include "compiler/functions/call_typing.h"
#include "compiler/sql/ast.h"

namespace ferry::analyze {

class ExpressionTyper {
 public:
  ExpressionTyper(AnalysisRun& run, QueryScope& scope) : run_(run), scope_(scope) {}

  /// Types `e` (never null: an Unknown node with a null type when it cannot be typed; the
  /// problem has been reported).
  ResolvedPtr type(const sql::Expr& e);

  /// Resolves a query alias (once; later uses share the node).
  ResolvedPtr resolveAlias(AliasEntry& entry);
  /// Resolves an ARRAY JOIN column (once).
  ResolvedPtr resolveArrayJoin(ArrayJoinColumn& column);

  /// Expands `*`, `t.*` and COLUMNS(...) (with EXCEPT / REPLACE / APPLY) into resolved columns
  /// and their output names (star_expansion.cpp).
  struct ExpandedColumn {
    std::string name;
    ResolvedPtr expr;
  };
  /// `*`, `t.*`, COLUMNS(...) and `untuple(t)` (`alias` names the columns `alias.1`, ...).
  std::vector<ExpandedColumn> expandMatcher(const sql::Expr& matcher, const std::string& alias = {});
  /// Whether `e` stands for several columns: a matcher or an `untuple(t)` call.
  static bool isMatcher(const sql::Expr& e);

  /// Types a call of `name` on resolved arguments (the shared path of every operator and call).
  /// `at` is where diagnostics point.
  ResolvedPtr call(std::string_view name, std::vector<ResolvedPtr> args, const sql::Node& at,
                   std::span<const types::ConstantValue> params = {});

  /// Types the inside of OVER (...) (PARTITION BY / ORDER BY expressions), appending them.
  void typeWindowSpec(const sql::WindowSpec& spec, std::vector<ResolvedPtr>& out);

  QueryScope& scope() { return scope_; }
  /// A matcher met a source whose columns are not all known.
  bool matchedOpaque() const { return matched_opaque_; }
  AnalysisRun& run() { return run_; }

  /// A node of unknown type (nothing more is reported about it).
  static ResolvedPtr unknown(const sql::Node* at);
  static ResolvedPtr constant(types::TypePtr type, types::ConstantValue value, const sql::Node* at);
  static ResolvedPtr stringConstant(std::string value, const sql::Node* at);

 private:
  friend class OperatorTyper;

  ResolvedPtr typeUncached(const sql::Expr& e);
  ResolvedPtr typeLiteral(const sql::Literal& e);
  ResolvedPtr typeTypedLiteral(const sql::TypedLiteral& e);
  ResolvedPtr typeQueryParameter(const sql::QueryParameter& e);
  ResolvedPtr typeFunctionCall(const sql::FunctionCall& e);
  /// A lambda of N parameters over one array of N-tuples: the array becomes N arrays (the
  /// position and the replaced array are returned).
  std::optional<std::pair<size_t, ResolvedPtr>> unpackTupleArray(std::string_view name, std::vector<const sql::Expr*>& arg_exprs,
                        std::vector<ResolvedPtr>& args, std::vector<functions::Argument>& fargs,
                        const std::vector<std::string>& leading_params);
  ResolvedPtr typeLambdaCall(const sql::FunctionCall& e, std::string_view name,
                             std::vector<const sql::Expr*> arg_exprs,
                             const std::vector<std::string>& leading_params);
  ResolvedPtr typeDateCall(const sql::FunctionCall& e, const DateCallRewrite& rewrite);
  ResolvedPtr typeCast(const sql::CastExpr& e);
  /// CAST(value, target) where target is a (constant string) resolved node.
  ResolvedPtr castTo(const ResolvedPtr& value, const ResolvedPtr& target, const sql::Node& at);
  ResolvedPtr castResult(const ResolvedPtr& value, types::TypePtr type, ResolvedPtr target,
                         const sql::Node& at);
  void reportCallError(std::string_view name, const functions::CallResult& result, const sql::Node& at);
  /// Reports an aggregate or window function among an aggregate's arguments.
  void checkNotNested(const ResolvedExpr& aggregate);
  ResolvedPtr typeArray(const sql::ArrayExpr& e);
  ResolvedPtr typeTuple(const sql::TupleExpr& e);
  ResolvedPtr typeMap(const sql::MapExpr& e);
  ResolvedPtr typeSubquery(const sql::SubqueryExpr& e);
  ResolvedPtr typeExists(const sql::ExistsExpr& e);
  ResolvedPtr typeAlias(const sql::AliasExpr& e);
  ResolvedPtr typeJsonPath(const sql::JsonPathExpr& e);
  std::vector<ResolvedPtr> typeArgs(const sql::ExprList& args);

  // operator_calls.cpp
  ResolvedPtr typeUnary(const sql::UnaryExpr& e);
  ResolvedPtr typeBinary(const sql::BinaryExpr& e);
  ResolvedPtr typeIn(const sql::BinaryExpr& e, std::string_view function);
  ResolvedPtr typeBetween(const sql::BetweenExpr& e);
  ResolvedPtr typeIsNull(const sql::IsNullExpr& e);
  ResolvedPtr typeTernary(const sql::TernaryExpr& e);
  ResolvedPtr typeCase(const sql::CaseExpr& e);
  ResolvedPtr typeInterval(const sql::IntervalExpr& e);
  ResolvedPtr typeExtract(const sql::ExtractExpr& e);
  ResolvedPtr typeSubstring(const sql::SubstringExpr& e);
  ResolvedPtr typeTrim(const sql::TrimExpr& e);
  ResolvedPtr typePosition(const sql::PositionExpr& e);
  ResolvedPtr typeSubscript(const sql::SubscriptExpr& e);
  ResolvedPtr typeTupleElement(const sql::TupleElementExpr& e);
  /// The right side of IN: a subquery or table name types as a Set.
  ResolvedPtr typeInRightSide(const sql::Expr& rhs);

  // identifier_resolution.cpp
  ResolvedPtr typeIdentifier(const sql::Identifier& e);
  /// `base.part1.part2...` on a resolved value: tuple elements by name, Map keys/values, JSON
  /// paths, Nested arrays.
  ResolvedPtr subcolumn(ResolvedPtr base, const std::vector<std::string>& parts, size_t from,
                        const sql::Node& at);
  ResolvedPtr columnNode(const TableSource& source, uint32_t index, const sql::Node& at);
  ResolvedPtr virtualColumn(const TableSource& source, const std::string& name, const types::TypePtr& type,
                            const sql::Node& at);
  /// Resolves in this scope only (`with_only`: only WITH aliases, as a FROM subquery sees its
  /// enclosing query). `found` is false when nothing here has the name.
  ResolvedPtr lookupLocal(const sql::Identifier& e, bool& found, bool with_only);
  void reportUnknownIdentifier(const sql::Identifier& e);

  struct LambdaFrame {
    std::vector<std::string> names;
    std::vector<ResolvedPtr> params;
  };

  AnalysisRun& run_;
  QueryScope& scope_;
  std::vector<LambdaFrame> lambdas_;
  bool matched_opaque_ = false;
};

/// Builds a resolved node for a call and fills hash/has_* from its arguments.
ResolvedPtr makeCallNode(ResolvedKind kind, std::string function, types::TypePtr type,
                         std::vector<ResolvedPtr> args, const sql::Node* at);

/// The first node of `root` (preorder) satisfying `predicate`, searching only subtrees that hold
/// aggregates or windows (what the callers look for).
const ResolvedExpr* findNode(const ResolvedExpr& root,
                             const std::function<bool(const ResolvedExpr&)>& predicate);

/// The type of a scalar subquery returning `columns`: Nullable(T) for one column (where T can be
/// Nullable, tuples included), a named Tuple for several; null when unknown.
types::TypePtr scalarSubqueryType(const Schema& columns);

/// `in`, `notIn`, `globalIn`, `nullIn`, ... (whose second argument may be a subquery or table).
bool isInFunctionName(std::string_view name);

/// Hash combining (for ResolvedExpr::hash).
uint64_t hashCombine(uint64_t seed, uint64_t value);
uint64_t hashString(std::string_view s);

}  // namespace ferry::analyze
