/// Keys of a table's rows as storage uses them: the KeyEvaluator's output checked and normalized,
/// the sort order of a part, partition ids, and the key ranges recorded per part.
#pragma once

#include <string>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/storage/table_spec.h"

namespace ferry::rt::storage {

/// Number of columns the evaluator returns for `spec` (partition, sorting keys, TTL).
size_t keyColumnCount(const TableSpec& spec);
/// Index of the first sorting-key column in the evaluator's output.
inline size_t sortingKeyOffset(const TableSpec& spec) { return spec.has_partition_key ? 1 : 0; }

/// keys.evaluate(rows), checked (column count, row counts) and with const columns materialized.
/// Tables without keys get an empty block without calling the evaluator.
Block evaluateKeys(const TableSpec& spec, const KeyEvaluator& keys, const Block& rows);

/// The columns rows are ordered by: the sorting-key values, then (VersionedCollapsingMergeTree)
/// the version column, as ClickHouse appends it to the sorting key.
std::vector<const Column*> orderColumns(const TableSpec& spec, const Block& rows, const Block& keys);
/// Rows a and b have equal values in all `columns`.
bool sameKey(const std::vector<const Column*>& columns, size_t a, size_t b);

/// The id of row `row`'s partition: its printed value when path-safe, else a hash of it.
std::string partitionIdOf(const Column& partition, size_t row);

/// Min and max of every column of `keys` (empty block: empty ranges).
void keyRanges(const Block& keys, std::vector<Field>& mins, std::vector<Field>& maxs);

/// Folder-safe form of a name (table names in part names).
std::string safeName(const std::string& name);

}  // namespace ferry::rt::storage
