/// Output column names as ClickHouse 26.7 prints them in DESCRIBE: an alias names its column;
/// otherwise the expression's "projection name", the call ClickHouse rewrote it to with its
/// arguments' names (`plus(a, 1)`, `and(x, y, z)`, `countIf(greater(n, 1))`, `CAST(x, 'UInt8')`),
/// literals as their value (`1.`, `'x'`, `[1, 2]`), a subquery as `_subquery_N`.
#pragma once

#include <string>
#include <unordered_map>

#include "compiler/sql/ast.h"

namespace ferry::analyze {

/// Names that depend on resolution: identifiers resolved to join columns (`u.b`), subqueries
/// (`_subquery_2`). May be null (every identifier named as written).
using NameHints = std::unordered_map<const sql::Node*, std::string>;

std::string projectionName(const sql::Expr& e, const NameHints* hints);

}  // namespace ferry::analyze
