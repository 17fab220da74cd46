/// Ingestion: NDJSON (with jsonpaths) and CSV (with a header) into blocks of a table's columns.
/// Rows that do not fit go to quarantine with the reason and the raw row, as Tinybird does:
/// nothing is silently dropped. Parsing is batched (simdjson's document stream for NDJSON) and
/// emits blocks of `batch_rows` rows so memory stays flat on large files.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/physical/physical_plan.h"

namespace ferry::rt {

enum class InputFormat : uint8_t { Ndjson, Csv };

struct IngestColumn {
  std::string name;
  ColumnTypePtr type;
  /// The column's jsonpath as written after `json:` (`$.a.b`, `$.items[:]`, `$.a[:].b`, `$`);
  /// empty: `$.<name>`. Ignored for CSV (columns match header names, or positions without one).
  std::string jsonpath;
  /// The DEFAULT expression, over the block of this table's columns parsed so far (a DEFAULT may
  /// read other columns); null: the type's default value. Applied when the field is missing
  /// (NDJSON: absent or null for a non-Nullable column; CSV: an empty unquoted field).
  ExprPtr default_expr;
};

struct IngestOptions {
  InputFormat format = InputFormat::Ndjson;
  /// Rows per batch (one store commit each); a batch also ends at 256 MiB. ClickHouse forms insert
  /// blocks the same way (min_insert_block_size_rows = 1048449, _bytes = 256 MiB): fewer, larger
  /// parts, and fewer merges after.
  size_t batch_rows = 1048576;
  bool csv_header = true;  ///< first CSV line names the columns
  char csv_delimiter = ',';
};

/// The quarantine table's rows, one per rejected input row, in Tinybird's layout: every column of
/// the table as Nullable(String) (the raw text of the field, NULL when absent), then
/// `c__error_column Array(String)`, `c__error Array(String)`, `c__import_id Nullable(String)`,
/// `insertion_date DateTime`.
std::vector<IngestColumn> quarantineColumns(const std::vector<IngestColumn>& table_columns);

struct IngestStats {
  uint64_t rows = 0;         ///< appended to the table
  uint64_t quarantined = 0;  ///< sent to quarantine
  uint64_t bytes = 0;        ///< input bytes read
};

/// Reads `input` and calls `sink(rows, quarantine)` per batch: `rows` has exactly `columns`,
/// `quarantine` the quarantineColumns(columns) (both may be empty blocks). `import_id` and
/// `insertion_time` fill the quarantine's metadata columns. A malformed line (bad JSON, wrong
/// number of CSV fields) is quarantined with its raw text, never dropped.
/// Throws std::runtime_error only for I/O failure.
IngestStats ingest(std::istream& input, const std::vector<IngestColumn>& columns,
                   const IngestOptions& options, const std::string& import_id, int64_t insertion_time,
                   const std::function<void(Block rows, Block quarantine)>& sink);

}  // namespace ferry::rt
