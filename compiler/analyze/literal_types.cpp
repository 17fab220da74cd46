#include "compiler/analyze/literal_types.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace ferry::analyze {

namespace {

using types::ConstantValue;
using types::TypeKind;

/// Digits of an integer literal in `base`, underscores skipped. False on overflow of 64 bits
/// or on a character that is not a digit.
bool parseUnsigned(std::string_view digits, unsigned base, uint64_t& out, bool& overflow) {
  out = 0;
  overflow = false;
  bool any = false;
  for (char c : digits) {
    if (c == '_') continue;
    unsigned d;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return false;
    }
    if (d >= base) return false;
    any = true;
    if (out > (std::numeric_limits<uint64_t>::max() - d) / base) overflow = true;
    out = out * base + d;
  }
  return any;
}

/// The value of a number spelling that does not fit 64 bits (or is a float), as a double.
double parseAsDouble(std::string_view text) {
  std::string cleaned;
  cleaned.reserve(text.size());
  for (char c : text) {
    if (c != '_') cleaned += c;
  }
  bool negative = !cleaned.empty() && cleaned[0] == '-';
  std::string_view body = cleaned;
  if (negative || (!body.empty() && body[0] == '+')) body.remove_prefix(1);
  double value = 0;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'b' || body[1] == 'B')) {
    for (char c : body.substr(2)) value = value * 2 + (c == '1' ? 1 : 0);
  } else if (body == "inf" || body == "INF" || body == "Inf" || body == "infinity") {
    value = std::numeric_limits<double>::infinity();
  } else if (body.size() >= 3 && (body.substr(0, 3) == "nan" || body.substr(0, 3) == "NaN" ||
                                  body.substr(0, 3) == "NAN")) {
    value = std::numeric_limits<double>::quiet_NaN();
    negative = false;
  } else {
    // strtod reads decimal and hexadecimal (`0x1.8p1`, `0xFF...`) spellings alike.
    std::string s(body);
    value = std::strtod(s.c_str(), nullptr);
  }
  return negative ? -value : value;
}

TypedConstant floatConstant(double v) {
  TypedConstant c;
  c.type = types::makeType(TypeKind::Float64);
  c.value.kind = ConstantValue::Kind::Float;
  c.value.float_value = v;
  c.value.text = formatFloatForName(v);
  return c;
}

}  // namespace

types::TypePtr smallestIntegerType(bool negative, uint64_t magnitude) {
  if (!negative) {
    if (magnitude <= 0xFFu) return types::makeType(TypeKind::UInt8);
    if (magnitude <= 0xFFFFu) return types::makeType(TypeKind::UInt16);
    if (magnitude <= 0xFFFFFFFFu) return types::makeType(TypeKind::UInt32);
    return types::makeType(TypeKind::UInt64);
  }
  if (magnitude <= 0x80u) return types::makeType(TypeKind::Int8);
  if (magnitude <= 0x8000u) return types::makeType(TypeKind::Int16);
  if (magnitude <= 0x80000000u) return types::makeType(TypeKind::Int32);
  return types::makeType(TypeKind::Int64);
}

TypedConstant typeLiteral(const sql::Literal& literal) {
  TypedConstant c;
  switch (literal.literal_kind) {
    case sql::LiteralKind::Null:
      c.type = types::makeNullable(types::makeType(TypeKind::Nothing));
      c.value.kind = ConstantValue::Kind::Null;
      c.value.text = "NULL";
      return c;
    case sql::LiteralKind::Bool:
      c.type = types::makeType(TypeKind::Bool);
      c.value.kind = ConstantValue::Kind::Bool;
      c.value.bool_value = literal.value == "true";
      c.value.text = c.value.bool_value ? "true" : "false";
      return c;
    case sql::LiteralKind::String:
      c.type = types::makeType(TypeKind::String);
      c.value.kind = ConstantValue::Kind::String;
      c.value.string_value = literal.value;
      c.value.text = quoteStringForName(literal.value);
      return c;
    case sql::LiteralKind::Float:
      return floatConstant(parseAsDouble(literal.value));
    case sql::LiteralKind::Integer:
      break;
  }
  std::string_view text = literal.value;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
    while (!text.empty() && text[0] == ' ') text.remove_prefix(1);
  }
  unsigned base = 10;
  std::string_view digits = text;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    digits = text.substr(2);
  } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
    base = 2;
    digits = text.substr(2);
  }
  uint64_t magnitude = 0;
  bool overflow = false;
  if (!parseUnsigned(digits, base, magnitude, overflow) || overflow ||
      (negative && magnitude > (uint64_t{1} << 63))) {
    return floatConstant(parseAsDouble(literal.value));
  }
  if (negative && magnitude == 0) negative = false;  // `-0` is the UInt8 0
  c.type = smallestIntegerType(negative, magnitude);
  if (negative) {
    c.value.kind = ConstantValue::Kind::Int;
    c.value.int_value = magnitude == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min()
                                                         : -static_cast<int64_t>(magnitude);
    c.value.text = std::to_string(c.value.int_value);
  } else {
    c.value.kind = ConstantValue::Kind::UInt;
    c.value.uint_value = magnitude;
    c.value.text = std::to_string(magnitude);
  }
  return c;
}

std::string formatFloatForName(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  // Shortest round-trip digits, in scientific form: d[.ddd]e±X.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = false;
  if (!sci.empty() && sci[0] == '-') {
    negative = true;
    sci.erase(0, 1);
  }
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  int exponent = std::atoi(sci.c_str() + e + 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out = negative ? "-" : "";
  if (value == 0) return out + "0.";
  if (exponent >= -7 + 1 && exponent < 21) {
    // Fixed notation: the decimal point goes after digit `exponent + 1`.
    int point = exponent + 1;
    if (point <= 0) {
      out += "0.";
      out.append(static_cast<size_t>(-point), '0');
      out += digits;
    } else if (static_cast<size_t>(point) >= digits.size()) {
      out += digits;
      out.append(static_cast<size_t>(point) - digits.size(), '0');
      out += '.';
    } else {
      out += digits.substr(0, static_cast<size_t>(point));
      out += '.';
      out += digits.substr(static_cast<size_t>(point));
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += 'e';
  out += std::to_string(exponent);
  return out;
}

std::string quoteStringForName(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  out += '\'';
  return out;
}

std::string constantText(const types::ConstantValue& value) {
  switch (value.kind) {
    case ConstantValue::Kind::Null: return "NULL";
    case ConstantValue::Kind::Bool: return value.bool_value ? "true" : "false";
    case ConstantValue::Kind::Int: return std::to_string(value.int_value);
    case ConstantValue::Kind::UInt: return std::to_string(value.uint_value);
    case ConstantValue::Kind::Float: return formatFloatForName(value.float_value);
    case ConstantValue::Kind::String: return quoteStringForName(value.string_value);
    case ConstantValue::Kind::Array:
    case ConstantValue::Kind::Tuple: {
      bool array = value.kind == ConstantValue::Kind::Array;
      std::string out = array ? "[" : "(";
      for (size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ", ";
        out += constantText(value.items[i]);
      }
      out += array ? "]" : ")";
      return out;
    }
    case ConstantValue::Kind::Unknown: return value.text;
  }
  return value.text;
}

}  // namespace ferry::analyze
