/// Type conversion functions (toInt32, toDateTime64, toDecimal64OrNull ...) and the best-effort
/// date-time parser.
#include <cctype>
#include <optional>

#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {
namespace {

ColumnPtr convertThrow(CallArgs& a) {
  auto c = a.cols[0];
  // toDate(DateTime, tz) etc.: the timezone argument is part of the result type already.
  return castColumn(c, a.result, CastMode::Throw);
}
ColumnPtr convertOrNull(CallArgs& a) {
  auto to = layoutKind(*a.result) == TypeKind::Nullable ? a.result : makeNullable(a.result);
  auto r = castColumn(a.cols[0], to, CastMode::OrNull);
  if (layoutKind(*a.result) != TypeKind::Nullable) return castColumn(r, a.result, CastMode::OrZero);
  return r;
}
ColumnPtr convertOrZero(CallArgs& a) { return castColumn(a.cols[0], a.result, CastMode::OrZero); }

}  // namespace

/// Best-effort parsing of a date-time text: returns UTC seconds and the fraction as ticks of
/// 10^-9 s, or nothing. `tz` is used when the text has no offset.
bool parseBestEffort(std::string_view s, const TimeZone* tz, int64_t& seconds, int64_t& nanos) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return false;
  size_t p = 0;
  auto digits = [&](size_t max_len, int64_t& v) {
    size_t start = p;
    v = 0;
    while (p < s.size() && p - start < max_len && std::isdigit(static_cast<unsigned char>(s[p]))) v = v * 10 + (s[p++] - '0');
    return p - start;
  };
  bool all_digits = true;
  for (char ch : s)
    if (!std::isdigit(static_cast<unsigned char>(ch))) all_digits = false;
  nanos = 0;
  if (all_digits) {
    int64_t v = 0;
    for (char ch : s) v = v * 10 + (ch - '0');
    if (s.size() == 8) {
      int64_t y = v / 10000, m = v / 100 % 100, d = v % 100;
      if (m < 1 || m > 12 || d < 1 || d > 31) return false;
      int64_t local = daysFromCivil(y, unsigned(m), unsigned(d)) * 86400;
      seconds = tz ? tz->localToUtc(local) : local;
      return true;
    }
    if (s.size() == 14) {
      int64_t date = v / 1000000, time = v % 1000000;
      int64_t local = daysFromCivil(date / 10000, unsigned(date / 100 % 100), unsigned(date % 100)) * 86400 +
                      time / 10000 * 3600 + time / 100 % 100 * 60 + time % 100;
      seconds = tz ? tz->localToUtc(local) : local;
      return true;
    }
    seconds = v;
    return true;
  }
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  int64_t y = -1, m = -1, d = -1, hh = 0, mi = 0, ss = 0;
  bool have_offset = false;
  int64_t offset = 0;
  // Skip a leading weekday name ("Tue, ").
  auto skipWord = [&]() {
    size_t start = p;
    while (p < s.size() && std::isalpha(static_cast<unsigned char>(s[p]))) ++p;
    return s.substr(start, p - start);
  };
  while (p < s.size()) {
    char ch = s[p];
    if (std::isspace(static_cast<unsigned char>(ch)) || ch == ',') {
      ++p;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      int64_t v;
      size_t start = p;
      size_t n = digits(4, v);
      if (p < s.size() && s[p] == ':' && n <= 2) {
        hh = v;
        ++p;
        if (!digits(2, mi)) return false;
        if (p < s.size() && s[p] == ':') {
          ++p;
          if (!digits(2, ss)) return false;
        }
        if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
          ++p;
          size_t fs = p;
          int64_t frac = 0;
          while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
            if (p - fs < 9) frac = frac * 10 + (s[p] - '0');
            ++p;
          }
          for (size_t k = std::min<size_t>(p - fs, 9); k < 9; ++k) frac *= 10;
          nanos = frac;
        }
        continue;
      }
      if (n == 4 && y < 0) {
        y = v;
        if (p < s.size() && (s[p] == '-' || s[p] == '/' || s[p] == '.')) {
          char sep = s[p++];
          if (!digits(2, m)) {
            // "2024-Jan-02"
            auto w = skipWord();
            if (w.size() < 3) return false;
            for (int k = 0; k < 12; ++k)
              if (strncasecmp(w.data(), months[k], 3) == 0) m = k + 1;
          }
          if (p < s.size() && s[p] == sep) {
            ++p;
            if (!digits(2, d)) return false;
          } else {
            d = 1;
          }
        }
        continue;
      }
      if (n <= 2 && p < s.size() && (s[p] == '/' || s[p] == '-' || s[p] == '.') && d < 0) {
        // DD/MM/YYYY
        char sep = s[p++];
        d = v;
        if (!digits(2, m)) return false;
        if (p < s.size() && s[p] == sep) {
          ++p;
          int64_t yy;
          size_t yn = digits(4, yy);
          y = yn == 2 ? 2000 + yy : yy;
        }
        continue;
      }
      if (n <= 2 && d < 0) {
        d = v;
        continue;
      }
      if (n == 4 && y >= 0 && d >= 0 && m < 0) return false;
      (void)start;
      if (y < 0 && n == 4) {
        y = v;
        continue;
      }
      return false;
    }
    if (ch == 'T' && p + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[p + 1]))) {
      ++p;
      continue;
    }
    if (ch == 'Z' || ch == 'z') {
      have_offset = true;
      offset = 0;
      ++p;
      continue;
    }
    if ((ch == '+' || ch == '-') && (hh || mi || ss || y >= 0)) {
      int sign = ch == '-' ? -1 : 1;
      ++p;
      int64_t oh = 0, om = 0;
      size_t n = digits(2, oh);
      if (!n) return false;
      if (p < s.size() && s[p] == ':') ++p;
      digits(2, om);
      have_offset = true;
      offset = sign * (oh * 3600 + om * 60);
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(ch))) {
      auto w = skipWord();
      std::string lw;
      for (char c2 : w) lw.push_back(char(std::tolower(static_cast<unsigned char>(c2))));
      if (lw == "utc" || lw == "gmt" || lw == "z") {
        have_offset = true;
        offset = 0;
        continue;
      }
      if (lw == "am" || lw == "pm") {
        if (lw == "pm" && hh < 12) hh += 12;
        if (lw == "am" && hh == 12) hh = 0;
        continue;
      }
      bool found = false;
      for (int k = 0; k < 12; ++k)
        if (lw.size() >= 3 && lw.compare(0, 3, months[k]) == 0) {
          m = k + 1;
          found = true;
        }
      static const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      for (auto* dn : days)
        if (lw.size() >= 3 && lw.compare(0, 3, dn) == 0) found = true;
      if (!found) return false;
      continue;
    }
    return false;
  }
  if (y < 0 || m < 1 || m > 12) {
    if (y < 0 && m < 0 && d < 0) {
      // Time only: today's date is not known here; ClickHouse uses the current date. Unsupported.
      return false;
    }
    if (m < 0 && y >= 0) m = 1;
    else if (y < 0) return false;
  }
  if (d < 0) d = 1;
  if (d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 60) return false;
  int64_t local = daysFromCivil(y, unsigned(m), unsigned(d)) * 86400 + hh * 3600 + mi * 60 + ss;
  if (have_offset) seconds = local - offset;
  else seconds = tz ? tz->localToUtc(local) : local;
  return true;
}

namespace {

template <CastMode mode>
ColumnPtr parseBestEffortFn(CallArgs& a) {
  ColumnTypePtr rt = removeNullable(a.result);
  const ColumnType& lt = layoutType(*rt);
  std::string tzname = lt.timezone;
  const TimeZone* tz = findTimeZone(tzname);
  auto src = a.cols[0];
  std::vector<uint8_t> nulls(a.rows, 0);
  if (layoutKind(*src->type) == TypeKind::Nullable) {
    for (size_t i = 0; i < a.rows; ++i) nulls[i] = src->isNullAt(i);
    src = nestedOf(src);
  }
  if (layoutKind(*src->type) == TypeKind::Nothing) return makeDefaultConstColumn(a.result, a.rows);
  if (!isStringKind(layoutKind(*src->type))) return castColumn(a.cols[0], a.result, mode);
  bool is64 = lt.kind == TypeKind::DateTime64;
  int64_t scale = 1;
  for (uint32_t i = 0; i < lt.precision && is64; ++i) scale *= 10;
  ColumnPtr out = is64 ? newFixed<int64_t>(rt, a.rows) : newFixed<uint32_t>(rt, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    int64_t sec = 0, nanos = 0;
    auto text = src->stringAt(i);
    if (nulls[i]) continue;
    bool ok = parseBestEffort(text, tz, sec, nanos);
    if (ok && !is64 && (sec < 0 || sec > 4294967295LL)) ok = sec >= 0;
    if (!ok) {
      if (mode == CastMode::Throw)
        fail("CANNOT_PARSE_DATETIME", "Cannot read DateTime: unexpected text '" + std::string(text) + "'");
      nulls[i] = 1;
      sec = 0;
      nanos = 0;
    }
    if (is64) out->values<int64_t>()[i] = sec * scale + nanos / (1000000000 / scale);
    else out->values<uint32_t>()[i] = uint32_t(std::max<int64_t>(sec, 0));
  }
  if (mode == CastMode::OrNull && layoutKind(*a.result) == TypeKind::Nullable) return wrapNullable(out, std::move(nulls), a.result);
  return out;
}

ColumnPtr toStringFn(CallArgs& a) {
  if (a.cols.size() > 1 && isDateKind(a.kind(0))) {
    // toString(DateTime, tz): the value shown in that zone.
    auto t = std::make_shared<ColumnType>(layoutType(*a.cols[0]->type));
    t->timezone = a.constString(1);
    t->name.clear();
    return castColumn(relabel(a.cols[0], t), a.result);
  }
  return castColumn(a.cols[0], a.result);
}

ColumnPtr reinterpretAsStringFn(CallArgs& a) {
  auto out = newString(a.result, a.rows);
  size_t w = fixedWidth(a.type(0));
  for (size_t i = 0; i < a.rows; ++i) {
    const uint8_t* p = a.cols[0]->data.data() + (a.isConst(0) ? 0 : i) * w;
    size_t n = w;
    while (n > 0 && p[n - 1] == 0) --n;
    pushString(*out, std::string_view(reinterpret_cast<const char*>(p), n));
  }
  return out;
}

}  // namespace

void registerConversionFunctions(FunctionRegistry& r) {
  static const char* targets[] = {"Int8", "Int16", "Int32", "Int64", "Int128", "Int256", "UInt8", "UInt16", "UInt32",
                                  "UInt64", "UInt128", "UInt256", "Float32", "Float64", "Date", "Date32", "DateTime",
                                  "DateTime64", "Decimal32", "Decimal64", "Decimal128", "Decimal256", "UUID", "IPv4",
                                  "IPv6", "Bool", "BFloat16"};
  for (const char* t : targets) {
    std::string base = std::string("to") + t;
    r.add(base, convertThrow);
    r.add(base + "OrNull", convertOrNull, false);
    r.add(base + "OrZero", convertOrZero);
    r.add(base + "OrDefault", convertOrZero);
  }
  r.alias("toBoolean", "toBool");
  r.add("toString", toStringFn);
  r.add("toFixedString", convertThrow);
  r.add("CAST", convertThrow);
  r.alias("_CAST", "CAST");
  r.add("accurateCastOrNull", convertOrNull, false);
  r.add("accurateCast", convertThrow);
  r.add("accurateCastOrDefault", convertOrZero);
  r.add("reinterpretAsString", reinterpretAsStringFn);
  for (const char* base : {"parseDateTimeBestEffort", "parseDateTime64BestEffort", "parseDateTimeBestEffortUS",
                           "parseDateTime32BestEffort"}) {
    std::string b = base;
    r.add(b, parseBestEffortFn<CastMode::Throw>);
    r.add(b + "OrNull", parseBestEffortFn<CastMode::OrNull>, false);
    r.add(b + "OrZero", parseBestEffortFn<CastMode::OrZero>);
  }
}

}  // namespace ferry::rt::exec
