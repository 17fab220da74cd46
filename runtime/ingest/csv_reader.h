/// CSV into a BatchBuilder, with ClickHouse's CSV input rules: RFC 4180 quoting (fields in "...",
/// `""` for a quote, line breaks allowed inside quotes), an empty unquoted field takes the
/// column's DEFAULT, an unquoted `\N` is NULL (the DEFAULT for a non-Nullable column), spaces
/// around unquoted fields are trimmed. A record whose field count differs from the header's is
/// quarantined with its fields.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/ingest/batch_builder.h"

namespace ferry::rt {

struct CsvField {
  std::string_view text;
  bool quoted = false;
};

/// Splits CSV records out of a growing buffer.
class CsvSplitter {
 public:
  explicit CsvSplitter(char delimiter) : delimiter_(delimiter) {}
  /// Parses one record starting at `data[0]`. Returns the bytes consumed (including the line
  /// break), or 0 when the record is incomplete and `eof` is false. Quoted fields are unescaped
  /// into internal storage; `fields` stay valid until the next call.
  size_t next(std::string_view data, bool eof, std::vector<CsvField>& fields);

 private:
  char delimiter_;
  std::string unquoted_;
};

class CsvReader {
 public:
  CsvReader(const std::vector<IngestColumn>& columns, const IngestOptions& options, BatchBuilder& batch);
  /// Reads every record of `input`; returns the bytes read.
  uint64_t run(std::istream& input);

 private:
  void processRecord(std::string_view raw, const std::vector<CsvField>& fields);
  void setHeader(const std::vector<CsvField>& fields);

  const std::vector<IngestColumn>& columns_;
  IngestOptions options_;
  BatchBuilder& batch_;
  CsvSplitter splitter_;
  bool header_pending_;
  /// field position -> column index (-1: ignored); without a header, position i is column i.
  std::vector<int> field_columns_;
  std::vector<int> column_fields_;  ///< column index -> field position (-1: absent)
  std::string error_;
};

}  // namespace ferry::rt
