/// The columns of one batch being filled by a reader, the quarantine rows of the same batch, and
/// the DEFAULTs of missing fields. Readers append values straight into the column buffers (no
/// per-value allocation), then `commitRow` or `rejectRow`; `flush` applies DEFAULT expressions
/// over the whole batch and hands the blocks to the sink.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/ingest/ingest.h"

namespace ferry::rt {

/// A batch also ends at this many bytes (ClickHouse's min_insert_block_size_bytes), so wide rows
/// do not hold a million rows in memory.
constexpr size_t kMaxBatchBytes = size_t(256) << 20;

/// Bytes a column holds (nested columns included): the batch's memory bound.
size_t heldBytes(const Column& column);

class BatchBuilder {
 public:
  BatchBuilder(const std::vector<IngestColumn>& columns, size_t batch_rows, std::string import_id,
               int64_t insertion_time, std::function<void(Block, Block)> sink);

  Column& column(size_t i) { return *columns_[i]; }
  size_t columnCount() const { return columns_.size(); }
  size_t rows() const { return rows_; }

  /// The field of column `i` is absent (or null for a non-Nullable column) in the current row:
  /// appends its DEFAULT (a literal at once; an expression is evaluated over the batch at flush).
  void appendMissing(size_t i);
  /// The current row is complete: every column has exactly rows()+1 values.
  void commitRow();
  /// Undoes the current row's appends and records it in quarantine: `raw[i]` is column i's raw
  /// field text (nullopt when absent); errors are (column name, message) pairs.
  void rejectRow(const std::vector<std::optional<std::string>>& raw,
                 const std::vector<std::pair<std::string, std::string>>& errors);
  /// Emits the batch (if non-empty) and starts a new one.
  void flush();

  uint64_t totalRows() const { return total_rows_; }
  uint64_t totalQuarantined() const { return total_quarantined_; }

 private:
  void reset();

  const std::vector<IngestColumn>& defs_;
  size_t batch_rows_;
  std::string import_id_;
  int64_t insertion_time_;
  std::function<void(Block, Block)> sink_;
  std::vector<IngestColumn> quarantine_defs_;

  std::vector<ColumnPtr> columns_;
  std::vector<ColumnPtr> quarantine_;
  size_t rows_ = 0;
  size_t quarantined_ = 0;
  /// Per column: the literal DEFAULT as a one-row column (or null), and rows awaiting an
  /// expression DEFAULT.
  std::vector<ColumnPtr> literal_defaults_;
  std::vector<std::vector<uint32_t>> pending_defaults_;
  uint64_t total_rows_ = 0, total_quarantined_ = 0;
};

}  // namespace ferry::rt
