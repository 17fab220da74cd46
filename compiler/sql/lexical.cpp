#include "compiler/sql/lexical.h"

#include <algorithm>
#include <iterator>
#include <cctype>
#include <string>

namespace ferry::sql {

namespace {

/// Length of the well-formed UTF-8 sequence starting at value[i], or 0 when the bytes there
/// are not one (a stray continuation byte, a truncated or overlong sequence).
size_t utf8SequenceLength(std::string_view value, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(value[k]); };
  unsigned char lead = at(i);
  size_t n = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > value.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  if (lead == 0xE0 && at(i + 1) < 0xA0) return 0;   // overlong
  if (lead == 0xED && at(i + 1) > 0x9F) return 0;   // surrogates
  if (lead == 0xF0 && at(i + 1) < 0x90) return 0;   // overlong
  if (lead == 0xF4 && at(i + 1) > 0x8F) return 0;   // above U+10FFFF
  return n;
}

void appendEscaped(std::string& out, std::string_view value, char quote) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      // Valid UTF-8 passes through; any other byte is written as \xHH so that printed SQL is
      // always valid UTF-8 text.
      size_t n = utf8SequenceLength(value, i);
      if (n == 0) {
        out += "\\x";
        out += kHex[u >> 4];
        out += kHex[u & 15];
      } else {
        out.append(value.substr(i, n));
        i += n - 1;
      }
      continue;
    }
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c == quote) {
          out += '\\';
          out += c;
        } else if (u < 0x20 || u == 0x7f) {
          out += "\\x";
          out += kHex[u >> 4];
          out += kHex[u & 15];
        } else {
          out += c;
        }
    }
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Shared decoder of quoted tokens: `token` starts and ends with `quote`.
std::optional<std::string> unquote(std::string_view token, char quote) {
  if (token.size() < 2 || token.front() != quote || token.back() != quote) return std::nullopt;
  std::string_view body = token.substr(1, token.size() - 2);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == quote) {
      // Only a doubled delimiter may appear inside.
      if (i + 1 < body.size() && body[i + 1] == quote) {
        out += quote;
        ++i;
        continue;
      }
      return std::nullopt;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= body.size()) return std::nullopt;
    char e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'a': out += '\a'; break;
      case 'v': out += '\v'; break;
      case 'e': out += '\x1b'; break;
      case 'N': break;  // ClickHouse reads `\N` as nothing
      case 'x': {
        int hi = i + 1 < body.size() ? hexValue(body[i + 1]) : -1;
        int lo = i + 2 < body.size() ? hexValue(body[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
          out += "\\x";  // not a byte escape: kept as written, like any unknown escape
        } else {
          out += static_cast<char>(hi * 16 + lo);
          i += 2;
        }
        break;
      }
      case '\\':
      case '\'':
      case '"':
      case '`':
      case '/':
      case '=': out += e; break;
      default:
        // Like ClickHouse, an unknown escape keeps its backslash, so that LIKE patterns and
        // regular expressions (`'100\%'`, `'\d+\.'`) mean what they say.
        out += '\\';
        out += e;
    }
  }
  return out;
}

/// Words that would be read as syntax where an identifier is printed (select list, aliases,
/// FROM, clause expressions). Sorted, upper case.
constexpr std::string_view kReserved[] = {
    "ALL",       "AND",       "ANTI",     "ANY",       "APPLY",     "ARRAY",    "AS",
    "ASC",       "ASCENDING", "ASOF",     "BETWEEN",   "BOTH",      "BY",       "CASE",
    "CAST",      "COLLATE",   "COLUMNS",  "CROSS",     "CUBE",     "DESC",      "DESCENDING", "DISTINCT",
    "DIV",       "ELSE",      "END",      "EXCEPT",    "EXISTS",    "EXTRACT",   "FALSE",    "FETCH",
    "FILL",      "FILTER",    "FINAL",    "FOR",       "FORMAT",    "FROM",     "FULL",
    "GLOBAL",    "GROUP",     "HAVING",   "ILIKE",     "IN",        "INF",      "INNER",
    "INTERPOLATE", "INTERSECT", "INTERVAL", "INTO",   "IS",        "JOIN",     "LEADING",
    "LEFT",      "LIKE",      "LIMIT",    "MOD",       "NAN",       "NOT",      "NULL",
    "NULLS",     "OFFSET",    "ON",       "OR",        "ORDER",     "OUTER",    "OVER",
    "PASTE",     "PREWHERE",  "QUALIFY",  "REGEXP",    "RIGHT",     "ROLLUP",    "SAMPLE",   "SELECT",
    "SEMI",      "SETTINGS",  "STALENESS", "STEP",     "SUBSTRING",     "THEN",      "TO",       "TOP",
    "TRAILING",  "TRIM",      "TRUE",      "UNION",    "USING",     "WHEN",      "WHERE",    "WINDOW",
    "WITH",
};

}  // namespace

std::string quoteString(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  appendEscaped(out, value, '\'');
  out += '\'';
  return out;
}

namespace {

/// ClickHouse also reads ‘string’ and “name” (U+2018/2019, U+201C/201D) as quotes; their body
/// is taken verbatim, without escapes. The body of `token` when it is so quoted.
std::optional<std::string_view> typographicBody(std::string_view token, std::string_view open,
                                                std::string_view close) {
  if (token.size() < open.size() + close.size() || !token.starts_with(open) || !token.ends_with(close))
    return std::nullopt;
  return token.substr(open.size(), token.size() - open.size() - close.size());
}

}  // namespace

std::optional<std::string> unquoteString(std::string_view token) {
  if (auto body = typographicBody(token, "\xE2\x80\x98", "\xE2\x80\x99")) return std::string(*body);
  return unquote(token, '\'');
}

std::optional<std::string> unquoteIdentifier(std::string_view token) {
  if (!token.empty() && (token.front() == '`' || token.front() == '"'))
    return unquote(token, token.front());
  if (auto body = typographicBody(token, "\xE2\x80\x9C", "\xE2\x80\x9D")) return std::string(*body);
  return std::string(token);
}

bool isReservedKeyword(std::string_view word) {
  if (word.size() > 12) return false;
  std::string upper;
  for (char c : word) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return std::find(std::begin(kReserved), std::end(kReserved), upper) != std::end(kReserved);
}

bool identifierNeedsQuotes(std::string_view name) {
  if (name.empty()) return true;
  auto head = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(head) || head == '_')) return true;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || u == '_')) return true;
  }
  return isReservedKeyword(name);
}

std::string formatIdentifier(std::string_view name) {
  if (!identifierNeedsQuotes(name)) return std::string(name);
  std::string out;
  out.reserve(name.size() + 2);
  out += '`';
  appendEscaped(out, name, '`');
  out += '`';
  return out;
}

}  // namespace ferry::sql
