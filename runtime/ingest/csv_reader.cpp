#include "runtime/ingest/csv_reader.h"

#include <optional>
#include <stdexcept>

#include "runtime/column/value_text.h"

namespace ferry::rt {

size_t CsvSplitter::next(std::string_view data, bool eof, std::vector<CsvField>& fields) {
  fields.clear();
  unquoted_.clear();
  // Quoted fields go to unquoted_ first; their views are fixed up once the record is complete
  // (unquoted_ may reallocate while growing).
  struct Pending { size_t begin, end; bool in_scratch; bool quoted; };
  std::vector<Pending> pending;
  size_t i = 0, n = data.size();
  while (true) {
    // One field.
    while (i < n && (data[i] == ' ' || data[i] == '\t') && data[i] != delimiter_) ++i;
    if (i < n && data[i] == '"') {
      ++i;
      size_t begin = unquoted_.size();
      bool closed = false;
      while (i < n) {
        char c = data[i++];
        if (c == '"') {
          if (i < n && data[i] == '"') {
            unquoted_ += '"';
            ++i;
            continue;
          }
          if (i == n && !eof) return 0;  // maybe `""` split across reads
          closed = true;
          break;
        }
        unquoted_ += c;
      }
      if (!closed) {
        if (!eof) return 0;
        // Unterminated quote at the end of input: take the rest as the field.
      }
      pending.push_back({begin, unquoted_.size(), true, true});
      while (i < n && (data[i] == ' ' || data[i] == '\t') && data[i] != delimiter_) ++i;
      // Text after the closing quote before the delimiter is kept verbatim (lenient).
      while (i < n && data[i] != delimiter_ && data[i] != '\n' && data[i] != '\r') unquoted_ += data[i++];
      pending.back().end = unquoted_.size();
    } else {
      size_t begin = i;
      while (i < n && data[i] != delimiter_ && data[i] != '\n' && data[i] != '\r') ++i;
      size_t end = i;
      while (end > begin && (data[end - 1] == ' ' || data[end - 1] == '\t')) --end;
      pending.push_back({begin, end, false, false});
    }
    if (i >= n) {
      if (!eof) return 0;
      break;
    }
    if (data[i] == delimiter_) {
      ++i;
      continue;
    }
    // Line break: \n, \r\n or \r.
    if (data[i] == '\r') {
      if (i + 1 >= n && !eof) return 0;
      ++i;
      if (i < n && data[i] == '\n') ++i;
    } else {
      ++i;
    }
    break;
  }
  for (const auto& p : pending) {
    std::string_view text = p.in_scratch ? std::string_view(unquoted_).substr(p.begin, p.end - p.begin)
                                         : data.substr(p.begin, p.end - p.begin);
    fields.push_back({text, p.quoted});
  }
  return i;
}

CsvReader::CsvReader(const std::vector<IngestColumn>& columns, const IngestOptions& options, BatchBuilder& batch)
    : columns_(columns), options_(options), batch_(batch), splitter_(options.csv_delimiter),
      header_pending_(options.csv_header) {
  if (!header_pending_) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      field_columns_.push_back(int(i));
      column_fields_.push_back(int(i));
    }
  }
}

void CsvReader::setHeader(const std::vector<CsvField>& fields) {
  column_fields_.assign(columns_.size(), -1);
  field_columns_.assign(fields.size(), -1);
  for (size_t f = 0; f < fields.size(); ++f) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].name == fields[f].text && column_fields_[c] < 0) {
        column_fields_[c] = int(f);
        field_columns_[f] = int(c);
        break;
      }
    }
  }
}

void CsvReader::processRecord(std::string_view raw, const std::vector<CsvField>& fields) {
  if (fields.size() == 1 && fields[0].text.empty() && !fields[0].quoted) return;  // blank line
  if (header_pending_) {
    header_pending_ = false;
    setHeader(fields);
    return;
  }
  std::vector<std::pair<std::string, std::string>> errors;
  if (fields.size() != field_columns_.size()) {
    std::vector<std::optional<std::string>> values(columns_.size());
    for (size_t f = 0; f < fields.size() && f < field_columns_.size(); ++f)
      if (field_columns_[f] >= 0) values[size_t(field_columns_[f])] = std::string(fields[f].text);
    std::string line(raw);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    batch_.rejectRow(values, {{"", "Expected " + std::to_string(field_columns_.size()) + " fields, got " +
                                       std::to_string(fields.size()) + ": " + line}});
    return;
  }
  for (size_t c = 0; c < columns_.size(); ++c) {
    int f = column_fields_[c];
    if (f < 0) {
      batch_.appendMissing(c);
      continue;
    }
    const CsvField& field = fields[size_t(f)];
    Column& column = batch_.column(c);
    const ColumnType& type = layoutType(*column.type);
    if (!field.quoted && (field.text.empty() || field.text == "\\N")) {
      if (field.text == "\\N" && type.kind == TypeKind::Nullable) {
        parseAndAppend(column, "\\N", error_);
      } else {
        batch_.appendMissing(c);
      }
      continue;
    }
    if (type.kind == TypeKind::String) {
      column.data.insert(column.data.end(), field.text.begin(), field.text.end());
      column.offsets.push_back(column.data.size());
      ++column.rows;
      continue;
    }
    if (field.quoted && field.text.empty() && type.kind != TypeKind::FixedString &&
        !(type.kind == TypeKind::Nullable && layoutType(*type.child(0)).kind == TypeKind::String)) {
      batch_.appendMissing(c);
      continue;
    }
    if (!parseAndAppend(column, field.text, error_))
      errors.emplace_back(columns_[c].name, "Column '" + columns_[c].name + "': " + error_);
    else if (column.rows != batch_.rows() + 1)  // keep every column one value per row
      errors.emplace_back(columns_[c].name, "Column '" + columns_[c].name + "': internal row count mismatch");
  }
  if (!errors.empty()) {
    std::vector<std::optional<std::string>> values(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c)
      if (column_fields_[c] >= 0) values[c] = std::string(fields[size_t(column_fields_[c])].text);
    batch_.rejectRow(values, errors);
    return;
  }
  batch_.commitRow();
}

uint64_t CsvReader::run(std::istream& input) {
  constexpr size_t kChunk = 4 << 20;
  std::string buffer;
  size_t start = 0;
  uint64_t total = 0;
  bool eof = false;
  std::vector<CsvField> fields;
  std::string chunk(kChunk, '\0');
  while (true) {
    if (!eof) {
      input.read(chunk.data(), std::streamsize(chunk.size()));
      size_t got = size_t(input.gcount());
      if (input.bad()) throw std::runtime_error("read error while ingesting CSV");
      total += got;
      buffer.erase(0, start);
      start = 0;
      buffer.append(chunk.data(), got);
      eof = got == 0 || input.eof();
    }
    while (start < buffer.size()) {
      std::string_view rest = std::string_view(buffer).substr(start);
      size_t used = splitter_.next(rest, eof, fields);
      if (used == 0) break;
      processRecord(rest.substr(0, used), fields);
      start += used;
    }
    if (eof) break;
  }
  return total;
}

}  // namespace ferry::rt
