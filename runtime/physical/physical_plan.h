/// The typed physical plan: what the compiler lowers a pipe node, an endpoint, a materialized view
/// or an ad-hoc `ferry sql` query into, and what exec runs. It holds only runtime types, names
/// of functions as ClickHouse spells them, and positions of input columns: no syntax tree, no
/// name resolution is left to do. A `PlanNode` produces blocks whose columns are its `output`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/column/column.h"

namespace ferry::rt {

// ---- Expressions ------------------------------------------------------------------------------
enum class ExprKind : uint8_t {
  Input,        ///< column `input` of the operator's input block
  Literal,      ///< `literal` (of `type`)
  Call,         ///< scalar function `function` over `args` (operators are calls: plus, equals, and ...)
  Lambda,       ///< `args[0]` is the body; parameters are LambdaParam `input` = 0, 1, ...
  LambdaParam,  ///< parameter `input` of the innermost enclosing Lambda
  Cast,         ///< `args[0]` converted to `type` (CAST(x, 'T'), also implicit conversions)
  ScalarSubquery,  ///< the single value of `subquery` (first row, first column; default when empty)
  SetSubquery,     ///< the rows of `subquery` as the right side of in/notIn/globalIn (args[1])
};

struct PlanNode;

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  ExprKind kind = ExprKind::Literal;
  ColumnTypePtr type;  ///< the result type the compiler computed (exec produces exactly this)
  size_t input = 0;
  Field literal;
  std::string function;
  std::vector<ExprPtr> args;
  /// Lambda: the parameter types (the body sees them as LambdaParam 0..n-1).
  std::vector<ColumnTypePtr> lambda_params;
  /// ScalarSubquery, SetSubquery: run once per query execution.
  std::shared_ptr<const PlanNode> subquery;
};

// ---- Aggregates and windows ---------------------------------------------------------------------
struct AggregateCall {
  std::string function;             ///< with combinators: `uniqState`, `countMerge`, `sumIf`
  std::vector<std::string> params;  ///< `quantile(0.9)` -> {"0.9"}
  std::vector<ExprPtr> args;        ///< over the aggregation's input
  ColumnTypePtr type;               ///< result type
};

struct SortKey {
  ExprPtr expr;
  bool descending = false;
  bool nulls_first = false;  ///< ClickHouse: NULLS LAST unless written (for DESC too)
  std::string collation;     ///< COLLATE, empty when none
  /// WITH FILL (the first sort key only): rows are added for the values the data skips.
  /// FROM, TO and STEP are constant expressions, null when not written.
  bool with_fill = false;
  ExprPtr fill_from, fill_to, fill_step;
};

struct WindowFrame {
  enum class Units : uint8_t { Rows, Range } units = Units::Range;
  enum class BoundKind : uint8_t { UnboundedPreceding, Preceding, CurrentRow, Following, UnboundedFollowing };
  BoundKind start = BoundKind::UnboundedPreceding;
  BoundKind end = BoundKind::CurrentRow;
  Field start_offset, end_offset;  ///< for Preceding/Following
  bool explicit_frame = false;     ///< false: the default frame (RANGE UNBOUNDED PRECEDING .. CURRENT ROW)
};

struct WindowCall {
  std::string function;  ///< row_number, rank, lagInFrame, sum, ... (aggregates over a frame too)
  std::vector<std::string> params;
  std::vector<ExprPtr> args;
  std::vector<ExprPtr> partition_by;
  std::vector<SortKey> order_by;
  WindowFrame frame;
  ColumnTypePtr type;
};

// ---- Operators ----------------------------------------------------------------------------------
enum class PlanKind : uint8_t {
  Scan,       ///< table `table`, columns `columns` (names), optional `prune` filter, `final`
  Values,     ///< `rows` literal rows (SELECT without FROM: one row, no columns)
  Numbers,    ///< system.numbers / numbers(n) / numbers(offset, n): column `number` UInt64
  Filter,     ///< keep rows where `exprs[0]` is true (UInt8/Bool/Nullable: NULL is false)
  Project,    ///< output column i = exprs[i] over the input
  Aggregate,  ///< group by `exprs` (keys, first in the output), then `aggregates`; no keys: one row
              ///< even over empty input (unless `totals`... not supported)
  Join,       ///< children[0] JOIN children[1]; `join_kind`, `strictness`, keys `left_keys` =
              ///< `right_keys` (over each side), residual `exprs[0]` over the concatenated output
  Sort,       ///< by `sort_keys`
  Limit,      ///< `limit`, `offset` (with ties: `with_ties` and sort_keys)
  LimitBy,    ///< `limit` rows per distinct value of `exprs`, after `offset`
  Window,     ///< appends one column per `windows` entry
  ArrayJoin,  ///< unfolds array columns `array_columns` (input indexes) in place; `left_array_join`
  Union,      ///< UNION ALL of children (same output types)
  Distinct,   ///< distinct rows (over all columns)
};

enum class JoinKind : uint8_t { Inner, Left, Right, Full, Cross };
enum class JoinStrictness : uint8_t { All, Any, Semi, Anti, Asof };

using PlanPtr = std::shared_ptr<const PlanNode>;

struct OutputColumn {
  std::string name;
  ColumnTypePtr type;
};

struct PlanNode {
  PlanKind kind = PlanKind::Values;
  std::vector<OutputColumn> output;
  std::vector<PlanPtr> children;

  // Scan
  std::string table;
  std::vector<std::string> columns;
  ExprPtr prune;  ///< over the scanned columns; parts whose key ranges cannot match are skipped
  bool final = false;
  // Values
  std::vector<std::vector<Field>> rows;
  // Numbers
  uint64_t numbers_offset = 0, numbers_count = 0;
  // Filter, Project, Aggregate keys, LimitBy keys, Join residual
  std::vector<ExprPtr> exprs;
  std::vector<AggregateCall> aggregates;
  // Join
  JoinKind join_kind = JoinKind::Inner;
  JoinStrictness strictness = JoinStrictness::All;
  std::vector<ExprPtr> left_keys, right_keys;
  // Sort, Limit WITH TIES
  std::vector<SortKey> sort_keys;
  // Limit, LimitBy
  uint64_t limit = UINT64_MAX, offset = 0;
  bool with_ties = false;
  // Window
  std::vector<WindowCall> windows;
  // ArrayJoin
  std::vector<size_t> array_columns;
  bool left_array_join = false;
};

/// A one-line-per-operator rendering (EXPLAIN, test failures).
std::string explainPlan(const PlanNode& plan);

}  // namespace ferry::rt
