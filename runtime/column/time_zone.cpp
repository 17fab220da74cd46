#include "runtime/column/time_zone.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace ferry::rt {

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

int64_t TimeZone::localToUtc(int64_t local) const {
  // Offsets never exceed a day; two probes settle the offset in force (gaps map forward).
  int64_t guess = local - offsetAtUtc(local - 86400);
  int64_t off = offsetAtUtc(guess);
  int64_t utc = local - off;
  int64_t off2 = offsetAtUtc(utc);
  if (off2 != off) utc = local - off2;
  return utc;
}

namespace {

class FixedZone final : public TimeZone {
 public:
  explicit FixedZone(int64_t offset) : offset_(offset) {}
  int64_t offsetAtUtc(int64_t) const override { return offset_; }

 private:
  int64_t offset_;
};

/// A POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`), the footer of TZif v2+ files that covers
/// instants after the last listed transition.
struct PosixRule {
  int64_t std_offset = 0, dst_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  struct When { char kind = 'M'; int m = 0, w = 0, d = 0; int64_t time = 7200; } start, end;

  static bool parseName(const char*& p) {
    if (*p == '<') {
      while (*p && *p != '>') ++p;
      if (*p != '>') return false;
      ++p;
      return true;
    }
    const char* b = p;
    while (std::isalpha(static_cast<unsigned char>(*p))) ++p;
    return p - b >= 3;
  }
  static bool parseTime(const char*& p, int64_t& out) {  // [+-]hh[:mm[:ss]]
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (!std::isdigit(static_cast<unsigned char>(*p))) return false;
    int64_t h = 0, mi = 0, s = 0;
    while (std::isdigit(static_cast<unsigned char>(*p))) h = h * 10 + (*p++ - '0');
    if (*p == ':') { ++p; while (std::isdigit(static_cast<unsigned char>(*p))) mi = mi * 10 + (*p++ - '0'); }
    if (*p == ':') { ++p; while (std::isdigit(static_cast<unsigned char>(*p))) s = s * 10 + (*p++ - '0'); }
    out = sign * (h * 3600 + mi * 60 + s);
    return true;
  }
  static bool parseWhen(const char*& p, When& w) {
    if (*p == 'M') {
      ++p;
      w.kind = 'M';
      w.m = int(std::strtol(p, const_cast<char**>(&p), 10));
      if (*p++ != '.') return false;
      w.w = int(std::strtol(p, const_cast<char**>(&p), 10));
      if (*p++ != '.') return false;
      w.d = int(std::strtol(p, const_cast<char**>(&p), 10));
    } else if (*p == 'J') {
      ++p;
      w.kind = 'J';
      w.d = int(std::strtol(p, const_cast<char**>(&p), 10));
    } else {
      w.kind = 'D';
      w.d = int(std::strtol(p, const_cast<char**>(&p), 10));
    }
    w.time = 7200;
    if (*p == '/') {
      ++p;
      if (!parseTime(p, w.time)) return false;
    }
    return true;
  }
  bool parse(const std::string& text) {
    const char* p = text.c_str();
    if (!parseName(p)) return false;
    int64_t off;
    if (!parseTime(p, off)) return false;
    std_offset = -off;
    if (!*p) return true;
    if (!parseName(p)) return false;
    has_dst = true;
    dst_offset = std_offset + 3600;
    if (*p && *p != ',') {
      if (!parseTime(p, off)) return false;
      dst_offset = -off;
    }
    if (*p++ != ',') return false;
    if (!parseWhen(p, start)) return false;
    if (*p++ != ',') return false;
    return parseWhen(p, end);
  }
  /// Local seconds since the year's start (of the standard... per POSIX, local time in force).
  static int64_t transitionLocal(int64_t year, const When& w) {
    int64_t day;
    if (w.kind == 'M') {
      int64_t first = daysFromCivil(year, unsigned(w.m), 1);
      int64_t wday = ((first % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
      int64_t d = first + ((w.d - wday) % 7 + 7) % 7 + (w.w - 1) * 7;
      unsigned nm = unsigned(w.m % 12 + 1);
      int64_t next = daysFromCivil(nm == 1 ? year + 1 : year, nm, 1);
      while (d >= next) d -= 7;
      day = d;
    } else if (w.kind == 'J') {
      bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      int64_t n = w.d - 1;
      if (leap && w.d >= 60) ++n;
      day = daysFromCivil(year, 1, 1) + n;
    } else {
      day = daysFromCivil(year, 1, 1) + w.d;
    }
    return day * 86400 + w.time;
  }
  int64_t offsetAt(int64_t utc) const {
    if (!has_dst) return std_offset;
    int64_t y;
    unsigned m, d;
    civilFromDays((utc + std_offset) / 86400 - ((utc + std_offset) % 86400 < 0), y, m, d);
    int64_t s = transitionLocal(y, start) - std_offset;  // DST starts: local standard time
    int64_t e = transitionLocal(y, end) - dst_offset;    // DST ends: local daylight time
    bool dst = s < e ? (utc >= s && utc < e) : !(utc >= e && utc < s);
    return dst ? dst_offset : std_offset;
  }
};

class TzifZone final : public TimeZone {
 public:
  std::vector<int64_t> transitions;
  std::vector<int64_t> offsets;  ///< offset in force from transitions[i]
  int64_t initial_offset = 0;
  PosixRule rule;
  bool has_rule = false;

  int64_t offsetAtUtc(int64_t utc) const override {
    if (transitions.empty() || utc < transitions.front())
      return transitions.empty() && has_rule ? rule.offsetAt(utc) : initial_offset;
    if (utc >= transitions.back() && has_rule) return rule.offsetAt(utc);
    auto it = std::upper_bound(transitions.begin(), transitions.end(), utc);
    return offsets[size_t(it - transitions.begin()) - 1];
  }
};

uint32_t be32(const unsigned char* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
int64_t be64(const unsigned char* p) { return int64_t(uint64_t(be32(p)) << 32 | be32(p + 4)); }

std::unique_ptr<TimeZone> loadTzif(const std::string& name) {
  if (name.empty() || name.find("..") != std::string::npos || name[0] == '/') return nullptr;
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t size = bytes.size();
  if (size < 44 || std::memcmp(b, "TZif", 4) != 0) return nullptr;
  auto counts = [&](size_t at, uint32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = be32(b + at + 20 + 4 * i);  // isut isstd leap time type char
  };
  uint32_t c[6];
  counts(0, c);
  size_t at = 44;
  bool v2 = b[4] >= '2';
  size_t time_size = 4;
  if (v2) {
    at += size_t(c[3]) * 5 + size_t(c[4]) * 6 + c[5] + size_t(c[2]) * 8 + c[1] + c[0];
    if (at + 44 > size) return nullptr;
    counts(at, c);
    at += 44;
    time_size = 8;
  }
  size_t need = size_t(c[3]) * (time_size + 1) + size_t(c[4]) * 6 + c[5];
  if (at + need > size) return nullptr;
  auto zone = std::make_unique<TzifZone>();
  const unsigned char* times = b + at;
  const unsigned char* idx = times + size_t(c[3]) * time_size;
  const unsigned char* types = idx + c[3];
  auto typeOffset = [&](size_t t) { return int64_t(int32_t(be32(types + t * 6))); };
  if (c[4] == 0) return nullptr;
  zone->initial_offset = typeOffset(0);
  for (uint32_t i = 0; i < c[3]; ++i) {
    zone->transitions.push_back(time_size == 8 ? be64(times + i * 8) : int64_t(int32_t(be32(times + i * 4))));
    size_t t = idx[i];
    if (t >= c[4]) return nullptr;
    zone->offsets.push_back(typeOffset(t));
  }
  if (v2) {
    size_t footer = at + need + size_t(c[2]) * 12 + c[1] + c[0];
    if (footer < size && b[footer] == '\n') {
      size_t endl = bytes.find('\n', footer + 1);
      if (endl != std::string::npos) {
        std::string rule = bytes.substr(footer + 1, endl - footer - 1);
        if (!rule.empty() && zone->rule.parse(rule)) zone->has_rule = true;
      }
    }
  }
  return zone;
}

}  // namespace

const TimeZone* findTimeZone(std::string_view name) {
  static const FixedZone utc(0);
  if (name.empty() || name == "UTC" || name == "Etc/UTC" || name == "GMT" || name == "UCT" || name == "Zulu" ||
      name == "Etc/GMT" || name == "Universal")
    return &utc;
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<TimeZone>, std::less<>> zones;
  std::lock_guard lock(mutex);
  auto it = zones.find(name);
  if (it != zones.end()) return it->second.get();
  auto zone = loadTzif(std::string(name));
  const TimeZone* result = zone.get();
  zones.emplace(std::string(name), std::move(zone));
  return result;
}

}  // namespace ferry::rt
