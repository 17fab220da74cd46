#include "compiler/analyze/constant_folding.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "compiler/analyze/literal_types.h"

namespace ferry::analyze {

namespace {

using types::ConstantValue;
using types::TypeKind;

ConstantValue makeInt(int64_t v) {
  ConstantValue c;
  if (v >= 0) {
    c.kind = ConstantValue::Kind::UInt;
    c.uint_value = static_cast<uint64_t>(v);
  } else {
    c.kind = ConstantValue::Kind::Int;
    c.int_value = v;
  }
  c.text = constantText(c);
  return c;
}

ConstantValue makeFloat(double v) {
  ConstantValue c;
  c.kind = ConstantValue::Kind::Float;
  c.float_value = v;
  c.text = constantText(c);
  return c;
}

bool allConstant(const std::vector<ResolvedPtr>& args) {
  for (const auto& a : args) {
    if (!a || !a->constant) return false;
  }
  return true;
}

double asDouble(const ConstantValue& v) {
  switch (v.kind) {
    case ConstantValue::Kind::Int: return static_cast<double>(v.int_value);
    case ConstantValue::Kind::UInt: return static_cast<double>(v.uint_value);
    case ConstantValue::Kind::Float: return v.float_value;
    case ConstantValue::Kind::Bool: return v.bool_value ? 1 : 0;
    default: return 0;
  }
}

bool parsesAsInteger(std::string_view s, bool allow_sign) {
  if (s.empty()) return false;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') {
    if (!allow_sign && s[0] == '-') return false;
    i = 1;
  }
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool parsesAsFloat(std::string_view s) {
  if (s.empty()) return false;
  std::string copy(s);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && !std::isspace(static_cast<unsigned char>(copy[0]));
}

/// Decimal text: `[+-]digits[.digits][e[+-]digits]`, no spaces, no inf/nan, no hex.
bool parsesAsDecimal(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exponent = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == s.size();
}

bool isIPv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = i;
    int value = 0;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      value = value * 10 + (s[j] - '0');
      if (value > 255) return false;
      ++j;
    }
    if (j == i || j - i > 3) return false;
    ++parts;
    if (j == s.size()) break;
    if (s[j] != '.') return false;
    i = j + 1;
  }
  return parts == 4;
}

bool isIPv6(std::string_view s) {
  if (isIPv4(s)) return true;
  if (s.find(':') == std::string_view::npos) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
  }
  return true;
}

bool isUuid(std::string_view s) {
  if (s.size() == 32) {
    for (char c : s) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  }
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool acceptsNull(const types::DataType& t) {
  switch (t.kind) {
    case TypeKind::Nullable:
    case TypeKind::Nothing:
    case TypeKind::Variant:
    case TypeKind::Dynamic:
    case TypeKind::JSON:
      return true;
    case TypeKind::LowCardinality: return t.child()->kind == TypeKind::Nullable;
    default: return false;
  }
}

}  // namespace

std::optional<ConstantValue> foldConstantCall(std::string_view name, const std::vector<ResolvedPtr>& args,
                                              const types::DataType& result) {
  if (!allConstant(args)) return std::nullopt;
  if (name == "tuple" || name == "array") {
    ConstantValue c;
    c.kind = name == "tuple" ? ConstantValue::Kind::Tuple : ConstantValue::Kind::Array;
    for (const auto& a : args) c.items.push_back(*a->constant);
    c.text = constantText(c);
    return c;
  }
  // Functions that keep the value: the result is as constant as the argument.
  if ((name == "toNullable" || name == "toLowCardinality" || name == "identity" || name == "assumeNotNull" ||
       name == "_CAST" || name == "toColumnTypeName") &&
      args.size() == 1) {
    if (name == "assumeNotNull" && args[0]->constant->kind == ConstantValue::Kind::Null) return std::nullopt;
    return *args[0]->constant;
  }
  if (args.size() == 1 &&
      (types::isInteger(result.kind) || types::isFloat(result.kind) || result.kind == TypeKind::Interval) &&
      (name.rfind("toInt", 0) == 0 || name.rfind("toUInt", 0) == 0 || name.rfind("toFloat", 0) == 0 ||
       name.rfind("toInterval", 0) == 0) &&
      name.find("OrNull") == std::string_view::npos) {
    ConstantValue v = *args[0]->constant;
    if (v.kind == ConstantValue::Kind::String) {
      // `toInt64('30')`: the string's number.
      const std::string& s = v.string_value;
      if (parsesAsInteger(s, true)) {
        v = s[0] == '-' ? makeInt(std::strtoll(s.c_str(), nullptr, 10))
                        : makeInt(static_cast<int64_t>(std::strtoull(s.c_str() + (s[0] == '+'), nullptr, 10)));
      } else if (parsesAsFloat(s)) {
        v = makeFloat(std::strtod(s.c_str(), nullptr));
      } else {
        return std::nullopt;
      }
    }
    if (!v.isNumeric()) return std::nullopt;
    if (result.kind == TypeKind::Interval) return v;  // an interval constant carries its amount
    if (types::isFloat(result.kind)) return makeFloat(asDouble(v));
    int64_t i = 0;
    if (v.isInteger() && v.asInt64(i)) return makeInt(i);
    if (v.kind == ConstantValue::Kind::UInt) return v;
    return std::nullopt;
  }
  if (name == "concat") {
    ConstantValue c;
    c.kind = ConstantValue::Kind::String;
    for (const auto& a : args) {
      if (a->constant->kind != ConstantValue::Kind::String) return std::nullopt;
      c.string_value += a->constant->string_value;
    }
    c.text = constantText(c);
    return c;
  }
  if (name == "negate" && args.size() == 1) {
    const ConstantValue& v = *args[0]->constant;
    switch (v.kind) {
      case ConstantValue::Kind::UInt:
        if (v.uint_value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
          return makeInt(-static_cast<int64_t>(v.uint_value));
        return std::nullopt;
      case ConstantValue::Kind::Int:
        if (v.int_value == std::numeric_limits<int64_t>::min()) return std::nullopt;
        return makeInt(-v.int_value);
      case ConstantValue::Kind::Float: return makeFloat(-v.float_value);
      default: return std::nullopt;
    }
  }
  if ((name == "plus" || name == "minus" || name == "multiply") && args.size() == 2) {
    const ConstantValue& a = *args[0]->constant;
    const ConstantValue& b = *args[1]->constant;
    if (a.isInteger() && b.isInteger() && types::isInteger(result.kind)) {
      int64_t x = 0, y = 0, r = 0;
      if (!a.asInt64(x) || !b.asInt64(y)) return std::nullopt;
      bool overflow = name == "plus"    ? __builtin_add_overflow(x, y, &r)
                      : name == "minus" ? __builtin_sub_overflow(x, y, &r)
                                        : __builtin_mul_overflow(x, y, &r);
      if (overflow) return std::nullopt;
      return makeInt(r);
    }
    if (a.isNumeric() && b.isNumeric() && types::isFloat(result.kind)) {
      double x = asDouble(a), y = asDouble(b);
      return makeFloat(name == "plus" ? x + y : name == "minus" ? x - y : x * y);
    }
  }
  return std::nullopt;
}

std::optional<ConstantValue> foldCast(const ResolvedPtr& value, const types::DataType& type) {
  if (!value || !value->constant) return std::nullopt;
  const ConstantValue& v = *value->constant;
  if (v.kind == ConstantValue::Kind::String &&
      (type.kind == TypeKind::String ||
       (type.kind == TypeKind::LowCardinality && type.child()->kind == TypeKind::String))) {
    return v;
  }
  if (types::isInteger(type.kind) && types::integerBits(type.kind) <= 64) {
    if (v.isInteger()) return v;
    if (v.kind == ConstantValue::Kind::String && parsesAsInteger(v.string_value, true)) {
      return makeInt(std::strtoll(v.string_value.c_str(), nullptr, 10));
    }
  }
  if (types::isFloat(type.kind) && v.isNumeric()) return makeFloat(asDouble(v));
  return std::nullopt;
}

std::optional<std::string> constantCastProblem(const ResolvedPtr& value, const types::DataType& type) {
  if (!value || !value->constant) return std::nullopt;
  const ConstantValue& v = *value->constant;
  std::string target = types::toString(type);
  if (v.kind == ConstantValue::Kind::Null) {
    if (!acceptsNull(type)) return "cannot convert NULL to the non-Nullable type " + target;
    return std::nullopt;
  }
  if (v.kind != ConstantValue::Kind::String) return std::nullopt;
  const std::string& s = v.string_value;
  bool bad = false;
  if (types::isInteger(type.kind)) {
    bad = !parsesAsInteger(s, types::isSignedInteger(type.kind));
  } else if (type.kind == TypeKind::Float32 || type.kind == TypeKind::Float64) {
    bad = !parsesAsFloat(s) && s != "inf" && s != "-inf" && s != "nan";
  } else if (type.kind == TypeKind::Decimal) {
    bad = !parsesAsDecimal(s);
  } else if (type.kind == TypeKind::IPv4) {
    bad = !isIPv4(s);
  } else if (type.kind == TypeKind::IPv6) {
    bad = !isIPv6(s);
  } else if (type.kind == TypeKind::UUID) {
    bad = !isUuid(s);
  } else if (type.kind == TypeKind::Date || type.kind == TypeKind::Date32 || type.kind == TypeKind::DateTime ||
             type.kind == TypeKind::DateTime64) {
    // The date parser is lenient (invalid dates become the epoch), but text without a single
    // digit is no date at all.
    bad = std::none_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  if (bad) return "cannot parse " + quoteStringForName(s) + " as " + target;
  return std::nullopt;
}

namespace {

/// Seconds since 1970-01-01 of `YYYY-MM-DD[ hh:mm:ss[.frac]]` read as UTC; nullopt when the
/// text has another shape.
std::optional<int64_t> dateTimeSeconds(std::string_view s) {
  auto digits = [&](size_t at, size_t n) -> std::optional<int64_t> {
    if (at + n > s.size()) return std::nullopt;
    int64_t v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d || s[4] != '-' || s[7] != '-' || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  int64_t hh = 0, mm = 0, ss = 0;
  if (s.size() > 10) {
    auto h = digits(11, 2), mi = digits(14, 2), se = digits(17, 2);
    if (!h || !mi || !se || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return std::nullopt;
    hh = *h, mm = *mi, ss = *se;
  }
  // Days from the civil date (proleptic Gregorian), then seconds.
  int64_t year = *y - (*m <= 2 ? 1 : 0);
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t yoe = year - era * 400;
  int64_t mp = (*m + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + *d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

}  // namespace

std::optional<std::string> dateTime64ConversionProblem(const ResolvedPtr& value, const types::DataType& target) {
  if (!value || !value->type || value->type->kind != TypeKind::DateTime64) return std::nullopt;
  if (!types::isInteger(target.kind) || types::integerBits(target.kind) >= 64) return std::nullopt;
  // The constant DateTime64 written as CAST('...' AS DateTime64(p)) or toDateTime64('...', p).
  if (value->kind != ResolvedKind::Function || value->args.empty() || !value->args[0] ||
      (value->function != "CAST" && value->function != "toDateTime64")) {
    return std::nullopt;
  }
  const auto& text = value->args[0]->constant;
  if (!text || text->kind != ConstantValue::Kind::String) return std::nullopt;
  auto seconds = dateTimeSeconds(text->string_value);
  if (!seconds) return std::nullopt;
  uint32_t bits = types::integerBits(target.kind);
  bool is_signed = types::isSignedInteger(target.kind);
  int64_t high = is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
  int64_t low = is_signed ? -(int64_t{1} << (bits - 1)) : 0;
  if (*seconds >= low && *seconds <= high) return std::nullopt;
  return "converting " + quoteStringForName(text->string_value) + " of type " + types::toString(value->type) +
         " to " + types::toString(target) + " overflows";
}

}  // namespace ferry::analyze
