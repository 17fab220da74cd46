/// A store with its datasources and materialized views: the runtime side of a deployment.
/// Appending to a datasource inserts the rows, then fires every materialized view reading that
/// table on the inserted block, in dependency order, cascading through chains; everything one
/// append produces (rows, view outputs, quarantine) is committed in one store transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/database/deployment_state.h"
#include "runtime/exec/executor.h"
#include "runtime/ingest/ingest.h"
#include "runtime/storage/store.h"

namespace ferry::rt {

/// A datasource as the runtime runs it (lowered by the compiler from its .datasource file).
struct TableDefinition {
  TableSpec spec;
  std::vector<IngestColumn> ingest_columns;  ///< same order as spec.columns
  /// Over the table's columns: partition value (if any), sorting-key values, TTL DateTime (if any)
  /// — exactly what TableSpec describes.
  std::vector<ExprPtr> key_exprs;
  /// The column names of the table's input block the key expressions read (in block order).
};

/// A materialized view: `plan` reads `source` (a Scan of it; the inserted block is substituted)
/// and its output columns are inserted into `target` (by name; missing target columns take their
/// defaults; output columns are converted to the target types by the compiler).
struct ViewDefinition {
  std::string name;    ///< the pipe
  std::string source;  ///< the table whose inserts fire it
  std::string target;
  PlanPtr plan;
};

/// One deployed version's tables and views as the compiler lowered them (logical names).
struct DeploymentDefinition {
  std::vector<TableDefinition> tables;
  std::vector<ViewDefinition> views;
};
/// Lowers deployment `id` (the driver reads `.ferry/deployments/<id>`); throws when it cannot.
using DeploymentLoader = std::function<DeploymentDefinition(const std::string& id)>;

/// A materialized view as it runs: the view of one deployed version, its ends physical tables.
/// A view that several versions share (same pipe, same physical source and target) runs once.
struct PhysicalView {
  ViewDefinition view;           ///< source/target: logical names (what its plan scans)
  std::string source, target;    ///< physical tables
  DeploymentRole role;           ///< the version it belongs to (its scans use that version's tables)
};

/// Which views a write fires (all when empty).
using ViewFilter = std::function<bool(const PhysicalView&)>;

struct AppendResult {
  IngestStats stats;
  std::vector<std::pair<std::string, uint64_t>> view_rows;  ///< rows written per target table
};

class Database {
 public:
  /// Opens the store in `folder` with these tables and views as its only deployed version (tests;
  /// tables missing from the store are created).
  static std::unique_ptr<Database> open(const std::filesystem::path& folder,
                                        std::vector<TableDefinition> tables,
                                        std::vector<ViewDefinition> views);
  /// Opens the store with every version its deployment state names (live, staging, previous),
  /// each lowered by `loader`; `initial_id` is the live version of a store that has no state yet.
  /// Queries and `table()` see the version `serve` (throws when the store has none such).
  static std::unique_ptr<Database> open(const std::filesystem::path& folder, DeploymentLoader loader,
                                        const std::string& initial_id, DeploymentRole serve = DeploymentRole::Live);
  ~Database();

  Store& store();
  /// The served version's datasource (logical name; spec.name is the logical name too).
  const TableDefinition* table(const std::string& name) const;
  /// The served version's tables (datasources and their `<name>_quarantine`) and views.
  const std::vector<TableDefinition>& tables() const;
  const std::vector<ViewDefinition>& views() const;
  /// Reads the latest snapshot through the served version's tables.
  std::unique_ptr<TableProvider> reader() const;

  // ---- deployments ----
  /// The state as loaded (an implicit one, live only, when the store has none yet) and the meta
  /// text it came from ("" when implicit).
  const DeploymentState& state() const;
  const std::string& stateText() const;
  DeploymentRole served() const;
  /// Re-reads the state from the store; reloads every version when it changed.
  void reload();
  /// The logical tables of `role`'s version (empty when there is no such version).
  std::vector<std::string> logicalTables(DeploymentRole role) const;
  /// The physical table of `logical` in `role` (empty when that version lacks it).
  std::string physicalName(DeploymentRole role, const std::string& logical) const;
  /// A physical table's definition (spec.name is the physical name), or null.
  const TableDefinition* physicalTable(const std::string& name) const;
  const KeyEvaluator& keysOf(const std::string& physical) const;
  const std::vector<PhysicalView>& physicalViews() const;
  /// A reader of `role`'s tables in `snapshot`; scans of `logical` read only `part` when given.
  std::unique_ptr<TableProvider> reader(DeploymentRole role, SnapshotPtr snapshot, const std::string& logical = {},
                                        PartPtr part = nullptr) const;
  /// `rows` made into `physical`'s columns by name (missing ones take their defaults).
  Block conform(const std::string& physical, const Block& rows) const;
  /// A backfill's write: inserts `rows` (exactly `physical`'s columns) into `physical` within
  /// `tx`, firing the views `filter` admits, cascading. Unlike an append (refused with
  /// TOO_MANY_PARTS as ClickHouse does), rows spanning too many partitions are inserted in
  /// halves: a backfill replays history, which may span years of daily partitions.
  void write(Transaction& tx, const std::string& physical, const Block& rows, uint64_t sequence,
             const ViewFilter& filter, AppendResult& result);
  /// A backfill's write of an in-place change (an ALTER): a part of `physical` holding the rows of
  /// `source` (a part of the live version, same keys and order), `rows` being those rows in
  /// `physical`'s columns. Columns with the same name, type and codec in both hard-link the
  /// source's files; the others are written from `rows`. Views fire on `rows`, as for write().
  void writeShared(Transaction& tx, const std::string& physical, const PartInfo& source, const Block& rows,
                   const ViewFilter& filter, AppendResult& result);
  /// A backfill's replay of one view over rows of its source (a pinned part): its output is
  /// written to the view's target, cascading through the views `filter` admits.
  void fireView(Transaction& tx, const PhysicalView& view, const Block& source_rows, uint64_t sequence,
                const ViewFilter& filter, AppendResult& result);
  /// Deployment `id`'s definitions from the loader (quarantine tables added).
  DeploymentDefinition loadDefinition(const std::string& id) const;

  /// `ferry datasource append`: parses `input` into `table`, fires views, writes quarantine rows
  /// to `<table>_quarantine`, one transaction per batch.
  AppendResult append(const std::string& table, std::istream& input, const IngestOptions& options);
  /// Inserts already-built rows (copy pipes, tests), firing views; one transaction.
  AppendResult insert(const std::string& table, const Block& rows);
  /// Copy pipe: runs `plan` against the latest snapshot and appends its rows to `target`
  /// (`replace`: the target's rows are replaced atomically, COPY_MODE replace).
  AppendResult copy(const PlanNode& plan, const std::string& target, bool replace);
  /// `ferry datasource optimize`: merges parts with the engine's semantics.
  size_t optimize(const std::string& table, bool final);

 public:
  struct Impl;  ///< public so the database's own readers and runs (database.cpp) can use it

 private:
  std::unique_ptr<Impl> impl_;
  Database();
};

}  // namespace ferry::rt
