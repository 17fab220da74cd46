/// ClickHouse's text forms of values: what `SELECT` prints in TSV/CSV/JSON output formats, and what
/// JSONEachRow/CSV input accepts. One place for both directions so output and ingestion agree.
#pragma once

#include <string>
#include <string_view>

#include "runtime/column/column.h"

namespace ferry::rt {

enum class TextFormat : uint8_t {
  Tsv,        ///< TabSeparated escaping (`\t`, `\n`, `\\`), NULL as `\N`
  Csv,        ///< CSV quoting ("a""b"), NULL as empty... as ClickHouse's CSV output: `\N`
  Json,       ///< JSON values as ClickHouse 26.7's JSON format prints them by default (64-bit
              ///< and wider integers as bare numbers; Date/DateTime as strings; inf/nan as null)
  Pretty,     ///< plain text for the aligned table output (no escaping)
};

/// Appends the text of row `row` of `column` to `out`.
void formatValue(const Column& column, size_t row, TextFormat format, std::string& out);

/// Parses `text` (an unquoted value as it appears in CSV or as a JSON string/number token's
/// content) as a value of `column`'s type and appends it. Returns false (column unchanged) when the
/// text is not a valid value of that type (out of range, malformed date, unknown enum name);
/// `error` then says why, in ClickHouse's words where possible.
bool parseAndAppend(Column& column, std::string_view text, std::string& error);

/// Drops rows past `rows` (recursively for nested layouts): undoes appends of a partly parsed row.
void truncateColumn(Column& column, size_t rows);

}  // namespace ferry::rt
