/// Which parts get merged, and the merge transaction: OPTIMIZE [FINAL] and the background policy.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "runtime/storage/store.h"

namespace ferry::rt {

namespace {

/// Parts of each partition, in insertion order (part names start with their sequence range).
std::map<std::string, std::vector<PartPtr>> byPartition(const std::vector<PartPtr>& parts) {
  std::map<std::string, std::vector<PartPtr>> out;
  for (const auto& p : parts) out[p->partition_id].push_back(p);
  return out;
}

/// Reads, merges and writes `parts` (one partition, insertion order) into `txn`.
void mergeParts(Store& store, Transaction& txn, const TableSpec& spec, const std::vector<PartPtr>& parts,
                const KeyEvaluator& keys, int64_t now) {
  std::vector<std::string> names;
  for (const auto& c : spec.columns) names.push_back(c.name);
  std::vector<Block> blocks;
  uint32_t level = 0;
  uint64_t min_seq = UINT64_MAX, max_seq = 0;
  for (const auto& p : parts) {
    blocks.push_back(store.readPart(*p, names));
    level = std::max(level, p->level);
    min_seq = std::min(min_seq, p->min_sequence);
    max_seq = std::max(max_seq, p->max_sequence);
  }
  Store::crashPoint("merge.parts_read");
  Block merged_keys;
  Block merged = mergeRowsWithMode(spec, blocks, keys, MergeMode::Merge, now, &merged_keys);
  blocks.clear();
  if (merged.rows > 0)
    txn.addPart(store.writePartWithKeys(spec, merged, merged_keys, parts.front()->partition_id, level + 1, min_seq, max_seq));
  Store::crashPoint("merge.part_written");
  for (const auto& p : parts) txn.removePart(spec.name, p->name);
}

}  // namespace

std::vector<PartPtr> partsInFinalOrder(std::vector<PartPtr> parts) {
  std::stable_sort(parts.begin(), parts.end(), [](const PartPtr& a, const PartPtr& b) {
    if (a->partition_id != b->partition_id) return a->partition_id < b->partition_id;
    if (a->min_sequence != b->min_sequence) return a->min_sequence < b->min_sequence;
    return a->name < b->name;
  });
  return parts;
}

size_t optimizeTable(Store& store, const std::string& table, const KeyEvaluator& keys, bool final, int64_t now) {
  SnapshotPtr snap = store.snapshot();
  auto it = snap->tables.find(table);
  if (it == snap->tables.end()) throw std::runtime_error("optimize: unknown table " + table);
  const TableSpec spec = it->second;
  if (spec.engine.kind == EngineKind::Null) return 0;
  auto partitions = byPartition(snap->parts.at(table));
  snap.reset();  // replaced parts must not stay pinned by this snapshot once the merge commits
  Transaction txn(store);
  size_t replaced = 0;
  for (const auto& [id, parts] : partitions) {
    // FINAL re-merges even a single part (engine semantics, TTL); otherwise a merge needs two.
    if (parts.empty() || (!final && parts.size() < 2)) continue;
    mergeParts(store, txn, spec, parts, keys, now);
    replaced += parts.size();
  }
  if (replaced) txn.commit();
  return replaced;
}

size_t maybeMergeInBackground(Store& store, const std::string& table, const KeyEvaluator& keys, int64_t now,
                              size_t max_small_parts) {
  SnapshotPtr snap = store.snapshot();
  auto it = snap->tables.find(table);
  if (it == snap->tables.end()) return 0;
  const TableSpec spec = it->second;
  if (spec.engine.kind == EngineKind::Null) return 0;
  auto partitions = byPartition(snap->parts.at(table));
  snap.reset();
  Transaction txn(store);
  size_t replaced = 0;
  for (const auto& [id, parts] : partitions) {
    // The newest run of level-0 parts (contiguous in insertion order, so merging keeps the order
    // Replacing/Collapsing semantics depend on).
    size_t tail = parts.size();
    while (tail > 0 && parts[tail - 1]->level == 0) --tail;
    std::vector<PartPtr> run(parts.begin() + long(tail), parts.end());
    if (run.size() > max_small_parts) {
      mergeParts(store, txn, spec, run, keys, now);
      replaced += run.size();
    } else if (parts.size() > 2 * max_small_parts) {
      mergeParts(store, txn, spec, parts, keys, now);
      replaced += parts.size();
    }
  }
  if (replaced) txn.commit();
  return replaced;
}

}  // namespace ferry::rt
