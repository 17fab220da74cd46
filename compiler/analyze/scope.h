/// Name scopes of one SELECT: its FROM sources (tables, table functions, subqueries, CTEs),
/// JOIN USING columns, ARRAY JOIN columns, the aliases defined anywhere in the query (ClickHouse
/// makes an alias visible in every clause), WITH expressions and CTE names, and the enclosing
/// query's scope (WITH aliases and correlated columns are visible in subqueries).
///
/// Lookups are hash-map based so large queries stay linear.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/analyze/resolved_expr.h"
#include "compiler/analyze/schema.h"
#include "compiler/sql/ast.h"

namespace ferry::analyze {

struct SourceColumn {
  std::string name;
  types::TypePtr type;
  /// The name DESCRIBE gives the column in this query: `name`, or `alias.name` when a JOIN
  /// brings in another column of the same name (ClickHouse's rule).
  std::string display;
  bool in_star = true;  ///< expanded by `*` (a USING column's right copy is not)
  bool hidden = false;  ///< never expanded by `*`, even qualified (a Nested as a whole)
};

/// One FROM item: a table, table function, subquery or CTE.
struct TableSource {
  uint32_t id = 0;  ///< unique within an analysis run (identity of its columns)
  /// What qualifies its columns: the alias, else the table's name. Empty for an unaliased
  /// subquery or table function.
  std::string qualifier;
  /// `db.t` as written (both parts), so that `db.t.col` resolves; empty otherwise.
  std::vector<std::string> table_parts;
  /// The table's own name when it has an alias: `FROM t AS x` still lets `t.col` resolve.
  std::string table_name;
  /// Virtual columns (`_part`, `_shard_num`, ...): reachable by name, never part of `*`.
  std::unordered_map<std::string, types::TypePtr> virtuals;
  std::vector<SourceColumn> columns;
  std::unordered_map<std::string, uint32_t> by_name;
  /// Columns unknown (a table function whose structure ClickHouse infers from data): every
  /// name resolves, with an unknown type.
  bool opaque = false;
  const sql::Node* ast = nullptr;
  /// A read of a CTE: its definition (for lowering).
  const sql::WithItem* cte = nullptr;

  void addColumn(std::string name, types::TypePtr type);
  /// A Nested stored as `n.a`, `n.b` arrays can be read as a whole: `n` is
  /// Array(Tuple(a, b)). Adds those hidden columns.
  void addNestedParents();
  const SourceColumn* find(std::string_view name) const;
  int indexOf(std::string_view name) const;
};

enum class ResolveState : uint8_t { Pending, InProgress, Done };

/// `expr AS name` anywhere in the query, or `WITH expr AS name`.
struct AliasEntry {
  std::string name;
  const sql::Expr* expr = nullptr;  ///< the aliased expression (inside the AliasExpr)
  bool from_with = false;
  ResolveState state = ResolveState::Pending;
  ResolvedPtr resolved;
  /// Its resolution skipped an alias being defined further up (`SELECT a AS b, b AS a`): the
  /// result depends on where it is used, so it is not kept.
  bool context_dependent = false;
};

/// A column produced by ARRAY JOIN: `ARRAY JOIN arr` (shadows the column `arr`) or
/// `ARRAY JOIN expr AS x`.
struct ArrayJoinColumn {
  std::string name;
  const sql::Expr* expr = nullptr;  ///< the array (or map) expression
  const sql::Node* item = nullptr;  ///< the item as written (spans)
  bool shadows_column = false;      ///< written without alias
  uint32_t id = 0;
  ResolveState state = ResolveState::Pending;
  ResolvedPtr resolved;  ///< the element column
};

/// `JOIN ... USING (k)`: the unqualified `k`, typed as the common type of both sides.
struct UsingColumn {
  std::string name;
  types::TypePtr type;
  uint32_t id = 0;
};

/// `WINDOW w AS (...)`: its PARTITION BY / ORDER BY expressions, typed once.
struct NamedWindowInfo {
  const sql::WindowSpec* spec = nullptr;
  std::vector<ResolvedPtr> parts;
};

class QueryScope {
 public:
  explicit QueryScope(QueryScope* parent) : parent(parent) {}

  QueryScope* parent = nullptr;
  /// A FROM subquery or CTE sees only the WITH aliases (and CTEs) of its enclosing query; an
  /// expression subquery sees everything (correlated columns included).
  bool parent_sees_with_only = false;

  std::vector<std::unique_ptr<TableSource>> sources;
  /// Unqualified column name -> (source index, column index) of each source that has it.
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> columns_by_name;
  std::unordered_map<std::string, UsingColumn> using_columns;
  std::vector<std::string> using_order;
  std::vector<ArrayJoinColumn> array_join;
  std::unordered_map<std::string, size_t> array_join_by_name;
  std::unordered_map<std::string, AliasEntry> aliases;
  /// Aliases being resolved, innermost last.
  std::vector<AliasEntry*> alias_stack;
  std::unordered_map<std::string, const sql::WithItem*> ctes;
  std::unordered_map<std::string, NamedWindowInfo> windows;
  /// The number of JOIN operations in FROM (comma joins included): with exactly one, an
  /// unqualified name found on both sides means the left one (single_join_prefer_left_table).
  size_t join_count = 0;
  /// No FROM: the implicit `system.one`.
  bool implicit_one = false;
  /// `WITH RECURSIVE`: a CTE may read itself.
  bool with_recursive = false;

  /// Registers a source and indexes its columns.
  TableSource& addSource(std::unique_ptr<TableSource> source);
  /// Computes each column's display name (call once FROM is complete).
  void assignDisplayNames(size_t left_sources_of_single_join);
  /// The source qualified by `parts[0..n)` (alias, table name, or `db.table`), if any.
  const TableSource* findQualified(const std::vector<std::string>& parts, size_t n) const;
  /// Every name in scope (columns, aliases), for "did you mean" hints.
  std::vector<std::string> namesInScope() const;
  std::vector<std::string> windowNames() const;
};

/// Up to `limit` of `candidates` closest to `name` (edit distance, case-insensitive), closest
/// first; only reasonably close ones.
std::vector<std::string> closestNames(std::string_view name, const std::vector<std::string>& candidates,
                                      size_t limit = 3);
/// "did you mean `a`, `b`?" or empty.
std::string didYouMean(const std::vector<std::string>& suggestions);

}  // namespace ferry::analyze
