#include "runtime/storage/column_files.h"

#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/column/distinct_rows.h"

namespace ferry::rt::storage {

namespace {

/// Sizes (string lengths, array lengths) as a width byte (4 or 8) and one length per row: lengths
/// compress far better than end offsets and fit in 32 bits almost always.
std::string encodeLengths(const std::vector<uint64_t>& offsets, size_t rows) {
  uint64_t prev = 0, max_len = 0;
  for (size_t i = 0; i < rows; ++i) {
    max_len = std::max(max_len, offsets[i] - prev);
    prev = offsets[i];
  }
  uint8_t width = max_len > 0xffffffffULL ? 8 : 4;
  std::string out(1 + rows * width, '\0');
  out[0] = char(width);
  char* p = out.data() + 1;
  prev = 0;
  for (size_t i = 0; i < rows; ++i) {
    uint64_t len = offsets[i] - prev;
    prev = offsets[i];
    if (width == 4) {
      uint32_t v = uint32_t(len);
      std::memcpy(p + i * 4, &v, 4);
    } else {
      std::memcpy(p + i * 8, &len, 8);
    }
  }
  return out;
}

std::vector<uint64_t> decodeLengths(const std::string& bytes, size_t rows, const std::string& what) {
  if (bytes.empty()) {
    if (rows == 0) return {};
    throw std::runtime_error(what + ": empty lengths stream");
  }
  uint8_t width = uint8_t(bytes[0]);
  if ((width != 4 && width != 8) || bytes.size() != 1 + rows * width)
    throw std::runtime_error(what + ": lengths stream does not match the row count");
  std::vector<uint64_t> offsets(rows);
  const char* p = bytes.data() + 1;
  uint64_t total = 0;
  for (size_t i = 0; i < rows; ++i) {
    uint64_t len;
    if (width == 4) {
      uint32_t v;
      std::memcpy(&v, p + i * 4, 4);
      len = v;
    } else {
      std::memcpy(&len, p + i * 8, 8);
    }
    total += len;
    offsets[i] = total;
  }
  return offsets;
}

/// A stream over `n` bytes of a column's memory.
Stream borrowedStream(std::string suffix, const void* p, size_t n, const ColumnPtr& owner) {
  Stream s;
  s.suffix = std::move(suffix);
  s.borrowed = std::string_view(n ? static_cast<const char*>(p) : "", n);
  s.keep_alive = owner;
  return s;
}
Stream ownedStream(std::string suffix, std::string bytes) {
  Stream s;
  s.suffix = std::move(suffix);
  s.owned = std::move(bytes);
  return s;
}

/// Dictionary encoding of a LowCardinality column: the first row of each distinct value, and the
/// index of each row's value among them.
void buildDictionary(const Column& c, std::vector<uint32_t>& firsts, std::vector<uint32_t>& codes) {
  codes.resize(c.rows);
  const ColumnType& lt = layoutType(*c.type);
  if (lt.kind == TypeKind::String) {
    distinctRows(c, c.rows, codes, firsts);
    return;
  }
  // Other kinds keep every bit pattern apart (-0.0 and 0.0 are stored as written).
  std::unordered_map<uint64_t, std::vector<uint32_t>> seen;  // hash -> dictionary indices
  for (size_t i = 0; i < c.rows; ++i) {
    auto& bucket = seen[hashAt(c, i)];
    uint32_t code = UINT32_MAX;
    for (uint32_t d : bucket)
      if (rowsEqual(c, firsts[d], i)) {
        code = d;
        break;
      }
    if (code == UINT32_MAX) {
      code = uint32_t(firsts.size());
      firsts.push_back(uint32_t(i));
      bucket.push_back(code);
    }
    codes[i] = code;
  }
}

/// `owner`: the column `c` belongs to when it was made here (borrowed streams keep it alive).
void toStreams(const Column& c, const ColumnType& t, const std::string& sfx, std::vector<Stream>& out,
               const ColumnPtr& owner) {
  if (t.kind == TypeKind::LowCardinality) {
    std::vector<uint32_t> firsts, codes;
    buildDictionary(c, firsts, codes);
    uint8_t width = firsts.size() <= 0xff ? 1 : firsts.size() <= 0xffff ? 2 : 4;
    std::string s;
    uint64_t dict_rows = firsts.size();
    s.append(reinterpret_cast<const char*>(&dict_rows), 8);
    s.push_back(char(width));
    s.resize(9 + codes.size() * width);
    char* p = s.data() + 9;
    for (size_t i = 0; i < codes.size(); ++i) {
      uint32_t v = codes[i];
      std::memcpy(p + i * width, &v, width);  // little-endian: the low bytes
    }
    out.push_back(ownedStream(sfx + ".codes", std::move(s)));
    ColumnPtr dict = gather(c, firsts);
    toStreams(*dict, *t.children.at(0), sfx + ".dict", out, dict);
    return;
  }
  switch (t.kind) {
    case TypeKind::Nullable:
      out.push_back(borrowedStream(sfx + ".null", c.nulls.data(), c.rows, owner));
      toStreams(*c.children.at(0), *t.children.at(0), sfx + ".n", out, owner);
      return;
    case TypeKind::Array:
      out.push_back(ownedStream(sfx + ".len", encodeLengths(c.offsets, c.rows)));
      toStreams(*c.children.at(0), *t.children.at(0), sfx + ".e", out, owner);
      return;
    case TypeKind::Map: {
      out.push_back(ownedStream(sfx + ".len", encodeLengths(c.offsets, c.rows)));
      const Column& entries = *c.children.at(0);
      toStreams(*entries.children.at(0), *t.children.at(0), sfx + ".k", out, owner);
      toStreams(*entries.children.at(1), *t.children.at(1), sfx + ".v", out, owner);
      return;
    }
    case TypeKind::Tuple:
      for (size_t k = 0; k < t.children.size(); ++k)
        toStreams(*c.children.at(k), *t.children[k], fmt::format("{}.{}", sfx, k), out, owner);
      return;
    case TypeKind::String: case TypeKind::AggregateFunction:
      out.push_back(ownedStream(sfx + ".len", encodeLengths(c.offsets, c.rows)));
      out.push_back(borrowedStream(sfx + ".data", c.data.data(), c.rows ? c.offsets[c.rows - 1] : 0, owner));
      return;
    case TypeKind::Nothing:
      return;
    default:
      out.push_back(borrowedStream(sfx + ".data", c.data.data(), c.rows * fixedWidth(t), owner));
      return;
  }
}

using Reader = std::function<std::string(const std::string&)>;

/// A stream's bytes into a column vector: one memcpy (assign from char iterators converts byte by
/// byte, a quarter of a scan's time).
void copyBytes(const std::string& from, std::vector<uint8_t>& to) {
  to.resize(from.size());
  if (!from.empty()) std::memcpy(to.data(), from.data(), from.size());
}

void fromStreams(Column& c, const ColumnType& t, const std::string& sfx, size_t rows, const Reader& read,
                 const std::string& what) {
  auto bad = [&](const char* why) { throw std::runtime_error(fmt::format("{}: stream {}: {}", what, sfx, why)); };
  if (t.kind == TypeKind::LowCardinality) {
    std::string s = read(sfx + ".codes");
    if (s.size() < 9) bad("truncated dictionary codes");
    uint64_t dict_rows;
    std::memcpy(&dict_rows, s.data(), 8);
    uint8_t width = uint8_t(s[8]);
    if ((width != 1 && width != 2 && width != 4) || s.size() != 9 + rows * width) bad("codes do not match the row count");
    ColumnPtr dict = makeColumn(t.children.at(0));
    fromStreams(*dict, *t.children[0], sfx + ".dict", size_t(dict_rows), read, what);
    std::vector<uint32_t> codes(rows);
    const char* p = s.data() + 9;
    for (size_t i = 0; i < rows; ++i) {
      uint32_t v = 0;
      std::memcpy(&v, p + i * width, width);
      if (v >= dict_rows) bad("code outside the dictionary");
      codes[i] = v;
    }
    ColumnPtr full = gather(*dict, codes);
    c.data = std::move(full->data);
    c.offsets = std::move(full->offsets);
    c.nulls = std::move(full->nulls);
    c.children = std::move(full->children);
    c.rows = rows;
    return;
  }
  switch (t.kind) {
    case TypeKind::Nullable: {
      std::string s = read(sfx + ".null");
      if (s.size() != rows) bad("null map does not match the row count");
      copyBytes(s, c.nulls);
      fromStreams(*c.children.at(0), *t.children.at(0), sfx + ".n", rows, read, what);
      break;
    }
    case TypeKind::Array: {
      c.offsets = decodeLengths(read(sfx + ".len"), rows, what);
      fromStreams(*c.children.at(0), *t.children.at(0), sfx + ".e", rows ? c.offsets.back() : 0, read, what);
      break;
    }
    case TypeKind::Map: {
      c.offsets = decodeLengths(read(sfx + ".len"), rows, what);
      size_t n = rows ? c.offsets.back() : 0;
      Column& entries = *c.children.at(0);
      fromStreams(*entries.children.at(0), *t.children.at(0), sfx + ".k", n, read, what);
      fromStreams(*entries.children.at(1), *t.children.at(1), sfx + ".v", n, read, what);
      entries.rows = n;
      break;
    }
    case TypeKind::Tuple:
      for (size_t k = 0; k < t.children.size(); ++k)
        fromStreams(*c.children.at(k), *t.children[k], fmt::format("{}.{}", sfx, k), rows, read, what);
      break;
    case TypeKind::String: case TypeKind::AggregateFunction: {
      c.offsets = decodeLengths(read(sfx + ".len"), rows, what);
      std::string s = read(sfx + ".data");
      if (s.size() != (rows ? c.offsets.back() : 0)) bad("string bytes do not match the lengths");
      copyBytes(s, c.data);
      break;
    }
    case TypeKind::Nothing:
      break;
    default: {
      std::string s = read(sfx + ".data");
      if (s.size() != rows * fixedWidth(t)) bad("value bytes do not match the row count");
      copyBytes(s, c.data);
      break;
    }
  }
  c.rows = rows;
}

}  // namespace

std::vector<Stream> columnToStreams(const Column& column, const ColumnType& type) {
  std::vector<Stream> out;
  if (column.is_const) {
    ColumnPtr full = materialize(std::make_shared<Column>(column));
    toStreams(*full, type, "", out, full);
  } else {
    toStreams(column, type, "", out, nullptr);
  }
  return out;
}

ColumnPtr columnFromStreams(const ColumnTypePtr& type, size_t rows, const Reader& read, const std::string& what) {
  ColumnPtr c = makeColumn(type);
  fromStreams(*c, *type, "", rows, read, what);
  return c;
}

bool rowsEqual(const Column& c, size_t a, size_t b) {
  if (c.is_const) return true;
  const ColumnType& lt = layoutType(*c.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      if (c.nulls[a] != c.nulls[b]) return false;
      return c.nulls[a] || rowsEqual(*c.children[0], a, b);
    case TypeKind::Array: case TypeKind::Map: {
      auto [ab, ae] = c.arrayRange(a);
      auto [bb, be] = c.arrayRange(b);
      if (ae - ab != be - bb) return false;
      for (uint64_t i = 0; i < ae - ab; ++i)
        if (!rowsEqual(*c.children[0], ab + i, bb + i)) return false;
      return true;
    }
    case TypeKind::Tuple:
      for (const auto& child : c.children)
        if (!rowsEqual(*child, a, b)) return false;
      return true;
    case TypeKind::String: case TypeKind::AggregateFunction:
      return c.stringAt(a) == c.stringAt(b);
    case TypeKind::Nothing:
      return true;
    default: {
      size_t w = fixedWidth(lt);
      return std::memcmp(c.data.data() + a * w, c.data.data() + b * w, w) == 0;
    }
  }
}

bool allRowsEqual(const Column& column) {
  if (column.is_const) return true;
  for (size_t i = 1; i < column.rows; ++i)
    if (!rowsEqual(column, 0, i)) return false;
  return true;
}

ColumnPtr rowCopy(const Column& column, size_t row) {
  auto out = makeColumn(column.type);
  appendFrom(*out, column, column.is_const ? 0 : row);
  return out;
}

}  // namespace ferry::rt::storage
