/// What storage knows of a table: its columns with codecs, its engine, and how many key columns
/// the caller computes for it. Keys, partitions and TTL are expressions; storage cannot evaluate
/// expressions (that is exec's job, a layer above), so the owner of the store injects a
/// `KeyEvaluator` that computes them for a block of rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/column/column.h"

namespace ferry::rt {

struct ColumnSpec {
  std::string name;
  ColumnTypePtr type;
  /// The column's CODEC as written in the datafile without `CODEC(...)` (`ZSTD(3)`,
  /// `Delta(4), LZ4`, `NONE`); empty means LZ4. Codecs storage does not implement fall back to
  /// LZ4 for the general-purpose stage (Delta/DoubleDelta/Gorilla/T64 are honoured when
  /// implemented, else skipped: they change size, never values).
  std::string codec;
};

enum class EngineKind : uint8_t {
  MergeTree,
  ReplacingMergeTree,           ///< version_column (ENGINE_VER), is_deleted_column
  SummingMergeTree,             ///< summing_columns (empty: every numeric non-key column)
  AggregatingMergeTree,         ///< merges AggregateFunction states and SimpleAggregateFunction values
  CollapsingMergeTree,          ///< sign_column
  VersionedCollapsingMergeTree, ///< sign_column, version_column
  Null,                         ///< stores nothing (inserts still fire materialized views)
};

struct EngineSpec {
  EngineKind kind = EngineKind::MergeTree;
  std::string version_column;
  std::string is_deleted_column;
  std::string sign_column;
  std::vector<std::string> summing_columns;
};

struct TableSpec {
  std::string name;
  std::vector<ColumnSpec> columns;
  EngineSpec engine;
  /// The KeyEvaluator returns, in this order: the partition value (when has_partition_key), the
  /// `sorting_key_size` sorting-key values, the TTL time as DateTime (when has_ttl).
  bool has_partition_key = false;
  size_t sorting_key_size = 0;
  /// Names of the sorting-key expressions as written (`tenant_id`, `toDate(ts)`): a plain column
  /// name lets scans prune parts on that column's min/max.
  std::vector<std::string> sorting_key_names;
  /// The table columns the partition and sorting-key expressions read (`ts` for `toDate(ts)`):
  /// SummingMergeTree never sums them, as ClickHouse. Plain names of `sorting_key_names` count
  /// as key columns even when this is empty.
  std::vector<std::string> key_columns;
  bool has_ttl = false;
};

/// Computes key columns for rows of a table (see TableSpec). Implemented above storage.
class KeyEvaluator {
 public:
  virtual ~KeyEvaluator() = default;
  virtual Block evaluate(const Block& rows) const = 0;
};

}  // namespace ferry::rt
