// Spelling numbers the way ClickHouse prints them in type names.
#include "compiler/types/literal_text.h"

#include <charconv>
#include <cmath>
#include <string>

namespace ferry::types {

std::string formatFloat(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value == 0) return std::signbit(value) ? "-0." : "0.";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  std::string out;
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exponent = std::stoi(std::string(sci.substr(e_pos + 1)));
  int n = static_cast<int>(digits.size());
  if (exponent >= -6 && exponent < 21) {
    if (exponent >= 0) {
      if (n <= exponent + 1) {
        out += digits + std::string(static_cast<size_t>(exponent + 1 - n), '0') + ".";
      } else {
        out += digits.substr(0, static_cast<size_t>(exponent + 1)) + "." +
               digits.substr(static_cast<size_t>(exponent + 1));
      }
    } else {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (n > 1) out += "." + digits.substr(1);
  out += "e" + std::to_string(exponent);
  return out;
}

std::optional<IntegerLiteral> parseIntegerLiteral(std::string_view text) {
  IntegerLiteral result;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    result.negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
    base = 2;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c == '_') continue;
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (digit >= base) return std::nullopt;
    if (value > (UINT64_MAX - static_cast<uint64_t>(digit)) / static_cast<uint64_t>(base)) {
      return std::nullopt;
    }
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
  }
  if (result.negative && value > (uint64_t{1} << 63)) return std::nullopt;
  result.magnitude = value;
  if (value == 0) result.negative = false;
  return result;
}

}  // namespace ferry::types
