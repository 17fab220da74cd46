#include "runtime/aggregates/value_codec.h"

#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace ferry::rt::agg {

bool isDecimal(TypeKind kind) {
  return kind == TypeKind::Decimal32 || kind == TypeKind::Decimal64 || kind == TypeKind::Decimal128 ||
         kind == TypeKind::Decimal256;
}

double decimalScale(const ColumnType& type) {
  const ColumnType& layout = layoutType(type);
  return std::pow(10.0, double(layout.scale));
}

void encodeValue(const Column& column, size_t row, std::string& out) {
  const ColumnType& layout = layoutType(*column.type);
  size_t r = rowOf(column, row);
  StateWriter w(out);
  switch (layout.kind) {
    case TypeKind::Nothing:
      return;
    case TypeKind::Nullable:
      if (column.nulls[r]) {
        w.u8(1);
        return;
      }
      w.u8(0);
      encodeValue(*column.children[0], r, out);
      return;
    case TypeKind::String:
    case TypeKind::AggregateFunction:
      w.bytes(column.stringAt(r));
      return;
    case TypeKind::Array:
    case TypeKind::Map: {
      auto [begin, end] = column.arrayRange(r);
      w.varint(end - begin);
      for (uint64_t i = begin; i < end; ++i) encodeValue(*column.children[0], i, out);
      return;
    }
    case TypeKind::Tuple:
      for (const auto& child : column.children) encodeValue(*child, r, out);
      return;
    default: {
      size_t width = fixedWidth(layout);
      if (width == 0) throw std::logic_error("cannot encode a value of type " + typeName(*column.type));
      w.raw({reinterpret_cast<const char*>(column.data.data()) + r * width, width});
      return;
    }
  }
}

void decodeAppend(Column& to, StateReader& in) {
  const ColumnType& layout = layoutType(*to.type);
  switch (layout.kind) {
    case TypeKind::Nothing:
      ++to.rows;
      return;
    case TypeKind::Nullable: {
      uint8_t flag = in.u8();
      if (flag > 1) StateReader::fail("bad null flag");
      if (flag) {
        appendDefault(*to.children[0]);
      } else {
        decodeAppend(*to.children[0], in);
      }
      to.nulls.push_back(flag);
      ++to.rows;
      return;
    }
    case TypeKind::String:
    case TypeKind::AggregateFunction: {
      std::string_view s = in.bytes();
      to.data.insert(to.data.end(), s.begin(), s.end());
      to.offsets.push_back(to.data.size());
      ++to.rows;
      return;
    }
    case TypeKind::Array:
    case TypeKind::Map: {
      uint64_t n = in.count(0);
      for (uint64_t i = 0; i < n; ++i) {
        if (in.remaining() == 0 && fixedWidth(layoutType(*to.children[0]->type)) != 0)
          StateReader::fail("truncated array");
        decodeAppend(*to.children[0], in);
      }
      to.offsets.push_back(to.children[0]->rows);
      ++to.rows;
      return;
    }
    case TypeKind::Tuple:
      for (auto& child : to.children) decodeAppend(*child, in);
      ++to.rows;
      return;
    default: {
      size_t width = fixedWidth(layout);
      if (width == 0) throw std::logic_error("cannot decode a value of type " + typeName(*to.type));
      std::string_view bytes = in.raw(width);
      appendRaw(to, bytes.data(), width);
      return;
    }
  }
}

void decodeAppend(Column& to, std::string_view encoded) {
  StateReader in(encoded);
  decodeAppend(to, in);
  in.expectEnd();
}

namespace {

template <class T>
int compareNumbers(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return int(na) - int(nb);  // NaN after everything
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

int compareLimbs(std::string_view a, std::string_view b, bool is_signed) {
  size_t limbs = a.size() / 8;
  for (size_t i = limbs; i-- > 0;) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i * 8, 8);
    std::memcpy(&y, b.data() + i * 8, 8);
    if (x == y) continue;
    if (is_signed && i + 1 == limbs) return int64_t(x) < int64_t(y) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

int compareBytes(std::string_view a, std::string_view b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

int compareEncoded(const ColumnType& type, std::string_view a, std::string_view b) {
  const ColumnType& layout = layoutType(type);
  int result = 0;
  bool handled = withNumeric(layout.kind, [&](auto zero) {
    using T = decltype(zero);
    if (a.size() != sizeof(T) || b.size() != sizeof(T)) StateReader::fail("bad number width");
    T x, y;
    std::memcpy(&x, a.data(), sizeof(T));
    std::memcpy(&y, b.data(), sizeof(T));
    result = compareNumbers(x, y);
  });
  if (handled) return result;
  switch (layout.kind) {
    case TypeKind::String: {
      StateReader ra(a), rb(b);
      return compareBytes(ra.bytes(), rb.bytes());
    }
    case TypeKind::FixedString:
    case TypeKind::IPv6:
      return compareBytes(a, b);
    case TypeKind::UUID: {
      if (a.size() != 16 || b.size() != 16) StateReader::fail("bad UUID width");
      uint64_t ah, al, bh, bl;
      std::memcpy(&ah, a.data(), 8);
      std::memcpy(&al, a.data() + 8, 8);
      std::memcpy(&bh, b.data(), 8);
      std::memcpy(&bl, b.data() + 8, 8);
      if (ah != bh) return ah < bh ? -1 : 1;
      return al < bl ? -1 : (al > bl ? 1 : 0);
    }
    case TypeKind::Int256:
    case TypeKind::Decimal256:
      return compareLimbs(a, b, true);
    case TypeKind::UInt256:
      return compareLimbs(a, b, false);
    default: {
      // Nested values: decode both and let the column layer order them.
      auto owned = std::make_shared<ColumnType>(type);
      ColumnPtr x = makeColumn(owned), y = makeColumn(owned);
      decodeAppend(*x, a);
      decodeAppend(*y, b);
      int c = compareAt(*x, 0, *y, 0);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
}

uint64_t hashEncoded(std::string_view encoded) { return XXH3_64bits(encoded.data(), encoded.size()); }

UInt128 hash128Encoded(std::string_view encoded) {
  XXH128_hash_t h = XXH3_128bits(encoded.data(), encoded.size());
  return (UInt128(h.high64) << 64) | h.low64;
}

void appendNumberDouble(Column& to, double value) {
  appendNumber(to, value);
}

void appendNull(Column& to) {
  appendDefault(*to.children[0]);
  to.nulls.push_back(1);
  ++to.rows;
}

void commitNotNull(Column& to) {
  to.nulls.push_back(0);
  ++to.rows;
}

}  // namespace ferry::rt::agg
