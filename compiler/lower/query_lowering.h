/// The lowering of one analyzed query (internal to compiler/lower): the relational part
/// (query_lowering.cpp: FROM, JOIN, ARRAY JOIN, filters, aggregation, windows, ORDER BY, LIMIT,
/// set operations) and the expressions (expr_lowering.cpp). Everything is read from the
/// analyzer's SelectResolution records; a construct that cannot be lowered throws LowerError,
/// caught by the entry points (lowering.h), which report it as a diagnostic.
#pragma once

#include <compare>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/analyze/select_resolution.h"
#include "compiler/base/diagnostic.h"
#include "runtime/physical/physical_plan.h"

namespace ferry::lower {

struct LowerError {
  DiagId id = DiagId::LOWER_UNSUPPORTED;
  std::string message;
  Span span;
};
/// Throws LowerError(LOWER_UNSUPPORTED) naming `what`, at `at` when known.
[[noreturn]] void unsupported(const std::string& what, const sql::Node* at = nullptr);

// ---- Building blocks of plans ---------------------------------------------------------------
rt::ExprPtr makeInput(size_t index, rt::ColumnTypePtr type);
rt::ExprPtr makeLiteral(rt::ColumnTypePtr type, rt::Field value);
rt::ExprPtr makeCall(std::string function, std::vector<rt::ExprPtr> args, rt::ColumnTypePtr type);
rt::ExprPtr makeCast(rt::ExprPtr value, rt::ColumnTypePtr type);
/// `e` with every Input index (outside lambda parameters) moved by `offset`.
rt::ExprPtr shiftInputs(const rt::ExprPtr& e, size_t offset);
/// The runtime type of `type`, or LOWER_UNSUPPORTED naming the type.
rt::ColumnTypePtr requireType(const types::TypePtr& type, const sql::Node* at);
/// A constant as a literal of `type` (a Cast of a literal where the value is written in another
/// kind, e.g. a Date from '2026-01-01', which the runtime converts exactly as CAST does).
rt::ExprPtr lowerConstant(const types::ConstantValue& value, const types::TypePtr& type, const sql::Node* at);
/// Whether two runtime types are the same type (by their ClickHouse names).
bool sameType(const rt::ColumnTypePtr& a, const rt::ColumnTypePtr& b);

/// Where FROM names (and `x IN t`) go: a table of the store or an inlined plan (a node, a pipe).
class TableLowering {
 public:
  virtual ~TableLowering() = default;
  /// Null when the name is not known here (the caller reports it).
  virtual rt::PlanPtr table(const std::vector<std::string>& parts, bool final, const sql::Node* at) = 0;
};

/// The output of a lowered query with its compiler types (set operations need supertypes).
struct LoweredQuery {
  rt::PlanPtr plan;
  analyze::Schema schema;
};

class QueryLowerer {
 public:
  QueryLowerer(const analyze::QueryAnalysis& analysis, TableLowering& tables)
      : analysis_(analysis), tables_(tables) {}

  LoweredQuery lowerQuery(const sql::Query& query);

  /// Identity of a FROM column (see ResolvedExpr::origin).
  struct ColumnKey {
    analyze::ResolvedExpr::Origin origin = analyze::ResolvedExpr::Origin::None;
    uint32_t id = 0;
    uint32_t index = 0;
    auto operator<=>(const ColumnKey&) const = default;
  };
  /// What expressions of one query stage read: the current plan's output.
  struct Frame {
    rt::PlanPtr plan;
    std::map<ColumnKey, rt::ExprPtr> columns;
    /// FROM columns by name in FROM order (JOIN USING finds its keys by name).
    std::vector<std::pair<std::string, ColumnKey>> named;
    std::set<uint32_t> source_ids;
    /// After aggregation / windows: resolved expressions (by structural hash) computed as
    /// output columns.
    std::unordered_map<uint64_t, size_t> computed;
    bool aggregated = false;  ///< only `computed` is readable (FROM columns are gone)
  };

  /// Lowers `r` over `frame` (expr_lowering.cpp).
  rt::ExprPtr expr(const analyze::ResolvedPtr& r, const Frame& frame);

 private:
  LoweredQuery lowerSelect(const sql::SelectQuery& query);
  LoweredQuery lowerSet(const sql::SetQuery& query);
  Frame lowerFrom(const sql::TableExpr& t, const analyze::SelectResolution& res);
  Frame lowerJoin(const sql::JoinExpr& join, const analyze::SelectResolution& res);
  Frame lowerArrayJoin(const sql::ArrayJoinExpr& aj, const analyze::SelectResolution& res);
  /// `arrayJoin(arr)` calls as ARRAY JOIN stages after FROM.
  Frame lowerArrayJoinCalls(Frame f, const analyze::SelectResolution& res);
  Frame sourceFrame(const analyze::ResolvedSource& source, rt::PlanPtr plan);
  Frame implicitOne(const analyze::SelectResolution& res);
  rt::PlanPtr readTable(const std::vector<std::string>& parts, bool final, const sql::Node* at);

  // expr_lowering.cpp
  rt::ExprPtr call(const analyze::ResolvedExpr& r, const Frame& frame);
  rt::ExprPtr lambda(const analyze::ResolvedExpr& r, const Frame& frame);
  rt::ExprPtr subquery(const analyze::ResolvedExpr& r, const Frame& frame);
  rt::ExprPtr setOperand(const analyze::ResolvedExpr& r, const analyze::ResolvedPtr& lhs, const Frame& frame);

  const analyze::QueryAnalysis& analysis_;
  TableLowering& tables_;
  /// The SELECT blocks being lowered, innermost last (CTE names of `x IN cte`).
  std::vector<const sql::SelectQuery*> enclosing_;
  size_t lambda_depth_ = 0;
  int depth_ = 0;
};

/// The plan node's output names and types (helpers for building nodes).
std::shared_ptr<rt::PlanNode> makeNode(rt::PlanKind kind, std::vector<rt::PlanPtr> children = {});

}  // namespace ferry::lower
