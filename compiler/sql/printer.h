/// The canonical ClickHouse SQL printer for the syntax tree (used by `ferry fmt`, by the
/// planner's generated queries and by the round-trip tests).
///
/// Output: upper-case keywords, one space around binary operators, ", " separators,
/// identifiers backquoted only when needed, strings re-escaped, and the fewest parentheses
/// that keep the tree (print -> parse gives back an equal tree).
#pragma once

#include <string>

#include "compiler/sql/ast.h"

namespace ferry::sql {

struct PrintOptions {
  /// Multi-line: each clause on its own line, select list / GROUP BY / ORDER BY items one per
  /// line indented, subqueries indented. Otherwise everything on one line.
  bool pretty = false;
  int indent_width = 4;
};

std::string printStatement(const SelectStatement& stmt, const PrintOptions& options = {});
std::string printQuery(const Query& query, const PrintOptions& options = {});
std::string printExpr(const Expr& expr, const PrintOptions& options = {});
std::string printType(const TypeExpr& type);
/// A TTL list: elements separated by ", ".
std::string printTtl(const std::vector<std::unique_ptr<TtlElement>>& elements,
                     const PrintOptions& options = {});
/// Any node (statement, query, expression, type, clause item) in its SQL form.
std::string printNode(const Node& node, const PrintOptions& options = {});

}  // namespace ferry::sql
