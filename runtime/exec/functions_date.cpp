/// Date and time functions. Calendar fields are computed on local time of the value's timezone
/// (the type's, or an explicit timezone argument); Ferry's default zone is UTC.
#include <cmath>

#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {

std::vector<int64_t> toDays(const Column& c, size_t rows) {
  std::vector<int64_t> out(rows);
  const ColumnType& t = layoutType(*c.type);
  switch (t.kind) {
    case TypeKind::Date: { Vals<uint16_t> v(c); for (size_t i = 0; i < rows; ++i) out[i] = v[i]; break; }
    case TypeKind::Date32: { Vals<int32_t> v(c); for (size_t i = 0; i < rows; ++i) out[i] = v[i]; break; }
    default: {
      auto s = toSeconds(c, rows);
      const TimeZone* tz = findTimeZone(t.timezone);
      for (size_t i = 0; i < rows; ++i) out[i] = floorDiv(s[i] + (tz ? tz->offsetAtUtc(s[i]) : 0), 86400);
    }
  }
  return out;
}

std::vector<int64_t> toSeconds(const Column& c, size_t rows) {
  std::vector<int64_t> out(rows);
  const ColumnType& t = layoutType(*c.type);
  switch (t.kind) {
    case TypeKind::Date: { Vals<uint16_t> v(c); for (size_t i = 0; i < rows; ++i) out[i] = int64_t(v[i]) * 86400; break; }
    case TypeKind::Date32: { Vals<int32_t> v(c); for (size_t i = 0; i < rows; ++i) out[i] = int64_t(v[i]) * 86400; break; }
    case TypeKind::DateTime: { Vals<uint32_t> v(c); for (size_t i = 0; i < rows; ++i) out[i] = v[i]; break; }
    case TypeKind::DateTime64: {
      Vals<int64_t> v(c);
      int64_t scale = 1;
      for (uint32_t k = 0; k < t.precision; ++k) scale *= 10;
      for (size_t i = 0; i < rows; ++i) out[i] = floorDiv(v[i], scale);
      break;
    }
    default: {
      auto conv = castColumn(std::make_shared<Column>(c), typeInt64());
      Vals<int64_t> v(*conv);
      for (size_t i = 0; i < rows; ++i) out[i] = v[i];
    }
  }
  return out;
}

int64_t tzOffset(const std::string& tz, int64_t t) {
  const TimeZone* z = findTimeZone(tz);
  return z ? z->offsetAtUtc(t) : 0;
}

std::string timezoneOf(const ColumnType& t) { return layoutType(t).timezone; }

std::string intervalUnitOf(const ColumnType& t) { return layoutType(t).interval_unit; }

namespace {

int64_t pow10i(uint32_t n) {
  int64_t r = 1;
  while (n--) r *= 10;
  return r;
}

const TimeZone* zoneFor(CallArgs& a, size_t time_arg, size_t tz_arg) {
  std::string name;
  if (a.cols.size() > tz_arg && a.cols[tz_arg] && isStringKind(a.kind(tz_arg))) name = a.constString(tz_arg);
  else name = a.type(time_arg).timezone;
  const TimeZone* tz = findTimeZone(name);
  if (!tz) fail("BAD_ARGUMENTS", "Unknown time zone: " + name);
  return tz;
}

/// Local wall-clock seconds of each row (Date: midnight).
std::vector<int64_t> localSeconds(const Column& c, size_t rows, const TimeZone* tz) {
  auto s = toSeconds(c, rows);
  TypeKind k = layoutKind(*c.type);
  if (k == TypeKind::Date || k == TypeKind::Date32) return s;
  for (auto& v : s) v += tz->offsetAtUtc(v);
  return s;
}

int64_t addMonths(int64_t days, int64_t months) {
  int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  int64_t total = y * 12 + (m - 1) + months;
  int64_t ny = floorDiv(total, 12);
  unsigned nm = unsigned(total - ny * 12) + 1;
  static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned last = mdays[nm - 1] + (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0) ? 1 : 0);
  return daysFromCivil(ny, nm, std::min(d, last));
}

int64_t unitMonths(const std::string& unit) {
  if (unit == "Month") return 1;
  if (unit == "Quarter") return 3;
  if (unit == "Year") return 12;
  return 0;
}

/// Seconds of a fixed-length unit (0 for calendar units and sub-second units).
int64_t unitSeconds(const std::string& unit) {
  if (unit == "Second") return 1;
  if (unit == "Minute") return 60;
  if (unit == "Hour") return 3600;
  if (unit == "Day") return 86400;
  if (unit == "Week") return 604800;
  return 0;
}

int subSecondDigits(const std::string& unit) {
  if (unit == "Millisecond") return 3;
  if (unit == "Microsecond") return 6;
  if (unit == "Nanosecond") return 9;
  return -1;
}

std::string normalizeUnit(std::string u) {
  for (auto& ch : u) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  if (!u.empty() && u.back() == 's' && u != "s" && u != "ms" && u != "us" && u != "ns") u.pop_back();
  static const std::pair<const char*, const char*> names[] = {
      {"second", "Second"}, {"ss", "Second"}, {"s", "Second"}, {"minute", "Minute"}, {"mi", "Minute"}, {"n", "Minute"},
      {"hour", "Hour"}, {"hh", "Hour"}, {"h", "Hour"}, {"day", "Day"}, {"dd", "Day"}, {"d", "Day"}, {"week", "Week"},
      {"wk", "Week"}, {"ww", "Week"}, {"month", "Month"}, {"mm", "Month"}, {"m", "Month"}, {"quarter", "Quarter"},
      {"qq", "Quarter"}, {"q", "Quarter"}, {"year", "Year"}, {"yyyy", "Year"}, {"yy", "Year"},
      {"millisecond", "Millisecond"}, {"ms", "Millisecond"}, {"microsecond", "Microsecond"}, {"us", "Microsecond"},
      {"nanosecond", "Nanosecond"}, {"ns", "Nanosecond"}};
  for (auto& [k, v] : names)
    if (u == k) return v;
  fail("BAD_ARGUMENTS", "Unknown unit " + u);
}

}  // namespace

ColumnPtr addInterval(const ColumnPtr& time, const ColumnPtr& count, const std::string& unit, int sign,
                      const ColumnTypePtr& result, size_t rows) {
  const ColumnType& rt = layoutType(*result);
  auto n = castColumn(count, typeInt64());
  Vals<int64_t> vn(*n);
  int64_t months = unitMonths(unit);
  if (rt.kind == TypeKind::Date || rt.kind == TypeKind::Date32) {
    auto days = toDays(*time, rows);
    int64_t per = unit == "Week" ? 7 : 1;
    ColumnPtr out = rt.kind == TypeKind::Date ? newFixed<uint16_t>(result, rows) : newFixed<int32_t>(result, rows);
    for (size_t i = 0; i < rows; ++i) {
      int64_t d = months ? addMonths(days[i], sign * vn[i] * months) : days[i] + sign * vn[i] * per;
      if (rt.kind == TypeKind::Date) out->values<uint16_t>()[i] = uint16_t(d);
      else out->values<int32_t>()[i] = int32_t(d);
    }
    return out;
  }
  // DateTime / DateTime64: ticks at the result's precision.
  uint32_t p = rt.kind == TypeKind::DateTime64 ? rt.precision : 0;
  int64_t scale = pow10i(p);
  auto base = castColumn(time, result);
  std::vector<int64_t> ticks(rows);
  if (rt.kind == TypeKind::DateTime) {
    Vals<uint32_t> v(*base);
    for (size_t i = 0; i < rows; ++i) ticks[i] = v[i];
  } else {
    Vals<int64_t> v(*base);
    for (size_t i = 0; i < rows; ++i) ticks[i] = v[i];
  }
  const TimeZone* tz = findTimeZone(rt.timezone);
  int64_t secs = unitSeconds(unit);
  int sub = subSecondDigits(unit);
  for (size_t i = 0; i < rows; ++i) {
    int64_t delta = sign * vn[i];
    if (unit == "Tick") ticks[i] += delta;
    else if (secs) ticks[i] += delta * secs * scale;
    else if (sub >= 0) {
      if (uint32_t(sub) >= p) ticks[i] += delta / pow10i(uint32_t(sub) - p);
      else ticks[i] += delta * pow10i(p - uint32_t(sub));
    } else if (months) {
      int64_t s = floorDiv(ticks[i], scale), frac = ticks[i] - s * scale;
      int64_t local = s + (tz ? tz->offsetAtUtc(s) : 0);
      int64_t day = floorDiv(local, 86400), tod = local - day * 86400;
      int64_t nl = addMonths(day, delta * months) * 86400 + tod;
      int64_t ns = tz ? tz->localToUtc(nl) : nl;
      ticks[i] = ns * scale + frac;
    } else {
      fail("BAD_ARGUMENTS", "Unsupported interval unit " + unit);
    }
  }
  if (rt.kind == TypeKind::DateTime) {
    auto out = newFixed<uint32_t>(result, rows);
    for (size_t i = 0; i < rows; ++i) out->values<uint32_t>()[i] = uint32_t(ticks[i]);
    return out;
  }
  auto out = newFixed<int64_t>(result, rows);
  std::copy(ticks.begin(), ticks.end(), out->values<int64_t>());
  return out;
}

namespace {

/// Produces a Date/Date32 or DateTime/DateTime64 result from local seconds (and sub-second ticks).
ColumnPtr fromLocal(const std::vector<int64_t>& local, const ColumnTypePtr& result, const TimeZone* tz, size_t rows) {
  const ColumnType& rt = layoutType(*result);
  switch (rt.kind) {
    case TypeKind::Date: {
      auto out = newFixed<uint16_t>(result, rows);
      for (size_t i = 0; i < rows; ++i) out->values<uint16_t>()[i] = uint16_t(std::max<int64_t>(floorDiv(local[i], 86400), 0));
      return out;
    }
    case TypeKind::Date32: {
      auto out = newFixed<int32_t>(result, rows);
      for (size_t i = 0; i < rows; ++i) out->values<int32_t>()[i] = int32_t(floorDiv(local[i], 86400));
      return out;
    }
    case TypeKind::DateTime: {
      const TimeZone* z = findTimeZone(rt.timezone);
      if (!z) z = tz;
      auto out = newFixed<uint32_t>(result, rows);
      for (size_t i = 0; i < rows; ++i) out->values<uint32_t>()[i] = uint32_t(z ? z->localToUtc(local[i]) : local[i]);
      return out;
    }
    case TypeKind::DateTime64: {
      const TimeZone* z = findTimeZone(rt.timezone);
      if (!z) z = tz;
      auto out = newFixed<int64_t>(result, rows);
      int64_t scale = pow10i(rt.precision);
      for (size_t i = 0; i < rows; ++i) out->values<int64_t>()[i] = (z ? z->localToUtc(local[i]) : local[i]) * scale;
      return out;
    }
    default: {
      auto out = newFixed<int64_t>(typeInt64(), rows);
      std::copy(local.begin(), local.end(), out->values<int64_t>());
      return castColumn(out, result);
    }
  }
}

template <int64_t Unit>
ColumnPtr startOfFixed(CallArgs& a) {
  const TimeZone* tz = zoneFor(a, 0, 1);
  auto local = localSeconds(*a.cols[0], a.rows, tz);
  for (auto& v : local) v = floorDiv(v, Unit) * Unit;
  if (layoutKind(*a.result) == TypeKind::DateTime64 && layoutKind(*a.cols[0]->type) == TypeKind::DateTime64 && Unit < 1) {
    return a.cols[0];
  }
  return fromLocal(local, a.result, tz, a.rows);
}

enum class DatePart { Week0, Week1, Month, Quarter, Year, LastDayOfMonth, ISOYear };

int64_t startOfPart(int64_t day, DatePart part) {
  int64_t y;
  unsigned m, d;
  switch (part) {
    case DatePart::Week0: return day - ((day + 4) % 7 + 7) % 7;
    case DatePart::Week1: return day - ((day + 3) % 7 + 7) % 7;
    case DatePart::Month: civilFromDays(day, y, m, d); return daysFromCivil(y, m, 1);
    case DatePart::Quarter: civilFromDays(day, y, m, d); return daysFromCivil(y, (m - 1) / 3 * 3 + 1, 1);
    case DatePart::Year: civilFromDays(day, y, m, d); return daysFromCivil(y, 1, 1);
    case DatePart::LastDayOfMonth: civilFromDays(day, y, m, d); return addMonths(daysFromCivil(y, m, 1), 1) - 1;
    case DatePart::ISOYear: {
      civilFromDays(day, y, m, d);
      auto isoStart = [](int64_t yy) {
        int64_t jan4 = daysFromCivil(yy, 1, 4);
        return jan4 - ((jan4 + 3) % 7 + 7) % 7;
      };
      int64_t s = isoStart(y + 1);
      if (day >= s) return s;
      s = isoStart(y);
      return day >= s ? s : isoStart(y - 1);
    }
  }
  return day;
}

template <DatePart part>
ColumnPtr startOfDatePart(CallArgs& a) {
  DatePart p = part;
  if (part == DatePart::Week0 && a.cols.size() > 1 && !isStringKind(a.kind(1))) {
    int64_t mode = a.constInt(1);
    if (mode & 1) p = DatePart::Week1;
  }
  const TimeZone* tz = zoneFor(a, 0, a.cols.size() > 2 ? 2 : 1);
  auto local = localSeconds(*a.cols[0], a.rows, tz);
  for (auto& v : local) v = startOfPart(floorDiv(v, 86400), p) * 86400;
  return fromLocal(local, a.result, tz, a.rows);
}

ColumnPtr toStartOfIntervalFn(CallArgs& a) {
  const TimeZone* tz = zoneFor(a, 0, 2);
  std::string unit = intervalUnitOf(a.type(1));
  int64_t n = a.constInt(1);
  if (n <= 0) fail("ARGUMENT_OUT_OF_BOUND", "Value for second argument of function toStartOfInterval must be positive");
  const ColumnType& at = a.type(0);
  int sub = subSecondDigits(unit);
  if (sub >= 0) {
    // Sub-second units over DateTime64 ticks.
    if (at.kind != TypeKind::DateTime64) return castColumn(a.cols[0], a.result);
    Vals<int64_t> v(*a.cols[0]);
    int64_t per = uint32_t(sub) >= at.precision ? 1 : pow10i(at.precision - uint32_t(sub));
    per *= n;
    auto out = newFixed<int64_t>(a.result, a.rows);
    for (size_t i = 0; i < a.rows; ++i) out->values<int64_t>()[i] = floorDiv(v[i], per) * per;
    return castColumn(out, a.result);
  }
  auto local = localSeconds(*a.cols[0], a.rows, tz);
  int64_t secs = unitSeconds(unit);
  for (auto& v : local) {
    int64_t day = floorDiv(v, 86400);
    if (unit == "Week") {
      int64_t week = floorDiv(day + 3, 7);
      v = (floorDiv(week, n) * n * 7 - 3) * 86400;
    } else if (unit == "Day") {
      v = floorDiv(day, n) * n * 86400;
    } else if (secs) {
      v = floorDiv(v, secs * n) * secs * n;
    } else {
      int64_t y;
      unsigned m, d;
      civilFromDays(day, y, m, d);
      if (unit == "Year") v = daysFromCivil(floorDiv(y, n) * n, 1, 1) * 86400;
      else {
        int64_t months = unitMonths(unit) * n;
        int64_t total = floorDiv(y * 12 + (m - 1), months) * months;
        v = daysFromCivil(floorDiv(total, 12), unsigned(total - floorDiv(total, 12) * 12) + 1, 1) * 86400;
      }
    }
  }
  return fromLocal(local, a.result, tz, a.rows);
}

enum class Field_ { Year, Quarter, Month, DayOfMonth, DayOfWeek, DayOfYear, Hour, Minute, Second, YYYYMM, YYYYMMDD,
                    YYYYMMDDhhmmss, RelDay, RelMonth, RelYear, RelHour, RelMinute, RelWeek, ISOWeek, Millisecond };

int64_t fieldOf(int64_t local, Field_ f, int64_t mode = 0) {
  int64_t day = floorDiv(local, 86400), tod = local - day * 86400;
  int64_t y;
  unsigned m, d;
  civilFromDays(day, y, m, d);
  switch (f) {
    case Field_::Year: return y;
    case Field_::Quarter: return (m - 1) / 3 + 1;
    case Field_::Month: return m;
    case Field_::DayOfMonth: return d;
    case Field_::DayOfWeek: {
      int64_t dow = ((day + 3) % 7 + 7) % 7 + 1;  // Monday = 1
      if (mode == 1) return dow - 1;              // Monday = 0
      if (mode == 2) return dow % 7 + 1;           // Sunday = 1
      if (mode == 3) return dow % 7;               // Sunday = 0
      return dow;
    }
    case Field_::DayOfYear: return day - daysFromCivil(y, 1, 1) + 1;
    case Field_::Hour: return tod / 3600;
    case Field_::Minute: return tod / 60 % 60;
    case Field_::Second: return tod % 60;
    case Field_::YYYYMM: return y * 100 + m;
    case Field_::YYYYMMDD: return y * 10000 + m * 100 + d;
    case Field_::YYYYMMDDhhmmss: return (y * 10000 + m * 100 + d) * 1000000 + tod / 3600 * 10000 + tod / 60 % 60 * 100 + tod % 60;
    case Field_::RelDay: return day;
    case Field_::RelMonth: return y * 12 + m;
    case Field_::RelYear: return y;
    case Field_::RelHour: return floorDiv(local, 3600);
    case Field_::RelMinute: return floorDiv(local, 60);
    case Field_::RelWeek: return floorDiv(day + 3, 7);
    case Field_::ISOWeek: {
      int64_t start = startOfPart(day, DatePart::ISOYear);
      return (day - start) / 7 + 1;
    }
    case Field_::Millisecond: return 0;
  }
  return 0;
}

template <Field_ f>
ColumnPtr datePartFn(CallArgs& a) {
  int64_t mode = 0;
  size_t tz_arg = 1;
  if (f == Field_::DayOfWeek && a.cols.size() > 1 && !isStringKind(a.kind(1))) {
    mode = a.constInt(1);
    tz_arg = 2;
  }
  const TimeZone* tz = zoneFor(a, 0, tz_arg);
  auto local = localSeconds(*a.cols[0], a.rows, tz);
  auto out = newFixed<int64_t>(typeInt64(), a.rows);
  for (size_t i = 0; i < a.rows; ++i) out->values<int64_t>()[i] = fieldOf(local[i], f, mode);
  return castColumn(out, a.result);
}

ColumnPtr toUnixTimestampFn(CallArgs& a) {
  ColumnPtr src = a.cols[0];
  if (isStringKind(a.kind(0))) {
    auto t = makeType(TypeKind::DateTime);
    if (a.cols.size() > 1) {
      auto tt = std::make_shared<ColumnType>(*t);
      tt->timezone = a.constString(1);
      tt->name.clear();
      t = tt;
    }
    src = castColumn(src, t);
  }
  auto s = toSeconds(*src, a.rows);
  auto out = newFixed<int64_t>(typeInt64(), a.rows);
  std::copy(s.begin(), s.end(), out->values<int64_t>());
  return castColumn(out, a.result);
}

template <uint32_t digits>
ColumnPtr toUnixTimestamp64Fn(CallArgs& a) {
  const ColumnType& t = a.type(0);
  auto out = newFixed<int64_t>(a.result, a.rows);
  if (t.kind == TypeKind::DateTime64) {
    Vals<int64_t> v(*a.cols[0]);
    for (size_t i = 0; i < a.rows; ++i) {
      int64_t x = v[i];
      out->values<int64_t>()[i] = digits >= t.precision ? x * pow10i(digits - t.precision) : floorDiv(x, pow10i(t.precision - digits));
    }
  } else {
    auto s = toSeconds(*a.cols[0], a.rows);
    for (size_t i = 0; i < a.rows; ++i) out->values<int64_t>()[i] = s[i] * pow10i(digits);
  }
  return out;
}

template <uint32_t digits>
ColumnPtr fromUnixTimestamp64Fn(CallArgs& a) {
  const ColumnType& rt = layoutType(*a.result);
  auto v = castColumn(a.cols[0], typeInt64());
  auto out = newFixed<int64_t>(a.result, a.rows);
  Vals<int64_t> in(*v);
  for (size_t i = 0; i < a.rows; ++i) {
    int64_t x = in[i];
    out->values<int64_t>()[i] = rt.precision >= digits ? x * pow10i(rt.precision - digits) : floorDiv(x, pow10i(digits - rt.precision));
  }
  return out;
}

ColumnPtr fromUnixTimestampFn(CallArgs& a) {
  if (a.cols.size() > 1 && isStringKind(layoutKind(*a.result))) {
    fail("NOT_IMPLEMENTED", "FROM_UNIXTIME with a format is not supported");
  }
  return castColumn(a.cols[0], a.result);
}

ColumnPtr nowFn(CallArgs& a) {
  int64_t now = nowSeconds(a.ctx);
  const ColumnType& rt = layoutType(*a.result);
  if (rt.kind == TypeKind::DateTime64) return makeConstColumn(a.result, Field(int64_t(now * pow10i(rt.precision))), a.rows);
  return makeConstColumn(a.result, Field(uint64_t(now)), a.rows);
}

ColumnPtr todayFn(CallArgs& a) {
  return makeConstColumn(a.result, Field(uint64_t(floorDiv(nowSeconds(a.ctx), 86400))), a.rows);
}
ColumnPtr yesterdayFn(CallArgs& a) {
  return makeConstColumn(a.result, Field(uint64_t(floorDiv(nowSeconds(a.ctx), 86400) - 1)), a.rows);
}

ColumnPtr toIntervalFn(CallArgs& a) {
  auto v = castColumn(a.cols[0], typeInt64());
  return relabel(materialize(v), a.result);
}

template <int sign>
ColumnPtr addUnitFn(CallArgs& a) {
  // addDays(date, n) etc.: the unit is the function name's suffix.
  std::string f = a.call.function;
  std::string unit = f.substr(sign > 0 ? 3 : 8);
  if (!unit.empty() && unit.back() == 's') unit.pop_back();
  return addInterval(a.cols[0], a.cols[1], unit, sign, a.result, a.rows);
}

template <int sign>
ColumnPtr dateAddFn(CallArgs& a) {
  // date_add(unit, n, date) | date_add(date, interval) | date_add(interval, date)
  if (a.cols.size() == 3) {
    std::string unit = normalizeUnit(a.constString(0));
    return addInterval(a.cols[2], a.cols[1], unit, sign, a.result, a.rows);
  }
  size_t ii = a.kind(0) == TypeKind::Interval ? 0 : 1;
  return addInterval(a.cols[1 - ii], a.cols[ii], intervalUnitOf(a.type(ii)), sign, a.result, a.rows);
}

ColumnPtr dateDiffFn(CallArgs& a) {
  std::string unit = normalizeUnit(a.constString(0));
  const TimeZone* tz = zoneFor(a, 1, 3);
  auto l1 = localSeconds(*a.cols[1], a.rows, tz), l2 = localSeconds(*a.cols[2], a.rows, tz);
  auto out = newFixed<int64_t>(typeInt64(), a.rows);
  int sub = subSecondDigits(unit);
  for (size_t i = 0; i < a.rows; ++i) {
    int64_t r;
    if (unit == "Second") r = l2[i] - l1[i];
    else if (unit == "Minute") r = fieldOf(l2[i], Field_::RelMinute) - fieldOf(l1[i], Field_::RelMinute);
    else if (unit == "Hour") r = fieldOf(l2[i], Field_::RelHour) - fieldOf(l1[i], Field_::RelHour);
    else if (unit == "Day") r = fieldOf(l2[i], Field_::RelDay) - fieldOf(l1[i], Field_::RelDay);
    else if (unit == "Week") r = fieldOf(l2[i], Field_::RelWeek) - fieldOf(l1[i], Field_::RelWeek);
    else if (unit == "Month") r = fieldOf(l2[i], Field_::RelMonth) - fieldOf(l1[i], Field_::RelMonth);
    else if (unit == "Quarter") {
      auto q = [](int64_t l) { return fieldOf(l, Field_::Year) * 4 + fieldOf(l, Field_::Quarter); };
      r = q(l2[i]) - q(l1[i]);
    } else if (unit == "Year") r = fieldOf(l2[i], Field_::Year) - fieldOf(l1[i], Field_::Year);
    else if (sub >= 0) r = (l2[i] - l1[i]) * pow10i(uint32_t(sub));
    else fail("BAD_ARGUMENTS", "Unsupported unit for dateDiff: " + unit);
    out->values<int64_t>()[i] = r;
  }
  return castColumn(out, a.result);
}

ColumnPtr toTimeZoneFn(CallArgs& a) {
  auto c = materialize(a.cols[0]);
  if (layoutKind(*c->type) == layoutKind(*a.result)) return relabel(c, a.result);
  return castColumn(c, a.result);
}

ColumnPtr formatDateTimeFn(CallArgs& a) {
  const TimeZone* tz = zoneFor(a, 0, 2);
  auto local = localSeconds(*a.cols[0], a.rows, tz);
  const ColumnType& t = a.type(0);
  std::vector<int64_t> frac(a.rows, 0);
  if (t.kind == TypeKind::DateTime64) {
    Vals<int64_t> v(*a.cols[0]);
    int64_t scale = pow10i(t.precision);
    for (size_t i = 0; i < a.rows; ++i) frac[i] = v[i] - floorDiv(v[i], scale) * scale;
  }
  static const char* mon_short[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* mon_long[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                                   "October", "November", "December"};
  static const char* dow_short[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* dow_long[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  auto out = newString(a.result, a.rows);
  std::string s;
  for (size_t i = 0; i < a.rows; ++i) {
    std::string_view fmt = a.cols[1]->stringAt(i);
    s.clear();
    int64_t l = local[i];
    auto num = [&](int64_t v, int width, char pad = '0') {
      std::string x = std::to_string(v);
      while (int(x.size()) < width) x.insert(x.begin(), pad);
      s += x;
    };
    int64_t y = fieldOf(l, Field_::Year), mo = fieldOf(l, Field_::Month), d = fieldOf(l, Field_::DayOfMonth);
    int64_t h = fieldOf(l, Field_::Hour), mi = fieldOf(l, Field_::Minute), se = fieldOf(l, Field_::Second);
    int64_t dow = fieldOf(l, Field_::DayOfWeek);
    for (size_t k = 0; k < fmt.size(); ++k) {
      if (fmt[k] != '%' || k + 1 >= fmt.size()) {
        s.push_back(fmt[k]);
        continue;
      }
      char c = fmt[++k];
      switch (c) {
        case 'Y': num(y, 4); break;
        case 'y': num(y % 100, 2); break;
        case 'C': num(y / 100, 2); break;
        case 'm': num(mo, 2); break;
        case 'd': num(d, 2); break;
        case 'e': num(d, 2, ' '); break;
        case 'H': num(h, 2); break;
        case 'k': num(h, 2, ' '); break;
        case 'I': case 'h': num(h % 12 == 0 ? 12 : h % 12, 2); break;
        case 'l': num(h % 12 == 0 ? 12 : h % 12, 2, ' '); break;
        case 'i': num(mi, 2); break;
        case 'M': s += mon_long[mo - 1]; break;
        case 'S': case 's': num(se, 2); break;
        case 'f': {
          uint32_t p = t.kind == TypeKind::DateTime64 ? t.precision : 0;
          if (p == 0) s += "000000";
          else num(frac[i], int(p));
          break;
        }
        case 'F': num(y, 4); s += '-'; num(mo, 2); s += '-'; num(d, 2); break;
        case 'D': num(mo, 2); s += '/'; num(d, 2); s += '/'; num(y % 100, 2); break;
        case 'T': num(h, 2); s += ':'; num(mi, 2); s += ':'; num(se, 2); break;
        case 'R': num(h, 2); s += ':'; num(mi, 2); break;
        case 'r': num(h % 12 == 0 ? 12 : h % 12, 2); s += ':'; num(mi, 2); s += (h < 12 ? " AM" : " PM"); break;
        case 'p': s += h < 12 ? "AM" : "PM"; break;
        case 'j': num(fieldOf(l, Field_::DayOfYear), 3); break;
        case 'u': num(dow, 1); break;
        case 'w': num(dow % 7, 1); break;
        case 'a': s += dow_short[dow - 1]; break;
        case 'W': s += dow_long[dow - 1]; break;
        case 'b': s += mon_short[mo - 1]; break;
        case 'Q': num(fieldOf(l, Field_::Quarter), 1); break;
        case 'V': num(fieldOf(l, Field_::ISOWeek), 2); break;
        case 'G': num(fieldOf(startOfPart(floorDiv(l, 86400), DatePart::ISOYear) * 86400 + 3 * 86400, Field_::Year), 4); break;
        case 'g': num(fieldOf(startOfPart(floorDiv(l, 86400), DatePart::ISOYear) * 86400 + 3 * 86400, Field_::Year) % 100, 2); break;
        case 'n': s += '\n'; break;
        case 't': s += '\t'; break;
        case '%': s += '%'; break;
        case 'z': {
          int64_t off = l - toSeconds(*a.cols[0], a.rows)[i];
          s += off < 0 ? '-' : '+';
          off = std::abs(off);
          num(off / 3600, 2);
          num(off / 60 % 60, 2);
          break;
        }
        default: fail("BAD_ARGUMENTS", std::string("Unknown format specifier %") + c);
      }
    }
    pushString(*out, s);
  }
  return out;
}

}  // namespace

void registerDateFunctions(FunctionRegistry& r) {
  r.add("toStartOfDay", startOfFixed<86400>);
  r.add("toStartOfHour", startOfFixed<3600>);
  r.add("toStartOfMinute", startOfFixed<60>);
  r.add("toStartOfSecond", startOfFixed<1>);
  r.add("toStartOfFiveMinutes", startOfFixed<300>);
  r.alias("toStartOfFiveMinute", "toStartOfFiveMinutes");
  r.add("toStartOfTenMinutes", startOfFixed<600>);
  r.add("toStartOfFifteenMinutes", startOfFixed<900>);
  r.add("toStartOfWeek", startOfDatePart<DatePart::Week0>);
  r.add("toMonday", startOfDatePart<DatePart::Week1>);
  r.add("toStartOfMonth", startOfDatePart<DatePart::Month>);
  r.add("toStartOfQuarter", startOfDatePart<DatePart::Quarter>);
  r.add("toStartOfYear", startOfDatePart<DatePart::Year>);
  r.add("toStartOfISOYear", startOfDatePart<DatePart::ISOYear>);
  r.add("toLastDayOfMonth", startOfDatePart<DatePart::LastDayOfMonth>);
  r.add("toStartOfInterval", toStartOfIntervalFn);
  r.alias("time_bucket", "toStartOfInterval");
  r.add("toYear", datePartFn<Field_::Year>);
  r.add("toQuarter", datePartFn<Field_::Quarter>);
  r.add("toMonth", datePartFn<Field_::Month>);
  r.add("toDayOfMonth", datePartFn<Field_::DayOfMonth>);
  r.alias("DAY", "toDayOfMonth");
  r.add("toDayOfWeek", datePartFn<Field_::DayOfWeek>);
  r.add("toDayOfYear", datePartFn<Field_::DayOfYear>);
  r.add("toHour", datePartFn<Field_::Hour>);
  r.add("toMinute", datePartFn<Field_::Minute>);
  r.add("toSecond", datePartFn<Field_::Second>);
  r.add("toISOWeek", datePartFn<Field_::ISOWeek>);
  r.add("toYYYYMM", datePartFn<Field_::YYYYMM>);
  r.add("toYYYYMMDD", datePartFn<Field_::YYYYMMDD>);
  r.add("toYYYYMMDDhhmmss", datePartFn<Field_::YYYYMMDDhhmmss>);
  r.add("toRelativeDayNum", datePartFn<Field_::RelDay>);
  r.add("toRelativeMonthNum", datePartFn<Field_::RelMonth>);
  r.add("toRelativeYearNum", datePartFn<Field_::RelYear>);
  r.add("toRelativeHourNum", datePartFn<Field_::RelHour>);
  r.add("toRelativeMinuteNum", datePartFn<Field_::RelMinute>);
  r.add("toRelativeWeekNum", datePartFn<Field_::RelWeek>);
  r.add("toUnixTimestamp", toUnixTimestampFn);
  r.add("toUnixTimestamp64Second", toUnixTimestamp64Fn<0>);
  r.add("toUnixTimestamp64Milli", toUnixTimestamp64Fn<3>);
  r.add("toUnixTimestamp64Micro", toUnixTimestamp64Fn<6>);
  r.add("toUnixTimestamp64Nano", toUnixTimestamp64Fn<9>);
  r.add("fromUnixTimestamp64Second", fromUnixTimestamp64Fn<0>);
  r.add("fromUnixTimestamp64Milli", fromUnixTimestamp64Fn<3>);
  r.add("fromUnixTimestamp64Micro", fromUnixTimestamp64Fn<6>);
  r.add("fromUnixTimestamp64Nano", fromUnixTimestamp64Fn<9>);
  r.add("fromUnixTimestamp", fromUnixTimestampFn);
  r.alias("FROM_UNIXTIME", "fromUnixTimestamp");
  r.add("now", nowFn);
  r.alias("current_timestamp", "now");
  r.add("now64", nowFn);
  r.add("today", todayFn);
  r.alias("curdate", "today");
  r.alias("current_date", "today");
  r.add("yesterday", yesterdayFn);
  for (const char* u : {"Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour", "Day", "Week", "Month",
                        "Quarter", "Year"}) {
    r.add(std::string("toInterval") + u, toIntervalFn);
    r.add(std::string("add") + u + "s", addUnitFn<1>);
    r.add(std::string("subtract") + u + "s", addUnitFn<-1>);
  }
  r.add("date_add", dateAddFn<1>);
  r.alias("dateAdd", "date_add");
  r.alias("timestampAdd", "date_add");
  r.alias("timestamp_add", "date_add");
  r.alias("DATE_ADD", "date_add");
  r.add("date_sub", dateAddFn<-1>);
  r.alias("dateSub", "date_sub");
  r.alias("timestampSub", "date_sub");
  r.alias("timestamp_sub", "date_sub");
  r.alias("DATE_SUB", "date_sub");
  r.add("dateDiff", dateDiffFn);
  r.alias("date_diff", "dateDiff");
  r.alias("DATE_DIFF", "dateDiff");
  r.alias("timestampDiff", "dateDiff");
  r.alias("timestamp_diff", "dateDiff");
  r.add("toTimeZone", toTimeZoneFn);
  r.alias("toTimezone", "toTimeZone");
  r.add("formatDateTime", formatDateTimeFn);
  r.alias("DATE_FORMAT", "formatDateTime");
}

}  // namespace ferry::rt::exec
