/// The embedded store: a folder (`<project>/.ferry/store/`) of immutable parts and one manifest per
/// committed version of the whole store.
///
/// Durability model (every write path follows it, the crash tests check it):
/// 1. a part is written under `tmp/`, each file fsynced, then renamed into `parts/` (a part nobody
///    references is garbage, removed at the next open);
/// 2. a commit writes `manifests/<N>.json.tmp`, fsyncs it, renames it to `manifests/<N>.json` and
///    fsyncs the folder. Manifest N lists every table and the parts each one holds, so one commit
///    covers several tables (an append, the materialized views it fires and its quarantine rows
///    land together or not at all);
/// 3. opening reads the highest complete manifest; anything newer or unreferenced is ignored.
/// Writers serialize commits with an exclusive flock on `LOCK` (parts are written outside it);
/// readers take a `Snapshot` and are never blocked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/column/coded_error.h"
#include "runtime/column/column.h"
#include "runtime/storage/table_spec.h"

namespace ferry::rt {

/// ClickHouse's max_partitions_per_insert_block default: one insert block may not span more.
constexpr size_t kMaxPartitionsPerInsert = 100;

/// One immutable part of one table.
struct PartInfo {
  std::string name;          ///< unique in the store (folder under parts/)
  std::string table;         ///< the table whose schema the files follow
  std::string partition_id;  ///< printed partition value ("" without a partition key)
  uint64_t rows = 0;
  uint32_t level = 0;        ///< 0 for inserted parts, +1 per merge
  /// Min and max of each sorting-key value and of the partition value (for pruning).
  /// `key_min[i]`/`key_max[i]` are the min/max of column i of `KeyEvaluator::evaluate()`: the
  /// partition value first (when the table has one), then the sorting-key values, then the TTL
  /// time (when it has one). Order as compareAt (NULLs last).
  std::vector<Field> key_min, key_max;
  /// Per column: the file set it uses (a part made by a rewrite may point at files of another
  /// part, hard-linked) and whether it is constant (one value for every row).
  struct ColumnFile {
    std::string name;
    std::string file;  ///< path relative to the store folder
    bool constant = false;
    /// The stored type (the layout the files follow) and the files: `file + suffix` each, with
    /// the xxHash64 of the file's bytes (verified on every read) and its size on disk.
    ColumnTypePtr type;
    struct Stream {
      std::string suffix;
      uint64_t checksum = 0;
      uint64_t bytes = 0;
    };
    std::vector<Stream> streams;
    std::string codec;  ///< the CODEC text the files were written with
  };
  std::vector<ColumnFile> columns;
  /// The append sequence range of the rows (for deployments: cut-over by ingestion order).
  uint64_t min_sequence = 0, max_sequence = 0;
};
using PartPtr = std::shared_ptr<const PartInfo>;

/// A consistent view of the store: the tables and parts of one manifest.
struct Snapshot {
  uint64_t version = 0;
  uint64_t last_sequence = 0;  ///< the highest append sequence committed
  std::map<std::string, TableSpec> tables;
  std::map<std::string, std::vector<PartPtr>> parts;  ///< table -> parts, by name
  /// Small values the layers above commit atomically with data (the deployment state and the
  /// journal of a running deployment live here, so a backfill chunk and its progress record
  /// land together or not at all).
  std::map<std::string, std::string> meta;
  /// Parts kept alive although no table lists them any more (a merge replaced them): a
  /// deployment pins the parts of the live tables at its cut, so its backfill reads exactly the
  /// rows committed before the cut however the live tables are merged meanwhile.
  std::map<std::string, std::vector<PartPtr>> pins;
  const std::string* metaValue(const std::string& key) const {
    auto it = meta.find(key);
    return it == meta.end() ? nullptr : &it->second;
  }
};
using SnapshotPtr = std::shared_ptr<const Snapshot>;

class Store;

/// A set of changes committed atomically. Parts are written when added (before commit).
class Transaction {
 public:
  explicit Transaction(Store& store);
  ~Transaction();  ///< removes written parts when not committed
  void createTable(const TableSpec& spec);
  void dropTable(const std::string& name);
  /// Sorts `rows` by the sorting key, splits it by partition and writes one part per partition,
  /// merged with the engine's semantics as ClickHouse's optimize_on_insert does (MergeMode::Insert).
  /// `rows` has exactly the table's columns (names and types of its TableSpec, in order).
  /// Engine Null writes nothing. Returns the parts written. Throws CodedError TOO_MANY_PARTS when
  /// the rows span more than kMaxPartitionsPerInsert partitions, as ClickHouse does.
  std::vector<PartPtr> insert(const std::string& table, const Block& rows, const KeyEvaluator& keys,
                              uint64_t sequence = 0);
  /// Adds a part built elsewhere (a merge, a rewrite sharing files) / removes a part.
  void addPart(PartPtr part);
  void removePart(const std::string& table, const std::string& part_name);
  /// Reserves the next append sequence number (monotonic across processes).
  uint64_t nextSequence();
  /// Sets (empty `value`: erases) a meta value, committed with the rest.
  void setMeta(const std::string& key, const std::string& value);
  /// The commit fails with CodedError META_CONFLICT unless meta `key` of the manifest it commits
  /// over still equals `expected` ("" = absent): a compare-and-swap on the deployment state.
  void requireMeta(const std::string& key, const std::string& expected);
  /// Pins, under `pin`, every part the tables hold in the manifest this commit is based on.
  void pinTables(const std::string& pin, const std::vector<std::string>& tables);
  void unpin(const std::string& pin);
  /// Makes everything visible at once. Throws on I/O failure (then nothing is visible).
  SnapshotPtr commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Store {
 public:
  /// Opens (creating when absent) the store in `folder`; removes leftovers of interrupted writes.
  static std::unique_ptr<Store> open(const std::filesystem::path& folder);
  ~Store();
  const std::filesystem::path& folder() const;
  SnapshotPtr snapshot() const;  ///< the latest committed manifest (re-read from disk)

  /// Reads columns `names` of a part (all rows). Types come from the part's table spec.
  Block readPart(const PartInfo& part, const std::vector<std::string>& names) const;
  /// Writes a part from a block already sorted and of one partition (merges, rewrites);
  /// `constant_columns` are stored once. Not visible until a Transaction commits it.
  PartPtr writePart(const TableSpec& spec, const Block& sorted_rows, const std::string& partition_id,
                    const KeyEvaluator& keys, uint32_t level, uint64_t min_sequence, uint64_t max_sequence);
  /// Same, with the key columns already computed (`key_columns` = keys.evaluate(sorted_rows)).
  PartPtr writePartWithKeys(const TableSpec& spec, const Block& sorted_rows, const Block& key_columns,
                            const std::string& partition_id, uint32_t level, uint64_t min_sequence,
                            uint64_t max_sequence);
  /// A part of `spec` (a new version of a table) whose columns `shared` are the files of
  /// `source` (hard links, no copy) and the rest come from `computed` (rows = source->rows).
  PartPtr writeSharedPart(const TableSpec& spec, const PartInfo& source,
                          const std::vector<std::pair<std::string, std::string>>& shared /* new, old */,
                          const Block& computed, const KeyEvaluator& keys);
  /// Same, but when `keys_unchanged` the caller guarantees the new version's partition, sorting
  /// and TTL keys are those of the source (same expressions over shared columns): the source's
  /// key ranges and partition are reused and no shared column is read.
  PartPtr writeSharedPart(const TableSpec& spec, const PartInfo& source,
                          const std::vector<std::pair<std::string, std::string>>& shared /* new, old */,
                          const Block& computed, const KeyEvaluator& keys, bool keys_unchanged);

  /// Removes parts no manifest references and leftovers of dead writers (done by open; safe to
  /// call any time: parts referenced by live snapshots of this process are kept).
  void collectGarbage();

  /// Test hook: a process-wide crash point name; when it equals the env var
  /// FERRY_CRASH_AT, the process SIGKILLs itself there (crash tests).
  /// FERRY_CRASH_AT=`name@k` crashes at the k-th time the point is reached (1-based).
  static void crashPoint(const char* name);

 private:
  friend class Transaction;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Store();
};

/// Merges parts of `table` with its engine's semantics (ReplacingMergeTree keeps the highest
/// version ..., AggregatingMergeTree merges states, Collapsing cancels +1/-1 pairs). Merges
/// (`final = false`) take the parts of one partition and then drop rows whose TTL passed (`now`,
/// seconds since epoch); `SELECT ... FINAL` (`final = true`) applies no TTL and, as ClickHouse's
/// FINAL, takes the parts of ALL partitions together, in `partsInFinalOrder` order (rows of equal
/// sorting key in different partitions are merged too). Returns the merged rows, sorted.
Block mergeRows(const TableSpec& spec, const std::vector<Block>& sorted_parts, const KeyEvaluator& keys,
                bool final, int64_t now);

/// What a merge is for: a background/OPTIMIZE merge keeps what later merges need (the deleted rows
/// of ReplacingMergeTree, the -1 rows of CollapsingMergeTree); `SELECT ... FINAL` drops them, as
/// ClickHouse's FINAL does.
/// `Insert` is the merge ClickHouse applies to each inserted part (optimize_on_insert, on by
/// default): the engine's merge within the part, without TTL. Invalid Collapsing sign orders
/// depend on it: a part collapses on its own before it meets the others.
enum class MergeMode : uint8_t { Merge, SelectFinal, Insert };

/// mergeRows with an explicit mode (`mergeRows(final = true)` is `SelectFinal`, false is `Merge`).
/// Parts are given in insertion order (rows of later parts win ties). When `out_keys` is set it
/// receives the key columns of the merged rows.
Block mergeRowsWithMode(const TableSpec& spec, const std::vector<Block>& sorted_parts, const KeyEvaluator& keys,
                        MergeMode mode, int64_t now, Block* out_keys = nullptr);

/// The order in which ClickHouse's FINAL reads parts, which decides the ties of Replacing and
/// Collapsing merges and the non-summed values of Summing: by partition id, then insertion order.
std::vector<PartPtr> partsInFinalOrder(std::vector<PartPtr> parts);

/// Merges the parts of `table` (`final`: into one part per partition, as OPTIMIZE ... FINAL) in
/// one transaction; returns the number of parts replaced.
size_t optimizeTable(Store& store, const std::string& table, const KeyEvaluator& keys, bool final,
                     int64_t now);

/// The background merge policy, run synchronously by the database after a commit: in each
/// partition of `table`, merges the newest run of level-0 parts when there are more than
/// `max_small_parts` of them, and all parts when the partition has more than
/// `2 * max_small_parts`. Returns the number of parts replaced (0: nothing to do).
size_t maybeMergeInBackground(Store& store, const std::string& table, const KeyEvaluator& keys, int64_t now,
                              size_t max_small_parts = 8);

}  // namespace ferry::rt
