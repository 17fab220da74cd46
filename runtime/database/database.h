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

struct AppendResult {
  IngestStats stats;
  std::vector<std::pair<std::string, uint64_t>> view_rows;  ///< rows written per target table
};

class Database {
 public:
  /// Opens the store in `folder` with these tables and views (tables missing from the store are
  /// created; the caller plans schema changes, the database never alters tables on its own).
  static std::unique_ptr<Database> open(const std::filesystem::path& folder,
                                        std::vector<TableDefinition> tables,
                                        std::vector<ViewDefinition> views);
  ~Database();

  Store& store();
  const TableDefinition* table(const std::string& name) const;
  /// Every table (datasources and their `<name>_quarantine`) and view, as opened.
  const std::vector<TableDefinition>& tables() const;
  const std::vector<ViewDefinition>& views() const;
  /// Reads the latest snapshot (Scan operators of queries run against it).
  std::unique_ptr<TableProvider> reader() const;

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
