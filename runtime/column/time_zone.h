/// Time zones for DateTime text: offsets of a named zone read from the system's tz database
/// (/usr/share/zoneinfo TZif files), cached per name. Ferry's default zone (empty name) is UTC.
#pragma once

#include <cstdint>
#include <string_view>

namespace ferry::rt {

class TimeZone {
 public:
  virtual ~TimeZone() = default;
  /// Seconds to add to a UTC instant to get local wall-clock time at that instant.
  virtual int64_t offsetAtUtc(int64_t utc) const = 0;
  /// The UTC instant of a local wall-clock time (the earlier one when ambiguous).
  int64_t localToUtc(int64_t local) const;
};

/// The zone named `name` (`Europe/Madrid`, `UTC`; empty: UTC). Returns null for an unknown name.
/// The returned zone lives for the process.
const TimeZone* findTimeZone(std::string_view name);

/// Days since 1970-01-01 <-> civil date (proleptic Gregorian).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
void civilFromDays(int64_t days, int64_t& y, unsigned& m, unsigned& d);

}  // namespace ferry::rt
