#include "runtime/storage/store.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/parallel_for.h>

#include "runtime/column/sort_permutation.h"
#include "runtime/storage/column_files.h"
#include "runtime/storage/durable_file.h"
#include "runtime/storage/metadata_json.h"
#include "runtime/storage/part_keys.h"

namespace ferry::rt {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace storage;

// ---- crash points --------------------------------------------------------------------------------

void Store::crashPoint(const char* name) {
  const char* want = std::getenv("FERRY_CRASH_AT");
  if (!want || !*want) return;
  std::string_view w(want);
  size_t at = w.find('@');
  std::string_view point = w.substr(0, at);
  if (point != name) return;
  long nth = at == std::string_view::npos ? 1 : std::atol(std::string(w.substr(at + 1)).c_str());
  static std::mutex mu;
  static std::unordered_map<std::string, long> hits;
  std::lock_guard lock(mu);
  if (++hits[name] >= nth) ::kill(::getpid(), SIGKILL);
}

// ---- process-wide registry of parts being written (never garbage while their writer lives) -------

namespace {

std::mutex g_pending_mu;
std::set<std::string> g_pending;  // tmp folder paths

void registerPending(const std::string& path) {
  std::lock_guard lock(g_pending_mu);
  g_pending.insert(path);
}
void unregisterPending(const std::string& path) {
  std::lock_guard lock(g_pending_mu);
  g_pending.erase(path);
}
bool isPending(const std::string& path) {
  std::lock_guard lock(g_pending_mu);
  return g_pending.count(path) != 0;
}

bool processAlive(long pid) {
  if (pid <= 0) return false;
  if (::kill(pid_t(pid), 0) == 0) return true;
  return errno != ESRCH;
}

std::string uniqueSuffix() {
  static std::atomic<uint64_t> counter{0};
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  // Zero-padded so that names of one process sort in creation order.
  return fmt::format("{}x{:012x}x{:06x}", ::getpid(), uint64_t(now) & 0xffffffffffffULL, counter.fetch_add(1) & 0xffffff);
}

std::string partName(const std::string& table, uint64_t min_seq, uint64_t max_seq, uint32_t level) {
  return fmt::format("{}_{:012}_{:012}_{}_{}", safeName(table), min_seq, max_seq, level, uniqueSuffix());
}

/// Manifest file names are `<version>.json`; 0 when `name` is not one.
uint64_t manifestVersion(const std::string& name) {
  if (name.size() < 6 || name.substr(name.size() - 5) != ".json") return 0;
  uint64_t v = 0;
  for (size_t i = 0; i + 5 < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    v = v * 10 + uint64_t(name[i] - '0');
  }
  return v;
}

json snapshotToJson(const Snapshot& s) {
  json tables = json::array();
  for (const auto& [name, spec] : s.tables) tables.push_back(tableSpecToJson(spec));
  json parts = json::object();
  for (const auto& [table, list] : s.parts) {
    json arr = json::array();
    for (const auto& p : list) arr.push_back(partToJson(*p));
    parts[table] = std::move(arr);
  }
  json out = {{"format", 1}, {"version", s.version}, {"last_sequence", s.last_sequence}, {"tables", tables}, {"parts", parts}};
  if (!s.meta.empty()) out["meta"] = s.meta;
  if (!s.pins.empty()) {
    json pins = json::object();
    for (const auto& [pin, list] : s.pins) {
      json arr = json::array();
      for (const auto& p : list) arr.push_back(partToJson(*p));
      pins[pin] = std::move(arr);
    }
    out["pins"] = std::move(pins);
  }
  return out;
}

std::shared_ptr<Snapshot> snapshotFromJson(const json& j) {
  auto s = std::make_shared<Snapshot>();
  s->version = j.at("version").get<uint64_t>();
  s->last_sequence = j.at("last_sequence").get<uint64_t>();
  for (const auto& t : j.at("tables")) {
    TableSpec spec = tableSpecFromJson(t);
    s->parts[spec.name];
    s->tables.emplace(spec.name, std::move(spec));
  }
  for (const auto& [table, arr] : j.at("parts").items()) {
    auto& list = s->parts[table];
    for (const auto& p : arr) list.push_back(std::make_shared<const PartInfo>(partFromJson(p)));
  }
  if (j.contains("meta")) s->meta = j.at("meta").get<std::map<std::string, std::string>>();
  if (j.contains("pins"))
    for (const auto& [pin, arr] : j.at("pins").items()) {
      auto& list = s->pins[pin];
      for (const auto& p : arr) list.push_back(std::make_shared<const PartInfo>(partFromJson(p)));
    }
  return s;
}

void sortParts(std::vector<PartPtr>& parts) {
  std::sort(parts.begin(), parts.end(), [](const PartPtr& a, const PartPtr& b) { return a->name < b->name; });
}

bool sameLayout(const ColumnType& a, const ColumnType& b) {
  if (a.kind != b.kind || a.children.size() != b.children.size()) return false;
  if (fixedWidth(a) != fixedWidth(b)) return false;
  for (size_t i = 0; i < a.children.size(); ++i)
    if (!sameLayout(*a.children[i], *b.children[i])) return false;
  return true;
}

}  // namespace

// ---- Store ---------------------------------------------------------------------------------------

struct Store::Impl {
  fs::path folder;
  mutable std::mutex mu;
  mutable SnapshotPtr cached;
  mutable std::vector<std::weak_ptr<const Snapshot>> live;

  fs::path lockPath() const { return folder / "LOCK"; }
  fs::path tmpDir() const { return folder / "tmp"; }
  fs::path partsDir() const { return folder / "parts"; }
  fs::path manifestsDir() const { return folder / "manifests"; }

  /// The highest complete manifest on disk (an empty version-0 snapshot when there is none).
  SnapshotPtr loadLatest() const {
    std::vector<uint64_t> versions;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(manifestsDir(), ec)) {
      uint64_t v = manifestVersion(entry.path().filename().string());
      if (v) versions.push_back(v);
    }
    std::sort(versions.rbegin(), versions.rend());
    {
      std::lock_guard lock(mu);
      if (cached && !versions.empty() && cached->version == versions.front()) return cached;
      if (cached && versions.empty() && cached->version == 0) return cached;
    }
    SnapshotPtr result;
    for (uint64_t v : versions) {
      try {
        std::string text = readWholeFile(manifestsDir() / fmt::format("{}.json", v));
        result = snapshotFromJson(json::parse(text));
        break;
      } catch (const std::exception&) {
        // Renamed only after fsync, so a manifest is complete; a damaged one is skipped.
        continue;
      }
    }
    if (!result) result = std::make_shared<Snapshot>();
    remember(result);
    return result;
  }

  void remember(const SnapshotPtr& s) const {
    std::lock_guard lock(mu);
    cached = s;
    live.erase(std::remove_if(live.begin(), live.end(), [](const auto& w) { return w.expired(); }), live.end());
    live.push_back(s);
  }

  std::set<std::string> liveParts() const {
    std::set<std::string> names;
    std::lock_guard lock(mu);
    for (const auto& w : live)
      if (auto s = w.lock())
        for (const auto& [table, list] : s->parts)
          for (const auto& p : list) names.insert(p->name);
    return names;
  }

  /// Parts of a manifest: those its tables list and those it pins.
  static void referencedParts(const Snapshot& s, std::set<std::string>& names) {
    for (const auto& [table, list] : s.parts)
      for (const auto& p : list) names.insert(p->name);
    for (const auto& [pin, list] : s.pins)
      for (const auto& p : list) names.insert(p->name);
  }

  fs::path tmpPartDir(const std::string& name) const { return tmpDir() / name; }

  /// Writes the files of one column of a part into `dir` and describes them.
  PartInfo::ColumnFile writeColumn(const fs::path& dir, const std::string& part_name, size_t index,
                                   const ColumnSpec& spec, const Column& column, size_t rows) const {
    PartInfo::ColumnFile file;
    file.name = spec.name;
    std::string stem = fmt::format("c{}", index);
    file.file = (fs::path("parts") / part_name / stem).string();
    file.type = spec.type;
    file.codec = spec.codec;
    file.constant = rows > 1 && allRowsEqual(column);
    ColumnPtr stored;
    const Column* source = &column;
    if (file.constant || column.is_const) {
      stored = rowCopy(column, 0);
      source = stored.get();
      if (rows > 1) file.constant = true;
    }
    Codec codec = parseCodec(spec.codec);
    for (auto& stream : columnToStreams(*source, *spec.type)) {
      std::string encoded = encodeFile(stream.bytes(), codec);
      writeFileSynced(dir / (stem + stream.suffix), encoded);
      file.streams.push_back({stream.suffix, checksumOf(encoded), encoded.size()});
    }
    return file;
  }

  /// Finishes a part written into `dir`: part.json, fsyncs, and the pending registration.
  PartPtr finishPart(const fs::path& dir, PartInfo part) const {
    Store::crashPoint("part.columns_written");
    writeFileSynced(dir / "part.json", partToJson(part).dump(1));
    syncFolder(dir);
    syncFolder(tmpDir());
    Store::crashPoint("part.written");
    return std::make_shared<const PartInfo>(std::move(part));
  }

  PartPtr writePartWithKeys(const TableSpec& spec, const Block& rows, const Block& keys,
                            const std::string& partition_id, uint32_t level, uint64_t min_seq,
                            uint64_t max_seq) const {
    PartInfo part;
    part.name = partName(spec.name, min_seq, max_seq, level);
    part.table = spec.name;
    part.partition_id = partition_id;
    part.rows = rows.rows;
    part.level = level;
    part.min_sequence = min_seq;
    part.max_sequence = max_seq;
    keyRanges(keys, part.key_min, part.key_max);
    fs::path dir = tmpPartDir(part.name);
    registerPending(dir.string());
    try {
      fs::create_directories(dir);
      std::vector<const Column*> sources;
      for (size_t i = 0; i < spec.columns.size(); ++i) {
        int at = rows.find(spec.columns[i].name);
        if (at < 0) throw std::runtime_error(fmt::format("table {}: no column {} in the rows to write", spec.name, spec.columns[i].name));
        const Column& column = *rows.columns[size_t(at)];
        if (column.rows != rows.rows) throw std::runtime_error(fmt::format("table {}: column {} has {} rows, expected {}", spec.name, spec.columns[i].name, column.rows, rows.rows));
        sources.push_back(&column);
      }
      // Columns are encoded, compressed and written independently: one task each.
      part.columns.resize(spec.columns.size());
      tbb::parallel_for(size_t(0), spec.columns.size(), [&](size_t i) {
        part.columns[i] = writeColumn(dir, part.name, i, spec.columns[i], *sources[i], rows.rows);
      });
      return finishPart(dir, std::move(part));
    } catch (...) {
      std::error_code ec;
      fs::remove_all(dir, ec);
      unregisterPending(dir.string());
      throw;
    }
  }
};

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const fs::path& folder) {
  std::unique_ptr<Store> store(new Store());
  store->impl_->folder = folder;
  fs::create_directories(folder / "tmp");
  fs::create_directories(folder / "parts");
  fs::create_directories(folder / "manifests");
  store->collectGarbage();
  return store;
}

const fs::path& Store::folder() const { return impl_->folder; }

SnapshotPtr Store::snapshot() const { return impl_->loadLatest(); }

void Store::collectGarbage() {
  FileLock lock(impl_->lockPath());
  SnapshotPtr latest = impl_->loadLatest();
  std::set<std::string> keep = impl_->liveParts();
  Impl::referencedParts(*latest, keep);
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(impl_->partsDir(), ec))
    if (!keep.count(entry.path().filename().string())) doomed.push_back(entry.path());
  for (const auto& entry : fs::directory_iterator(impl_->tmpDir(), ec)) {
    std::string name = entry.path().filename().string();
    // Part names carry the writer's pid after the sequence and level fields: `..._<pid>x...`.
    long pid = 0;
    size_t x = name.rfind('x');
    size_t first_x = x == std::string::npos ? x : name.rfind('x', x - 1);
    size_t underscore = first_x == std::string::npos ? first_x : name.rfind('_', first_x);
    if (underscore != std::string::npos) pid = std::atol(name.substr(underscore + 1, first_x - underscore - 1).c_str());
    bool ours = pid == long(::getpid());
    if (ours ? !isPending(entry.path().string()) : !processAlive(pid)) doomed.push_back(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(impl_->manifestsDir(), ec)) {
    std::string name = entry.path().filename().string();
    uint64_t v = manifestVersion(name);
    // Anything not a complete manifest, and complete ones older than the previous version.
    if (v == 0 || v > latest->version || v + 1 < latest->version) doomed.push_back(entry.path());
  }
  fs::remove(impl_->folder / "SEQUENCE.tmp", ec);
  for (const auto& path : doomed) {
    fs::remove_all(path, ec);
    crashPoint("gc.removed");
  }
}

Block Store::readPart(const PartInfo& part, const std::vector<std::string>& names) const {
  std::vector<const PartInfo::ColumnFile*> files;
  std::vector<ColumnTypePtr> types;
  for (const auto& name : names) {
    const PartInfo::ColumnFile* file = nullptr;
    for (const auto& c : part.columns)
      if (c.name == name) file = &c;
    if (!file) throw std::runtime_error(fmt::format("part {} of table {} has no column {}", part.name, part.table, name));
    ColumnTypePtr type = file->type;
    if (!type) {
      auto snap = snapshot();
      auto it = snap->tables.find(part.table);
      if (it != snap->tables.end())
        for (const auto& c : it->second.columns)
          if (c.name == name) type = c.type;
      if (!type) throw std::runtime_error(fmt::format("part {}: unknown type of column {}", part.name, name));
    }
    files.push_back(file);
    types.push_back(std::move(type));
  }
  // Columns are read, checked and decompressed independently: one task each.
  Block out;
  out.names = names;
  out.columns.resize(names.size());
  tbb::parallel_for(size_t(0), names.size(), [&](size_t i) {
    const PartInfo::ColumnFile* file = files[i];
    auto read = [&](const std::string& suffix) -> std::string {
      fs::path path = impl_->folder / (file->file + suffix);
      const PartInfo::ColumnFile::Stream* stream = nullptr;
      for (const auto& s : file->streams)
        if (s.suffix == suffix) stream = &s;
      if (!stream) throw std::runtime_error(fmt::format("{}: not recorded in part {}", path.string(), part.name));
      std::string bytes = readWholeFile(path);
      if (bytes.size() != stream->bytes || checksumOf(bytes) != stream->checksum)
        throw std::runtime_error(fmt::format("{}: checksum mismatch (the file is corrupted)", path.string()));
      return decodeFile(bytes, path.string());
    };
    size_t stored_rows = file->constant ? 1 : part.rows;
    ColumnPtr column = columnFromStreams(types[i], stored_rows, read, (impl_->folder / file->file).string());
    if (file->constant) {
      column->is_const = true;
      column->rows = part.rows;
    }
    out.columns[i] = std::move(column);
  });
  out.rows = part.rows;
  return out;
}

PartPtr Store::writePart(const TableSpec& spec, const Block& sorted_rows, const std::string& partition_id,
                         const KeyEvaluator& keys, uint32_t level, uint64_t min_sequence, uint64_t max_sequence) {
  Block key_block = evaluateKeys(spec, keys, sorted_rows);
  return impl_->writePartWithKeys(spec, sorted_rows, key_block, partition_id, level, min_sequence, max_sequence);
}

PartPtr Store::writePartWithKeys(const TableSpec& spec, const Block& sorted_rows, const Block& key_columns,
                                 const std::string& partition_id, uint32_t level, uint64_t min_sequence,
                                 uint64_t max_sequence) {
  return impl_->writePartWithKeys(spec, sorted_rows, key_columns, partition_id, level, min_sequence, max_sequence);
}

PartPtr Store::writeSharedPart(const TableSpec& spec, const PartInfo& source,
                               const std::vector<std::pair<std::string, std::string>>& shared, const Block& computed,
                               const KeyEvaluator& keys) {
  return writeSharedPart(spec, source, shared, computed, keys, false);
}

PartPtr Store::writeSharedPart(const TableSpec& spec, const PartInfo& source,
                               const std::vector<std::pair<std::string, std::string>>& shared, const Block& computed,
                               const KeyEvaluator& keys, bool keys_unchanged) {
  PartInfo part;
  part.name = partName(spec.name, source.min_sequence, source.max_sequence, source.level);
  part.table = spec.name;
  part.partition_id = source.partition_id;
  part.rows = source.rows;
  part.level = source.level;
  part.min_sequence = source.min_sequence;
  part.max_sequence = source.max_sequence;
  fs::path dir = impl_->tmpPartDir(part.name);
  registerPending(dir.string());
  try {
    fs::create_directories(dir);
    for (size_t i = 0; i < spec.columns.size(); ++i) {
      const ColumnSpec& col = spec.columns[i];
      const std::string* old_name = nullptr;
      for (const auto& [n, o] : shared)
        if (n == col.name) old_name = &o;
      if (old_name) {
        const PartInfo::ColumnFile* old = nullptr;
        for (const auto& c : source.columns)
          if (c.name == *old_name) old = &c;
        if (!old) throw std::runtime_error(fmt::format("part {} has no column {} to share", source.name, *old_name));
        if (old->type && !sameLayout(layoutType(*old->type), layoutType(*col.type)) )
          throw std::runtime_error(fmt::format("column {} cannot share the files of {}: the layouts differ", col.name, *old_name));
        if (old->type && (old->type->kind == TypeKind::LowCardinality) != (col.type->kind == TypeKind::LowCardinality))
          throw std::runtime_error(fmt::format("column {} cannot share the files of {}: the layouts differ", col.name, *old_name));
        PartInfo::ColumnFile file = *old;
        file.name = col.name;
        file.type = col.type;
        std::string stem = fmt::format("c{}", i);
        file.file = (fs::path("parts") / part.name / stem).string();
        for (const auto& s : old->streams) {
          fs::path from = impl_->folder / (old->file + s.suffix), to = dir / (stem + s.suffix);
          if (::link(from.c_str(), to.c_str()) != 0) {
            if (errno != EXDEV && errno != EPERM && errno != EMLINK)
              throw std::runtime_error(fmt::format("cannot link {} to {}: {}", from.string(), to.string(), std::strerror(errno)));
            writeFileSynced(to, readWholeFile(from));  // another file system: copy
          }
        }
        part.columns.push_back(std::move(file));
      } else {
        int at = computed.find(col.name);
        if (at < 0) throw std::runtime_error(fmt::format("table {}: column {} is neither shared nor computed", spec.name, col.name));
        const Column& column = *computed.columns[size_t(at)];
        if (column.rows != source.rows)
          throw std::runtime_error(fmt::format("table {}: computed column {} has {} rows, the part has {}", spec.name, col.name, column.rows, source.rows));
        part.columns.push_back(impl_->writeColumn(dir, part.name, i, col, column, source.rows));
      }
    }
    Store::crashPoint("shared.columns_written");
    if (keys_unchanged) {
      part.key_min = source.key_min;
      part.key_max = source.key_max;
    } else if (keyColumnCount(spec) > 0) {
      Block full;
      std::vector<std::string> old_names;
      for (const auto& [n, o] : shared) old_names.push_back(o);
      Block shared_rows = readPart(source, old_names);
      for (const auto& col : spec.columns) {
        int at = computed.find(col.name);
        if (at >= 0) {
          full.add(col.name, computed.columns[size_t(at)]);
          continue;
        }
        for (size_t k = 0; k < shared.size(); ++k)
          if (shared[k].first == col.name) full.add(col.name, shared_rows.columns[k]);
      }
      full.rows = source.rows;
      Block key_block = evaluateKeys(spec, keys, full);
      keyRanges(key_block, part.key_min, part.key_max);
      part.partition_id = spec.has_partition_key && source.rows ? partitionIdOf(*key_block.columns[0], 0) : "";
    } else {
      part.partition_id = "";
    }
    return impl_->finishPart(dir, std::move(part));
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    unregisterPending(dir.string());
    throw;
  }
}

// ---- Transaction ---------------------------------------------------------------------------------

struct Transaction::Impl {
  Store& store;
  std::vector<TableSpec> creates;
  std::vector<std::string> drops;
  std::vector<PartPtr> added;
  std::vector<std::pair<std::string, std::string>> removed;
  std::map<std::string, std::string> set_meta;
  std::vector<std::pair<std::string, std::string>> required_meta;
  std::vector<std::pair<std::string, std::vector<std::string>>> pin_tables;
  std::vector<std::string> unpins;
  uint64_t reserved_sequence = 0;
  uint64_t max_reserved = 0;
  bool committed = false;

  explicit Impl(Store& s) : store(s) {}

  const TableSpec& specOf(const std::string& table) {
    for (auto it = creates.rbegin(); it != creates.rend(); ++it)
      if (it->name == table) return *it;
    auto snap = store.snapshot();
    auto it = snap->tables.find(table);
    if (it == snap->tables.end()) throw std::runtime_error("unknown table " + table);
    keep_alive.push_back(snap);
    return it->second;
  }
  std::vector<SnapshotPtr> keep_alive;
};

Transaction::Transaction(Store& store) : impl_(std::make_unique<Impl>(store)) {}

Transaction::~Transaction() {
  if (impl_->committed) return;
  std::error_code ec;
  for (const auto& part : impl_->added) {
    fs::path tmp = impl_->store.impl_->tmpPartDir(part->name);
    fs::remove_all(tmp, ec);
    unregisterPending(tmp.string());
  }
}

void Transaction::createTable(const TableSpec& spec) { impl_->creates.push_back(spec); }

void Transaction::dropTable(const std::string& name) {
  impl_->drops.push_back(name);
  impl_->creates.erase(std::remove_if(impl_->creates.begin(), impl_->creates.end(),
                                      [&](const TableSpec& s) { return s.name == name; }),
                       impl_->creates.end());
}

std::vector<PartPtr> Transaction::insert(const std::string& table, const Block& rows_in, const KeyEvaluator& keys,
                                         uint64_t sequence) {
  const TableSpec spec = impl_->specOf(table);
  if (spec.engine.kind == EngineKind::Null || rows_in.rows == 0) return {};
  // The table's columns, in its order.
  Block rows;
  for (const auto& col : spec.columns) {
    int at = rows_in.find(col.name);
    if (at < 0) throw std::runtime_error(fmt::format("insert into {}: missing column {}", table, col.name));
    const ColumnPtr& c = rows_in.columns[size_t(at)];
    if (c->rows != rows_in.rows)
      throw std::runtime_error(fmt::format("insert into {}: column {} has {} rows, expected {}", table, col.name, c->rows, rows_in.rows));
    rows.add(col.name, c);
  }
  rows.rows = rows_in.rows;
  if (sequence == 0) {
    if (impl_->reserved_sequence == 0) impl_->reserved_sequence = nextSequence();
    sequence = impl_->reserved_sequence;
  }
  impl_->max_reserved = std::max(impl_->max_reserved, sequence);

  Block key_block = evaluateKeys(spec, keys, rows);
  // One stable sort by (partition, sorting key): each partition is then a run of the order, and
  // every column is gathered once.
  const Column* partition = spec.has_partition_key ? key_block.columns[0].get() : nullptr;
  std::vector<const Column*> order_by;
  if (partition) order_by.push_back(partition);
  for (const Column* c : orderColumns(spec, rows, key_block)) order_by.push_back(c);
  const std::vector<uint32_t> order = sortPermutation(order_by, rows.rows);
  bool identity = true;
  for (size_t i = 0; i < order.size() && identity; ++i) identity = order[i] == i;

  // Partitions: runs of equal partition values in the order.
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t begin = 0, end = 0; begin < rows.rows; begin = end) {
    end = partition ? begin + 1 : rows.rows;
    while (end < rows.rows && compareAt(*partition, order[begin], *partition, order[end]) == 0) ++end;
    runs.emplace_back(begin, end);
  }
  // ClickHouse refuses an insert block that spans too many partitions (max_partitions_per_insert_block).
  if (runs.size() > kMaxPartitionsPerInsert)
    throw CodedError("TOO_MANY_PARTS",
                     fmt::format("Too many partitions for single INSERT block (more than {}): {} partitions of table {}. "
                                 "The limit is ClickHouse's max_partitions_per_insert_block; a partition key finer than "
                                 "months or days usually causes it",
                                 kMaxPartitionsPerInsert, runs.size(), table));
  auto writeRun = [&](size_t begin, size_t end) -> PartPtr {
    std::string partition_id = partition ? partitionIdOf(*partition, order[begin]) : "";
    Block part_rows, part_keys;
    if (identity && begin == 0 && end == rows.rows) {
      part_rows = rows;
      part_keys = key_block;
    } else {
      const std::vector<uint32_t> indices(order.begin() + std::ptrdiff_t(begin), order.begin() + std::ptrdiff_t(end));
      part_rows.names = rows.names;
      part_rows.columns.resize(rows.columns.size());
      part_keys.names = key_block.names;
      part_keys.columns.resize(key_block.columns.size());
      const size_t columns = rows.columns.size();
      tbb::parallel_for(size_t(0), columns + key_block.columns.size(), [&](size_t c) {
        if (c < columns) part_rows.columns[c] = gather(*rows.columns[c], indices);
        else part_keys.columns[c - columns] = gather(*key_block.columns[c - columns], indices);
      });
    }
    part_rows.rows = part_keys.rows = end - begin;
    if (spec.engine.kind != EngineKind::MergeTree && spec.engine.kind != EngineKind::Null) {
      Block merged_keys;
      part_rows = mergeRowsWithMode(spec, {part_rows}, keys, MergeMode::Insert, 0, &merged_keys);
      part_keys = std::move(merged_keys);
      if (part_rows.rows == 0) return nullptr;  // everything collapsed (or summed to zero)
    }
    return impl_->store.impl_->writePartWithKeys(spec, part_rows, part_keys, partition_id, 0, sequence, sequence);
  };
  std::vector<PartPtr> parts(runs.size());
  if (spec.engine.kind == EngineKind::MergeTree) {
    // Plain parts are independent: partitions are written in parallel too.
    tbb::parallel_for(size_t(0), runs.size(), [&](size_t i) { parts[i] = writeRun(runs[i].first, runs[i].second); });
  } else {
    // Merge-on-insert evaluates the table's expressions (the KeyEvaluator): one partition at a time.
    for (size_t i = 0; i < runs.size(); ++i) parts[i] = writeRun(runs[i].first, runs[i].second);
  }
  std::vector<PartPtr> written;
  for (auto& part : parts) {
    if (!part) continue;
    impl_->added.push_back(part);
    written.push_back(std::move(part));
  }
  return written;
}

void Transaction::addPart(PartPtr part) {
  impl_->max_reserved = std::max(impl_->max_reserved, part->max_sequence);
  impl_->added.push_back(std::move(part));
}

void Transaction::removePart(const std::string& table, const std::string& part_name) {
  impl_->removed.emplace_back(table, part_name);
}

uint64_t Transaction::nextSequence() {
  Store::Impl& s = *impl_->store.impl_;
  FileLock lock(s.lockPath());
  uint64_t last = s.loadLatest()->last_sequence;
  try {
    last = std::max<uint64_t>(last, std::stoull(readWholeFile(s.folder / "SEQUENCE")));
  } catch (...) {
    // absent or unreadable: the manifest's value stands
  }
  uint64_t next = last + 1;
  std::string text = std::to_string(next);
  writeFileSynced(s.folder / "SEQUENCE.tmp", text);
  renamePath(s.folder / "SEQUENCE.tmp", s.folder / "SEQUENCE");
  Store::crashPoint("sequence.reserved");
  impl_->max_reserved = std::max(impl_->max_reserved, next);
  return next;
}

void Transaction::setMeta(const std::string& key, const std::string& value) { impl_->set_meta[key] = value; }

void Transaction::requireMeta(const std::string& key, const std::string& expected) {
  impl_->required_meta.emplace_back(key, expected);
}

void Transaction::pinTables(const std::string& pin, const std::vector<std::string>& tables) {
  impl_->pin_tables.emplace_back(pin, tables);
}

void Transaction::unpin(const std::string& pin) { impl_->unpins.push_back(pin); }

SnapshotPtr Transaction::commit() {
  if (impl_->committed) throw std::logic_error("transaction committed twice");
  Store::Impl& s = *impl_->store.impl_;
  Store::crashPoint("commit.before_lock");
  FileLock lock(s.lockPath());
  SnapshotPtr base = s.loadLatest();
  for (const auto& [key, expected] : impl_->required_meta) {
    const std::string* value = base->metaValue(key);
    if ((value ? *value : std::string()) != expected)
      throw CodedError("META_CONFLICT", "the store's " + key + " changed while this transaction was prepared");
  }
  auto next = std::make_shared<Snapshot>(*base);
  next->version = base->version + 1;
  for (const auto& pin : impl_->unpins) next->pins.erase(pin);
  for (const auto& [pin, tables] : impl_->pin_tables) {
    auto& list = next->pins[pin];
    for (const auto& table : tables) {
      auto it = base->parts.find(table);
      if (it != base->parts.end()) list.insert(list.end(), it->second.begin(), it->second.end());
    }
  }
  for (const auto& [key, value] : impl_->set_meta) {
    if (value.empty()) next->meta.erase(key);
    else next->meta[key] = value;
  }
  for (const auto& name : impl_->drops) {
    next->tables.erase(name);
    next->parts.erase(name);
  }
  for (const auto& spec : impl_->creates) {
    auto it = next->tables.find(spec.name);
    if (it != next->tables.end()) {
      if (tableSpecToJson(it->second) != tableSpecToJson(spec))
        throw std::runtime_error("table " + spec.name + " already exists with a different definition");
      continue;
    }
    next->tables.emplace(spec.name, spec);
    next->parts[spec.name];
  }
  std::set<std::string> removed_names;
  for (const auto& [table, name] : impl_->removed) {
    auto& list = next->parts[table];
    auto it = std::find_if(list.begin(), list.end(), [&](const PartPtr& p) { return p->name == name; });
    if (it == list.end())
      throw std::runtime_error(fmt::format("conflict: part {} of table {} is no longer in the store", name, table));
    list.erase(it);
    removed_names.insert(name);
  }
  for (const auto& part : impl_->added) {
    if (!next->tables.count(part->table)) throw std::runtime_error("commit: unknown table " + part->table);
    next->parts[part->table].push_back(part);
  }
  for (auto& [table, list] : next->parts) sortParts(list);
  next->last_sequence = std::max(base->last_sequence, impl_->max_reserved);

  // 1. parts: tmp/ -> parts/ (each already fsynced with its folder).
  for (const auto& part : impl_->added) {
    fs::path tmp = s.tmpPartDir(part->name);
    if (fs::exists(tmp)) {
      renamePath(tmp, s.partsDir() / part->name);
      Store::crashPoint("commit.part_renamed");
    }
  }
  syncFolder(s.partsDir());
  Store::crashPoint("commit.parts_renamed");
  // 2. the manifest.
  fs::path tmp_manifest = s.manifestsDir() / fmt::format("{}.json.tmp", next->version);
  fs::path manifest = s.manifestsDir() / fmt::format("{}.json", next->version);
  writeFileSynced(tmp_manifest, snapshotToJson(*next).dump());
  Store::crashPoint("commit.manifest_written");
  renamePath(tmp_manifest, manifest);
  Store::crashPoint("commit.manifest_renamed");
  syncFolder(s.manifestsDir());
  Store::crashPoint("commit.manifest_synced");
  impl_->committed = true;
  for (const auto& part : impl_->added) unregisterPending(s.tmpPartDir(part->name).string());
  SnapshotPtr result = next;
  s.remember(result);
  // Our own references to older snapshots must not keep replaced parts alive.
  base.reset();
  impl_->keep_alive.clear();

  // 3. cleanup: the previous-but-one manifest and replaced parts nobody in this process reads.
  std::error_code ec;
  if (next->version > 2) fs::remove(s.manifestsDir() / fmt::format("{}.json", next->version - 2), ec);
  if (!removed_names.empty()) {
    std::set<std::string> live = s.liveParts();
    Store::Impl::referencedParts(*next, live);
    for (const auto& name : removed_names) {
      if (live.count(name)) continue;
      fs::remove_all(s.partsDir() / name, ec);
      Store::crashPoint("commit.part_removed");
    }
  }
  return result;
}

}  // namespace ferry::rt
