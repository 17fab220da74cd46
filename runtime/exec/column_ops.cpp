#include <cmath>
#include <limits>

#include "runtime/column/value_text.h"
#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {

[[noreturn]] void fail(const std::string& code, const std::string& message) { throw ExecError(code, message); }

ColumnPtr newString(ColumnTypePtr type, size_t reserve_rows) {
  auto c = std::make_shared<Column>();
  c->type = std::move(type);
  c->offsets.reserve(reserve_rows);
  return c;
}

const ColumnTypePtr& typeUInt8() { static ColumnTypePtr t = makeType(TypeKind::UInt8); return t; }
const ColumnTypePtr& typeUInt64() { static ColumnTypePtr t = makeType(TypeKind::UInt64); return t; }
const ColumnTypePtr& typeInt64() { static ColumnTypePtr t = makeType(TypeKind::Int64); return t; }
const ColumnTypePtr& typeFloat64() { static ColumnTypePtr t = makeType(TypeKind::Float64); return t; }
const ColumnTypePtr& typeString() { static ColumnTypePtr t = makeType(TypeKind::String); return t; }

ColumnTypePtr removeLowCardinality(const ColumnTypePtr& t) {
  if (t && t->kind == TypeKind::LowCardinality) return removeLowCardinality(t->children.at(0));
  return t;
}

ColumnTypePtr removeNullable(const ColumnTypePtr& t) {
  if (!t) return t;
  if (t->kind == TypeKind::Nullable) return t->children.at(0);
  if (t->kind == TypeKind::LowCardinality && t->children.at(0)->kind == TypeKind::Nullable) {
    auto inner = t->children[0]->children.at(0);
    auto lc = std::make_shared<ColumnType>();
    lc->kind = TypeKind::LowCardinality;
    lc->children = {inner};
    lc->name = "LowCardinality(" + typeName(*inner) + ")";
    return lc;
  }
  return t;
}

ColumnPtr nestedOf(const ColumnPtr& c) {
  if (layoutKind(*c->type) != TypeKind::Nullable) return c;
  const ColumnPtr& child = c->children.at(0);
  if (!c->is_const) return child;
  auto copy = std::make_shared<Column>(*child);
  copy->is_const = true;
  copy->rows = c->rows;
  return copy;
}

ColumnPtr wrapNullable(ColumnPtr nested, std::vector<uint8_t> nulls, ColumnTypePtr nullable_type) {
  if (!nullable_type) nullable_type = makeNullable(nested->type);
  auto c = std::make_shared<Column>();
  c->type = std::move(nullable_type);
  c->rows = nested->rows;
  c->is_const = nested->is_const;
  size_t n = nested->is_const ? 1 : nested->rows;
  if (nulls.empty()) nulls.assign(n, 0);
  if (nested->is_const) {
    // A const nested column with a per-row null map: materialize.
    if (nulls.size() != 1) {
      nested = materialize(nested);
      c->is_const = false;
    } else {
      auto one = std::make_shared<Column>(*nested);
      one->is_const = false;
      one->rows = 1;
      nested = one;
    }
  }
  c->nulls = std::move(nulls);
  c->children.push_back(std::move(nested));
  return c;
}

ColumnPtr firstRow(const ColumnPtr& c) {
  if (!c->is_const) {
    if (c->rows == 1) return c;
    return gather(*c, {0});
  }
  auto copy = std::make_shared<Column>(*c);
  copy->is_const = false;
  copy->rows = 1;
  return copy;
}

ColumnPtr asConst(const ColumnPtr& c, size_t rows) {
  auto copy = c->rows == 1 && !c->is_const ? std::make_shared<Column>(*c) : std::make_shared<Column>(*firstRow(c));
  copy->is_const = true;
  copy->rows = rows;
  return copy;
}

ColumnPtr relabel(const ColumnPtr& c, const ColumnTypePtr& type) {
  if (c->type == type) return c;
  auto copy = std::make_shared<Column>(*c);
  copy->type = type;
  return copy;
}

Block concatBlocks(std::vector<Block>& blocks, const std::vector<OutputColumn>& output) {
  Block out;
  if (blocks.size() == 1) {
    out = std::move(blocks[0]);
    for (auto& col : out.columns) col = materialize(col);
    return out;
  }
  for (size_t i = 0; i < output.size(); ++i) {
    auto col = makeColumn(output[i].type);
    for (auto& b : blocks) {
      if (i >= b.columns.size()) continue;
      auto src = materialize(b.columns[i]);
      appendRange(*col, *src, 0, src->rows);
    }
    out.names.push_back(output[i].name);
    out.columns.push_back(col);
  }
  size_t rows = 0;
  for (auto& b : blocks) rows += b.rows;
  out.rows = rows;
  return out;
}

Block gatherBlock(const Block& b, const std::vector<uint32_t>& indices) {
  Block out;
  out.names = b.names;
  for (const auto& c : b.columns) out.columns.push_back(gather(*c, indices));
  out.rows = indices.size();
  return out;
}

std::vector<uint8_t> toMask(const Column& c, size_t rows) {
  std::vector<uint8_t> mask(rows, 0);
  const ColumnType& lt = layoutType(*c.type);
  const Column* values = &c;
  if (lt.kind == TypeKind::Nullable) values = c.children.at(0).get();
  TypeKind k = layoutKind(*values->type);
  if (k == TypeKind::Nothing) return mask;
  bool ok = dispatchFixed(k, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = values->values<T>();
    if (c.is_const) {
      bool v = p[0] != T(0) && !c.isNullAt(0);
      std::fill(mask.begin(), mask.end(), uint8_t(v));
    } else {
      for (size_t i = 0; i < rows; ++i) mask[i] = p[i] != T(0);
      if (lt.kind == TypeKind::Nullable)
        for (size_t i = 0; i < rows; ++i) mask[i] &= uint8_t(!c.nulls[i]);
    }
  });
  if (!ok) fail("ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER", "Illegal type " + typeName(*c.type) + " of column for filter");
  return mask;
}

// ---- Keys ------------------------------------------------------------------------------------------
void serializeKey(const Column& c, size_t row, std::string& out) {
  if (c.is_const) row = 0;
  const ColumnType& lt = layoutType(*c.type);
  switch (lt.kind) {
    case TypeKind::Nullable:
      if (c.nulls[row]) {
        out.push_back('\1');
        return;
      }
      out.push_back('\0');
      serializeKey(*c.children[0], row, out);
      return;
    case TypeKind::String:
    case TypeKind::AggregateFunction: {
      auto s = c.stringAt(row);
      uint64_t n = s.size();
      out.append(reinterpret_cast<const char*>(&n), 8);
      out.append(s);
      return;
    }
    case TypeKind::Array:
    case TypeKind::Map: {
      auto [b, e] = c.arrayRange(row);
      uint64_t n = e - b;
      out.append(reinterpret_cast<const char*>(&n), 8);
      for (uint64_t i = b; i < e; ++i) serializeKey(*c.children[0], i, out);
      return;
    }
    case TypeKind::Tuple:
      for (const auto& ch : c.children) serializeKey(*ch, row, out);
      return;
    default: {
      size_t w = fixedWidth(lt);
      out.append(reinterpret_cast<const char*>(c.data.data()) + row * w, w);
      return;
    }
  }
}

void serializeKeys(const std::vector<ColumnPtr>& cols, size_t rows, std::vector<std::string>& keys) {
  keys.assign(rows, std::string());
  for (const auto& col : cols) {
    const ColumnType& lt = layoutType(*col->type);
    size_t w = fixedWidth(lt);
    if (w > 0 && lt.kind != TypeKind::Nullable && !col->is_const) {
      const char* p = reinterpret_cast<const char*>(col->data.data());
      for (size_t i = 0; i < rows; ++i) keys[i].append(p + i * w, w);
    } else {
      for (size_t i = 0; i < rows; ++i) serializeKey(*col, i, keys[i]);
    }
  }
}

// ---- CAST ------------------------------------------------------------------------------------------
namespace {

template <class T>
constexpr bool is_float_v = std::is_floating_point_v<T>;

/// Float -> integer as ClickHouse does for toIntN (truncation; out-of-range goes through Int64/UInt64).
template <class To, class From>
To convertNumber(From v) {
  if constexpr (std::is_same_v<To, uint8_t> && false) {
    return To(v);
  } else if constexpr (is_float_v<From> && !is_float_v<To>) {
    if (std::isnan(v)) return To(0);
    if constexpr (sizeof(To) >= 16) {
      return To(v);
    } else if constexpr (std::is_signed_v<To>) {
      if (v >= 9.2233720368547758e18 || v < -9.2233720368547758e18) return To(std::numeric_limits<int64_t>::min());
      return To(int64_t(v));
    } else {
      if (v >= 1.8446744073709552e19 || v <= -9.2233720368547758e18) return To(0);
      if (v < 0) return To(uint64_t(int64_t(v)));
      return To(uint64_t(v));
    }
  } else {
    return To(v);
  }
}

Int128 pow10i(uint32_t n) {
  Int128 r = 1;
  for (uint32_t i = 0; i < n; ++i) r *= 10;
  return r;
}

/// Integer -> integer / float with wrap-around.
template <class From, class To>
void convertLoop(const Column& src, Column& dst, size_t rows, bool to_bool) {
  Vals<From> in(src);
  To* out = dst.values<To>();
  for (size_t i = 0; i < rows; ++i) {
    if (to_bool) out[i] = To(in[i] != From(0));
    else out[i] = convertNumber<To>(in[i]);
  }
}

bool parseIntText(std::string_view s, bool is_signed, uint64_t& out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    neg = s[i] == '-';
    ++i;
  }
  if (i >= s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + uint64_t(s[i] - '0');
  }
  (void)is_signed;
  out = neg ? uint64_t(0) - v : v;
  return true;
}

bool parseFloatText(std::string_view s, double& out) {
  std::string t(s);
  if (t.empty()) return false;
  std::string lower;
  for (char ch : t) lower.push_back(char(std::tolower(static_cast<unsigned char>(ch))));
  if (lower == "nan" || lower == "+nan" || lower == "-nan") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (lower == "inf" || lower == "+inf" || lower == "infinity") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (lower == "-inf" || lower == "-infinity") {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && !std::isspace(static_cast<unsigned char>(t[0]));
}

/// Seconds/ticks conversions between time types.
int64_t timeScale(const ColumnType& t) {
  if (t.kind == TypeKind::DateTime64) return int64_t(pow10i(t.precision));
  return 1;
}

ColumnPtr castTime(const Column& src, const ColumnTypePtr& to, size_t rows) {
  const ColumnType& ft = layoutType(*src.type);
  const ColumnType& tt = layoutType(*to);
  const TimeZone* tz_to = findTimeZone(tt.timezone);
  // Source instant as (seconds, sub-second ticks at target precision) or days.
  std::vector<int64_t> ticks(rows);  // in units of the target
  if (ft.kind == TypeKind::Date || ft.kind == TypeKind::Date32) {
    auto days = toDays(src, rows);
    for (size_t i = 0; i < rows; ++i) {
      if (tt.kind == TypeKind::Date || tt.kind == TypeKind::Date32) ticks[i] = days[i];
      else {
        int64_t local = days[i] * 86400;
        int64_t utc = tz_to ? tz_to->localToUtc(local) : local;
        ticks[i] = utc * timeScale(tt);
      }
    }
  } else {
    // DateTime / DateTime64 source.
    int64_t fscale = timeScale(ft);
    std::vector<int64_t> raw(rows);
    if (ft.kind == TypeKind::DateTime) {
      Vals<uint32_t> v(src);
      for (size_t i = 0; i < rows; ++i) raw[i] = v[i];
    } else {
      Vals<int64_t> v(src);
      for (size_t i = 0; i < rows; ++i) raw[i] = v[i];
    }
    const TimeZone* tz_from = findTimeZone(ft.timezone);
    for (size_t i = 0; i < rows; ++i) {
      if (tt.kind == TypeKind::Date || tt.kind == TypeKind::Date32) {
        int64_t s = floorDiv(raw[i], fscale);
        int64_t local = s + (tz_from ? tz_from->offsetAtUtc(s) : 0);
        ticks[i] = floorDiv(local, 86400);
      } else {
        int64_t tscale = timeScale(tt);
        if (tscale >= fscale) ticks[i] = raw[i] * (tscale / fscale);
        else ticks[i] = floorDiv(raw[i], fscale / tscale);
      }
    }
  }
  ColumnPtr out;
  switch (tt.kind) {
    case TypeKind::Date: {
      out = newFixed<uint16_t>(to, rows);
      for (size_t i = 0; i < rows; ++i) out->values<uint16_t>()[i] = uint16_t(std::clamp<int64_t>(ticks[i], 0, 65535));
      break;
    }
    case TypeKind::Date32: {
      out = newFixed<int32_t>(to, rows);
      for (size_t i = 0; i < rows; ++i) out->values<int32_t>()[i] = int32_t(ticks[i]);
      break;
    }
    case TypeKind::DateTime: {
      out = newFixed<uint32_t>(to, rows);
      for (size_t i = 0; i < rows; ++i) out->values<uint32_t>()[i] = uint32_t(ticks[i]);
      break;
    }
    default: {
      out = newFixed<int64_t>(to, rows);
      for (size_t i = 0; i < rows; ++i) out->values<int64_t>()[i] = ticks[i];
      break;
    }
  }
  return out;
}

ColumnPtr castViaText(const Column& src, const ColumnTypePtr& to, size_t rows, CastMode mode,
                      std::vector<uint8_t>* nulls) {
  const ColumnType& tt = layoutType(*to);
  auto out = makeColumn(to);
  std::string error;
  for (size_t i = 0; i < rows; ++i) {
    std::string_view s = src.stringAt(i);
    if (layoutKind(*src.type) == TypeKind::FixedString) {
      while (!s.empty() && s.back() == '\0') s.remove_suffix(1);
    }
    bool ok = false;
    if (isIntegerKind(tt.kind) && tt.kind != TypeKind::Bool) {
      uint64_t v;
      ok = parseIntText(s, true, v);
      if (ok) {
        dispatchFixed(tt.kind, [&](auto tag) {
          using T = typename decltype(tag)::type;
          T x = T(v);
          out->data.insert(out->data.end(), reinterpret_cast<uint8_t*>(&x), reinterpret_cast<uint8_t*>(&x) + sizeof(T));
        });
        ++out->rows;
      }
    } else if (isFloatKind(tt.kind)) {
      double v;
      ok = parseFloatText(s, v);
      if (ok) {
        if (tt.kind == TypeKind::Float32) {
          float f = float(v);
          out->data.insert(out->data.end(), reinterpret_cast<uint8_t*>(&f), reinterpret_cast<uint8_t*>(&f) + 4);
        } else {
          out->data.insert(out->data.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 8);
        }
        ++out->rows;
      }
    } else {
      ok = parseAndAppend(*out, s, error);
    }
    if (!ok) {
      if (mode == CastMode::Throw) {
        std::string code = isDateKind(tt.kind) ? "CANNOT_PARSE_DATETIME" : "CANNOT_PARSE_TEXT";
        if (tt.kind == TypeKind::Date || tt.kind == TypeKind::Date32) code = "CANNOT_PARSE_DATE";
        if (tt.kind == TypeKind::UUID) code = "CANNOT_PARSE_UUID";
        fail(code, "Cannot parse string '" + std::string(s) + "' as " + typeName(*to) + (error.empty() ? "" : ": " + error));
      }
      appendDefault(*out);
      if (nulls) (*nulls)[i] = 1;
    }
  }
  return out;
}

ColumnPtr castToString(const Column& src, const ColumnTypePtr& to, size_t rows) {
  auto out = newString(to, rows);
  const ColumnType& ft = layoutType(*src.type);
  if (ft.kind == TypeKind::String) {
    for (size_t i = 0; i < rows; ++i) pushString(*out, src.stringAt(i));
    return out;
  }
  std::string buf;
  for (size_t i = 0; i < rows; ++i) {
    buf.clear();
    formatValue(src, src.is_const ? 0 : i, TextFormat::Pretty, buf);
    pushString(*out, buf);
  }
  return out;
}

ColumnPtr castDecimal(const Column& src, const ColumnTypePtr& to, size_t rows) {
  const ColumnType& ft = layoutType(*src.type);
  const ColumnType& tt = layoutType(*to);
  ColumnPtr out;
  bool from_dec = isDecimalKind(ft.kind), to_dec = isDecimalKind(tt.kind);
  dispatchFixed(ft.kind, [&](auto ftag) {
    using F = typename decltype(ftag)::type;
    dispatchFixed(tt.kind, [&](auto ttag) {
      using T = typename decltype(ttag)::type;
      out = newFixed<T>(to, rows);
      Vals<F> in(src);
      T* o = out->values<T>();
      for (size_t i = 0; i < rows; ++i) {
        F v = in[i];
        if (from_dec && to_dec) {
          Int128 x = Int128(v);
          if (tt.scale >= ft.scale) x *= pow10i(tt.scale - ft.scale);
          else x /= pow10i(ft.scale - tt.scale);
          o[i] = T(x);
        } else if (from_dec) {
          if constexpr (is_float_v<T>) o[i] = T(double(v) / double(pow10i(ft.scale)));
          else o[i] = T(Int128(v) / pow10i(ft.scale));
        } else {
          if constexpr (is_float_v<F>) {
            o[i] = T(Int128(std::trunc(double(v) * double(pow10i(tt.scale)))));
          } else {
            o[i] = T(Int128(v) * pow10i(tt.scale));
          }
        }
      }
    });
  });
  if (!out) fail("CANNOT_CONVERT_TYPE", "Cannot convert " + typeName(*src.type) + " to " + typeName(*to));
  return out;
}

ColumnPtr castNonNull(const ColumnPtr& col, const ColumnTypePtr& to, CastMode mode, std::vector<uint8_t>* nulls) {
  const ColumnType& ft = layoutType(*col->type);
  const ColumnType& tt = layoutType(*to);
  size_t rows = col->is_const ? 1 : col->rows;
  auto finish = [&](ColumnPtr r) {
    if (col->is_const) return asConst(r, col->rows);
    return r;
  };
  if (ft.kind == tt.kind && typeName(ft) == typeName(tt)) return relabel(col, to);
  if (ft.kind == TypeKind::Nothing) {
    auto out = makeColumn(to);
    for (size_t i = 0; i < rows; ++i) appendDefault(*out);
    return finish(out);
  }
  if (tt.kind == TypeKind::String) return finish(castToString(*col, to, rows));
  if (tt.kind == TypeKind::FixedString && ft.kind == TypeKind::String) {
    auto out = newFixed<char>(to, rows);
    out->data.assign(rows * tt.length, 0);
    for (size_t i = 0; i < rows; ++i) {
      auto s = col->stringAt(i);
      if (s.size() > tt.length) fail("TOO_LARGE_STRING_SIZE", "String too long for type FixedString(" + std::to_string(tt.length) + ")");
      std::memcpy(out->data.data() + i * tt.length, s.data(), s.size());
    }
    return finish(out);
  }
  if (isStringKind(ft.kind)) return finish(castViaText(*col, to, rows, mode, nulls));
  bool ft_time = isDateKind(ft.kind), tt_time = isDateKind(tt.kind);
  if (ft_time && tt_time) return finish(castTime(*col, to, rows));
  if (tt_time && (isNativeNumber(ft.kind) || isDecimalKind(ft.kind))) {
    // Numbers are days for Date (values up to 65535 for Date), else unix seconds.
    std::vector<int64_t> v(rows);
    dispatchFixed(ft.kind, [&](auto tag) {
      using F = typename decltype(tag)::type;
      Vals<F> in(*col);
      for (size_t i = 0; i < rows; ++i) {
        if (isDecimalKind(ft.kind)) v[i] = int64_t(Int128(in[i]) / pow10i(ft.scale));
        else v[i] = convertNumber<int64_t>(in[i]);
      }
    });
    if (tt.kind == TypeKind::DateTime64) {
      auto out = newFixed<int64_t>(to, rows);
      int64_t scale = int64_t(pow10i(tt.precision));
      dispatchFixed(ft.kind, [&](auto tag) {
        using F = typename decltype(tag)::type;
        Vals<F> in(*col);
        for (size_t i = 0; i < rows; ++i) {
          if constexpr (is_float_v<F>) out->values<int64_t>()[i] = int64_t(std::llround(double(in[i]) * double(scale)));
          else if (isDecimalKind(ft.kind))
            out->values<int64_t>()[i] = int64_t(Int128(in[i]) * scale / pow10i(ft.scale));
          else out->values<int64_t>()[i] = int64_t(in[i]) * scale;
        }
      });
      return finish(out);
    }
    if (tt.kind == TypeKind::DateTime) {
      auto out = newFixed<uint32_t>(to, rows);
      for (size_t i = 0; i < rows; ++i) out->values<uint32_t>()[i] = uint32_t(v[i]);
      return finish(out);
    }
    if (tt.kind == TypeKind::Date) {
      auto out = newFixed<uint16_t>(to, rows);
      for (size_t i = 0; i < rows; ++i) {
        int64_t d = v[i];
        if (d > 65535) d = floorDiv(d, 86400);
        out->values<uint16_t>()[i] = uint16_t(std::clamp<int64_t>(d, 0, 65535));
      }
      return finish(out);
    }
    auto out = newFixed<int32_t>(to, rows);
    for (size_t i = 0; i < rows; ++i) out->values<int32_t>()[i] = int32_t(v[i]);
    return finish(out);
  }
  if (ft_time && isNativeNumber(tt.kind)) {
    // Date -> days, DateTime -> seconds, DateTime64 -> ticks as stored.
    ColumnPtr out;
    dispatchFixed(ft.kind, [&](auto ftag) {
      using F = typename decltype(ftag)::type;
      dispatchFixed(tt.kind, [&](auto ttag) {
        using T = typename decltype(ttag)::type;
        out = newFixed<T>(to, rows);
        if (ft.kind == TypeKind::DateTime64) {
          Vals<F> in(*col);
          double scale = double(pow10i(ft.precision));
          for (size_t i = 0; i < rows; ++i) {
            if constexpr (is_float_v<T>) out->values<T>()[i] = T(double(in[i]) / scale);
            else out->values<T>()[i] = T(floorDiv(int64_t(in[i]), int64_t(scale)));
          }
        } else {
          convertLoop<F, T>(*col, *out, rows, tt.kind == TypeKind::Bool);
        }
      });
    });
    return finish(out);
  }
  if (isDecimalKind(ft.kind) || isDecimalKind(tt.kind)) {
    if ((isNativeNumber(ft.kind) || isDecimalKind(ft.kind)) && (isNativeNumber(tt.kind) || isDecimalKind(tt.kind)))
      return finish(castDecimal(*col, to, rows));
  }
  bool ft_num = isNativeNumber(ft.kind) || ft.kind == TypeKind::Enum8 || ft.kind == TypeKind::Enum16 ||
                ft.kind == TypeKind::IPv4 || ft.kind == TypeKind::Int128 || ft.kind == TypeKind::UInt128;
  bool tt_num = isNativeNumber(tt.kind) || tt.kind == TypeKind::IPv4 || tt.kind == TypeKind::Int128 ||
                tt.kind == TypeKind::UInt128;
  if (ft_num && tt_num) {
    ColumnPtr out;
    dispatchFixed(ft.kind, [&](auto ftag) {
      using F = typename decltype(ftag)::type;
      dispatchFixed(tt.kind, [&](auto ttag) {
        using T = typename decltype(ttag)::type;
        out = newFixed<T>(to, rows);
        convertLoop<F, T>(*col, *out, rows, tt.kind == TypeKind::Bool);
      });
    });
    return finish(out);
  }
  if ((tt.kind == TypeKind::Enum8 || tt.kind == TypeKind::Enum16) && isNativeNumber(ft.kind)) {
    ColumnPtr out;
    dispatchFixed(ft.kind, [&](auto ftag) {
      using F = typename decltype(ftag)::type;
      dispatchFixed(tt.kind, [&](auto ttag) {
        using T = typename decltype(ttag)::type;
        out = newFixed<T>(to, rows);
        convertLoop<F, T>(*col, *out, rows, false);
      });
    });
    return finish(out);
  }
  if (ft.kind == TypeKind::Array && tt.kind == TypeKind::Array) {
    auto m = materialize(col);
    auto out = std::make_shared<Column>();
    out->type = to;
    out->rows = m->rows;
    out->offsets = m->offsets;
    out->children.push_back(castColumn(m->children[0], tt.children[0], mode));
    return finish(out);
  }
  if (ft.kind == TypeKind::Tuple && tt.kind == TypeKind::Tuple && ft.children.size() == tt.children.size()) {
    auto m = materialize(col);
    auto out = std::make_shared<Column>();
    out->type = to;
    out->rows = m->rows;
    for (size_t k = 0; k < tt.children.size(); ++k) out->children.push_back(castColumn(m->children[k], tt.children[k], mode));
    return finish(out);
  }
  if ((ft.kind == TypeKind::Map || ft.kind == TypeKind::Array) && tt.kind == TypeKind::Map) {
    // Map(k, v) -> Map(k', v'), and Array(Tuple(k, v)) -> Map(k, v): both are offsets over
    // (key, value) entries, so only the entries' two columns are cast.
    auto m = materialize(col);
    auto out = makeColumn(to);
    out->rows = m->rows;
    out->offsets = m->offsets;
    const Column& entries = *m->children[0];
    auto& oentries = out->children[0];
    oentries->rows = entries.rows;
    for (size_t k = 0; k < 2; ++k) oentries->children[k] = castColumn(entries.children.at(k), tt.children[k], mode);
    return finish(out);
  }
  // Generic: through Field values.
  auto out = makeColumn(to);
  for (size_t i = 0; i < rows; ++i) {
    try {
      appendField(*out, fieldAt(*col, i));
    } catch (const std::exception& e) {
      if (mode == CastMode::Throw)
        fail("CANNOT_CONVERT_TYPE", "Conversion from " + typeName(*col->type) + " to " + typeName(*to) + " is not supported: " + e.what());
      appendDefault(*out);
      if (nulls) (*nulls)[i] = 1;
    }
  }
  return finish(out);
}

}  // namespace

ColumnPtr castColumn(const ColumnPtr& c, const ColumnTypePtr& to, CastMode mode) {
  const ColumnType& ft = layoutType(*c->type);
  const ColumnType& tt = layoutType(*to);
  if (c->type == to) return c;
  size_t rows = c->is_const ? 1 : c->rows;
  if (tt.kind == TypeKind::Nullable) {
    const ColumnTypePtr& inner = tt.children[0];
    std::vector<uint8_t> nulls(rows, 0);
    ColumnPtr nested;
    if (ft.kind == TypeKind::Nullable) {
      nulls.assign(c->nulls.begin(), c->nulls.begin() + rows);
      nested = castColumn(nestedOf(c), inner, mode == CastMode::Throw ? CastMode::OrNull : mode);
      // Values under NULL must not fail: OrNull parse failures under NULL rows are ignored, others throw.
      if (mode == CastMode::Throw && layoutKind(*nested->type) == TypeKind::Nullable) {
        for (size_t i = 0; i < rows; ++i) {
          if (!nulls[i] && nested->nulls[nested->is_const ? 0 : i])
            castColumn(firstRow(gather(*materialize(nestedOf(c)), {uint32_t(i)})), inner, CastMode::Throw);
        }
      }
    } else {
      nested = c;
    }
    if (layoutKind(*nested->type) == TypeKind::Nullable) {
      for (size_t i = 0; i < rows; ++i) nulls[i] |= nested->nulls[nested->is_const ? 0 : i];
      nested = nestedOf(nested);
    }
    std::vector<uint8_t> fails(rows, 0);
    auto conv = castNonNull(nested, inner, mode, mode == CastMode::OrNull ? &fails : nullptr);
    for (size_t i = 0; i < rows; ++i) nulls[i] |= fails[i];
    if (c->is_const) {
      auto one = firstRow(conv);
      auto w = wrapNullable(one, nulls, to);
      return asConst(w, c->rows);
    }
    return wrapNullable(conv, std::move(nulls), to);
  }
  if (ft.kind == TypeKind::Nullable) {
    for (size_t i = 0; i < rows; ++i)
      if (c->nulls[i]) {
        if (mode == CastMode::Throw)
          fail("CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN", "Cannot convert NULL value to non-Nullable type " + typeName(*to));
      }
    return castNonNull(nestedOf(c), to, mode, nullptr);
  }
  if (mode == CastMode::OrNull) {
    std::vector<uint8_t> nulls(rows, 0);
    return castNonNull(c, to, mode, &nulls);
  }
  return castNonNull(c, to, mode, nullptr);
}

}  // namespace ferry::rt::exec
