#include "runtime/deploy/backfill.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <ctime>
#include <map>
#include <set>

#include <tbb/parallel_pipeline.h>

#include "runtime/column/value_text.h"
#include "runtime/deploy/deployment_journal.h"

namespace ferry::rt {

namespace {

/// Rows of offending-row searches: counting stops here (a lower bound is reported).
constexpr uint64_t kMaxOffendingRows = 10000;
constexpr size_t kSampleRows = 5;

/// One way a new table is filled from one live table: a forward query, or a staging view replayed.
struct Fill {
  std::string key;            ///< journal key
  std::string label;          ///< the staged table (for progress)
  std::string source_logical; ///< what the plan scans
  std::string source;         ///< the live physical table whose pinned parts are read
  const StagedTable* table = nullptr;  ///< Forward fills
  const PhysicalView* view = nullptr;  ///< view replays
};

/// Scans of `table` read `rows`; nothing else exists (forward queries read one table).
class BlockProvider final : public TableProvider {
 public:
  BlockProvider(std::string table, const Block& rows) : table_(std::move(table)), rows_(rows) {}
  void scan(const std::string& table, const std::vector<std::string>& columns, const Expr*, bool,
            const std::function<void(Block)>& sink) const override {
    if (table != table_) throw CodedError("UNKNOWN_TABLE", "Table " + table + " does not exist");
    Block out;
    for (const auto& name : columns) {
      int i = rows_.find(name);
      if (i < 0) throw CodedError("NO_SUCH_COLUMN_IN_TABLE", "There is no column '" + name + "' in table " + table);
      out.add(name, rows_.columns[size_t(i)]);
    }
    out.rows = rows_.rows;
    sink(std::move(out));
  }

 private:
  std::string table_;
  const Block& rows_;
};

std::string rowJson(const Block& rows, size_t row) {
  std::string out = "{";
  for (size_t c = 0; c < rows.columns.size(); ++c) {
    if (c) out += ", ";
    out += "\"" + rows.names[c] + "\": ";
    std::string value;
    formatValue(*rows.columns[c], row, TextFormat::Json, value);
    out += value;
  }
  return out + "}";
}

/// An error as a sentence: its code (when it has one) and its message.
std::string describe(const std::exception& e) {
  std::string message = e.what();
  if (const auto* coded = dynamic_cast<const CodedError*>(&e); coded && !coded->code.empty())
    message = message.empty() ? coded->code : coded->code + ": " + message;
  return message.empty() ? std::string("the conversion failed") : message;
}

/// Finds the rows of `rows` the plan fails on, by halving: a failing range is split until single
/// rows remain. Stops counting at kMaxOffendingRows.
void findOffending(const PlanNode& plan, const std::string& table, const Block& rows, size_t begin, size_t end,
                   OffendingRows& out) {
  if (begin >= end || out.more) return;
  Block part = sliceRows(rows, begin, end);
  try {
    BlockProvider provider(table, part);
    executeToBlock(plan, provider);
    return;
  } catch (const std::exception& e) {
    if (end - begin == 1) {
      if (out.error.empty()) out.error = describe(e);
      if (++out.count >= kMaxOffendingRows) out.more = true;
      if (out.sample.size() < kSampleRows) out.sample.push_back(rowJson(rows, begin));
      return;
    }
  }
  size_t mid = begin + (end - begin) / 2;
  findOffending(plan, table, rows, begin, mid, out);
  findOffending(plan, table, rows, mid, end, out);
}

uint64_t partBytes(const PartInfo& part) {
  uint64_t bytes = 0;
  for (const auto& c : part.columns)
    for (const auto& s : c.streams) bytes += s.bytes;
  return bytes;
}

std::vector<std::string> columnNames(const TableDefinition& def) {
  std::vector<std::string> names;
  for (const auto& c : def.spec.columns) names.push_back(c.name);
  return names;
}

}  // namespace

bool backfillDone(const Database& db) {
  auto snapshot = const_cast<Database&>(db).store().snapshot();
  const std::string* text = snapshot->metaValue(kJournalMetaKey);
  return text && DeploymentJournal::parse(*text).phase == "ready";
}

void runBackfill(Database& db, const StagingSpec& spec, const std::function<void(const BackfillProgress&)>& report) {
  db.reload();
  const auto& staging = db.state().staging;
  if (!staging || staging->id != spec.id)
    throw CodedError("NO_STAGING_DEPLOYMENT", "deployment " + spec.id + " is not staging");
  auto snapshot = db.store().snapshot();
  const std::string* journal_text = snapshot->metaValue(kJournalMetaKey);
  DeploymentJournal journal = journal_text ? DeploymentJournal::parse(*journal_text) : DeploymentJournal{};
  if (journal.id != spec.id) {
    journal = DeploymentJournal{};
    journal.id = spec.id;
  }
  if (journal.phase == "ready") return;
  std::string journal_now = journal_text ? *journal_text : std::string();

  std::map<std::string, const StagedTable*> staged;  // physical -> fill
  for (const auto& t : spec.tables) staged[db.physicalName(DeploymentRole::Staging, t.name)] = &t;
  auto fillOf = [&](const std::string& physical) -> const StagedTable* {
    auto it = staged.find(physical);
    return it == staged.end() ? nullptr : it->second;
  };
  // Backfill writes cascade only into new tables filled by their views (a Forward table has its
  // own fill; a shared table is live's, never written by a backfill).
  ViewFilter cascade = [&](const PhysicalView& view) {
    const StagedTable* target = fillOf(view.target);
    return view.role == DeploymentRole::Staging && target && target->fill == StagedTable::Fill::Views;
  };

  std::vector<Fill> fills;
  for (const auto& t : spec.tables) {
    if (t.fill != StagedTable::Fill::Forward) continue;
    fills.push_back({"forward " + t.name, t.name, t.forward_source,
                     db.physicalName(DeploymentRole::Live, t.forward_source), &t, nullptr});
  }
  for (const auto& view : db.physicalViews()) {
    if (view.role != DeploymentRole::Staging || !cascade(view) || fillOf(view.source)) continue;
    fills.push_back({"view " + view.view.name + " " + view.target, view.view.target, view.view.source, view.source,
                     nullptr, &view});
  }

  std::string pin = "deployment " + spec.id + " cut";
  std::map<std::string, std::vector<PartPtr>> pinned;  // physical table -> parts at the cut
  if (auto it = snapshot->pins.find(pin); it != snapshot->pins.end())
    for (const auto& part : it->second) pinned[part->table].push_back(part);

  BackfillProgress progress;
  for (const auto& fill : fills)
    for (const auto& part : pinned[fill.source]) {
      progress.rows_total += part->rows;
      progress.bytes_total += partBytes(*part);
      if (journal.done.count(fill.key + "#" + part->name)) {
        progress.rows_done += part->rows;
        progress.rows_resumed += part->rows;
        progress.bytes_done += partBytes(*part);
      }
    }

  // The chunks left, in order. Two are prepared at once (read, converted, views fired, parts
  // written), on the task pool; they commit one by one in order, each with its journal entry.
  struct Chunk {
    const Fill* fill;
    PartPtr part;
  };
  std::vector<Chunk> chunks;
  for (const auto& fill : fills)
    for (const auto& part : pinned[fill.source])
      if (!journal.done.count(fill.key + "#" + part->name)) chunks.push_back({&fill, part});
  struct Prepared {
    const Chunk* chunk = nullptr;
    std::shared_ptr<Transaction> tx;
    std::exception_ptr error;
    bool forward_failed = false;
  };
  const std::string state_text = db.stateText();
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  size_t next = 0;
  auto prepare = [&](const Chunk& chunk) {
    Prepared out;
    out.chunk = &chunk;
    const Fill& fill = *chunk.fill;
    try {
      out.tx = std::make_shared<Transaction>(db.store());
      AppendResult result;
      const uint64_t sequence = chunk.part->max_sequence;  // backfilled rows keep sequences up to the cut
      if (fill.table) {
        const std::string target = db.physicalName(DeploymentRole::Staging, fill.table->name);
        auto reader = db.reader(DeploymentRole::Live, snapshot, fill.source_logical, chunk.part);
        ExecOptions options;
        options.now = std::time(nullptr);
        Block converted;
        try {
          converted = executeToBlock(*fill.table->forward, *reader, options);
        } catch (...) {
          out.forward_failed = true;
          throw;
        }
        Block rows = db.conform(target, converted);
        if (fill.table->share_files && rows.rows == chunk.part->rows)
          db.writeShared(*out.tx, target, *chunk.part, rows, cascade, result);
        else
          db.write(*out.tx, target, rows, sequence, cascade, result);
      } else {
        const TableDefinition* source = db.physicalTable(fill.source);
        Block rows = db.store().readPart(*chunk.part, columnNames(*source));
        rows.rows = chunk.part->rows;
        db.fireView(*out.tx, *fill.view, rows, sequence, cascade, result);
      }
    } catch (...) {
      out.error = std::current_exception();
      out.tx.reset();  // its parts are removed
    }
    return out;
  };
  auto commit = [&](Prepared& prepared) {
    const Chunk& chunk = *prepared.chunk;
    const Fill& fill = *chunk.fill;
    if (prepared.error && prepared.forward_failed) {
      // Every live part of the source is searched (parts that convert cleanly cost one run): the
      // report counts all the rows the change cannot carry, not only this chunk's.
      std::string first;
      try {
        std::rethrow_exception(prepared.error);
      } catch (const std::exception& e) {
        first = describe(e);
      }
      const TableDefinition* source = db.physicalTable(fill.source);
      OffendingRows offending;
      offending.table = fill.table->name;
      offending.source = fill.source_logical;
      for (const auto& searched : pinned[fill.source]) {
        if (offending.more) break;
        Block rows = db.store().readPart(*searched, columnNames(*source));
        rows.rows = searched->rows;
        findOffending(*fill.table->forward, fill.source_logical, rows, 0, rows.rows, offending);
      }
      if (offending.error.empty()) offending.error = first;
      if (offending.count == 0) offending.count = chunk.part->rows;  // the failure is not per row
      std::string message = "the forward query of " + fill.table->name + " fails on live rows of " +
                            fill.source_logical + " (" + offending.error + ")";
      throw BackfillError("CANNOT_CONVERT", message, std::move(offending));
    }
    if (prepared.error) std::rethrow_exception(prepared.error);
    Transaction& tx = *prepared.tx;
    tx.requireMeta(kDeploymentsMetaKey, state_text);
    // Two backfills of one deployment at once would apply chunks twice: each chunk commits over
    // the journal it read.
    tx.requireMeta(kJournalMetaKey, journal_now);
    journal.done.insert(fill.key + "#" + chunk.part->name);
    journal.rows_done += chunk.part->rows;
    std::string journal_next = journal.toText();
    tx.setMeta(kJournalMetaKey, journal_next);
    tx.commit();
    journal_now = std::move(journal_next);
    Store::crashPoint("deploy.step");
    progress.table = fill.label;
    progress.rows_done += chunk.part->rows;
    progress.bytes_done += partBytes(*chunk.part);
    if (report) report(progress);
  };
  tbb::parallel_pipeline(
      2,
      tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& fc) -> size_t {
                                             if (stop.load() || next >= chunks.size()) {
                                               fc.stop();
                                               return 0;
                                             }
                                             return next++;
                                           }) &
          tbb::make_filter<size_t, std::shared_ptr<Prepared>>(
              tbb::filter_mode::parallel,
              [&](size_t chunk) {
                if (stop.load()) return std::shared_ptr<Prepared>();
                return std::make_shared<Prepared>(prepare(chunks[chunk]));
              }) &
          tbb::make_filter<std::shared_ptr<Prepared>, void>(tbb::filter_mode::serial_in_order,
                                                            [&](std::shared_ptr<Prepared> prepared) {
                                                              if (!prepared || stop.load()) return;
                                                              try {
                                                                commit(*prepared);
                                                              } catch (...) {
                                                                failure = std::current_exception();
                                                                stop = true;
                                                              }
                                                            }));
  if (failure) std::rethrow_exception(failure);
  Transaction tx(db.store());
  tx.requireMeta(kDeploymentsMetaKey, db.stateText());
  tx.requireMeta(kJournalMetaKey, journal_now);
  journal.phase = "ready";
  tx.setMeta(kJournalMetaKey, journal.toText());
  tx.commit();
  Store::crashPoint("deploy.step");
}

}  // namespace ferry::rt
