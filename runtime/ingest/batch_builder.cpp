#include "runtime/ingest/batch_builder.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "runtime/column/value_text.h"
#include "runtime/exec/executor.h"

namespace ferry::rt {

BatchBuilder::BatchBuilder(const std::vector<IngestColumn>& columns, size_t batch_rows, std::string import_id,
                           int64_t insertion_time, std::function<void(Block, Block)> sink)
    : defs_(columns),
      batch_rows_(batch_rows ? batch_rows : 65536),
      import_id_(std::move(import_id)),
      insertion_time_(insertion_time),
      sink_(std::move(sink)),
      quarantine_defs_(quarantineColumns(columns)) {
  literal_defaults_.resize(defs_.size());
  pending_defaults_.resize(defs_.size());
  for (size_t i = 0; i < defs_.size(); ++i) {
    const ExprPtr& expr = defs_[i].default_expr;
    if (!expr || expr->kind != ExprKind::Literal) continue;
    // A literal DEFAULT is converted once; a literal the column cannot hold goes through exec.
    try {
      auto value = makeColumn(defs_[i].type);
      appendField(*value, expr->literal);
      literal_defaults_[i] = value;
    } catch (const std::exception&) {
    }
  }
  reset();
}

void BatchBuilder::reset() {
  columns_.clear();
  quarantine_.clear();
  for (const auto& def : defs_) {
    columns_.push_back(makeColumn(def.type));
    if (size_t w = fixedWidth(layoutType(*def.type))) columns_.back()->data.reserve(std::min<size_t>(batch_rows_, 65536) * w);
  }
  for (const auto& def : quarantine_defs_) quarantine_.push_back(makeColumn(def.type));
  rows_ = 0;
  quarantined_ = 0;
  for (auto& pending : pending_defaults_) pending.clear();
}

void BatchBuilder::appendMissing(size_t i) {
  const IngestColumn& def = defs_[i];
  if (literal_defaults_[i]) {
    appendFrom(*columns_[i], *literal_defaults_[i], 0);
    return;
  }
  if (def.default_expr) pending_defaults_[i].push_back(uint32_t(rows_));
  appendDefault(*columns_[i]);
}

size_t heldBytes(const Column& c) {
  size_t bytes = c.data.size() + c.offsets.size() * sizeof(uint64_t) + c.nulls.size();
  for (const auto& child : c.children) bytes += heldBytes(*child);
  return bytes;
}

void BatchBuilder::commitRow() {
  ++rows_;
  if (rows_ >= batch_rows_) {
    flush();
  } else if ((rows_ & 4095) == 0) {
    size_t bytes = 0;
    for (const auto& c : columns_) bytes += heldBytes(*c);
    if (bytes >= kMaxBatchBytes) flush();
  }
}

void BatchBuilder::rejectRow(const std::vector<std::optional<std::string>>& raw,
                             const std::vector<std::pair<std::string, std::string>>& errors) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    truncateColumn(*columns_[i], rows_);
    auto& pending = pending_defaults_[i];
    if (!pending.empty() && pending.back() >= rows_) pending.pop_back();
  }
  size_t n = defs_.size();
  for (size_t i = 0; i < n; ++i) {
    appendField(*quarantine_[i], i < raw.size() && raw[i] ? Field(*raw[i]) : Field());
  }
  FieldArray names, messages;
  for (const auto& [column, message] : errors) {
    names.emplace_back(column);
    messages.emplace_back(message);
  }
  appendField(*quarantine_[n], Field(std::move(names)));
  appendField(*quarantine_[n + 1], Field(std::move(messages)));
  appendField(*quarantine_[n + 2], import_id_.empty() ? Field() : Field(import_id_));
  appendField(*quarantine_[n + 3], Field(int64_t(insertion_time_)));
  ++quarantined_;
  if (quarantined_ >= batch_rows_) flush();
}

void BatchBuilder::flush() {
  if (rows_ == 0 && quarantined_ == 0) return;
  Block rows;
  for (size_t i = 0; i < defs_.size(); ++i) rows.add(defs_[i].name, columns_[i]);
  rows.rows = rows_;
  // Expression DEFAULTs read the batch's other columns: evaluate once per batch, then take the
  // value of the rows whose field was missing. A DEFAULT that fails sends its rows to quarantine.
  std::vector<uint8_t> keep;
  std::vector<std::vector<std::pair<std::string, std::string>>> failures;
  for (size_t i = 0; i < defs_.size(); ++i) {
    auto& pending = pending_defaults_[i];
    if (pending.empty()) continue;
    ColumnPtr evaluated;
    try {
#ifdef FERRY_INGEST_WITHOUT_EXEC
      throw std::runtime_error("expression DEFAULTs need the executor (ferry_exec), not built");
#else
      evaluated = materialize(evaluate(*defs_[i].default_expr, rows));
#endif
    } catch (const std::exception& e) {
      if (keep.empty()) {
        keep.assign(rows_, 1);
        failures.resize(rows_);
      }
      for (uint32_t r : pending) {
        keep[r] = 0;
        failures[r].emplace_back(defs_[i].name, std::string("DEFAULT of column '") + defs_[i].name + "' failed: " + e.what());
      }
      continue;
    }
    auto merged = makeColumn(defs_[i].type);
    size_t next = 0;
    for (size_t r = 0; r < rows_; ++r) {
      if (next < pending.size() && pending[next] == r) {
        appendFrom(*merged, *evaluated, r);
        ++next;
      } else {
        appendFrom(*merged, *columns_[i], r);
      }
    }
    rows.columns[i] = merged;
  }
  if (!keep.empty()) {
    size_t n = defs_.size();
    for (size_t r = 0; r < rows_; ++r) {
      if (keep[r]) continue;
      for (size_t i = 0; i < n; ++i) {
        std::string text;
        formatValue(*rows.columns[i], r, TextFormat::Pretty, text);
        appendField(*quarantine_[i], Field(std::move(text)));
      }
      FieldArray names, messages;
      for (const auto& [column, message] : failures[r]) {
        names.emplace_back(column);
        messages.emplace_back(message);
      }
      appendField(*quarantine_[n], Field(std::move(names)));
      appendField(*quarantine_[n + 1], Field(std::move(messages)));
      appendField(*quarantine_[n + 2], import_id_.empty() ? Field() : Field(import_id_));
      appendField(*quarantine_[n + 3], Field(int64_t(insertion_time_)));
      ++quarantined_;
      --rows_;
    }
    for (auto& column : rows.columns) column = filter(*column, keep);
    rows.rows = rows_;
  }
  Block quarantine;
  for (size_t i = 0; i < quarantine_defs_.size(); ++i) quarantine.add(quarantine_defs_[i].name, quarantine_[i]);
  quarantine.rows = quarantined_;
  total_rows_ += rows_;
  total_quarantined_ += quarantined_;
  reset();
  sink_(std::move(rows), std::move(quarantine));
}

}  // namespace ferry::rt
