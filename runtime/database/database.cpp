#include "runtime/database/database.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "runtime/database/ingest_fence.h"
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

/// One loaded version: its tables under their logical names and where they live.
struct LoadedVersion {
  DeploymentRole role = DeploymentRole::Live;
  DeployedVersion version;
  std::vector<TableDefinition> tables;  ///< logical names
  std::vector<ViewDefinition> views;    ///< logical names
  std::map<std::string, size_t, std::less<>> index;
};

/// Adds the `<name>_quarantine` table of every datasource the definitions lack.
void addQuarantines(std::vector<TableDefinition>& tables) {
  std::vector<TableDefinition> quarantines;
  auto defined = [&](const std::string& name) {
    for (const auto& t : tables)
      if (t.spec.name == name) return true;
    for (const auto& t : quarantines)
      if (t.spec.name == name) return true;
    return false;
  };
  for (const auto& t : tables) {
    if (t.spec.name.ends_with("_quarantine") || t.ingest_columns.empty()) continue;
    std::string name = t.spec.name + "_quarantine";
    if (defined(name)) continue;
    TableDefinition q;
    q.spec.name = name;
    q.ingest_columns = quarantineColumns(t.ingest_columns);
    for (const auto& c : q.ingest_columns) q.spec.columns.push_back({c.name, c.type, ""});
    quarantines.push_back(std::move(q));
  }
  for (auto& q : quarantines) tables.push_back(std::move(q));
}

struct Database::Impl {
  std::unique_ptr<Store> store;
  DeploymentLoader loader;
  std::string initial_id;
  DeploymentRole serve = DeploymentRole::Live;
  DeploymentState state;
  std::string state_text;
  std::vector<LoadedVersion> versions;
  const LoadedVersion* served = nullptr;

  // Physical tables and views: the union of every loaded version.
  std::vector<TableDefinition> tables;
  std::map<std::string, size_t, std::less<>> table_index;
  std::vector<std::unique_ptr<ExprKeyEvaluator>> keys;  ///< per table
  std::vector<KeyColumns> key_columns;                  ///< per table, for pruning
  std::vector<PhysicalView> views;
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
  const LoadedVersion* versionOf(DeploymentRole role) const {
    for (const auto& v : versions)
      if (v.role == role) return &v;
    return nullptr;
  }
  const LoadedVersion& servedVersion() const {
    if (!served) throw ExecError("UNKNOWN_DATABASE", std::string("there is no ") + deploymentRoleName(serve) + " deployment");
    return *served;
  }
  /// The served version's logical table, or the physical one (backfills address physical tables).
  const TableDefinition& logicalOrPhysical(std::string_view name) const {
    if (served) {
      auto it = served->index.find(name);
      if (it != served->index.end()) return get(served->version.physical(std::string(name)));
    }
    return get(name);
  }

  /// Reads the deployment state of the latest snapshot and loads every version it names.
  void load(const DeploymentLoader& definitions) {
    auto snapshot = store->snapshot();
    const std::string* text = snapshot->metaValue(kDeploymentsMetaKey);
    state_text = text ? *text : std::string();
    if (text) {
      state = DeploymentState::parse(*text);
    } else {
      state = DeploymentState{};
      state.live = DeployedVersion{initial_id, {}};
    }
    versions.clear();
    for (DeploymentRole role : {DeploymentRole::Live, DeploymentRole::Staging, DeploymentRole::Previous}) {
      const auto& version = state.version(role);
      if (!version) continue;
      DeploymentDefinition def = definitions(version->id);
      LoadedVersion loaded;
      loaded.role = role;
      loaded.version = *version;
      loaded.tables = std::move(def.tables);
      loaded.views = std::move(def.views);
      addQuarantines(loaded.tables);
      for (size_t i = 0; i < loaded.tables.size(); ++i) loaded.index[loaded.tables[i].spec.name] = i;
      versions.push_back(std::move(loaded));
    }
    tables.clear();
    table_index.clear();
    keys.clear();
    key_columns.clear();
    views.clear();
    views_by_source.clear();
    served = versionOf(serve);
    for (const auto& v : versions)
      for (const auto& t : v.tables) {
        std::string physical = v.version.physical(t.spec.name);
        if (table_index.count(physical)) continue;
        TableDefinition def = t;
        def.spec.name = physical;
        table_index[physical] = tables.size();
        tables.push_back(std::move(def));
      }
    for (const auto& def : tables) {
      keys.push_back(std::make_unique<ExprKeyEvaluator>(def));
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
      key_columns.push_back(std::move(kc));
    }
    std::set<std::string> seen;
    for (const auto& v : versions)
      for (const auto& view : v.views) {
        PhysicalView pv{view, v.version.physical(view.source), v.version.physical(view.target), v.role};
        if (!seen.insert(view.name + '\n' + pv.source + '\n' + pv.target).second) continue;
        views_by_source[pv.source].push_back(views.size());
        views.push_back(std::move(pv));
      }
    // Tables a version names but the store lacks (the first open of a store, a quarantine table
    // new to this version of Ferry) are created; deployments create their own tables.
    std::vector<const TableSpec*> missing;
    for (const auto& def : tables)
      if (!snapshot->tables.count(def.spec.name)) missing.push_back(&def.spec);
    if (!missing.empty()) {
      Transaction tx(*store);
      for (const auto* spec : missing) tx.createTable(*spec);
      tx.commit();
    }
  }

  /// Reloads when the store's deployment state is no longer the one loaded.
  void refresh() {
    auto snapshot = store->snapshot();
    const std::string* text = snapshot->metaValue(kDeploymentsMetaKey);
    if ((text ? *text : std::string()) != state_text) load(loader);
  }

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

/// Scans of one snapshot (taken when the reader is made: one query sees one state) through one
/// version's tables: a logical name reads its physical table. `only` restricts the scans of one
/// logical table to one (pinned) part: a backfill chunk.
class SnapshotReader final : public TableProvider {
 public:
  SnapshotReader(const Database::Impl& db, SnapshotPtr snapshot, const DeployedVersion* version,
                 std::string only_table = {}, PartPtr only_part = nullptr)
      : db_(db), snapshot_(std::move(snapshot)), version_(version), only_table_(std::move(only_table)),
        only_part_(std::move(only_part)) {}

  void scan(const std::string& logical, const std::vector<std::string>& columns, const Expr* prune, bool final,
            const std::function<void(Block)>& sink) const override {
    const std::string table = version_ ? version_->physical(logical) : logical;
    if (only_part_ && logical == only_table_) {
      Block block = db_.store->readPart(*only_part_, columns);
      block.rows = only_part_->rows;
      sink(std::move(block));
      return;
    }
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
  const DeployedVersion* version_;
  std::string only_table_;
  PartPtr only_part_;
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

/// One append's (or insert's, copy's, backfill chunk's) work inside one transaction: rows written
/// to physical tables, the views reading them fired on the written block, cascading. A view's
/// other scans (joins) read the snapshot through its own version's tables.
class AppendRun {
 public:
  AppendRun(Database::Impl& db, Transaction& tx, SnapshotPtr snapshot, uint64_t sequence, AppendResult& result,
            int64_t now, ViewFilter filter = {}, bool split_partitions = false)
      : db_(db), tx_(tx), snapshot_(std::move(snapshot)), sequence_(sequence), result_(result),
        filter_(std::move(filter)), split_(split_partitions) {
    options_.now = now;
  }

  /// Stores `rows` (exactly the table's columns) unless the engine is Null, then fires the
  /// views reading the table.
  void write(const std::string& table, const Block& rows, int depth) {
    if (rows.rows == 0) return;
    const TableDefinition& def = db_.get(table);
    if (def.spec.engine.kind != EngineKind::Null) insert(table, rows);
    touched_.push_back(table);
    fire(table, rows, depth);
  }

  const std::vector<std::string>& touched() const { return touched_; }
  uint64_t sequence() const { return sequence_; }

  /// Fires the views reading `table` on `rows` (already stored), cascading.
  void fireViewsOf(const std::string& table, const Block& rows) {
    touched_.push_back(table);
    fire(table, rows, 0);
  }

  /// Runs one view over `rows` (its source's rows) and writes its output, cascading.
  void fireOne(const PhysicalView& view, const Block& rows, int depth = 0) {
    InsertedBlockProvider provider(view.view.source, rows, readerFor(view.role));
    Block out = executeToBlock(*view.view.plan, provider, options_);
    if (out.rows == 0) return;
    Block target_rows = db_.conform(db_.get(view.target), out);
    count(view.view.target, target_rows.rows);
    write(view.target, target_rows, depth + 1);
  }

 private:
  void insert(const std::string& table, const Block& rows) {
    try {
      tx_.insert(table, rows, db_.keysOf(table), sequence_);
    } catch (const CodedError& e) {
      if (!split_ || e.code != "TOO_MANY_PARTS" || rows.rows < 2) throw;
      size_t half = rows.rows / 2;
      insert(table, sliceRows(rows, 0, half));
      insert(table, sliceRows(rows, half, rows.rows));
    }
  }

  const TableProvider& readerFor(DeploymentRole role) {
    auto& slot = readers_[size_t(role)];
    if (!slot) {
      const LoadedVersion* v = db_.versionOf(role);
      slot = std::make_unique<SnapshotReader>(db_, snapshot_, v ? &v->version : nullptr);
    }
    return *slot;
  }

  void fire(const std::string& table, const Block& rows, int depth) {
    auto it = db_.views_by_source.find(table);
    if (it == db_.views_by_source.end()) return;
    if (depth >= kMaxViewDepth)
      throw ExecError("TOO_DEEP_RECURSION", "materialized views of " + table + " cascade more than " +
                                                std::to_string(kMaxViewDepth) + " levels deep");
    for (size_t v : it->second) {
      const PhysicalView& view = db_.views[v];
      if (filter_ && !filter_(view)) continue;
      fireOne(view, rows, depth);
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
  SnapshotPtr snapshot_;
  uint64_t sequence_;
  AppendResult& result_;
  ViewFilter filter_;
  bool split_;
  ExecOptions options_;
  std::unique_ptr<SnapshotReader> readers_[3];
  std::vector<std::string> touched_;
};

}  // namespace

Database::Database() : impl_(std::make_unique<Impl>()) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::filesystem::path& folder, std::vector<TableDefinition> tables,
                                         std::vector<ViewDefinition> views) {
  auto definition = std::make_shared<DeploymentDefinition>(DeploymentDefinition{std::move(tables), std::move(views)});
  return open(folder, [definition](const std::string&) { return *definition; }, "1");
}

std::unique_ptr<Database> Database::open(const std::filesystem::path& folder, DeploymentLoader loader,
                                         const std::string& initial_id, DeploymentRole serve) {
  std::unique_ptr<Database> db(new Database());
  Impl& impl = *db->impl_;
  impl.store = Store::open(folder);
  impl.loader = std::move(loader);
  impl.initial_id = initial_id;
  impl.serve = serve;
  impl.load(impl.loader);
  impl.servedVersion();  // throws when the store has no such version
  return db;
}

Store& Database::store() { return *impl_->store; }

const TableDefinition* Database::table(const std::string& name) const {
  const LoadedVersion& v = impl_->servedVersion();
  auto it = v.index.find(name);
  return it == v.index.end() ? nullptr : &v.tables[it->second];
}

const std::vector<TableDefinition>& Database::tables() const { return impl_->servedVersion().tables; }

const std::vector<ViewDefinition>& Database::views() const { return impl_->servedVersion().views; }

std::unique_ptr<TableProvider> Database::reader() const {
  impl_->refresh();
  const LoadedVersion& v = impl_->servedVersion();
  return std::make_unique<SnapshotReader>(*impl_, impl_->store->snapshot(), &v.version);
}

const DeploymentState& Database::state() const { return impl_->state; }
const std::string& Database::stateText() const { return impl_->state_text; }
DeploymentRole Database::served() const { return impl_->serve; }
void Database::reload() { impl_->refresh(); }

std::vector<std::string> Database::logicalTables(DeploymentRole role) const {
  std::vector<std::string> out;
  if (const LoadedVersion* v = impl_->versionOf(role))
    for (const auto& t : v->tables) out.push_back(t.spec.name);
  return out;
}

std::string Database::physicalName(DeploymentRole role, const std::string& logical) const {
  const LoadedVersion* v = impl_->versionOf(role);
  if (!v || !v->index.count(logical)) return {};
  return v->version.physical(logical);
}

const TableDefinition* Database::physicalTable(const std::string& name) const { return impl_->find(name); }

const KeyEvaluator& Database::keysOf(const std::string& physical) const {
  impl_->get(physical);
  return impl_->keysOf(physical);
}

const std::vector<PhysicalView>& Database::physicalViews() const { return impl_->views; }

std::unique_ptr<TableProvider> Database::reader(DeploymentRole role, SnapshotPtr snapshot, const std::string& logical,
                                                PartPtr part) const {
  const LoadedVersion* v = impl_->versionOf(role);
  if (!v) throw ExecError("UNKNOWN_DATABASE", std::string("there is no ") + deploymentRoleName(role) + " deployment");
  return std::make_unique<SnapshotReader>(*impl_, std::move(snapshot), &v->version, logical, std::move(part));
}

Block Database::conform(const std::string& physical, const Block& rows) const {
  return impl_->conform(impl_->get(physical), rows);
}

void Database::write(Transaction& tx, const std::string& physical, const Block& rows, uint64_t sequence,
                     const ViewFilter& filter, AppendResult& result) {
  AppendRun run(*impl_, tx, impl_->store->snapshot(), sequence, result, std::time(nullptr), filter, true);
  run.write(physical, rows, 0);
}

void Database::writeShared(Transaction& tx, const std::string& physical, const PartInfo& source, const Block& rows,
                           const ViewFilter& filter, AppendResult& result) {
  const TableDefinition& def = impl_->get(physical);
  if (def.spec.engine.kind == EngineKind::Null) return write(tx, physical, rows, source.max_sequence, filter, result);
  std::vector<std::pair<std::string, std::string>> shared;
  Block computed;
  for (const auto& column : def.spec.columns) {
    const PartInfo::ColumnFile* old = nullptr;
    for (const auto& c : source.columns)
      if (c.name == column.name) old = &c;
    if (old && old->type && typeName(*old->type) == typeName(*column.type) && old->codec == column.codec) {
      shared.emplace_back(column.name, column.name);
    } else {
      int at = rows.find(column.name);
      if (at < 0) throw ExecError("NO_SUCH_COLUMN_IN_TABLE", "There is no column '" + column.name + "' in the rows for " + physical);
      computed.add(column.name, materialize(rows.columns[size_t(at)]));
    }
  }
  computed.rows = rows.rows;
  tx.addPart(impl_->store->writeSharedPart(def.spec, source, shared, computed, impl_->keysOf(physical)));
  AppendRun run(*impl_, tx, impl_->store->snapshot(), source.max_sequence, result, std::time(nullptr), filter, true);
  run.fireViewsOf(physical, rows);
}

void Database::fireView(Transaction& tx, const PhysicalView& view, const Block& source_rows, uint64_t sequence,
                        const ViewFilter& filter, AppendResult& result) {
  AppendRun run(*impl_, tx, impl_->store->snapshot(), sequence, result, std::time(nullptr), filter, true);
  run.fireOne(view, source_rows);
}

DeploymentDefinition Database::loadDefinition(const std::string& id) const {
  DeploymentDefinition def = impl_->loader(id);
  addQuarantines(def.tables);
  return def;
}

namespace {

void mergeBusyTables(Database& db, const std::vector<std::string>& touched, int64_t now) {
  auto snapshot = db.store().snapshot();
  std::vector<std::string> done;
  for (const auto& table : touched) {
    if (std::find(done.begin(), done.end(), table) != done.end()) continue;
    done.push_back(table);
    auto it = snapshot->parts.find(table);
    if (it == snapshot->parts.end() || it->second.size() <= kMergeAfterParts) continue;
    try {
      optimizeTable(db.store(), table, db.keysOf(table), false, now);
    } catch (const std::exception&) {
      // A merge is an optimisation: one that lost a race (a deployment dropped the table, another
      // writer merged the same parts) is simply not done.
    }
  }
}

/// Where one append lands: a physical table with its quarantine (one per distinct physical table
/// among the active versions).
struct Landing {
  std::string table, quarantine;
  const TableDefinition* def = nullptr;
  bool primary = false;  ///< the served version's (its counts are the append's result)
};

/// Reads `input` in chunks of whole lines (at most `max_lines` lines or 256 MiB); CSV input is one
/// chunk (a quoted field may hold a line break) with its header line repeated.
class LineChunks {
 public:
  LineChunks(std::istream& input, const IngestOptions& options) : input_(input), options_(options) {}
  bool next(std::string& chunk) {
    chunk.clear();
    if (done_) return false;
    if (options_.format == InputFormat::Csv) {
      std::ostringstream all;
      all << input_.rdbuf();
      chunk = all.str();
      done_ = true;
      return !chunk.empty();
    }
    std::string line;
    size_t lines = 0;
    while (lines < options_.batch_rows && chunk.size() < (size_t(256) << 20) && std::getline(input_, line)) {
      chunk += line;
      chunk += '\n';
      ++lines;
    }
    if (lines == 0) done_ = true;
    return lines > 0;
  }

 private:
  std::istream& input_;
  const IngestOptions& options_;
  bool done_ = false;
};

}  // namespace

AppendResult Database::append(const std::string& table, std::istream& input, const IngestOptions& options) {
  IngestFence fence(impl_->store->folder(), IngestFence::Mode::Shared);
  impl_->refresh();
  // Every active version's physical table of `table` (shared ones once).
  std::vector<Landing> landings;
  for (const auto& v : impl_->versions) {
    auto it = v.index.find(table);
    if (it == v.index.end()) continue;
    std::string physical = v.version.physical(table);
    bool primary = &v == impl_->served;
    bool seen = false;
    for (auto& l : landings)
      if (l.table == physical) {
        l.primary = l.primary || primary;
        seen = true;
      }
    if (seen) continue;
    std::string quarantine = v.version.physical(table + "_quarantine");
    landings.push_back({physical, impl_->find(quarantine) ? quarantine : std::string(), &impl_->get(physical), primary});
  }
  if (landings.empty()) throw ExecError("UNKNOWN_TABLE", "Table " + table + " does not exist");
  if (!std::any_of(landings.begin(), landings.end(), [](const Landing& l) { return l.primary; })) landings[0].primary = true;

  AppendResult result;
  int64_t now = std::time(nullptr);
  std::vector<std::string> touched;
  std::string import_id = newImportId();
  auto commitBatch = [&](const std::function<void(AppendRun&, Transaction&)>& body) {
    Transaction tx(*impl_->store);
    tx.requireMeta(kDeploymentsMetaKey, impl_->state_text);
    uint64_t sequence = tx.nextSequence();
    AppendRun run(*impl_, tx, impl_->store->snapshot(), sequence, result, now);
    body(run, tx);
    tx.commit();
    touched.insert(touched.end(), run.touched().begin(), run.touched().end());
  };
  if (landings.size() == 1) {
    const Landing& landing = landings[0];
    result.stats = ingest(input, landing.def->ingest_columns, options, import_id, now, [&](Block rows, Block rejected) {
      if (rows.rows == 0 && rejected.rows == 0) return;
      commitBatch([&](AppendRun& run, Transaction& tx) {
        run.write(landing.table, rows, 0);
        if (rejected.rows > 0) {
          if (landing.quarantine.empty()) throw std::runtime_error("no quarantine table for " + table);
          const TableDefinition& q = impl_->get(landing.quarantine);
          tx.insert(q.spec.name, impl_->conform(q, rejected), impl_->keysOf(q.spec.name), run.sequence());
        }
      });
    });
  } else {
    // Versions that parse the datasource differently (a staging version rewrites it): each chunk
    // of lines is parsed by every version's definition and committed to all of them at once.
    LineChunks chunks(input, options);
    std::string chunk;
    IngestOptions whole = options;
    whole.batch_rows = size_t(1) << 62;
    while (chunks.next(chunk)) {
      result.stats.bytes += chunk.size();
      commitBatch([&](AppendRun& run, Transaction& tx) {
        for (const auto& landing : landings) {
          std::istringstream in(chunk);
          IngestStats stats = ingest(in, landing.def->ingest_columns, whole, import_id, now, [&](Block rows, Block rejected) {
            run.write(landing.table, rows, 0);
            if (rejected.rows > 0) {
              if (landing.quarantine.empty()) throw std::runtime_error("no quarantine table for " + table);
              const TableDefinition& q = impl_->get(landing.quarantine);
              tx.insert(q.spec.name, impl_->conform(q, rejected), impl_->keysOf(q.spec.name), run.sequence());
            }
          });
          if (landing.primary) {
            result.stats.rows += stats.rows;
            result.stats.quarantined += stats.quarantined;
          }
        }
      });
    }
  }
  mergeBusyTables(*this, touched, now);
  return result;
}

namespace {

/// Whether rows made for `a` can be written to `b` by name: every column both have has the same
/// type (columns only `b` has take their defaults, as in an INSERT naming fewer columns).
bool compatibleColumns(const TableDefinition& a, const TableDefinition& b) {
  for (const auto& column : b.spec.columns)
    for (const auto& other : a.spec.columns)
      if (other.name == column.name && typeName(*other.type) != typeName(*column.type)) return false;
  return true;
}

}  // namespace

/// The physical tables of `logical` in every active version, written with rows of the served
/// version's shape (by name); a version that retyped a column refuses (no row may reach one
/// version and silently miss another).
static std::vector<std::string> writableTargets(const Database::Impl& impl, const std::string& logical) {
  const LoadedVersion& served = impl.servedVersion();
  if (!served.index.count(logical)) throw ExecError("UNKNOWN_TABLE", "Table " + logical + " does not exist");
  std::string primary = served.version.physical(logical);
  std::vector<std::string> out{primary};
  for (const auto& v : impl.versions) {
    if (!v.index.count(logical)) continue;
    std::string physical = v.version.physical(logical);
    if (std::find(out.begin(), out.end(), physical) != out.end()) continue;
    if (!compatibleColumns(impl.get(primary), impl.get(physical)))
      throw CodedError("DEPLOYMENT_IN_PROGRESS",
                       "the " + std::string(deploymentRoleName(v.role)) + " deployment (" + v.version.id +
                           ") gives a column of " + logical + " another type: rows written now could not reach both " +
                           (v.role == DeploymentRole::Staging ? "versions; promote or discard it first"
                                                              : "versions; the rollback window ends with the next deploy"));
    out.push_back(physical);
  }
  return out;
}

AppendResult Database::insert(const std::string& table, const Block& rows) {
  IngestFence fence(impl_->store->folder(), IngestFence::Mode::Shared);
  impl_->refresh();
  auto targets = writableTargets(*impl_, table);
  AppendResult result;
  int64_t now = std::time(nullptr);
  Transaction tx(*impl_->store);
  tx.requireMeta(kDeploymentsMetaKey, impl_->state_text);
  uint64_t sequence = tx.nextSequence();
  AppendRun run(*impl_, tx, impl_->store->snapshot(), sequence, result, now);
  for (const auto& target : targets) {
    Block conformed = impl_->conform(impl_->get(target), rows);
    run.write(target, conformed, 0);
    if (target == targets.front()) result.stats.rows = conformed.rows;
  }
  tx.commit();
  mergeBusyTables(*this, run.touched(), now);
  return result;
}

AppendResult Database::copy(const PlanNode& plan, const std::string& target, bool replace) {
  IngestFence fence(impl_->store->folder(), IngestFence::Mode::Shared);
  impl_->refresh();
  auto targets = writableTargets(*impl_, target);
  AppendResult result;
  int64_t now = std::time(nullptr);
  auto snapshot = impl_->store->snapshot();
  SnapshotReader snapshot_reader(*impl_, snapshot, &impl_->servedVersion().version);
  ExecOptions options;
  options.now = now;
  Block out = executeToBlock(plan, snapshot_reader, options);
  Transaction tx(*impl_->store);
  tx.requireMeta(kDeploymentsMetaKey, impl_->state_text);
  uint64_t sequence = tx.nextSequence();
  AppendRun run(*impl_, tx, snapshot, sequence, result, now);
  for (const auto& physical : targets) {
    Block rows = impl_->conform(impl_->get(physical), out);
    if (replace) {
      auto it = snapshot->parts.find(physical);
      if (it != snapshot->parts.end())
        for (const auto& part : it->second) tx.removePart(physical, part->name);
    }
    run.write(physical, rows, 0);
    if (physical == targets.front()) result.stats.rows = rows.rows;
  }
  tx.commit();
  mergeBusyTables(*this, run.touched(), now);
  return result;
}

size_t Database::optimize(const std::string& table, bool final) {
  IngestFence fence(impl_->store->folder(), IngestFence::Mode::Shared);
  impl_->refresh();
  const TableDefinition& def = impl_->logicalOrPhysical(table);
  return optimizeTable(*impl_->store, def.spec.name, impl_->keysOf(def.spec.name), final, std::time(nullptr));
}

}  // namespace ferry::rt
