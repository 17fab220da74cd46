/// How a column is laid out on disk: one stream (file) per physical vector of its layout, so a
/// reader touches only what it needs (String lengths without the bytes, a null map without the
/// values). Suffixes name the streams of a column `c<i>`:
///   fixed width `.data`; String/AggregateFunction `.len` (lengths) + `.data` (bytes);
///   Nullable `.null` + the nested column at `.n`; Array `.len` + elements at `.e`;
///   Map `.len` + keys at `.k` + values at `.v`; Tuple element k at `.<k>`;
///   LowCardinality `.codes` (dictionary size, then one code per row) + the dictionary at `.dict`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column/column.h"

namespace ferry::rt::storage {

/// One stream's uncompressed bytes: made for the file (lengths, codes) or, to spare a copy of
/// the largest ones, the column's own memory.
struct Stream {
  std::string suffix;
  std::string owned;           ///< bytes made for the file
  std::string_view borrowed;   ///< or: the column's memory (valid while `keep_alive` and the column live)
  ColumnPtr keep_alive;        ///< a column made while encoding that `borrowed` points into
  std::string_view bytes() const { return borrowed.data() ? borrowed : std::string_view(owned); }
};

/// The streams of a (non-const) column of `type` (the column's own type or an equivalent one).
std::vector<Stream> columnToStreams(const Column& column, const ColumnType& type);

/// Rebuilds a column of `type` with `rows` rows; `read(suffix)` returns a stream's bytes (it throws
/// when the stream is missing). Throws std::runtime_error naming `what` on inconsistent streams.
ColumnPtr columnFromStreams(const ColumnTypePtr& type, size_t rows,
                            const std::function<std::string(const std::string&)>& read, const std::string& what);

/// True when every row of `column` is byte-for-byte equal to row 0 (a const column always is).
bool allRowsEqual(const Column& column);
/// Rows a and b hold exactly the same bytes (NaN payloads and -0.0 included).
bool rowsEqual(const Column& column, size_t a, size_t b);
/// A one-row, non-const copy of row `row`.
ColumnPtr rowCopy(const Column& column, size_t row);

}  // namespace ferry::rt::storage
