/// Request parameters against the types their templates declare (`Int32(limit)`,
/// `Date(start)`, `Array(ids, 'UInt64')` ...): a value that does not fit is refused before the
/// template renders, naming the parameter and the expected type, as Tinybird's API does.
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "compiler/lower/project_context.h"

namespace ferry::lower {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool fitsInteger(std::string_view v, bool is_signed, int bits) {
  v = trim(v);
  if (v.empty()) return false;
  bool negative = v.front() == '-';
  if (negative || v.front() == '+') v.remove_prefix(1);
  if (v.empty()) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  if (negative && !is_signed) return v.find_first_not_of('0') == std::string_view::npos;
  if (bits > 64) return true;
  unsigned __int128 value = 0;
  for (char c : v) {
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > (static_cast<unsigned __int128>(1) << 64)) return false;
  }
  unsigned __int128 limit = is_signed ? (static_cast<unsigned __int128>(1) << (bits - 1)) - (negative ? 0 : 1)
                                      : (static_cast<unsigned __int128>(1) << bits) - 1;
  return value <= limit;
}

bool digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool isDate(std::string_view v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  if (!digits(v.substr(0, 4), 4) || !digits(v.substr(5, 2), 2) || !digits(v.substr(8, 2), 2)) return false;
  int month = (v[5] - '0') * 10 + (v[6] - '0');
  int day = (v[8] - '0') * 10 + (v[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool isDateTime(std::string_view v, bool fraction) {
  v = trim(v);
  if (v.size() == 10) return isDate(v);
  if (v.size() < 19 || !isDate(v.substr(0, 10)) || (v[10] != ' ' && v[10] != 'T')) return false;
  std::string_view time = v.substr(11, 8);
  if (time[2] != ':' || time[5] != ':' || !digits(time.substr(0, 2), 2) || !digits(time.substr(3, 2), 2) ||
      !digits(time.substr(6, 2), 2))
    return false;
  std::string_view rest = v.substr(19);
  if (rest.empty()) return true;
  if (fraction && rest[0] == '.') {
    rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    rest.remove_prefix(n);
  }
  return rest.empty() || rest == "Z";
}

bool isFloat(std::string_view v) {
  std::string s(trim(v));
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

}  // namespace

bool parameterValueFits(std::string_view value, std::string_view type) {
  if (type.size() > 7 && type.substr(0, 6) == "Array(" && type.back() == ')') {
    std::string_view element = type.substr(6, type.size() - 7);
    if (auto comma = element.find(','); comma != std::string_view::npos) element = element.substr(0, comma);
    element = trim(element);
    if (!element.empty() && (element.front() == '\'' || element.front() == '"')) element = element.substr(1, element.size() - 2);
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(',', start);
      if (end == std::string_view::npos) end = value.size();
      if (!parameterValueFits(value.substr(start, end - start), element)) return false;
      start = end + 1;
    }
    return true;
  }
  struct IntType {
    std::string_view name;
    bool is_signed;
    int bits;
  };
  static constexpr IntType kInts[] = {{"Int", true, 32},     {"Integer", true, 32}, {"Int8", true, 8},
                                      {"Int16", true, 16},   {"Int32", true, 32},   {"Int64", true, 64},
                                      {"Int128", true, 128}, {"Int256", true, 256}, {"UInt8", false, 8},
                                      {"UInt16", false, 16}, {"UInt32", false, 32}, {"UInt64", false, 64},
                                      {"UInt128", false, 128}, {"UInt256", false, 256}};
  for (const auto& t : kInts)
    if (type == t.name) return fitsInteger(value, t.is_signed, t.bits);
  if (type == "Float32" || type == "Float64" || type == "Float") return isFloat(value);
  if (type == "Date" || type == "Date32") return isDate(trim(value));
  if (type == "DateTime") return isDateTime(value, false);
  if (type == "DateTime64") return isDateTime(value, true);
  if (type == "Boolean" || type == "Bool") {
    std::string lower;
    for (char c : trim(value)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "true" || lower == "false" || lower == "1" || lower == "0";
  }
  return true;  // String, Column, Identifier, JSON ... accept any text
}

bool checkParameters(const project::Resource& pipe, const Params& params, DiagnosticSink& sink) {
  bool ok = true;
  std::set<std::string> reported;
  for (const auto& n : pipe.nodes) {
    for (const auto& p : n.sql.parameters) {
      if (!p.typed || reported.count(p.name)) continue;
      auto it = params.find(p.name);
      if (it == params.end()) continue;
      if (parameterValueFits(it->second, p.type)) continue;
      reported.insert(p.name);
      ok = false;
      sink.report(DiagId::LOWER_BAD_PARAMETER, p.span,
                  "parameter `" + p.name + "` must be " + p.type + ", not `" + it->second + "`");
    }
  }
  return ok;
}

}  // namespace ferry::lower
