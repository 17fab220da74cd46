#include "runtime/column/value_text.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "runtime/column/time_zone.h"

namespace ferry::rt {

namespace {

using u128 = unsigned __int128;
using i128 = __int128;

// ---- Wide integers ------------------------------------------------------------------------------
/// 256-bit two's-complement value as four little-endian 64-bit limbs (the column layout).
struct U256 {
  uint64_t w[4] = {0, 0, 0, 0};
  bool isZero() const { return !(w[0] | w[1] | w[2] | w[3]); }
  bool negativeBit() const { return w[3] >> 63; }
  void negate() {
    unsigned carry = 1;
    for (auto& limb : w) {
      limb = ~limb;
      uint64_t s = limb + carry;
      carry = carry && s == 0;
      limb = s;
    }
  }
  /// Divides by `d` in place, returns the remainder.
  uint64_t divmod(uint64_t d) {
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
      u128 cur = (rem << 64) | w[i];
      w[i] = uint64_t(cur / d);
      rem = cur % d;
    }
    return uint64_t(rem);
  }
  /// this = this * m + a; returns false on overflow past 256 bits.
  bool mulAdd(uint64_t m, uint64_t a) {
    u128 carry = a;
    for (auto& limb : w) {
      u128 cur = u128(limb) * m + carry;
      limb = uint64_t(cur);
      carry = cur >> 64;
    }
    return carry == 0;
  }
};

void appendUnsignedDigits(U256 v, std::string& out) {
  if (v.isZero()) {
    out += '0';
    return;
  }
  char buf[80];
  size_t n = 0;
  while (!v.isZero()) {
    uint64_t chunk = v.divmod(10000000000000000000ull);
    bool last = v.isZero();
    for (int k = 0; k < 19 && (!last || chunk); ++k) {
      buf[n++] = char('0' + chunk % 10);
      chunk /= 10;
    }
  }
  while (n) out += buf[--n];
}

void appendU128(u128 v, std::string& out) {
  U256 x;
  x.w[0] = uint64_t(v);
  x.w[1] = uint64_t(v >> 64);
  appendUnsignedDigits(x, out);
}

void appendI128(i128 v, std::string& out) {
  if (v < 0) {
    out += '-';
    appendU128(u128(0) - u128(v), out);
  } else {
    appendU128(u128(v), out);
  }
}

template <class T>
void appendInt(T v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}

// ---- Floats --------------------------------------------------------------------------------------
/// ClickHouse prints the shortest round-trip digits in the layout JavaScript uses (plain notation
/// for decimal exponents in [-7, 21), scientific otherwise) but without `+` in the exponent.
template <class F>
void appendFloat(F v, std::string& out) {
  if (std::isnan(v)) {
    out += std::signbit(v) ? "-nan" : "nan";
    return;
  }
  if (std::isinf(v)) {
    out += v < 0 ? "-inf" : "inf";
    return;
  }
  if (v == 0) {
    out += std::signbit(v) ? "-0" : "0";
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, size_t(r.ptr - buf));
  bool negative = sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  size_t e_pos = sci.find('e');
  std::string digits;
  digits += sci[0];
  if (e_pos > 1) digits.append(sci.substr(2, e_pos - 2));
  int exponent = 0;
  std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+'), sci.data() + sci.size(), exponent);
  int k = int(digits.size());
  int n = exponent + 1;  // position of the decimal point relative to the digits
  if (negative) out += '-';
  if (k <= n && n <= 21) {
    out += digits;
    out.append(size_t(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, size_t(n));
    out += '.';
    out.append(digits, size_t(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(size_t(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    appendInt(n - 1, out);
  }
}

// ---- Escaping ------------------------------------------------------------------------------------
/// TabSeparated escaping, also the body of quoted literals inside arrays/tuples ('...').
void appendEscaped(std::string_view s, std::string& out, char quote) {
  for (char c : s) {
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c == quote) out += '\\';
        out += c;
    }
  }
}

void appendCsvQuoted(std::string_view s, std::string& out) {
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void appendJsonString(std::string_view s, std::string& out) {
  static const char hex[] = "0123456789ABCDEF";
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '/': out += "\\/"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

// ---- Dates ---------------------------------------------------------------------------------------
void append2(unsigned v, std::string& out) {
  out += char('0' + v / 10);
  out += char('0' + v % 10);
}

void appendDate(int64_t days, std::string& out) {
  int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  if (y >= 0 && y <= 9999) {
    out += char('0' + y / 1000);
    out += char('0' + y / 100 % 10);
    out += char('0' + y / 10 % 10);
    out += char('0' + y % 10);
  } else {
    appendInt(y, out);
  }
  out += '-';
  append2(m, out);
  out += '-';
  append2(d, out);
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void appendDateTime(int64_t seconds, const std::string& timezone, std::string& out) {
  if (!timezone.empty()) {
    if (const TimeZone* zone = findTimeZone(timezone)) seconds += zone->offsetAtUtc(seconds);
  }
  int64_t days = floorDiv(seconds, 86400);
  int64_t rest = seconds - days * 86400;
  appendDate(days, out);
  out += ' ';
  append2(unsigned(rest / 3600), out);
  out += ':';
  append2(unsigned(rest / 60 % 60), out);
  out += ':';
  append2(unsigned(rest % 60), out);
}

int64_t pow10i(uint32_t p) {
  int64_t r = 1;
  while (p--) r *= 10;
  return r;
}

void appendDateTime64(int64_t ticks, uint32_t precision, const std::string& timezone, std::string& out) {
  int64_t scale = pow10i(precision);
  int64_t seconds = floorDiv(ticks, scale);
  int64_t frac = ticks - seconds * scale;
  appendDateTime(seconds, timezone, out);
  if (precision) {
    out += '.';
    char buf[20];
    for (uint32_t i = 0; i < precision; ++i) {
      buf[precision - 1 - i] = char('0' + frac % 10);
      frac /= 10;
    }
    out.append(buf, precision);
  }
}

// ---- Other scalars -------------------------------------------------------------------------------
void appendUuid(const uint8_t* p, std::string& out) {
  static const char hex[] = "0123456789abcdef";
  uint64_t high, low;
  std::memcpy(&high, p, 8);
  std::memcpy(&low, p + 8, 8);
  char buf[36];
  size_t n = 0;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) buf[n++] = '-';
    uint64_t part = i < 16 ? high : low;
    int shift = 60 - 4 * (i % 16);
    buf[n++] = hex[(part >> shift) & 15];
  }
  out.append(buf, 36);
}

void appendIPv4(uint32_t v, std::string& out) {
  for (int i = 3; i >= 0; --i) {
    appendInt((v >> (8 * i)) & 255, out);
    if (i) out += '.';
  }
}

void appendIPv6(const uint8_t* p, std::string& out) {
  uint16_t words[8];
  for (int i = 0; i < 8; ++i) words[i] = uint16_t(p[2 * i] << 8 | p[2 * i + 1]);
  int best_base = -1, best_len = 0, cur_base = -1, cur_len = 0;
  for (int i = 0; i < 8; ++i) {
    if (words[i] == 0) {
      if (cur_base < 0) cur_base = i, cur_len = 1;
      else ++cur_len;
      if (cur_len > best_len) best_base = cur_base, best_len = cur_len;
    } else {
      cur_base = -1;
      cur_len = 0;
    }
  }
  if (best_len < 2) best_base = -1;
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    if (best_base >= 0 && i >= best_base && i < best_base + best_len) {
      if (i == best_base) out += ':';
      continue;
    }
    if (i) out += ':';
    if (i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
      appendIPv4(uint32_t(p[12]) << 24 | uint32_t(p[13]) << 16 | uint32_t(p[14]) << 8 | p[15], out);
      return;
    }
    bool started = false;
    for (int s = 12; s >= 0; s -= 4) {
      unsigned nib = (words[i] >> s) & 15;
      if (nib || started || s == 0) {
        out += hex[nib];
        started = true;
      }
    }
  }
  if (best_base >= 0 && best_base + best_len == 8) out += ':';
}

/// Decimal: the unscaled integer's digits with the point placed `scale` digits from the right,
/// trailing fractional zeros dropped (ClickHouse's output_format_decimal_trailing_zeros=0).
void placeDecimalPoint(std::string& digits, bool negative, uint32_t scale, std::string& out) {
  if (scale) {
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    size_t point = digits.size() - scale;
    size_t end = digits.size();
    while (end > point && digits[end - 1] == '0') --end;
    digits.resize(end);
    if (end > point) digits.insert(point, 1, '.');
  }
  if (negative && digits != "0") out += '-';
  out += digits;
}

void appendDecimal(const Column& column, size_t row, const ColumnType& type, std::string& out) {
  std::string digits;
  bool negative = false;
  const uint8_t* p = column.data.data() + row * fixedWidth(type);
  switch (type.kind) {
    case TypeKind::Decimal32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      negative = v < 0;
      appendInt(negative ? -int64_t(v) : int64_t(v), digits);
      break;
    }
    case TypeKind::Decimal64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      negative = v < 0;
      appendU128(negative ? u128(0) - u128(i128(v)) : u128(v), digits);
      break;
    }
    case TypeKind::Decimal128: {
      i128 v;
      std::memcpy(&v, p, 16);
      negative = v < 0;
      appendU128(negative ? u128(0) - u128(v) : u128(v), digits);
      break;
    }
    default: {
      U256 v;
      std::memcpy(v.w, p, 32);
      negative = v.negativeBit();
      if (negative) v.negate();
      appendUnsignedDigits(v, digits);
    }
  }
  placeDecimalPoint(digits, negative, type.scale, out);
}

// ---- Formatting ----------------------------------------------------------------------------------
/// How a value is written: at the top level of a TSV/CSV/JSON/Pretty cell, or nested inside an
/// Array/Tuple/Map of the TSV/CSV/Pretty forms (SQL-literal-like: strings and dates in '').
enum class Mode : uint8_t { Tsv, Csv, Json, Pretty, Nested };

Mode modeOf(TextFormat format) {
  switch (format) {
    case TextFormat::Tsv: return Mode::Tsv;
    case TextFormat::Csv: return Mode::Csv;
    case TextFormat::Json: return Mode::Json;
    case TextFormat::Pretty: return Mode::Pretty;
  }
  return Mode::Tsv;
}

/// Writes a string-like text (String, dates, UUID ...) in `mode`; `is_string` says whether TSV
/// needs escaping (only String/FixedString/Enum can hold special characters).
void appendTextual(std::string_view text, Mode mode, std::string& out) {
  switch (mode) {
    case Mode::Tsv: appendEscaped(text, out, '\''); break;
    case Mode::Csv: appendCsvQuoted(text, out); break;
    case Mode::Json: appendJsonString(text, out); break;
    case Mode::Pretty: out += text; break;
    case Mode::Nested:
      out += '\'';
      appendEscaped(text, out, '\'');
      out += '\'';
      break;
  }
}

template <class T>
T loadAt(const Column& column, size_t row) {
  T v;
  std::memcpy(&v, column.data.data() + row * sizeof(T), sizeof(T));
  return v;
}

void formatRow(const Column& column, size_t row, Mode mode, std::string& out);

/// 64-bit and wider integers: ClickHouse 26.7 prints them as bare JSON numbers by default
/// (output_format_json_quote_64bit_integers = 0), and so does Ferry.
void appendMaybeQuoted(std::string_view text, Mode, std::string& out) { out += text; }

void formatMapKeyJson(const Column& keys, size_t row, std::string& out) {
  const ColumnType& kt = layoutType(*keys.type);
  if (kt.kind == TypeKind::String || kt.kind == TypeKind::FixedString || kt.kind == TypeKind::Enum8 ||
      kt.kind == TypeKind::Enum16 || kt.kind == TypeKind::Date || kt.kind == TypeKind::Date32 ||
      kt.kind == TypeKind::DateTime || kt.kind == TypeKind::DateTime64 || kt.kind == TypeKind::UUID ||
      kt.kind == TypeKind::IPv4 || kt.kind == TypeKind::IPv6) {
    formatRow(keys, row, Mode::Json, out);
    return;
  }
  std::string text;
  formatRow(keys, row, Mode::Pretty, text);
  appendJsonString(text, out);
}

void formatRow(const Column& column, size_t row, Mode mode, std::string& out) {
  const ColumnType& type = layoutType(*column.type);
  switch (type.kind) {
    case TypeKind::Nothing:
      out += mode == Mode::Json ? "null" : mode == Mode::Nested ? "NULL" : "\\N";
      return;
    case TypeKind::UInt8: appendInt(loadAt<uint8_t>(column, row), out); return;
    case TypeKind::UInt16: appendInt(loadAt<uint16_t>(column, row), out); return;
    case TypeKind::UInt32: appendInt(loadAt<uint32_t>(column, row), out); return;
    case TypeKind::Int8: appendInt(loadAt<int8_t>(column, row), out); return;
    case TypeKind::Int16: appendInt(loadAt<int16_t>(column, row), out); return;
    case TypeKind::Int32: appendInt(loadAt<int32_t>(column, row), out); return;
    case TypeKind::Interval:
    case TypeKind::Int64: {
      std::string t;
      appendInt(loadAt<int64_t>(column, row), t);
      appendMaybeQuoted(t, mode, out);
      return;
    }
    case TypeKind::UInt64: {
      std::string t;
      appendInt(loadAt<uint64_t>(column, row), t);
      appendMaybeQuoted(t, mode, out);
      return;
    }
    case TypeKind::UInt128: {
      std::string t;
      appendU128(loadAt<u128>(column, row), t);
      appendMaybeQuoted(t, mode, out);
      return;
    }
    case TypeKind::Int128: {
      std::string t;
      appendI128(loadAt<i128>(column, row), t);
      appendMaybeQuoted(t, mode, out);
      return;
    }
    case TypeKind::UInt256:
    case TypeKind::Int256: {
      U256 v;
      std::memcpy(v.w, column.data.data() + row * 32, 32);
      std::string t;
      if (type.kind == TypeKind::Int256 && v.negativeBit()) {
        t += '-';
        v.negate();
      }
      appendUnsignedDigits(v, t);
      appendMaybeQuoted(t, mode, out);
      return;
    }
    case TypeKind::Float32:
    case TypeKind::Float64: {
      double d = type.kind == TypeKind::Float32 ? double(loadAt<float>(column, row)) : loadAt<double>(column, row);
      if (mode == Mode::Json && !std::isfinite(d)) {
        out += "null";
        return;
      }
      if (type.kind == TypeKind::Float32) appendFloat(loadAt<float>(column, row), out);
      else appendFloat(d, out);
      return;
    }
    case TypeKind::Decimal32:
    case TypeKind::Decimal64:
    case TypeKind::Decimal128:
    case TypeKind::Decimal256:
      appendDecimal(column, row, type, out);
      return;
    case TypeKind::Bool:
      out += loadAt<uint8_t>(column, row) ? "true" : "false";
      return;
    case TypeKind::String:
    case TypeKind::AggregateFunction:
      appendTextual(column.stringAt(row), mode, out);
      return;
    case TypeKind::FixedString: {
      size_t n = size_t(type.length);
      appendTextual({reinterpret_cast<const char*>(column.data.data()) + row * n, n}, mode, out);
      return;
    }
    case TypeKind::Date:
    case TypeKind::Date32:
    case TypeKind::DateTime:
    case TypeKind::DateTime64:
    case TypeKind::UUID:
    case TypeKind::IPv4:
    case TypeKind::IPv6: {
      std::string t;
      if (type.kind == TypeKind::Date) appendDate(loadAt<uint16_t>(column, row), t);
      else if (type.kind == TypeKind::Date32) appendDate(loadAt<int32_t>(column, row), t);
      else if (type.kind == TypeKind::DateTime) appendDateTime(loadAt<uint32_t>(column, row), type.timezone, t);
      else if (type.kind == TypeKind::DateTime64)
        appendDateTime64(loadAt<int64_t>(column, row), type.precision, type.timezone, t);
      else if (type.kind == TypeKind::UUID) appendUuid(column.data.data() + row * 16, t);
      else if (type.kind == TypeKind::IPv4) appendIPv4(loadAt<uint32_t>(column, row), t);
      else appendIPv6(column.data.data() + row * 16, t);
      if (mode == Mode::Tsv || mode == Mode::Pretty) out += t;
      else appendTextual(t, mode, out);
      return;
    }
    case TypeKind::Enum8:
    case TypeKind::Enum16: {
      int64_t v = type.kind == TypeKind::Enum8 ? loadAt<int8_t>(column, row) : loadAt<int16_t>(column, row);
      for (const auto& [name, value] : type.enum_values) {
        if (value == v) {
          appendTextual(name, mode, out);
          return;
        }
      }
      appendInt(v, out);
      return;
    }
    case TypeKind::Nullable:
      if (column.nulls[row]) {
        out += mode == Mode::Json ? "null" : mode == Mode::Nested ? "NULL" : mode == Mode::Pretty ? "NULL" : "\\N";
        return;
      }
      formatRow(*column.children[0], row, mode, out);
      return;
    case TypeKind::LowCardinality:
      formatRow(*column.children[0], row, mode, out);  // not reached: layoutType strips it
      return;
    case TypeKind::Array:
    case TypeKind::Map: {
      auto [begin, end] = column.arrayRange(row);
      const Column& items = *column.children[0];
      bool json = mode == Mode::Json;
      Mode inner = json ? Mode::Json : Mode::Nested;
      std::string text;
      std::string& dst = mode == Mode::Csv ? text : out;
      bool is_map = type.kind == TypeKind::Map;
      dst += is_map ? '{' : '[';
      for (uint64_t i = begin; i < end; ++i) {
        if (i != begin) dst += ',';
        if (is_map) {
          if (json) formatMapKeyJson(*items.children[0], i, dst);
          else formatRow(*items.children[0], i, inner, dst);
          dst += ':';
          formatRow(*items.children[1], i, inner, dst);
        } else {
          formatRow(items, i, inner, dst);
        }
      }
      dst += is_map ? '}' : ']';
      if (mode == Mode::Csv) appendCsvQuoted(text, out);
      return;
    }
    case TypeKind::Tuple: {
      size_t n = column.children.size();
      if (mode == Mode::Json) {
        bool named = !type.element_names.empty();
        out += named ? '{' : '[';
        for (size_t i = 0; i < n; ++i) {
          if (i) out += ',';
          if (named) {
            appendJsonString(type.element_names[i], out);
            out += ':';
          }
          formatRow(*column.children[i], row, Mode::Json, out);
        }
        out += named ? '}' : ']';
        return;
      }
      if (mode == Mode::Csv) {  // ClickHouse writes a tuple in CSV as its elements, delimited
        for (size_t i = 0; i < n; ++i) {
          if (i) out += ',';
          formatRow(*column.children[i], row, Mode::Csv, out);
        }
        return;
      }
      out += '(';
      for (size_t i = 0; i < n; ++i) {
        if (i) out += ',';
        formatRow(*column.children[i], row, Mode::Nested, out);
      }
      out += ')';
      return;
    }
  }
}

// ---- Parsing helpers -----------------------------------------------------------------------------
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

void appendBytes(Column& column, const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  column.data.insert(column.data.end(), b, b + n);
  ++column.rows;
}

template <class T>
void appendValue(Column& column, T v) {
  size_t at = column.data.size();
  column.data.resize(at + sizeof(T));
  std::memcpy(column.data.data() + at, &v, sizeof(T));
  ++column.rows;
}

void appendStringValue(Column& column, std::string_view s) {
  column.data.insert(column.data.end(), s.begin(), s.end());
  column.offsets.push_back(column.data.size());
  ++column.rows;
}

std::string quoteForError(std::string_view text) {
  std::string r = "'";
  r.append(text.substr(0, 100));
  if (text.size() > 100) r += "...";
  r += "'";
  return r;
}

/// Parses an optionally signed decimal integer into sign + magnitude (up to 256 bits).
bool parseIntegerText(std::string_view s, bool& negative, U256& magnitude) {
  negative = false;
  magnitude = U256{};
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (!isDigit(s[i])) return false;
    if (!magnitude.mulAdd(10, uint64_t(s[i] - '0'))) return false;
  }
  return true;
}

bool parseUnsignedFast(std::string_view s, uint64_t& v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty() && s[0] != '-';
}

bool parseSignedFast(std::string_view s, int64_t& v) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

template <class T>
bool parseIntColumn(Column& column, std::string_view s, const ColumnType& type, std::string& error) {
  if constexpr (std::is_signed_v<T>) {
    int64_t v;
    if (!parseSignedFast(s, v)) {
      bool neg;
      U256 mag;
      error = parseIntegerText(s, neg, mag) ? "Value " + std::string(s) + " is out of range of " + typeName(type)
                                            : "Cannot parse " + quoteForError(s) + " as " + typeName(type);
      return false;
    }
    if (v < int64_t(std::numeric_limits<T>::min()) || v > int64_t(std::numeric_limits<T>::max())) {
      error = "Value " + std::string(s) + " is out of range of " + typeName(type);
      return false;
    }
    appendValue(column, T(v));
  } else {
    uint64_t v;
    if (!parseUnsignedFast(s, v)) {
      bool neg;
      U256 mag;
      bool ok = parseIntegerText(s, neg, mag);
      if (ok && neg && mag.isZero()) {
        appendValue(column, T(0));
        return true;
      }
      error = ok ? "Value " + std::string(s) + " is out of range of " + typeName(type)
                 : "Cannot parse " + quoteForError(s) + " as " + typeName(type);
      return false;
    }
    if (v > uint64_t(std::numeric_limits<T>::max())) {
      error = "Value " + std::string(s) + " is out of range of " + typeName(type);
      return false;
    }
    appendValue(column, T(v));
  }
  return true;
}

bool parseWideInt(Column& column, std::string_view s, const ColumnType& type, std::string& error) {
  bool neg;
  U256 mag;
  if (!parseIntegerText(s, neg, mag)) {
    error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
    return false;
  }
  bool is_signed = type.kind == TypeKind::Int128 || type.kind == TypeKind::Int256;
  bool wide = type.kind == TypeKind::Int256 || type.kind == TypeKind::UInt256;
  bool in_range = true;
  if (neg && mag.isZero()) neg = false;
  if (!is_signed && neg) in_range = false;
  if (wide) {
    if (is_signed) {
      U256 limit;  // 2^255 for negatives, 2^255-1 for positives
      limit.w[3] = uint64_t(1) << 63;
      bool above = mag.w[3] > limit.w[3] || (mag.w[3] == limit.w[3] && (mag.w[2] | mag.w[1] | mag.w[0]));
      bool at = mag.w[3] == limit.w[3] && !(mag.w[2] | mag.w[1] | mag.w[0]);
      if (above || (at && !neg)) in_range = false;
    }
  } else {
    if (mag.w[2] || mag.w[3]) in_range = false;
    if (is_signed && in_range) {
      u128 m = u128(mag.w[1]) << 64 | mag.w[0];
      u128 limit = u128(1) << 127;
      if (m > limit || (m == limit && !neg)) in_range = false;
    }
  }
  if (!in_range) {
    error = "Value " + std::string(s) + " is out of range of " + typeName(type);
    return false;
  }
  if (neg) mag.negate();
  appendBytes(column, mag.w, wide ? 32 : 16);
  return true;
}

bool parseFloatText(std::string_view s, double& v) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

/// Decimal text -> unscaled integer at `scale` (extra fractional digits truncated, as ClickHouse).
bool parseDecimalText(std::string_view s, uint32_t scale, bool& negative, U256& value) {
  negative = false;
  value = U256{};
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  bool any = false;
  uint32_t frac_digits = 0;
  bool in_frac = false;
  int64_t exponent = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (isDigit(c)) {
      any = true;
      if (in_frac) {
        if (frac_digits >= scale) continue;
        ++frac_digits;
      }
      if (!value.mulAdd(10, uint64_t(c - '0'))) return false;
    } else if (c == '.' && !in_frac) {
      in_frac = true;
    } else if ((c == 'e' || c == 'E') && any) {
      if (!parseSignedFast(s.substr(i + 1), exponent)) return false;
      break;
    } else {
      return false;
    }
  }
  if (!any) return false;
  int64_t pad = int64_t(scale) - frac_digits + exponent;
  for (; pad > 0; --pad)
    if (!value.mulAdd(10, 0)) return false;
  for (; pad < 0; ++pad) value.divmod(10);
  return true;
}

bool parseDecimalColumn(Column& column, std::string_view s, const ColumnType& type, std::string& error) {
  bool neg;
  U256 v;
  if (!parseDecimalText(s, type.scale, neg, v)) {
    error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
    return false;
  }
  uint32_t precision = type.precision ? type.precision
                       : type.kind == TypeKind::Decimal32 ? 9
                       : type.kind == TypeKind::Decimal64 ? 18
                       : type.kind == TypeKind::Decimal128 ? 38 : 76;
  U256 limit;  // 10^precision
  limit.w[0] = 1;
  for (uint32_t k = 0; k < precision; ++k) limit.mulAdd(10, 0);
  bool too_big = false;
  for (int k = 3; k >= 0; --k) {
    if (v.w[k] != limit.w[k]) {
      too_big = v.w[k] > limit.w[k];
      break;
    }
    if (k == 0) too_big = true;  // equal
  }
  if (too_big) {
    error = "Decimal value " + std::string(s) + " is too large for " + typeName(type);
    return false;
  }
  if (neg) v.negate();
  appendBytes(column, v.w, fixedWidth(type));
  return true;
}

int readDigits(std::string_view s, size_t& i, size_t max_digits, int64_t& value) {
  size_t start = i;
  value = 0;
  while (i < s.size() && isDigit(s[i]) && i - start < max_digits) value = value * 10 + (s[i++] - '0');
  return int(i - start);
}

bool parseDateParts(std::string_view s, size_t& i, int64_t& days) {
  int64_t y, m, d;
  if (readDigits(s, i, 4, y) != 4) return false;
  if (i < s.size() && !isDigit(s[i])) ++i;
  int nm = readDigits(s, i, 2, m);
  if (!nm) return false;
  if (i < s.size() && !isDigit(s[i])) ++i;
  int nd = readDigits(s, i, 2, d);
  if (!nd || m < 1 || m > 12 || d < 1) return false;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > mdays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  days = daysFromCivil(y, unsigned(m), unsigned(d));
  return true;
}

/// DateTime text: `YYYY-MM-DD[( |T)hh:mm[:ss][.frac]][Z|±hh[:mm]]`, or a unix timestamp (digits,
/// with an optional fraction). `seconds` is UTC; `frac`/`frac_digits` the fractional part.
bool parseDateTimeText(std::string_view s, const std::string& timezone, int64_t& seconds, int64_t& frac,
                       int& frac_digits) {
  frac = 0;
  frac_digits = 0;
  s = trimSpaces(s);
  if (s.empty()) return false;
  size_t i = 0;
  auto readFraction = [&]() {
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && isDigit(s[i])) {
        if (frac_digits < 18) {
          frac = frac * 10 + (s[i] - '0');
          ++frac_digits;
        }
        ++i;
      }
    }
  };
  // Unix timestamp: digits only (a date always has a separator after the year).
  bool all_digits = true;
  size_t k = s[0] == '-' ? 1 : 0;
  for (size_t j = k; j < s.size() && s[j] != '.'; ++j) all_digits = all_digits && isDigit(s[j]);
  if (all_digits && s.size() > k && s[k] != '.') {
    size_t dot = s.find('.');
    if (!parseSignedFast(s.substr(0, dot), seconds)) return false;
    if (dot != std::string_view::npos) {
      i = dot;
      readFraction();
      if (i != s.size()) return false;
    }
    return true;
  }
  int64_t days;
  if (!parseDateParts(s, i, days)) return false;
  int64_t h = 0, mi = 0, sec = 0;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T')) {
    ++i;
    if (!readDigits(s, i, 2, h)) return false;
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    if (!readDigits(s, i, 2, mi)) return false;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!readDigits(s, i, 2, sec)) return false;
    }
    readFraction();
    if (h > 23 || mi > 59 || sec > 59) return false;
  }
  int64_t local = days * 86400 + h * 3600 + mi * 60 + sec;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    seconds = local;
    return i + 1 == s.size();
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int64_t oh = 0, om = 0;
    if (readDigits(s, i, 2, oh) != 2) return false;
    if (i < s.size() && s[i] == ':') ++i;
    readDigits(s, i, 2, om);
    seconds = local - sign * (oh * 3600 + om * 60);
    return i == s.size();
  }
  if (i != s.size()) return false;
  if (timezone.empty()) {
    seconds = local;
  } else {
    const TimeZone* zone = findTimeZone(timezone);
    seconds = zone ? zone->localToUtc(local) : local;
  }
  return true;
}

bool parseUuidText(std::string_view s, uint8_t out[16]) {
  uint64_t parts[2] = {0, 0};
  int n = 0;
  for (char c : s) {
    if (c == '-') continue;
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return false;
    if (n >= 32) return false;
    parts[n / 16] = parts[n / 16] << 4 | uint64_t(v);
    ++n;
  }
  if (n != 32 || !(s.size() == 32 || (s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-')))
    return false;
  std::memcpy(out, &parts[0], 8);
  std::memcpy(out + 8, &parts[1], 8);
  return true;
}

bool parseIPv4Text(std::string_view s, uint32_t& v) {
  v = 0;
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    int64_t x;
    int n = readDigits(s, i, 3, x);
    if (!n || x > 255) return false;
    v = v << 8 | uint32_t(x);
    if (part < 3) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

bool parseIPv6Text(std::string_view s, uint8_t out[16]) {
  uint32_t v4;
  if (s.find(':') == std::string_view::npos) {
    if (!parseIPv4Text(s, v4)) return false;
    std::memset(out, 0, 16);
    out[10] = out[11] = 0xff;
    for (int k = 0; k < 4; ++k) out[12 + k] = uint8_t(v4 >> (24 - 8 * k));
    return true;
  }
  uint16_t words[8] = {0};
  int count = 0, gap = -1;
  size_t i = 0;
  if (s.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
  } else if (!s.empty() && s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    if (count >= 8) return false;
    size_t end = s.find(':', i);
    std::string_view piece = s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (piece.find('.') != std::string_view::npos) {
      if (count > 6 || !parseIPv4Text(piece, v4) || end != std::string_view::npos) return false;
      words[count++] = uint16_t(v4 >> 16);
      words[count++] = uint16_t(v4);
      i = s.size();
      break;
    }
    if (piece.empty() || piece.size() > 4) return false;
    uint16_t w = 0;
    for (char c : piece) {
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return false;
      w = uint16_t(w << 4 | d);
    }
    words[count++] = w;
    if (end == std::string_view::npos) {
      i = s.size();
      break;
    }
    i = end + 1;
    if (i < s.size() && s[i] == ':') {
      if (gap >= 0) return false;
      gap = count;
      ++i;
    } else if (i == s.size()) {
      return false;
    }
  }
  uint16_t full[8] = {0};
  if (gap >= 0) {
    if (count > 7) return false;
    for (int k = 0; k < gap; ++k) full[k] = words[k];
    for (int k = gap; k < count; ++k) full[8 - (count - k)] = words[k];
  } else {
    if (count != 8) return false;
    for (int k = 0; k < 8; ++k) full[k] = words[k];
  }
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = uint8_t(full[k] >> 8);
    out[2 * k + 1] = uint8_t(full[k]);
  }
  return true;
}

bool parseBoolText(std::string_view s, bool& v) {
  auto eq = [&](std::string_view word) {
    if (s.size() != word.size()) return false;
    for (size_t i = 0; i < s.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
    return true;
  };
  if (eq("true") || eq("1") || eq("yes") || eq("on") || eq("t") || eq("y") || eq("enable") || eq("enabled")) {
    v = true;
    return true;
  }
  if (eq("false") || eq("0") || eq("no") || eq("off") || eq("f") || eq("n") || eq("disable") || eq("disabled")) {
    v = false;
    return true;
  }
  return false;
}

// ---- Composite text ([..], (..), {..}) -------------------------------------------------------------
/// Reads the nested text forms ClickHouse writes for arrays, tuples and maps — and JSON's — with
/// quoted strings in '...' or "..." (backslash escapes, JSON \uXXXX too) and bare scalars.
struct CompositeReader {
  std::string_view s;
  size_t i = 0;
  std::string scratch;

  void skipSpaces() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool readQuoted(std::string& out) {
    char q = s[i++];
    out.clear();
    while (i < s.size()) {
      char c = s[i++];
      if (c == q) {
        if (i < s.size() && s[i] == q && q == '\'') {  // '' inside '...'
          out += q;
          ++i;
          continue;
        }
        return true;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size()) return false;
      char e = s[i++];
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '0': out += '\0'; break;
        case 'u': {
          auto hex4 = [&](uint32_t& cp) {
            if (i + 4 > s.size()) return false;
            cp = 0;
            for (int k = 0; k < 4; ++k) {
              char h = s[i++];
              int d = isDigit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
              if (d < 0) return false;
              cp = cp << 4 | uint32_t(d);
            }
            return true;
          };
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
            i += 2;
            uint32_t lo;
            if (!hex4(lo)) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          if (cp < 0x80) out += char(cp);
          else if (cp < 0x800) { out += char(0xC0 | cp >> 6); out += char(0x80 | (cp & 63)); }
          else if (cp < 0x10000) { out += char(0xE0 | cp >> 12); out += char(0x80 | (cp >> 6 & 63)); out += char(0x80 | (cp & 63)); }
          else { out += char(0xF0 | cp >> 18); out += char(0x80 | (cp >> 12 & 63)); out += char(0x80 | (cp >> 6 & 63)); out += char(0x80 | (cp & 63)); }
          break;
        }
        default: out += e;
      }
    }
    return false;
  }
  /// A bare token up to the next delimiter of the enclosing composite.
  std::string_view readBare() {
    size_t b = i;
    while (i < s.size() && s[i] != ',' && s[i] != ']' && s[i] != ')' && s[i] != '}' && s[i] != ':') ++i;
    return trimSpaces(s.substr(b, i - b));
  }
  /// A bare token for a map key may itself contain ':' only when quoted; values too.
  bool readElement(Column& column, std::string& error);
  bool readComposite(Column& column, const ColumnType& type, std::string& error);
};

bool parseScalar(Column& column, const ColumnType& type, std::string_view text, std::string& error);
void truncateTo(Column& column, size_t rows);

bool CompositeReader::readElement(Column& column, std::string& error) {
  skipSpaces();
  if (i >= s.size()) {
    error = "Unexpected end of composite value";
    return false;
  }
  const ColumnType& type = layoutType(*column.type);
  char c = s[i];
  if (c == '[' || c == '(' || c == '{') return readComposite(column, type, error);
  if (c == '\'' || c == '"') {
    std::string value;
    if (!readQuoted(value)) {
      error = "Unterminated quoted string in composite value";
      return false;
    }
    return parseScalar(column, type, value, error);
  }
  std::string_view bare = readBare();
  if (bare == "NULL" || bare == "null") {
    if (type.kind == TypeKind::Nullable) {
      column.nulls.push_back(1);
      appendDefault(*column.children[0]);
      ++column.rows;
      return true;
    }
    appendDefault(column);
    return true;
  }
  return parseScalar(column, type, bare, error);
}

bool CompositeReader::readComposite(Column& column, const ColumnType& type, std::string& error) {
  if (type.kind == TypeKind::Nullable) {
    if (!readComposite(*column.children[0], layoutType(*column.children[0]->type), error)) return false;
    column.nulls.push_back(0);
    ++column.rows;
    return true;
  }
  if (type.kind == TypeKind::String) {  // a JSON object/array into a String: its text
    size_t b = i;
    int depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"' || c == '\'') {
        if (!readQuoted(scratch)) break;
        continue;
      }
      ++i;
      if (c == '[' || c == '{' || c == '(') ++depth;
      else if ((c == ']' || c == '}' || c == ')') && --depth == 0) break;
    }
    appendStringValue(column, s.substr(b, i - b));
    return true;
  }
  char open = s[i];
  if (type.kind == TypeKind::Array || type.kind == TypeKind::Map) {
    bool is_map = type.kind == TypeKind::Map;
    if (open != (is_map ? '{' : '[')) {
      error = std::string("Expected '") + (is_map ? '{' : '[') + "' in " + typeName(type);
      return false;
    }
    char close = is_map ? '}' : ']';
    ++i;
    Column& items = *column.children[0];
    skipSpaces();
    if (i < s.size() && s[i] == close) {
      ++i;
    } else {
      while (true) {
        if (is_map) {
          if (!readElement(*items.children[0], error)) return false;
          skipSpaces();
          if (i >= s.size() || s[i] != ':') {
            error = "Expected ':' in " + typeName(type);
            return false;
          }
          ++i;
          if (!readElement(*items.children[1], error)) return false;
          ++items.rows;
        } else if (!readElement(items, error)) {
          return false;
        }
        skipSpaces();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == close) {
          ++i;
          break;
        }
        error = "Cannot parse " + typeName(type) + ": expected ',' or '" + close + "'";
        return false;
      }
    }
    column.offsets.push_back(items.rows);
    ++column.rows;
    return true;
  }
  if (type.kind == TypeKind::Tuple) {
    if (open != '(' && open != '[' && open != '{') {
      error = "Expected '(' in " + typeName(type);
      return false;
    }
    char close = open == '(' ? ')' : open == '[' ? ']' : '}';
    ++i;
    for (size_t k = 0; k < column.children.size(); ++k) {
      if (k) {
        skipSpaces();
        if (i >= s.size() || s[i] != ',') {
          error = "Cannot parse " + typeName(type) + ": expected ','";
          return false;
        }
        ++i;
      }
      if (open == '{') {  // JSON object of a named tuple: "name": value, in order
        skipSpaces();
        if (i < s.size() && s[i] == '"') {
          if (!readQuoted(scratch)) {
            error = "Unterminated key in " + typeName(type);
            return false;
          }
        }
        skipSpaces();
        if (i >= s.size() || s[i] != ':') {
          error = "Expected ':' in " + typeName(type);
          return false;
        }
        ++i;
      }
      if (!readElement(*column.children[k], error)) return false;
    }
    skipSpaces();
    if (i >= s.size() || s[i] != close) {
      error = "Cannot parse " + typeName(type) + ": expected '" + close + "'";
      return false;
    }
    ++i;
    ++column.rows;
    return true;
  }
  std::string_view bare = readBare();
  return parseScalar(column, type, bare, error);
}

bool parseScalar(Column& column, const ColumnType& type, std::string_view s, std::string& error) {
  switch (type.kind) {
    case TypeKind::Nothing:
      error = "Cannot parse a value of type Nothing";
      return false;
    case TypeKind::UInt8: return parseIntColumn<uint8_t>(column, s, type, error);
    case TypeKind::UInt16: return parseIntColumn<uint16_t>(column, s, type, error);
    case TypeKind::UInt32: return parseIntColumn<uint32_t>(column, s, type, error);
    case TypeKind::UInt64: return parseIntColumn<uint64_t>(column, s, type, error);
    case TypeKind::Int8: return parseIntColumn<int8_t>(column, s, type, error);
    case TypeKind::Int16: return parseIntColumn<int16_t>(column, s, type, error);
    case TypeKind::Int32: return parseIntColumn<int32_t>(column, s, type, error);
    case TypeKind::Int64:
    case TypeKind::Interval: return parseIntColumn<int64_t>(column, s, type, error);
    case TypeKind::UInt128:
    case TypeKind::UInt256:
    case TypeKind::Int128:
    case TypeKind::Int256: return parseWideInt(column, s, type, error);
    case TypeKind::Float32:
    case TypeKind::Float64: {
      double v;
      if (!parseFloatText(s, v)) {
        error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
        return false;
      }
      if (type.kind == TypeKind::Float32) appendValue(column, float(v));
      else appendValue(column, v);
      return true;
    }
    case TypeKind::Decimal32:
    case TypeKind::Decimal64:
    case TypeKind::Decimal128:
    case TypeKind::Decimal256: return parseDecimalColumn(column, s, type, error);
    case TypeKind::Bool: {
      bool v;
      if (!parseBoolText(s, v)) {
        error = "Cannot parse " + quoteForError(s) + " as Bool";
        return false;
      }
      appendValue(column, uint8_t(v));
      return true;
    }
    case TypeKind::String:
    case TypeKind::AggregateFunction:
      appendStringValue(column, s);
      return true;
    case TypeKind::FixedString: {
      if (s.size() > type.length) {
        error = "Too large value for " + typeName(type) + ": " + quoteForError(s);
        return false;
      }
      column.data.insert(column.data.end(), s.begin(), s.end());
      column.data.resize(column.data.size() + (type.length - s.size()), 0);
      ++column.rows;
      return true;
    }
    case TypeKind::Date:
    case TypeKind::Date32: {
      std::string_view t = trimSpaces(s);
      size_t i = 0;
      int64_t days;
      bool ok;
      bool all_digits = !t.empty();
      for (char c : t) all_digits = all_digits && isDigit(c);
      if (all_digits && t.size() != 8) {
        ok = parseSignedFast(t, days);
      } else if (all_digits) {  // YYYYMMDD
        int64_t y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
        unsigned m = unsigned((t[4] - '0') * 10 + (t[5] - '0')), d = unsigned((t[6] - '0') * 10 + (t[7] - '0'));
        ok = m >= 1 && m <= 12 && d >= 1 && d <= 31;
        days = daysFromCivil(y, m, d);
      } else {
        ok = parseDateParts(t, i, days) && i == t.size();
      }
      if (!ok) {
        error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
        return false;
      }
      if (type.kind == TypeKind::Date) {
        if (days < 0 || days > 65535) {
          error = "Value " + quoteForError(s) + " is out of range of Date";
          return false;
        }
        appendValue(column, uint16_t(days));
      } else {
        if (days < -25567 || days > 120529) {  // 1900-01-01 .. 2299-12-31
          error = "Value " + quoteForError(s) + " is out of range of Date32";
          return false;
        }
        appendValue(column, int32_t(days));
      }
      return true;
    }
    case TypeKind::DateTime: {
      int64_t seconds, frac;
      int frac_digits;
      if (!parseDateTimeText(s, type.timezone, seconds, frac, frac_digits)) {
        error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
        return false;
      }
      if (seconds < 0 || seconds > int64_t(UINT32_MAX)) {
        error = "Value " + quoteForError(s) + " is out of range of " + typeName(type);
        return false;
      }
      appendValue(column, uint32_t(seconds));
      return true;
    }
    case TypeKind::DateTime64: {
      int64_t seconds, frac;
      int frac_digits;
      if (!parseDateTimeText(s, type.timezone, seconds, frac, frac_digits)) {
        error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
        return false;
      }
      int64_t scale = pow10i(type.precision);
      while (frac_digits > int(type.precision)) {
        frac /= 10;
        --frac_digits;
      }
      while (frac_digits < int(type.precision)) {
        frac *= 10;
        ++frac_digits;
      }
      if (seconds > INT64_MAX / scale - 1 || seconds < INT64_MIN / scale + 1) {
        error = "Value " + quoteForError(s) + " is out of range of " + typeName(type);
        return false;
      }
      appendValue(column, int64_t(seconds * scale + (seconds < 0 && s.find('-') == 0 ? -frac : frac)));
      return true;
    }
    case TypeKind::UUID: {
      uint8_t bytes[16];
      if (!parseUuidText(trimSpaces(s), bytes)) {
        error = "Cannot parse " + quoteForError(s) + " as UUID";
        return false;
      }
      appendBytes(column, bytes, 16);
      return true;
    }
    case TypeKind::IPv4: {
      uint32_t v;
      if (!parseIPv4Text(trimSpaces(s), v)) {
        error = "Cannot parse " + quoteForError(s) + " as IPv4";
        return false;
      }
      appendValue(column, v);
      return true;
    }
    case TypeKind::IPv6: {
      uint8_t bytes[16];
      if (!parseIPv6Text(trimSpaces(s), bytes)) {
        error = "Cannot parse " + quoteForError(s) + " as IPv6";
        return false;
      }
      appendBytes(column, bytes, 16);
      return true;
    }
    case TypeKind::Enum8:
    case TypeKind::Enum16: {
      int64_t value = 0;
      bool found = false;
      for (const auto& [name, v] : type.enum_values) {
        if (name == s) {
          value = v;
          found = true;
          break;
        }
      }
      if (!found && parseSignedFast(s, value)) {
        for (const auto& entry : type.enum_values) found = found || entry.second == value;
      }
      if (!found) {
        error = "Unknown element " + quoteForError(s) + " for " + typeName(type);
        return false;
      }
      if (type.kind == TypeKind::Enum8) appendValue(column, int8_t(value));
      else appendValue(column, int16_t(value));
      return true;
    }
    case TypeKind::Nullable: {
      if (s == "\\N") {
        column.nulls.push_back(1);
        appendDefault(*column.children[0]);
        ++column.rows;
        return true;
      }
      if (!parseScalar(*column.children[0], layoutType(*column.children[0]->type), s, error)) return false;
      column.nulls.push_back(0);
      ++column.rows;
      return true;
    }
    case TypeKind::LowCardinality:
      return parseScalar(column, layoutType(type), s, error);
    case TypeKind::Array:
    case TypeKind::Map:
    case TypeKind::Tuple: {
      CompositeReader reader{s, 0, {}};
      reader.skipSpaces();
      size_t rows = column.rows;
      if (reader.i >= s.size()) {
        error = "Cannot parse " + quoteForError(s) + " as " + typeName(type);
        return false;
      }
      if (!reader.readComposite(column, type, error)) {
        truncateTo(column, rows);
        return false;
      }
      reader.skipSpaces();
      if (reader.i != s.size()) {
        truncateTo(column, rows);
        error = "Cannot parse " + quoteForError(s) + " as " + typeName(type) + ": unexpected text after the value";
        return false;
      }
      return true;
    }
  }
  error = "Unsupported type " + typeName(type);
  return false;
}

void truncateTo(Column& column, size_t rows) {
  // Nested columns of a partly appended row may be longer than the parent says: always descend.
  const ColumnType& type = layoutType(*column.type);
  switch (type.kind) {
    case TypeKind::String:
    case TypeKind::AggregateFunction:
      if (column.offsets.size() > rows) column.offsets.resize(rows);
      column.data.resize(rows ? column.offsets[rows - 1] : 0);
      break;
    case TypeKind::Nullable:
      if (column.nulls.size() > rows) column.nulls.resize(rows);
      truncateTo(*column.children[0], rows);
      break;
    case TypeKind::Array:
    case TypeKind::Map:
      if (column.offsets.size() > rows) column.offsets.resize(rows);
      truncateTo(*column.children[0], rows ? column.offsets[rows - 1] : 0);
      break;
    case TypeKind::Tuple:
      for (auto& child : column.children) truncateTo(*child, rows);
      break;
    default:
      if (column.data.size() > rows * fixedWidth(type)) column.data.resize(rows * fixedWidth(type));
  }
  if (column.rows > rows) column.rows = rows;
}

}  // namespace

void formatValue(const Column& column, size_t row, TextFormat format, std::string& out) {
  if (column.is_const) row = 0;
  formatRow(column, row, modeOf(format), out);
}

bool parseAndAppend(Column& column, std::string_view text, std::string& error) {
  size_t rows = column.rows;
  if (!parseScalar(column, layoutType(*column.type), text, error)) {
    truncateTo(column, rows);
    return false;
  }
  return true;
}

void truncateColumn(Column& column, size_t rows) { truncateTo(column, rows); }

}  // namespace ferry::rt
