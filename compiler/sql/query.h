/// Query nodes: SELECT blocks with all their clauses, set operations, the FROM join tree,
/// windows, and the statement wrapper (INTO OUTFILE / FORMAT / trailing SETTINGS).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/sql/expr.h"
#include "compiler/sql/node.h"
#include "compiler/sql/type_expr.h"

namespace ferry::sql {

// ---- Windows and ORDER BY ----------------------------------------------------------------------

FERRY_SQL_ENUM(SortDirection, None, Asc, Desc)
FERRY_SQL_ENUM(NullsOrder, None, First, Last)

/// `expr [ASC|DESC] [NULLS FIRST|LAST] [COLLATE 'x'] [WITH FILL [FROM a] [TO b] [STEP c]
/// [STALENESS d]]`. `ORDER BY ALL` is one OrderItem with a null expr.
class OrderItem final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(OrderItem)
  ExprPtr expr;
  SortDirection direction = SortDirection::None;
  NullsOrder nulls = NullsOrder::None;
  ExprPtr collate;  ///< a string Literal
  bool with_fill = false;
  ExprPtr fill_from;
  ExprPtr fill_to;
  ExprPtr fill_step;
  ExprPtr fill_staleness;
  FERRY_SQL_FIELDS(expr, direction, nulls, collate, with_fill, fill_from, fill_to, fill_step,
                   fill_staleness)
};
using OrderList = std::vector<std::unique_ptr<OrderItem>>;

FERRY_SQL_ENUM(FrameUnits, Rows, Range, Groups)
FERRY_SQL_ENUM(FrameBoundKind, UnboundedPreceding, Preceding, CurrentRow, Following,
               UnboundedFollowing)

struct FrameBound {
  FrameBoundKind bound = FrameBoundKind::CurrentRow;
  ExprPtr offset;  ///< Preceding / Following
  FERRY_SQL_FIELDS(bound, offset)
};

/// `ROWS start` or `ROWS BETWEEN start AND end`.
struct WindowFrame {
  FrameUnits units = FrameUnits::Rows;
  FrameBound start;
  bool between = false;
  FrameBound end;  ///< when between
  FERRY_SQL_FIELDS(units, start, between, end)
};

/// The inside of `OVER (...)` / `WINDOW w AS (...)`: `[base] [PARTITION BY ..] [ORDER BY ..]
/// [frame]`.
class WindowSpec final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(WindowSpec)
  std::string base;  ///< a window name this spec extends
  ExprList partition_by;
  OrderList order_by;
  std::optional<WindowFrame> frame;
  FERRY_SQL_FIELDS(base, partition_by, order_by, frame)
};

/// `name AS (spec)` in a WINDOW clause.
class NamedWindow final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(NamedWindow)
  std::string name;
  std::unique_ptr<WindowSpec> spec;
  FERRY_SQL_FIELDS(name, spec)
};

// ---- FROM: the join tree ----------------------------------------------------------------------

/// `SAMPLE ratio [OFFSET offset]`; ratios like `1/10` are BinaryExprs.
struct SampleClause {
  ExprPtr ratio;
  ExprPtr offset;
  FERRY_SQL_FIELDS(ratio, offset)
};

/// `db.table` / `table` / `{tbl:Identifier}` / `{db:Identifier}.table` /
/// `{db:Identifier}.{tbl:Identifier}`, with `[AS] alias`, `FINAL`, `SAMPLE`.
class TableRef final : public TableExpr {
 public:
  FERRY_SQL_NODE_CLASS(TableRef)
  std::vector<std::string> parts;  ///< [table] or [db, table]; [table] or empty with parameters
  ExprPtr database_parameter;      ///< a QueryParameter naming the database
  ExprPtr parameter;               ///< a QueryParameter naming the table (parts empty)
  std::string alias;
  std::vector<std::string> alias_columns;  ///< `AS t(a, b)`
  bool final = false;
  std::optional<SampleClause> sample;
  FERRY_SQL_FIELDS(parts, database_parameter, parameter, alias, alias_columns, final, sample)
};

/// `numbers(10)`, `remote('h', db.t)`, `view(SELECT 1)` (a bare query argument is a
/// SubqueryExpr), with alias/FINAL/SAMPLE.
class TableFunctionRef final : public TableExpr {
 public:
  FERRY_SQL_NODE_CLASS(TableFunctionRef)
  std::unique_ptr<FunctionCall> call;
  std::string alias;
  std::vector<std::string> alias_columns;  ///< `AS t(a, b)`
  bool final = false;
  std::optional<SampleClause> sample;
  FERRY_SQL_FIELDS(call, alias, alias_columns, final, sample)
};

/// `(SELECT ...) [AS] alias`.
class SubqueryRef final : public TableExpr {
 public:
  FERRY_SQL_NODE_CLASS(SubqueryRef)
  QueryPtr query;
  std::string alias;
  std::vector<std::string> alias_columns;  ///< `AS t(a, b)`
  bool final = false;
  std::optional<SampleClause> sample;
  FERRY_SQL_FIELDS(query, alias, alias_columns, final, sample)
};

/// Comma is `FROM a, b`. Inner covers both `JOIN` and `INNER JOIN`; OUTER is not kept.
FERRY_SQL_ENUM(JoinKind, Inner, Left, Right, Full, Cross, Paste, Comma)
FERRY_SQL_ENUM(JoinStrictness, None, Any, All, Asof, Semi, Anti)
FERRY_SQL_ENUM(JoinLocality, None, Global, Local)

/// `left [GLOBAL|LOCAL] [ANY|ALL|ASOF|SEMI|ANTI] [LEFT|RIGHT|FULL|INNER|CROSS|PASTE] JOIN right
/// [ON on | USING (cols)]`. Left-nested for chains.
class JoinExpr final : public TableExpr {
 public:
  FERRY_SQL_NODE_CLASS(JoinExpr)
  TableExprPtr left;
  TableExprPtr right;
  JoinKind join_kind = JoinKind::Inner;
  JoinStrictness strictness = JoinStrictness::None;
  JoinLocality locality = JoinLocality::None;
  ExprPtr on;
  ExprList using_columns;  ///< `USING (a, b)` and `USING a, b` alike
  FERRY_SQL_FIELDS(left, right, join_kind, strictness, locality, on, using_columns)
};

/// `left [LEFT] ARRAY JOIN e1 [AS a1], e2 ...` (items may be AliasExprs). `left` is null for
/// a SELECT without FROM.
class ArrayJoinExpr final : public TableExpr {
 public:
  FERRY_SQL_NODE_CLASS(ArrayJoinExpr)
  TableExprPtr left;
  bool is_left = false;
  ExprList items;
  FERRY_SQL_FIELDS(left, is_left, items)
};

// ---- SELECT clauses -------------------------------------------------------------------------

FERRY_SQL_ENUM(WithItemKind, Subquery, Expr)

/// Subquery: `name [(columns)] AS (query)` (a CTE). Expr: `expr AS name`, also `(SELECT ..) AS
/// name` (expr is a SubqueryExpr); `name` empty when the item has no alias.
class WithItem final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(WithItem)
  WithItemKind item_kind = WithItemKind::Expr;
  std::string name;
  std::vector<std::string> columns;
  QueryPtr query;  ///< Subquery
  ExprPtr expr;    ///< Expr
  FERRY_SQL_FIELDS(item_kind, name, columns, query, expr)
};

/// Exprs: `GROUP BY a, b`; Rollup/Cube: `GROUP BY ROLLUP(a, b)`; GroupingSets:
/// `GROUP BY GROUPING SETS ((a, b), (a), ())`; All: `GROUP BY ALL`. The modifier is the
/// trailing `WITH ROLLUP` / `WITH CUBE` (WITH TOTALS is SelectQuery::with_totals).
FERRY_SQL_ENUM(GroupByKind, Exprs, Rollup, Cube, GroupingSets, All)
FERRY_SQL_ENUM(GroupByModifier, None, WithRollup, WithCube)

class GroupByClause final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(GroupByClause)
  GroupByKind group_kind = GroupByKind::Exprs;
  ExprList exprs;                  ///< Exprs, Rollup, Cube
  std::vector<ExprList> sets;      ///< GroupingSets: one list per set (`a` alone = a set of 1)
  GroupByModifier modifier = GroupByModifier::None;
  FERRY_SQL_FIELDS(group_kind, exprs, sets, modifier)
};

/// `col [AS expr]` in `INTERPOLATE (...)`.
class InterpolateItem final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(InterpolateItem)
  std::string column;
  ExprPtr expr;  ///< may be null
  FERRY_SQL_FIELDS(column, expr)
};

/// `LIMIT n [OFFSET m] BY exprs` (also `LIMIT m, n BY exprs`), `LIMIT n BY ALL` (by_all).
class LimitByClause final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(LimitByClause)
  ExprPtr limit;
  ExprPtr offset;
  ExprList by;
  bool by_all = false;
  FERRY_SQL_FIELDS(limit, offset, by, by_all)
};

/// `LIMIT n`, `LIMIT m, n`, `LIMIT n OFFSET m`, `OFFSET m [ROWS]`, `OFFSET m ROWS FETCH
/// FIRST n ROWS ONLY|WITH TIES`, `... WITH TIES`. The spellings are equivalent and not kept.
class LimitClause final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(LimitClause)
  ExprPtr limit;   ///< may be null (OFFSET alone)
  ExprPtr offset;  ///< may be null
  bool with_ties = false;
  FERRY_SQL_FIELDS(limit, offset, with_ties)
};

/// `name = value` in SETTINGS.
class SettingItem final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(SettingItem)
  std::string name;
  ExprPtr value;
  FERRY_SQL_FIELDS(name, value)
};

/// One SELECT block, clauses in ClickHouse order.
class SelectQuery final : public Query {
 public:
  FERRY_SQL_NODE_CLASS(SelectQuery)
  bool with_recursive = false;
  std::vector<std::unique_ptr<WithItem>> with;
  bool distinct = false;
  ExprList distinct_on;  ///< `DISTINCT ON (a, b)`; implies distinct
  ExprPtr top;           ///< `TOP n`
  bool top_with_ties = false;
  ExprList select;
  TableExprPtr from;  ///< the join tree; also holds ARRAY JOIN
  ExprPtr prewhere;
  ExprPtr where;
  std::unique_ptr<GroupByClause> group_by;
  bool with_totals = false;
  ExprPtr having;
  std::vector<std::unique_ptr<NamedWindow>> window;
  ExprPtr qualify;
  OrderList order_by;
  bool interpolate = false;  ///< `INTERPOLATE` present (possibly with an empty list)
  std::vector<std::unique_ptr<InterpolateItem>> interpolate_items;
  std::unique_ptr<LimitByClause> limit_by;
  std::unique_ptr<LimitClause> limit;
  std::vector<std::unique_ptr<SettingItem>> settings;
  FERRY_SQL_FIELDS(with_recursive, with, distinct, distinct_on, top, top_with_ties, select, from,
                   prewhere, where, group_by, with_totals, having, window, qualify, order_by,
                   interpolate, interpolate_items, limit_by, limit, settings)
};

FERRY_SQL_ENUM(SetOp, Union, Except, Intersect)
FERRY_SQL_ENUM(SetQuantifier, None, All, Distinct)

/// `left UNION|EXCEPT|INTERSECT [ALL|DISTINCT] right`. Chains are left-nested; INTERSECT binds
/// tighter than UNION and EXCEPT. The printer adds parentheses only where the tree shape needs
/// them; parentheses written in the source are ParenQuery nodes.
class SetQuery final : public Query {
 public:
  FERRY_SQL_NODE_CLASS(SetQuery)
  SetOp op = SetOp::Union;
  SetQuantifier quantifier = SetQuantifier::None;
  QueryPtr left;
  QueryPtr right;
  FERRY_SQL_FIELDS(op, quantifier, left, right)
};

/// `(query)` written as a query (an operand of a set operation, or a whole statement).
class ParenQuery final : public Query {
 public:
  FERRY_SQL_NODE_CLASS(ParenQuery)
  QueryPtr inner;
  FERRY_SQL_FIELDS(inner)
};

/// `EXPLAIN [kind] [name = value, ...] query` where a parenthesized query may stand
/// (`SELECT explain FROM (EXPLAIN PLAN indexes = 1 SELECT ...)`). `explain_kind` is upper case
/// with single spaces: "" (plain EXPLAIN), "AST", "SYNTAX", "QUERY TREE", "PLAN", "PIPELINE",
/// "ESTIMATE", "CURRENT TRANSACTION" (the last without a query).
class ExplainQuery final : public Query {
 public:
  FERRY_SQL_NODE_CLASS(ExplainQuery)
  std::string explain_kind;
  std::vector<std::unique_ptr<SettingItem>> settings;
  QueryPtr query;
  FERRY_SQL_FIELDS(explain_kind, settings, query)
};

/// `INTO OUTFILE 'file' [AND STDOUT] [APPEND | TRUNCATE] [COMPRESSION 'gzip' [LEVEL n]]`.
class IntoOutfile final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(IntoOutfile)
  std::string file;
  bool and_stdout = false;
  bool append = false;
  bool truncate = false;
  ExprPtr compression;  ///< a string Literal
  ExprPtr level;
  FERRY_SQL_FIELDS(file, and_stdout, append, truncate, compression, level)
};

/// A whole SELECT statement: the query plus what applies to its output.
/// `SELECT 1 UNION ALL SELECT 2 SETTINGS a = 1`: the parser attaches SETTINGS to the last
/// SELECT block; `settings` here holds SETTINGS written after FORMAT.
class SelectStatement final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(SelectStatement)
  QueryPtr query;
  std::unique_ptr<IntoOutfile> into_outfile;
  std::string format;  ///< `FORMAT name`, empty when absent
  std::vector<std::unique_ptr<SettingItem>> settings;
  FERRY_SQL_FIELDS(query, into_outfile, format, settings)
};

// ---- TTL (ENGINE_TTL / column TTL) --------------------------------------------------------

/// `column = expr` (the SET list of a TTL GROUP BY).
class Assignment final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(Assignment)
  std::string column;
  ExprPtr expr;
  FERRY_SQL_FIELDS(column, expr)
};

/// What a TTL rule does when `expr` is reached. None: no keyword (deletes, like DELETE).
FERRY_SQL_ENUM(TtlAction, None, Delete, ToDisk, ToVolume, Recompress, GroupBy)

/// One element of a TTL list, printed as
///   `expr [DELETE | TO DISK 'd' | TO VOLUME 'v' | RECOMPRESS CODEC(...)] [WHERE cond]
///    [GROUP BY keys [SET col = expr, ...]]`.
class TtlElement final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(TtlElement)
  ExprPtr expr;
  TtlAction action = TtlAction::None;
  ExprPtr target;  ///< ToDisk/ToVolume: a string Literal; Recompress: FunctionCall `CODEC(ZSTD(3))`
  ExprPtr where;
  ExprList group_by;  ///< GroupBy
  std::vector<std::unique_ptr<Assignment>> set;  ///< GroupBy
  FERRY_SQL_FIELDS(expr, action, target, where, group_by, set)
};

}  // namespace ferry::sql
