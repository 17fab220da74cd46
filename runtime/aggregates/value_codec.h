/// Values of any column type as self-delimiting byte strings, so that generic states (min of a
/// String, groupArray of an Array, the keys of uniqExact and topK) hold one representation, compare
/// it in ClickHouse's order, hash it stably (the hashes of uniq states are stored on disk) and
/// append it back to a column of the same type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "runtime/aggregates/state_io.h"
#include "runtime/column/column.h"

namespace ferry::rt::agg {

using Int128 = __int128;
using UInt128 = unsigned __int128;

/// Calls `f(T{})` with the C++ type of a fixed-width numeric layout (dates, enums, decimals, IPv4
/// and Bool included); returns false for other kinds (strings, 256-bit, UUID, IPv6, nested).
template <class F>
bool withNumeric(TypeKind kind, F&& f) {
  switch (kind) {
    case TypeKind::UInt8: case TypeKind::Bool: f(uint8_t{}); return true;
    case TypeKind::UInt16: case TypeKind::Date: f(uint16_t{}); return true;
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4: f(uint32_t{}); return true;
    case TypeKind::UInt64: f(uint64_t{}); return true;
    case TypeKind::UInt128: f(UInt128{}); return true;
    case TypeKind::Int8: case TypeKind::Enum8: f(int8_t{}); return true;
    case TypeKind::Int16: case TypeKind::Enum16: f(int16_t{}); return true;
    case TypeKind::Int32: case TypeKind::Date32: case TypeKind::Decimal32: f(int32_t{}); return true;
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Decimal64: case TypeKind::Interval:
      f(int64_t{}); return true;
    case TypeKind::Int128: case TypeKind::Decimal128: f(Int128{}); return true;
    case TypeKind::Float32: f(float{}); return true;
    case TypeKind::Float64: f(double{}); return true;
    default: return false;
  }
}

bool isDecimal(TypeKind kind);
/// 10^scale as a double (Decimal values are stored scaled).
double decimalScale(const ColumnType& type);

/// The row a read of `column` at `row` uses (row 0 of a const column).
inline size_t rowOf(const Column& column, size_t row) { return column.is_const ? 0 : row; }

template <class T>
inline T numberAt(const Column& column, size_t row) {
  return column.values<T>()[rowOf(column, row)];
}

/// Appends the encoding of row `row` of `column` to `out`.
void encodeValue(const Column& column, size_t row, std::string& out);
/// Appends the value encoded at the reader's position to `to` (which must have the type the value
/// was encoded from, LowCardinality ignored). Throws std::runtime_error on malformed bytes.
void decodeAppend(Column& to, StateReader& in);
/// Convenience: one whole encoded value.
void decodeAppend(Column& to, std::string_view encoded);

/// Three-way comparison of two encodings of values of `type`, in ClickHouse's order.
int compareEncoded(const ColumnType& type, std::string_view a, std::string_view b);
/// Stable 64-bit and 128-bit hashes of an encoding (xxHash3).
uint64_t hashEncoded(std::string_view encoded);
UInt128 hash128Encoded(std::string_view encoded);

/// Appends a number to a column whose layout is a numeric kind, converting with static_cast.
template <class A>
void appendNumber(Column& to, A value);
/// (Decimal results take the stored, scaled integer: the caller scales.)
void appendNumberDouble(Column& to, double value);
/// Appends a NULL to a Nullable column.
void appendNull(Column& to);
/// Marks the row just appended to `to.children[0]` as not NULL.
void commitNotNull(Column& to);

/// Appends raw fixed-width bytes as one row.
inline void appendRaw(Column& to, const void* bytes, size_t n) {
  const uint8_t* p = static_cast<const uint8_t*>(bytes);
  to.data.insert(to.data.end(), p, p + n);
  ++to.rows;
}

template <class A>
void appendNumber(Column& to, A value) {
  const ColumnType& layout = layoutType(*to.type);
  bool done = withNumeric(layout.kind, [&](auto zero) {
    using T = decltype(zero);
    T v = static_cast<T>(value);
    appendRaw(to, &v, sizeof(T));
  });
  if (!done) throw std::logic_error("aggregate result is not numeric: " + typeName(*to.type));
}

}  // namespace ferry::rt::agg
