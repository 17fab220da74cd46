/// The analyzer's resolved form of an expression: what each syntax node turned out to be
/// (a column of some FROM source, a constant, a call of a named function, an aggregate, a
/// window function, a lambda, a subquery) with its type. Aliases are resolved by sharing: every
/// use of an alias points at the one node built for its expression, so GROUP BY matching and the
/// aggregation checks compare resolved trees, the way ClickHouse compares query-tree nodes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/sql/ast.h"
#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::analyze {

enum class ResolvedKind : uint8_t {
  Constant,     ///< a literal or a folded constant
  Column,       ///< a column of a FROM source (table, subquery, ARRAY JOIN, USING)
  Function,     ///< an ordinary (scalar) function call; operators are calls too
  Aggregate,    ///< an aggregate function call (not under OVER)
  Window,       ///< a function call with OVER; args = call args, then PARTITION BY / ORDER BY
  Lambda,       ///< args[0] = body
  LambdaParam,  ///< a lambda parameter
  Subquery,     ///< a scalar subquery, IN subquery or EXISTS
  Unknown,      ///< could not be resolved (already reported)
};

struct ResolvedExpr;
using ResolvedPtr = std::shared_ptr<const ResolvedExpr>;

struct ResolvedExpr {
  ResolvedKind kind = ResolvedKind::Unknown;
  types::TypePtr type;  ///< null when unknown
  std::shared_ptr<const types::ConstantValue> constant;
  std::string function;  ///< Function / Aggregate / Window: the called name
  std::vector<ResolvedPtr> args;
  /// Where the expression was written (diagnostic spans); null for synthesized nodes.
  const sql::Node* ast = nullptr;
  /// Column: its display name (for diagnostics).
  std::string column_name;
  /// Structural identity: equal expressions (same columns, same calls, same constants) have
  /// equal hashes. Used to match expressions against GROUP BY keys.
  uint64_t hash = 0;
  bool has_aggregate = false;  ///< an Aggregate node below (subqueries excluded)
  bool has_window = false;     ///< a Window node below
  bool has_column = false;     ///< depends on a column of this query's FROM
};

}  // namespace ferry::analyze
