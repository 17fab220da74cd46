#include "runtime/database/database.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <random>
#include <stdexcept>

#include "runtime/database/part_pruning.h"

namespace ferry::rt {

namespace {

/// Cascades deeper than this are a cycle of views (the compiler rejects cycles; this is a guard).
constexpr int kMaxViewDepth = 64;
/// After an append, a table with more parts than this gets a (non-FINAL) merge.
constexpr size_t kMergeAfterParts = 16;

/// Keys of a table computed by its lowered key expressions over a block of its columns.
class ExprKeyEvaluator final : public KeyEvaluator {
 public:
  explicit ExprKeyEvaluator(const TableDefinition& def) : def_(def) {}
  Block evaluate(const Block& rows) const override {
    Block out;
    for (size_t i = 0; i < def_.key_exprs.size(); ++i)
      out.add("__key" + std::to_string(i), materialize(::ferry::rt::evaluate(*def_.key_exprs[i], rows)));
    out.rows = rows.rows;
    return out;
  }

 private:
  const TableDefinition& def_;
};

std::string newImportId() {
  std::random_device rd;
  std::mt19937_64 gen((uint64_t(rd()) << 32) ^ rd() ^ uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()));
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id += '-';
    id += hex[gen() % 16];
  }
  return id;
}

/// The block's columns `names`, in that order (the scan of an inserted block).
Block selectColumns(const Block& block, const std::vector<std::string>& names, const std::string& table) {
  Block out;
  for (const auto& name : names) {
    int i = block.find(name);
    if (i < 0) throw ExecError("NO_SUCH_COLUMN_IN_TABLE", "There is no column '" + name + "' in table " + table);
    out.add(name, block.columns[size_t(i)]);
  }
  out.rows = block.rows;
  return out;
}

bool engineMerges(EngineKind kind) { return kind != EngineKind::MergeTree && kind != EngineKind::Null; }

}  // namespace

struct Database::Impl {
  std::unique_ptr<Store> store;
  std::vector<TableDefinition> tables;
  std::map<std::string, size_t, std::less<>> table_index;
  std::vector<std::unique_ptr<ExprKeyEvaluator>> keys;  ///< per table
  std::vector<KeyColumns> key_columns;                  ///< per table, for pruning
  std::vector<ViewDefinition> views;
  std::map<std::string, std::vector<size_t>, std::less<>> views_by_source;

  const TableDefinition* find(std::string_view name) const {
    auto it = table_index.find(name);
    return it == table_index.end() ? nullptr : &tables[it->second];
  }
  const TableDefinition& get(std::string_view name) const {
    if (const auto* def = find(name)) return *def;
    throw ExecError("UNKNOWN_TABLE", "Table " + std::string(name) + " does not exist");
  }
  const KeyEvaluator& keysOf(std::string_view name) const { return *keys[table_index.find(name)->second]; }
  const KeyColumns& keyColumnsOf(std::string_view name) const { return key_columns[table_index.find(name)->second]; }

  /// Rows for `def` made of `rows`' columns by name: missing columns take their DEFAULT (or the
  /// type's default), columns are relabelled with the table's types (the compiler converted
  /// them; LowCardinality(T) and T share a layout).
  Block conform(const TableDefinition& def, const Block& rows) const {
    Block out;
    std::vector<size_t> missing;
    for (size_t c = 0; c < def.spec.columns.size(); ++c) {
      const ColumnSpec& spec = def.spec.columns[c];
      int i = rows.find(spec.name);
      ColumnPtr column;
      if (i >= 0) {
        column = materialize(rows.columns[size_t(i)]);
        if (column->type != spec.type && typeName(*column->type) != typeName(*spec.type)) {
          auto relabelled = std::make_shared<Column>(*column);
          relabelled->type = spec.type;
          column = std::move(relabelled);
        }
      } else {
        column = makeColumn(spec.type);
        for (size_t r = 0; r < rows.rows; ++r) appendDefault(*column);
        missing.push_back(c);
      }
      out.add(spec.name, std::move(column));
    }
    out.rows = rows.rows;
    for (size_t c : missing) {
      if (c >= def.ingest_columns.size() || !def.ingest_columns[c].default_expr) continue;
      out.columns[c] = materialize(::ferry::rt::evaluate(*def.ingest_columns[c].default_expr, out));
    }
    return out;
  }
};

namespace {

/// Scans of the latest committed snapshot (taken when the reader is made: one query sees one state).
class SnapshotReader final : public TableProvider {
 public:
  SnapshotReader(const Database::Impl& db, SnapshotPtr snapshot) : db_(db), snapshot_(std::move(snapshot)) {}

  void scan(const std::string& table, const std::vector<std::string>& columns, const Expr* prune, bool final,
            const std::function<void(Block)>& sink) const override {
    auto spec_it = snapshot_->tables.find(table);
    const TableDefinition* def = db_.find(table);
    if (spec_it == snapshot_->tables.end() || !def)
      throw ExecError("UNKNOWN_TABLE", "Table " + table + " does not exist");
    const TableSpec& spec = spec_it->second;
    auto parts_it = snapshot_->parts.find(table);
    if (parts_it == snapshot_->parts.end()) return;
    std::vector<PartPtr> parts;
    for (const auto& part : parts_it->second)
      if (!prune || partMayMatch(*part, db_.keyColumnsOf(table), columns, *prune)) parts.push_back(part);

    if (!final || !engineMerges(spec.engine.kind)) {
      for (const auto& part : parts) {
        Block block = db_.store->readPart(*part, columns);
        block.rows = part->rows;
        sink(std::move(block));
      }
      return;
    }
    // FINAL: all parts merged together with the engine's semantics, in partsInFinalOrder order
    // (ClickHouse's FINAL collapses equal keys across partitions too).
    std::vector<std::string> all;
    for (const auto& c : spec.columns) all.push_back(c.name);
    std::vector<Block> blocks;
    for (const auto& part : partsInFinalOrder(parts)) {
      blocks.push_back(db_.store->readPart(*part, all));
      blocks.back().rows = part->rows;
    }
    if (blocks.empty()) return;
    Block merged = mergeRows(spec, blocks, db_.keysOf(table), true, std::time(nullptr));
    sink(selectColumns(merged, columns, table));
  }

 private:
  const Database::Impl& db_;
  SnapshotPtr snapshot_;
};

/// What a materialized view sees when it fires: the inserted block as its source table, the
/// snapshot for every other table it reads (joins, subqueries).
class InsertedBlockProvider final : public TableProvider {
 public:
  InsertedBlockProvider(const std::string& table, const Block& rows, const TableProvider& others)
      : table_(table), rows_(rows), others_(others) {}
  void scan(const std::string& table, const std::vector<std::string>& columns, const Expr* prune, bool final,
            const std::function<void(Block)>& sink) const override {
    if (table != table_) return others_.scan(table, columns, prune, final, sink);
    sink(selectColumns(rows_, columns, table));
  }

 private:
  const std::string& table_;
  const Block& rows_;
  const TableProvider& others_;
};

/// One append's (or insert's, or copy's) work inside one transaction.
class AppendRun {
 public:
  AppendRun(Database::Impl& db, Transaction& tx, const TableProvider& snapshot, uint64_t sequence,
            AppendResult& result, int64_t now)
      : db_(db), tx_(tx), snapshot_(snapshot), sequence_(sequence), result_(result) {
    options_.now = now;
  }

  /// Stores `rows` (exactly the table's columns) unless the engine is Null, then fires the
  /// views reading the table.
  void write(const std::string& table, const Block& rows, int depth) {
    if (rows.rows == 0) return;
    const TableDefinition& def = db_.get(table);
    if (def.spec.engine.kind != EngineKind::Null) tx_.insert(table, rows, db_.keysOf(table), sequence_);
    touched_.push_back(table);
    fire(table, rows, depth);
  }

  const std::vector<std::string>& touched() const { return touched_; }

 private:
  void fire(const std::string& table, const Block& rows, int depth) {
    auto it = db_.views_by_source.find(table);
    if (it == db_.views_by_source.end()) return;
    if (depth >= kMaxViewDepth)
      throw ExecError("TOO_DEEP_RECURSION", "materialized views of " + table + " cascade more than " +
                                                std::to_string(kMaxViewDepth) + " levels deep");
    for (size_t v : it->second) {
      const ViewDefinition& view = db_.views[v];
      InsertedBlockProvider provider(table, rows, snapshot_);
      Block out = executeToBlock(*view.plan, provider, options_);
      if (out.rows == 0) continue;
      Block target_rows = db_.conform(db_.get(view.target), out);
      count(view.target, target_rows.rows);
      write(view.target, target_rows, depth + 1);
    }
  }

  void count(const std::string& target, uint64_t rows) {
    for (auto& [name, n] : result_.view_rows)
      if (name == target) {
        n += rows;
        return;
      }
    result_.view_rows.emplace_back(target, rows);
  }

  Database::Impl& db_;
  Transaction& tx_;
  const TableProvider& snapshot_;
  uint64_t sequence_;
  AppendResult& result_;
  ExecOptions options_;
  std::vector<std::string> touched_;
};

}  // namespace

Database::Database() : impl_(std::make_unique<Impl>()) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::filesystem::path& folder, std::vector<TableDefinition> tables,
                                         std::vector<ViewDefinition> views) {
  std::unique_ptr<Database> db(new Database());
  Impl& impl = *db->impl_;
  impl.store = Store::open(folder);
  impl.tables = std::move(tables);
  // Every datasource has a quarantine table; add the ones the caller did not define.
  std::vector<TableDefinition> quarantines;
  auto defined = [&](const std::string& name) {
    for (const auto& t : impl.tables)
      if (t.spec.name == name) return true;
    for (const auto& t : quarantines)
      if (t.spec.name == name) return true;
    return false;
  };
  for (const auto& t : impl.tables) {
    if (t.spec.name.ends_with("_quarantine") || t.ingest_columns.empty()) continue;
    std::string name = t.spec.name + "_quarantine";
    if (defined(name)) continue;
    TableDefinition q;
    q.spec.name = name;
    q.ingest_columns = quarantineColumns(t.ingest_columns);
    for (const auto& c : q.ingest_columns) q.spec.columns.push_back({c.name, c.type, ""});
    quarantines.push_back(std::move(q));
  }
  for (auto& q : quarantines) impl.tables.push_back(std::move(q));

  for (size_t i = 0; i < impl.tables.size(); ++i) {
    const TableDefinition& def = impl.tables[i];
    impl.table_index[def.spec.name] = i;
    impl.keys.push_back(std::make_unique<ExprKeyEvaluator>(def));
    KeyColumns kc;
    for (const auto& e : def.key_exprs) {
      bool plain = e && e->kind == ExprKind::Input && e->input < def.spec.columns.size();
      kc.names.push_back(plain ? def.spec.columns[e->input].name : std::string());
      kc.types.push_back(plain ? def.spec.columns[e->input].type : nullptr);
    }
    // Only the partition and sorting-key values take part in pruning, not the TTL.
    size_t prunable = (def.spec.has_partition_key ? 1 : 0) + def.spec.sorting_key_size;
    if (kc.names.size() > prunable) {
      kc.names.resize(prunable);
      kc.types.resize(prunable);
    }
    impl.key_columns.push_back(std::move(kc));
  }
  impl.views = std::move(views);
  for (size_t v = 0; v < impl.views.size(); ++v) impl.views_by_source[impl.views[v].source].push_back(v);

  auto snapshot = impl.store->snapshot();
  std::vector<const TableSpec*> missing;
  for (const auto& def : impl.tables)
    if (!snapshot->tables.count(def.spec.name)) missing.push_back(&def.spec);
  if (!missing.empty()) {
    Transaction tx(*impl.store);
    for (const auto* spec : missing) tx.createTable(*spec);
    tx.commit();
  }
  return db;
}

Store& Database::store() { return *impl_->store; }

const TableDefinition* Database::table(const std::string& name) const { return impl_->find(name); }

const std::vector<TableDefinition>& Database::tables() const { return impl_->tables; }

const std::vector<ViewDefinition>& Database::views() const { return impl_->views; }

std::unique_ptr<TableProvider> Database::reader() const {
  return std::make_unique<SnapshotReader>(*impl_, impl_->store->snapshot());
}

namespace {

void mergeBusyTables(Database& db, const std::vector<std::string>& touched, int64_t now,
                     const std::function<const KeyEvaluator&(const std::string&)>& keys) {
  auto snapshot = db.store().snapshot();
  std::vector<std::string> done;
  for (const auto& table : touched) {
    if (std::find(done.begin(), done.end(), table) != done.end()) continue;
    done.push_back(table);
    auto it = snapshot->parts.find(table);
    if (it == snapshot->parts.end() || it->second.size() <= kMergeAfterParts) continue;
    optimizeTable(db.store(), table, keys(table), false, now);
  }
}

}  // namespace

AppendResult Database::append(const std::string& table, std::istream& input, const IngestOptions& options) {
  const TableDefinition& def = impl_->get(table);
  const TableDefinition* quarantine = impl_->find(table + "_quarantine");
  AppendResult result;
  int64_t now = std::time(nullptr);
  std::vector<std::string> touched;
  result.stats = ingest(input, def.ingest_columns, options, newImportId(), now, [&](Block rows, Block rejected) {
    if (rows.rows == 0 && rejected.rows == 0) return;
    Transaction tx(*impl_->store);
    uint64_t sequence = tx.nextSequence();
    auto snapshot = reader();
    AppendRun run(*impl_, tx, *snapshot, sequence, result, now);
    run.write(table, rows, 0);
    if (rejected.rows > 0) {
      if (!quarantine) throw std::runtime_error("no quarantine table for " + table);
      tx.insert(quarantine->spec.name, impl_->conform(*quarantine, rejected), impl_->keysOf(quarantine->spec.name),
                sequence);
    }
    tx.commit();
    touched.insert(touched.end(), run.touched().begin(), run.touched().end());
  });
  mergeBusyTables(*this, touched, now, [&](const std::string& t) -> const KeyEvaluator& { return impl_->keysOf(t); });
  return result;
}

AppendResult Database::insert(const std::string& table, const Block& rows) {
  const TableDefinition& def = impl_->get(table);
  AppendResult result;
  int64_t now = std::time(nullptr);
  Transaction tx(*impl_->store);
  uint64_t sequence = tx.nextSequence();
  auto snapshot = reader();
  AppendRun run(*impl_, tx, *snapshot, sequence, result, now);
  Block conformed = impl_->conform(def, rows);
  run.write(table, conformed, 0);
  tx.commit();
  result.stats.rows = conformed.rows;
  mergeBusyTables(*this, run.touched(), now, [&](const std::string& t) -> const KeyEvaluator& { return impl_->keysOf(t); });
  return result;
}

AppendResult Database::copy(const PlanNode& plan, const std::string& target, bool replace) {
  const TableDefinition& def = impl_->get(target);
  AppendResult result;
  int64_t now = std::time(nullptr);
  auto snapshot_reader = reader();
  ExecOptions options;
  options.now = now;
  Block out = executeToBlock(plan, *snapshot_reader, options);
  Block rows = impl_->conform(def, out);
  Transaction tx(*impl_->store);
  uint64_t sequence = tx.nextSequence();
  if (replace) {
    auto snapshot = impl_->store->snapshot();
    auto it = snapshot->parts.find(target);
    if (it != snapshot->parts.end())
      for (const auto& part : it->second) tx.removePart(target, part->name);
  }
  AppendRun run(*impl_, tx, *snapshot_reader, sequence, result, now);
  run.write(target, rows, 0);
  tx.commit();
  result.stats.rows = rows.rows;
  mergeBusyTables(*this, run.touched(), now, [&](const std::string& t) -> const KeyEvaluator& { return impl_->keysOf(t); });
  return result;
}

size_t Database::optimize(const std::string& table, bool final) {
  impl_->get(table);
  return optimizeTable(*impl_->store, table, impl_->keysOf(table), final, std::time(nullptr));
}

}  // namespace ferry::rt
