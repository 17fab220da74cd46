/// What the analyzer resolved in one SELECT block, kept for lowering (AnalyzeOptions::
/// record_resolution): the FROM sources with their identities, the USING and ARRAY JOIN columns,
/// and every clause as a resolved tree whose Column nodes name their source and index. Lowering
/// builds physical plans from this and never resolves a name again.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/analyze/resolved_expr.h"
#include "compiler/analyze/schema.h"
#include "compiler/sql/ast.h"

namespace ferry::analyze {

struct ResolvedSource {
  uint32_t id = 0;                     ///< ResolvedExpr::origin_id of its columns
  const sql::Node* ast = nullptr;      ///< TableRef / TableFunctionRef / SubqueryRef; the SelectQuery for the implicit system.one
  const sql::WithItem* cte = nullptr;  ///< a TableRef reading a CTE: its definition
  Schema columns;                      ///< in index order (names after `AS t(a, b)`)
};

struct ResolvedUsing {
  std::string name;
  uint32_t id = 0;
  types::TypePtr type;  ///< the common type of both sides
};

struct ResolvedArrayJoin {
  std::string name;
  uint32_t id = 0;
  const sql::Node* item = nullptr;  ///< the item as written (which ARRAY JOIN clause holds it)
  ResolvedPtr array;                ///< the array (or map) expression
  types::TypePtr element;
};

struct ResolvedItem {
  std::string name;  ///< the output column name (as DESCRIBE prints it)
  ResolvedPtr expr;
};

struct SelectResolution {
  const sql::SelectQuery* query = nullptr;
  std::vector<ResolvedSource> sources;  ///< FROM order (left to right)
  std::vector<ResolvedUsing> using_columns;
  std::vector<ResolvedArrayJoin> array_join;
  std::vector<ResolvedItem> items;  ///< the select list, matchers expanded
  ResolvedPtr prewhere, where, having, qualify;
  std::vector<ResolvedPtr> group_keys;  ///< `GROUP BY (a, b)` lists the tuple, then a and b
  std::vector<ResolvedPtr> order_by;    ///< parallel to query->order_by (null for ORDER BY ALL)
  /// Parallel to order_by: WITH FILL's FROM, TO and STEP (null when not written).
  std::vector<std::array<ResolvedPtr, 3>> order_fill;
  std::vector<ResolvedPtr> limit_by;
  std::vector<ResolvedPtr> distinct_on;
  std::map<const sql::JoinExpr*, ResolvedPtr> join_on;
  /// Named windows (WINDOW w AS (...)): their PARTITION BY / ORDER BY parts, typed once.
  std::map<std::string, std::vector<ResolvedPtr>> windows;
};

}  // namespace ferry::analyze
