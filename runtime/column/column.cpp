#include "runtime/column/column.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include <xxhash.h>

#include "runtime/column/wide_integer.h"

namespace ferry::rt {

namespace {

bool isSignedKind(TypeKind k) {
  switch (k) {
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Int128: case TypeKind::Int256: case TypeKind::Decimal32: case TypeKind::Decimal64:
    case TypeKind::Decimal128: case TypeKind::Decimal256: case TypeKind::Date32: case TypeKind::DateTime64:
    case TypeKind::Enum8: case TypeKind::Enum16: case TypeKind::Interval:
      return true;
    default:
      return false;
  }
}

bool isDecimalKind(TypeKind k) {
  return k == TypeKind::Decimal32 || k == TypeKind::Decimal64 || k == TypeKind::Decimal128 ||
         k == TypeKind::Decimal256;
}

/// Columns whose rows are `offsets`-delimited bytes in `data`.
bool isBytesKind(TypeKind k) { return k == TypeKind::String || k == TypeKind::AggregateFunction; }

ColumnTypePtr mapEntryType(const ColumnType& map) {
  return makeTuple({map.children.at(0), map.children.at(1)}, {"keys", "values"});
}

[[noreturn]] void badField(const Column& c, const char* what) {
  throw std::invalid_argument(std::string("cannot store ") + what + " in a column of type " + typeName(*c.type));
}

/// Converts an integer-ish field to int64 for fixed-width integer storage (wraps like a C cast
/// for narrower types: callers convert values before, this is storage).
template <class T>
T numericFrom(const Field& f, const Column& c) {
  return std::visit(
      [&](const auto& v) -> T {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, int64_t> || std::is_same_v<V, uint64_t>) {
          return static_cast<T>(v);
        } else if constexpr (std::is_same_v<V, double>) {
          if constexpr (std::is_floating_point_v<T>) return static_cast<T>(v);
          if (!std::isfinite(v)) badField(c, "a non-finite float");
          return static_cast<T>(v);
        } else {
          badField(c, "this value");
        }
      },
      f.value);
}

const uint8_t* rowBytes(const Column& c, size_t row, size_t width) {
  return c.data.data() + (c.is_const ? 0 : row) * width;
}

void appendWide(Column& c, const Field& f, const ColumnType& lt, size_t width) {
  uint8_t buf[32] = {};
  bool is_signed = isSignedKind(lt.kind);
  uint32_t scale = isDecimalKind(lt.kind) ? lt.scale : 0;
  if (const auto* big = std::get_if<BigNumber>(&f.value)) {
    if (!parseWideInteger(big->text, scale, is_signed, width, buf)) badField(c, ("'" + big->text + "'").c_str());
  } else if (const auto* s = std::get_if<int64_t>(&f.value)) {
    std::string text = std::to_string(*s);
    if (!parseWideInteger(text, scale, is_signed, width, buf)) badField(c, text.c_str());
  } else if (const auto* u = std::get_if<uint64_t>(&f.value)) {
    std::string text = std::to_string(*u);
    if (!parseWideInteger(text, scale, is_signed, width, buf)) badField(c, text.c_str());
  } else if (const auto* b = std::get_if<bool>(&f.value)) {
    buf[0] = *b ? 1 : 0;
    if (scale) parseWideInteger(*b ? "1" : "0", scale, is_signed, width, buf);
  } else if (const auto* d = std::get_if<double>(&f.value)) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", int(scale), *d);
    if (!std::isfinite(*d) || !parseWideInteger(text, scale, is_signed, width, buf)) badField(c, "a float");
  } else {
    badField(c, "this value");
  }
  c.data.insert(c.data.end(), buf, buf + width);
}

template <class T>
void appendNumber(Column& c, const Field& f) {
  T v = numericFrom<T>(f, c);
  const auto* p = reinterpret_cast<const uint8_t*>(&v);
  c.data.insert(c.data.end(), p, p + sizeof(T));
}

template <class T>
int cmp(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

}  // namespace

ColumnPtr makeColumn(ColumnTypePtr type) {
  auto c = std::make_shared<Column>();
  const ColumnType& lt = layoutType(*type);
  switch (lt.kind) {
    case TypeKind::Nullable: case TypeKind::Array:
      c->children.push_back(makeColumn(lt.children.at(0)));
      break;
    case TypeKind::Map:
      c->children.push_back(makeColumn(mapEntryType(lt)));
      break;
    case TypeKind::Tuple:
      for (const auto& e : lt.children) c->children.push_back(makeColumn(e));
      break;
    default:
      break;
  }
  c->type = std::move(type);
  return c;
}

ColumnPtr makeConstColumn(ColumnTypePtr type, const Field& value, size_t rows) {
  auto c = makeColumn(std::move(type));
  appendField(*c, value);
  c->is_const = true;
  c->rows = rows;
  return c;
}

ColumnPtr makeDefaultConstColumn(ColumnTypePtr type, size_t rows) {
  auto c = makeColumn(std::move(type));
  appendDefault(*c);
  c->is_const = true;
  c->rows = rows;
  return c;
}

ColumnPtr materialize(const ColumnPtr& column) {
  if (!column->is_const) return column;
  auto out = makeColumn(column->type);
  Column one = *column;
  one.is_const = false;
  one.rows = 1;
  for (size_t i = 0; i < column->rows; ++i) appendFrom(*out, one, 0);
  return out;
}

void appendField(Column& c, const Field& f) {
  if (c.is_const) throw std::logic_error("appendField on a constant column");
  const ColumnType& lt = layoutType(*c.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      if (f.isNull()) {
        c.nulls.push_back(1);
        appendDefault(*c.children[0]);
      } else {
        appendField(*c.children[0], f);
        c.nulls.push_back(0);
      }
      break;
    case TypeKind::Array: case TypeKind::Map: {
      const auto* arr = std::get_if<FieldArray>(&f.value);
      if (!arr) badField(c, "a non-array value");
      for (const auto& e : *arr) appendField(*c.children[0], e);
      c.offsets.push_back(c.children[0]->rows);
      break;
    }
    case TypeKind::Tuple: {
      const auto* arr = std::get_if<FieldArray>(&f.value);
      if (!arr || arr->size() != c.children.size()) badField(c, "a tuple of another size");
      for (size_t i = 0; i < arr->size(); ++i) appendField(*c.children[i], (*arr)[i]);
      break;
    }
    case TypeKind::String: case TypeKind::AggregateFunction: {
      const auto* s = std::get_if<std::string>(&f.value);
      if (!s) badField(c, "a non-string value");
      c.data.insert(c.data.end(), s->begin(), s->end());
      c.offsets.push_back(c.data.size());
      break;
    }
    case TypeKind::FixedString: case TypeKind::UUID: case TypeKind::IPv6: {
      const auto* s = std::get_if<std::string>(&f.value);
      size_t width = fixedWidth(lt);
      if (!s || s->size() > width) badField(c, "a string of another length");
      c.data.insert(c.data.end(), s->begin(), s->end());
      c.data.insert(c.data.end(), width - s->size(), 0);
      break;
    }
    case TypeKind::Enum8: case TypeKind::Enum16: {
      int64_t v = 0;
      if (const auto* name = std::get_if<std::string>(&f.value)) {
        bool found = false;
        for (const auto& [n, value] : lt.enum_values)
          if (n == *name) v = value, found = true;
        if (!found) badField(c, ("unknown element '" + *name + "'").c_str());
      } else {
        v = numericFrom<int64_t>(f, c);
      }
      if (lt.kind == TypeKind::Enum8) appendNumber<int8_t>(c, Field(v));
      else appendNumber<int16_t>(c, Field(v));
      break;
    }
    case TypeKind::UInt8: case TypeKind::Bool: appendNumber<uint8_t>(c, f); break;
    case TypeKind::UInt16: case TypeKind::Date: appendNumber<uint16_t>(c, f); break;
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4: appendNumber<uint32_t>(c, f); break;
    case TypeKind::UInt64: appendNumber<uint64_t>(c, f); break;
    case TypeKind::Int8: appendNumber<int8_t>(c, f); break;
    case TypeKind::Int16: appendNumber<int16_t>(c, f); break;
    case TypeKind::Int32: case TypeKind::Date32: appendNumber<int32_t>(c, f); break;
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Interval: appendNumber<int64_t>(c, f); break;
    case TypeKind::Float32: appendNumber<float>(c, f); break;
    case TypeKind::Float64: appendNumber<double>(c, f); break;
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: case TypeKind::Decimal256:
    case TypeKind::UInt128: case TypeKind::UInt256: case TypeKind::Int128: case TypeKind::Int256:
      appendWide(c, f, lt, fixedWidth(lt));
      break;
    case TypeKind::Nothing: case TypeKind::LowCardinality:
      badField(c, "a value");
  }
  ++c.rows;
}

void appendDefault(Column& c) {
  const ColumnType& lt = layoutType(*c.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      appendDefault(*c.children[0]);
      c.nulls.push_back(1);
      break;
    case TypeKind::Array: case TypeKind::Map: c.offsets.push_back(c.children[0]->rows); break;
    case TypeKind::Tuple:
      for (auto& child : c.children) appendDefault(*child);
      break;
    case TypeKind::String: case TypeKind::AggregateFunction: c.offsets.push_back(c.data.size()); break;
    case TypeKind::Enum8: case TypeKind::Enum16:
      // The default of an Enum is its first value (ClickHouse), not 0.
      if (!lt.enum_values.empty()) {
        int64_t v = lt.enum_values.front().second;
        for (const auto& e : lt.enum_values) v = std::min(v, e.second);
        v = lt.enum_values.front().second;
        if (lt.kind == TypeKind::Enum8) appendNumber<int8_t>(c, Field(v));
        else appendNumber<int16_t>(c, Field(v));
        break;
      }
      [[fallthrough]];
    default:
      c.data.insert(c.data.end(), fixedWidth(lt), 0);
  }
  ++c.rows;
}

void appendFrom(Column& to, const Column& from, size_t row) { appendRange(to, from, row, row + 1); }

void appendRange(Column& to, const Column& from, size_t begin, size_t end) {
  if (begin >= end) return;
  if (from.is_const) {
    Column one = from;
    one.is_const = false;
    one.rows = 1;
    for (size_t i = begin; i < end; ++i) appendRange(to, one, 0, 1);
    return;
  }
  const ColumnType& lt = layoutType(*from.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      to.nulls.insert(to.nulls.end(), from.nulls.begin() + begin, from.nulls.begin() + end);
      appendRange(*to.children[0], *from.children[0], begin, end);
      break;
    case TypeKind::Array: case TypeKind::Map: {
      uint64_t child_begin = begin == 0 ? 0 : from.offsets[begin - 1];
      uint64_t child_end = from.offsets[end - 1];
      uint64_t base = to.children[0]->rows;
      appendRange(*to.children[0], *from.children[0], child_begin, child_end);
      for (size_t i = begin; i < end; ++i) to.offsets.push_back(base + from.offsets[i] - child_begin);
      break;
    }
    case TypeKind::Tuple:
      for (size_t k = 0; k < to.children.size(); ++k) appendRange(*to.children[k], *from.children[k], begin, end);
      break;
    case TypeKind::String: case TypeKind::AggregateFunction: {
      uint64_t byte_begin = begin == 0 ? 0 : from.offsets[begin - 1];
      uint64_t byte_end = from.offsets[end - 1];
      uint64_t base = to.data.size();
      to.data.insert(to.data.end(), from.data.begin() + byte_begin, from.data.begin() + byte_end);
      for (size_t i = begin; i < end; ++i) to.offsets.push_back(base + from.offsets[i] - byte_begin);
      break;
    }
    default: {
      size_t w = fixedWidth(lt);
      to.data.insert(to.data.end(), from.data.begin() + begin * w, from.data.begin() + end * w);
    }
  }
  to.rows += end - begin;
}

Field fieldAt(const Column& c, size_t row) {
  if (c.is_const) row = 0;
  const ColumnType& lt = layoutType(*c.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      if (c.nulls[row]) return Null{};
      return fieldAt(*c.children[0], row);
    case TypeKind::Array: case TypeKind::Map: {
      auto [b, e] = c.arrayRange(row);
      FieldArray out;
      out.reserve(e - b);
      for (uint64_t i = b; i < e; ++i) out.push_back(fieldAt(*c.children[0], i));
      return out;
    }
    case TypeKind::Tuple: {
      FieldArray out;
      for (const auto& child : c.children) out.push_back(fieldAt(*child, row));
      return out;
    }
    case TypeKind::String: case TypeKind::AggregateFunction: return std::string(c.stringAt(row));
    case TypeKind::FixedString: case TypeKind::UUID: case TypeKind::IPv6: {
      size_t w = fixedWidth(lt);
      const auto* p = rowBytes(c, row, w);
      return std::string(reinterpret_cast<const char*>(p), w);
    }
    case TypeKind::Bool: return load<uint8_t>(rowBytes(c, row, 1)) != 0;
    case TypeKind::UInt8: return uint64_t(load<uint8_t>(rowBytes(c, row, 1)));
    case TypeKind::UInt16: case TypeKind::Date: return uint64_t(load<uint16_t>(rowBytes(c, row, 2)));
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4:
      return uint64_t(load<uint32_t>(rowBytes(c, row, 4)));
    case TypeKind::UInt64: return load<uint64_t>(rowBytes(c, row, 8));
    case TypeKind::Int8: case TypeKind::Enum8: return int64_t(load<int8_t>(rowBytes(c, row, 1)));
    case TypeKind::Int16: case TypeKind::Enum16: return int64_t(load<int16_t>(rowBytes(c, row, 2)));
    case TypeKind::Int32: case TypeKind::Date32: return int64_t(load<int32_t>(rowBytes(c, row, 4)));
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Interval:
      return load<int64_t>(rowBytes(c, row, 8));
    case TypeKind::Float32: return double(load<float>(rowBytes(c, row, 4)));
    case TypeKind::Float64: return load<double>(rowBytes(c, row, 8));
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: case TypeKind::Decimal256:
    case TypeKind::UInt128: case TypeKind::UInt256: case TypeKind::Int128: case TypeKind::Int256: {
      size_t w = fixedWidth(lt);
      return BigNumber{formatWideInteger(rowBytes(c, row, w), w, isSignedKind(lt.kind),
                                         isDecimalKind(lt.kind) ? lt.scale : 0)};
    }
    case TypeKind::Nothing: case TypeKind::LowCardinality: break;
  }
  return Null{};
}

Block sliceRows(const Block& rows, size_t begin, size_t end) {
  Block out;
  out.names = rows.names;
  for (const auto& c : rows.columns) {
    if (c->is_const) {
      auto column = std::make_shared<Column>(*c);
      column->rows = end - begin;
      out.columns.push_back(std::move(column));
      continue;
    }
    auto column = makeColumn(c->type);
    appendRange(*column, *c, begin, end);
    out.columns.push_back(std::move(column));
  }
  out.rows = end - begin;
  return out;
}

ColumnPtr gather(const Column& c, const std::vector<uint32_t>& indices) {
  auto out = makeColumn(c.type);
  const ColumnType& lt = layoutType(*c.type);
  size_t w = fixedWidth(lt);
  bool plain_fixed = w > 0 && lt.kind != TypeKind::Nullable;
  if (plain_fixed) {
    out->data.resize(indices.size() * w);
    uint8_t* dst = out->data.data();
    if (c.is_const) {
      for (size_t i = 0; i < indices.size(); ++i) std::memcpy(dst + i * w, c.data.data(), w);
    } else if (w == 8) {
      for (size_t i = 0; i < indices.size(); ++i) std::memcpy(dst + i * 8, c.data.data() + size_t(indices[i]) * 8, 8);
    } else if (w == 4) {
      for (size_t i = 0; i < indices.size(); ++i) std::memcpy(dst + i * 4, c.data.data() + size_t(indices[i]) * 4, 4);
    } else {
      for (size_t i = 0; i < indices.size(); ++i) std::memcpy(dst + i * w, c.data.data() + size_t(indices[i]) * w, w);
    }
    out->rows = indices.size();
    return out;
  }
  if (c.is_const) {
    for (size_t i = 0; i < indices.size(); ++i) appendFrom(*out, c, 0);
    return out;
  }
  if (isBytesKind(lt.kind)) {
    // Two passes: the sizes first, so the bytes are copied once into a buffer of the final size.
    out->offsets.resize(indices.size());
    uint64_t total = 0;
    for (size_t k = 0; k < indices.size(); ++k) {
      uint32_t i = indices[k];
      total += c.offsets[i] - (i == 0 ? 0 : c.offsets[i - 1]);
      out->offsets[k] = total;
    }
    out->data.resize(total);
    uint8_t* dst = out->data.data();
    for (uint32_t i : indices) {
      uint64_t begin = i == 0 ? 0 : c.offsets[i - 1];
      size_t n = size_t(c.offsets[i] - begin);
      std::memcpy(dst, c.data.data() + begin, n);
      dst += n;
    }
    out->rows = indices.size();
    return out;
  }
  if (lt.kind == TypeKind::Nullable) {
    out->nulls.resize(indices.size());
    for (size_t k = 0; k < indices.size(); ++k) out->nulls[k] = c.nulls[indices[k]];
    out->children[0] = gather(*c.children[0], indices);
    out->rows = indices.size();
    return out;
  }
  if (lt.kind == TypeKind::Array || lt.kind == TypeKind::Map) {
    // The elements of the chosen rows, in order, gathered from the element column at once.
    std::vector<uint32_t> elements;
    out->offsets.resize(indices.size());
    for (size_t k = 0; k < indices.size(); ++k) {
      auto [b, e] = c.arrayRange(indices[k]);
      for (uint64_t j = b; j < e; ++j) elements.push_back(uint32_t(j));
      out->offsets[k] = elements.size();
    }
    out->children[0] = gather(*c.children[0], elements);
    out->rows = indices.size();
    return out;
  }
  if (lt.kind == TypeKind::Tuple) {
    for (size_t k = 0; k < c.children.size(); ++k) out->children[k] = gather(*c.children[k], indices);
    out->rows = indices.size();
    return out;
  }
  for (uint32_t i : indices) appendFrom(*out, c, i);
  return out;
}

ColumnPtr filter(const Column& c, const std::vector<uint8_t>& mask) {
  std::vector<uint32_t> indices;
  indices.reserve(mask.size());
  for (size_t i = 0; i < mask.size(); ++i)
    if (mask[i]) indices.push_back(uint32_t(i));
  return gather(c, indices);
}

int compareAt(const Column& x, size_t a, const Column& y, size_t b, bool nulls_first) {
  if (x.is_const) a = 0;
  if (y.is_const) b = 0;
  const ColumnType& lt = layoutType(*x.type);
  switch (lt.kind) {
    case TypeKind::Nullable: {
      bool na = x.nulls[a] != 0, nb = y.nulls[b] != 0;
      if (na || nb) {
        if (na == nb) return 0;
        return (na ? 1 : -1) * (nulls_first ? -1 : 1);
      }
      return compareAt(*x.children[0], a, *y.children[0], b, nulls_first);
    }
    case TypeKind::Array: case TypeKind::Map: {
      auto [xb, xe] = x.arrayRange(a);
      auto [yb, ye] = y.arrayRange(b);
      for (; xb < xe && yb < ye; ++xb, ++yb)
        if (int r = compareAt(*x.children[0], xb, *y.children[0], yb, nulls_first)) return r;
      return cmp(xe - xb, ye - yb);
    }
    case TypeKind::Tuple:
      for (size_t k = 0; k < x.children.size(); ++k)
        if (int r = compareAt(*x.children[k], a, *y.children[k], b, nulls_first)) return r;
      return 0;
    case TypeKind::String: case TypeKind::AggregateFunction: {
      auto sa = x.stringAt(a), sb = y.stringAt(b);
      int r = std::memcmp(sa.data(), sb.data(), std::min(sa.size(), sb.size()));
      if (r) return r < 0 ? -1 : 1;
      return cmp(sa.size(), sb.size());
    }
    case TypeKind::FixedString: case TypeKind::IPv6: {
      size_t w = fixedWidth(lt);
      int r = std::memcmp(rowBytes(x, a, w), rowBytes(y, b, w), w);
      return r < 0 ? -1 : (r > 0 ? 1 : 0);
    }
    case TypeKind::UUID: case TypeKind::UInt128: case TypeKind::UInt256: case TypeKind::Int128:
    case TypeKind::Int256: case TypeKind::Decimal128: case TypeKind::Decimal256: {
      size_t w = fixedWidth(lt);
      return compareWideInteger(rowBytes(x, a, w), rowBytes(y, b, w), w, isSignedKind(lt.kind));
    }
    case TypeKind::UInt8: case TypeKind::Bool: return cmp(load<uint8_t>(rowBytes(x, a, 1)), load<uint8_t>(rowBytes(y, b, 1)));
    case TypeKind::UInt16: case TypeKind::Date:
      return cmp(load<uint16_t>(rowBytes(x, a, 2)), load<uint16_t>(rowBytes(y, b, 2)));
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4:
      return cmp(load<uint32_t>(rowBytes(x, a, 4)), load<uint32_t>(rowBytes(y, b, 4)));
    case TypeKind::UInt64: return cmp(load<uint64_t>(rowBytes(x, a, 8)), load<uint64_t>(rowBytes(y, b, 8)));
    case TypeKind::Int8: case TypeKind::Enum8: return cmp(load<int8_t>(rowBytes(x, a, 1)), load<int8_t>(rowBytes(y, b, 1)));
    case TypeKind::Int16: case TypeKind::Enum16:
      return cmp(load<int16_t>(rowBytes(x, a, 2)), load<int16_t>(rowBytes(y, b, 2)));
    case TypeKind::Int32: case TypeKind::Date32: case TypeKind::Decimal32:
      return cmp(load<int32_t>(rowBytes(x, a, 4)), load<int32_t>(rowBytes(y, b, 4)));
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Decimal64: case TypeKind::Interval:
      return cmp(load<int64_t>(rowBytes(x, a, 8)), load<int64_t>(rowBytes(y, b, 8)));
    case TypeKind::Float32: return cmp(load<float>(rowBytes(x, a, 4)), load<float>(rowBytes(y, b, 4)));
    case TypeKind::Float64: return cmp(load<double>(rowBytes(x, a, 8)), load<double>(rowBytes(y, b, 8)));
    case TypeKind::Nothing: case TypeKind::LowCardinality: return 0;
  }
  return 0;
}

uint64_t hashAt(const Column& c, size_t row, uint64_t seed) {
  if (c.is_const) row = 0;
  const ColumnType& lt = layoutType(*c.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      if (c.nulls[row]) return XXH3_64bits_withSeed("\0null", 5, seed);
      return hashAt(*c.children[0], row, seed);
    case TypeKind::Array: case TypeKind::Map: {
      auto [b, e] = c.arrayRange(row);
      uint64_t h = XXH3_64bits_withSeed(&e, 0, seed ^ (e - b));
      for (uint64_t i = b; i < e; ++i) h = hashAt(*c.children[0], i, h);
      return h;
    }
    case TypeKind::Tuple: {
      uint64_t h = seed;
      for (const auto& child : c.children) h = hashAt(*child, row, h);
      return h;
    }
    case TypeKind::String: case TypeKind::AggregateFunction: {
      auto s = c.stringAt(row);
      return XXH3_64bits_withSeed(s.data(), s.size(), seed);
    }
    default: {
      size_t w = fixedWidth(lt);
      if (lt.kind == TypeKind::Float32 || lt.kind == TypeKind::Float64) {
        // -0.0 equals 0.0 and every NaN equals every NaN for grouping: hash a canonical value.
        double d = lt.kind == TypeKind::Float32 ? double(load<float>(rowBytes(c, row, 4)))
                                                : load<double>(rowBytes(c, row, 8));
        if (d == 0) d = 0;
        if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
        return XXH3_64bits_withSeed(&d, sizeof d, seed);
      }
      return XXH3_64bits_withSeed(rowBytes(c, row, w), w, seed);
    }
  }
}

}  // namespace ferry::rt
