#include "runtime/column/wide_integer.h"

#include <algorithm>
#include <cstring>

namespace ferry::rt {

namespace {

/// Little-endian limbs of 32 bits: multiply/add by small numbers without 128-bit helpers.
constexpr size_t kMaxLimbs = 8;

bool mulAdd(uint32_t* limbs, size_t n, uint32_t mul, uint32_t add) {
  uint64_t carry = add;
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = uint64_t(limbs[i]) * mul + carry;
    limbs[i] = uint32_t(v);
    carry = v >> 32;
  }
  return carry == 0;
}

uint32_t divSmall(uint32_t* limbs, size_t n, uint32_t div) {
  uint64_t rem = 0;
  for (size_t i = n; i-- > 0;) {
    uint64_t cur = (rem << 32) | limbs[i];
    limbs[i] = uint32_t(cur / div);
    rem = cur % div;
  }
  return uint32_t(rem);
}

bool isZero(const uint32_t* limbs, size_t n) {
  return std::all_of(limbs, limbs + n, [](uint32_t v) { return v == 0; });
}

void negate(uint32_t* limbs, size_t n) {
  uint64_t carry = 1;
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = uint64_t(uint32_t(~limbs[i])) + carry;
    limbs[i] = uint32_t(v);
    carry = v >> 32;
  }
}

}  // namespace

bool parseWideInteger(std::string_view text, uint32_t scale, bool is_signed, size_t width, uint8_t* out) {
  size_t n = width / 4;
  if (n == 0 || n > kMaxLimbs) return false;
  uint32_t limbs[kMaxLimbs] = {};
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  bool any_digit = false, in_fraction = false;
  uint32_t fraction_digits = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !in_fraction) {
      in_fraction = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    any_digit = true;
    if (in_fraction) {
      if (fraction_digits == scale) continue;  // truncated
      ++fraction_digits;
    }
    if (!mulAdd(limbs, n, 10, uint32_t(c - '0'))) return false;
  }
  if (!any_digit) return false;
  for (; fraction_digits < scale; ++fraction_digits)
    if (!mulAdd(limbs, n, 10, 0)) return false;
  uint32_t top_bit = limbs[n - 1] >> 31;
  if (is_signed) {
    // Magnitude must fit in width*8-1 bits (or be exactly 2^(w-1) when negative).
    if (top_bit) {
      bool exactly_min = negative && (limbs[n - 1] == 0x80000000u) && isZero(limbs, n - 1);
      if (!exactly_min) return false;
    }
  } else if (negative && !isZero(limbs, n)) {
    return false;
  }
  if (negative) negate(limbs, n);
  std::memcpy(out, limbs, width);
  return true;
}

std::string formatWideInteger(const uint8_t* in, size_t width, bool is_signed, uint32_t scale) {
  size_t n = width / 4;
  uint32_t limbs[kMaxLimbs] = {};
  std::memcpy(limbs, in, width);
  bool negative = is_signed && (limbs[n - 1] >> 31);
  if (negative) negate(limbs, n);
  std::string digits;
  while (!isZero(limbs, n)) digits.push_back(char('0' + divSmall(limbs, n, 10)));
  while (digits.size() <= scale) digits.push_back('0');
  std::string out;
  if (negative) out.push_back('-');
  for (size_t k = digits.size(); k-- > 0;) {
    out.push_back(digits[k]);
    if (k == scale && scale > 0) out.push_back('.');
  }
  return out;
}

int compareWideInteger(const uint8_t* a, const uint8_t* b, size_t width, bool is_signed) {
  if (is_signed) {
    bool na = a[width - 1] & 0x80, nb = b[width - 1] & 0x80;
    if (na != nb) return na ? -1 : 1;
  }
  for (size_t i = width; i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

}  // namespace ferry::rt
