/// Columns and blocks: the unit every runtime layer passes around. A column owns plain vectors in
/// ClickHouse's layouts, so kernels (and later JIT-compiled code) loop over contiguous memory:
/// - fixed-width kinds: `data` holds `rows * fixedWidth(type)` bytes, little-endian;
/// - String (and AggregateFunction states, FixedString excluded): `offsets[i]` is the end of row i in
///   `data` (row i is `data[offsets[i-1] .. offsets[i])`, no terminator), so lengths are known
///   without touching the bytes;
/// - Nullable: `nulls[i]` is 1 for NULL; the values are in `children[0]` (a default value where NULL);
/// - Array and Map: `offsets[i]` is the end of row i in `children[0]` (Map: children[0] is the
///   Tuple(key, value) column);
/// - Tuple: `children[k]` is element k, each with `rows` rows;
/// - LowCardinality(T): laid out as T (dictionary encoding is a storage concern).
/// A constant column (`is_const`) stores its single value as row 0 and stands for `rows` copies;
/// every consumer either handles it or calls `materialize`.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column/column_type.h"
#include "runtime/column/field.h"

namespace ferry::rt {

struct Column;
using ColumnPtr = std::shared_ptr<Column>;

struct Column {
  ColumnTypePtr type;
  size_t rows = 0;
  bool is_const = false;
  std::vector<uint8_t> data;
  std::vector<uint64_t> offsets;
  std::vector<uint8_t> nulls;
  std::vector<ColumnPtr> children;

  /// Fixed-width access (the caller knows the layout type matches T).
  template <class T> T* values() { return reinterpret_cast<T*>(data.data()); }
  template <class T> const T* values() const { return reinterpret_cast<const T*>(data.data()); }
  /// String/AggregateFunction row i (row 0 when const).
  std::string_view stringAt(size_t i) const {
    if (is_const) i = 0;
    uint64_t begin = i == 0 ? 0 : offsets[i - 1];
    return {reinterpret_cast<const char*>(data.data()) + begin, size_t(offsets[i] - begin)};
  }
  /// Array/Map row i: [begin, end) into children[0].
  std::pair<uint64_t, uint64_t> arrayRange(size_t i) const {
    if (is_const) i = 0;
    return {i == 0 ? 0 : offsets[i - 1], offsets[i]};
  }
  bool isNullAt(size_t i) const { return !nulls.empty() && nulls[is_const ? 0 : i] != 0; }
};

/// An empty column of `type` (children created for nested layouts).
ColumnPtr makeColumn(ColumnTypePtr type);
/// `rows` copies of `value` as a constant column.
ColumnPtr makeConstColumn(ColumnTypePtr type, const Field& value, size_t rows);
/// `rows` copies of the type's default value (0, '', [], NULL for Nullable) as a constant column.
ColumnPtr makeDefaultConstColumn(ColumnTypePtr type, size_t rows);
/// A full (non-const) column with the same values; returns `column` itself when not const.
ColumnPtr materialize(const ColumnPtr& column);
/// Appends one value (converted to the column's type; throws std::invalid_argument when the field
/// cannot represent a value of that type).
void appendField(Column& column, const Field& value);
/// Appends the type's default value (0, '', [], NULL for Nullable ...).
void appendDefault(Column& column);
/// Appends row `row` of `from` (same type).
void appendFrom(Column& to, const Column& from, size_t row);
/// Appends rows [begin, end) of `from` (same type).
void appendRange(Column& to, const Column& from, size_t begin, size_t end);
/// The value of row `row`.
Field fieldAt(const Column& column, size_t row);
/// A new column holding rows `indices` of `column` in that order (filter, sort, hash join output).
ColumnPtr gather(const Column& column, const std::vector<uint32_t>& indices);
/// A new column of the rows whose `mask` byte is non-zero.
ColumnPtr filter(const Column& column, const std::vector<uint8_t>& mask);
/// Three-way comparison of row a of `x` with row b of `y` (same type), ClickHouse's order:
/// NULLs last by default (`nulls_first` flips), NaN greater than everything else.
int compareAt(const Column& x, size_t a, const Column& y, size_t b, bool nulls_first = false);
/// A 64-bit hash of row `row` (xxHash over the value's bytes), equal for equal values.
uint64_t hashAt(const Column& column, size_t row, uint64_t seed = 0);

/// A set of equally long named columns.
struct Block {
  std::vector<std::string> names;
  std::vector<ColumnPtr> columns;
  size_t rows = 0;

  int find(std::string_view name) const {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return int(i);
    return -1;
  }
  void add(std::string name, ColumnPtr column) {
    rows = column->rows;
    names.push_back(std::move(name));
    columns.push_back(std::move(column));
  }
};

/// Rows [begin, end) of `rows` (every column; constant ones stay constant), as a new block.
Block sliceRows(const Block& rows, size_t begin, size_t end);

}  // namespace ferry::rt
