/// Reassembles the blocks parsed from consecutive chunks of the input (in input order) into the
/// batches the sink commits: exactly `batch_rows` rows each (the last one fewer), or fewer when
/// the batch reaches 256 MiB, as a single-threaded reader would have cut them. Chunks are parsed
/// in parallel; their blocks arrive here in order, and are appended while later chunks are still
/// being parsed.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/ingest/ingest.h"

namespace ferry::rt {

class BatchAssembler {
 public:
  BatchAssembler(const std::vector<IngestColumn>& columns, size_t batch_rows,
                 std::function<void(Block, Block)> sink);

  /// Appends a chunk's rows and quarantine rows (blocks of the table's and the quarantine's
  /// columns), emitting every batch that fills up.
  void add(const Block& rows, const Block& quarantine);
  /// Emits what is left.
  void finish();

  uint64_t totalRows() const { return total_rows_; }
  uint64_t totalQuarantined() const { return total_quarantined_; }

 private:
  void start();
  void emit();
  size_t batchBytes() const;

  std::vector<IngestColumn> columns_, quarantine_columns_;
  size_t batch_rows_;
  std::function<void(Block, Block)> sink_;
  std::vector<ColumnPtr> rows_, quarantine_;
  size_t row_count_ = 0, quarantine_count_ = 0;
  uint64_t total_rows_ = 0, total_quarantined_ = 0;
};

}  // namespace ferry::rt
