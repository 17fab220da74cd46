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

  // ---- What lowering needs (compiler/lower): where a value comes from, never re-resolved ----
  /// Column: which kind of column it is; `origin_id` is the TableSource id (Source, Virtual),
  /// the UsingColumn id (Using) or the ArrayJoinColumn id (ArrayJoin).
  enum class Origin : uint8_t { None, Source, Using, ArrayJoin, Virtual };
  Origin origin = Origin::None;
  uint32_t origin_id = 0;
  uint32_t column_index = 0;  ///< Source: the index in TableSource::columns
  /// Aggregate / Window: the function name without parameters and the parameters as printed.
  std::string call_name;
  std::vector<std::string> params;
  /// Window: how many of `args` are the call's arguments (the rest are PARTITION BY / ORDER BY).
  uint32_t call_args = 0;
  /// Subquery: the scalar / EXISTS / IN query (null for `IN table` and constant IN sets).
  const sql::Query* subquery = nullptr;
  /// A Subquery node of kind Set over a constant (`x IN (1, 2)`): the value; over a table
  /// (`x IN t`): the table's name parts.
  std::shared_ptr<const ResolvedExpr> set_value;
  std::vector<std::string> set_table;
  bool exists = false;  ///< Subquery: EXISTS (...)
  /// LambdaParam: the index of the parameter in its lambda.
  uint32_t lambda_index = 0;
  uint32_t lambda_depth = 0;  ///< 0 for the outermost lambda of the expression
};

}  // namespace ferry::analyze
