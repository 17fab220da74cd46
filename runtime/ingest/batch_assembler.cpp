#include "runtime/ingest/batch_assembler.h"

#include <algorithm>

#include "runtime/ingest/batch_builder.h"

namespace ferry::rt {

BatchAssembler::BatchAssembler(const std::vector<IngestColumn>& columns, size_t batch_rows,
                               std::function<void(Block, Block)> sink)
    : columns_(columns),
      quarantine_columns_(quarantineColumns(columns)),
      batch_rows_(batch_rows ? batch_rows : 65536),
      sink_(std::move(sink)) {
  start();
}

void BatchAssembler::start() {
  rows_.clear();
  quarantine_.clear();
  for (const auto& c : columns_) rows_.push_back(makeColumn(c.type));
  for (const auto& c : quarantine_columns_) quarantine_.push_back(makeColumn(c.type));
  row_count_ = quarantine_count_ = 0;
}

size_t BatchAssembler::batchBytes() const {
  size_t bytes = 0;
  for (const auto& c : rows_) bytes += heldBytes(*c);
  return bytes;
}

void BatchAssembler::add(const Block& rows, const Block& quarantine) {
  // The quarantine rows first: a rejected line then commits no later than the rows after it
  // (a chunk's rejected lines all come before its rows), so a batch that committed implies every
  // rejected line before its last row did too.
  for (size_t begin = 0; begin < quarantine.rows;) {
    size_t take = std::min(batch_rows_ - quarantine_count_, quarantine.rows - begin);
    for (size_t c = 0; c < quarantine_.size(); ++c)
      appendRange(*quarantine_[c], *quarantine.columns[c], begin, begin + take);
    quarantine_count_ += take;
    begin += take;
    if (quarantine_count_ >= batch_rows_) emit();
  }
  for (size_t begin = 0; begin < rows.rows;) {
    size_t take = std::min(batch_rows_ - row_count_, rows.rows - begin);
    for (size_t c = 0; c < rows_.size(); ++c) appendRange(*rows_[c], *rows.columns[c], begin, begin + take);
    row_count_ += take;
    begin += take;
    if (row_count_ >= batch_rows_ || batchBytes() >= kMaxBatchBytes) emit();
  }
}

void BatchAssembler::finish() {
  if (row_count_ > 0 || quarantine_count_ > 0) emit();
}

void BatchAssembler::emit() {
  Block rows, quarantine;
  for (size_t c = 0; c < rows_.size(); ++c) rows.add(columns_[c].name, rows_[c]);
  rows.rows = row_count_;
  for (size_t c = 0; c < quarantine_.size(); ++c) quarantine.add(quarantine_columns_[c].name, quarantine_[c]);
  quarantine.rows = quarantine_count_;
  total_rows_ += row_count_;
  total_quarantined_ += quarantine_count_;
  start();
  sink_(std::move(rows), std::move(quarantine));
}

}  // namespace ferry::rt
