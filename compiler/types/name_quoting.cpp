// How ClickHouse quotes names (backticks) and strings (single quotes) inside type names.
#include <array>
#include <cctype>
#include <string>

#include "compiler/types/data_type.h"

namespace ferry::types {

namespace {

/// Written through ClickHouse's escaping writer: these escapes, every other byte raw.
void appendEscaped(std::string& out, std::string_view text, char quote) {
  for (char c : text) {
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c == quote) out += '\\';
        out += c;
    }
  }
}

bool isPlainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_') || first >= 0x80) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || !(std::isalnum(u) || u == '_')) return false;
  }
  return true;
}

/// Words toTypeName backquotes even though they are plain identifiers (probed in 26.7; any case).
bool isAlwaysQuotedWord(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kWords = {"all",  "distinct", "from", "null",
                                                             "select", "table",  "values"};
  if (name.size() > 8) return false;
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto w : kWords) {
    if (lower == w) return true;
  }
  return false;
}

}  // namespace

std::string quoteNameIfNeeded(std::string_view name) {
  if (isPlainIdentifier(name) && !isAlwaysQuotedWord(name)) return std::string(name);
  std::string out = "`";
  appendEscaped(out, name, '`');
  out += '`';
  return out;
}

std::string quoteString(std::string_view text) {
  std::string out = "'";
  appendEscaped(out, text, '\'');
  out += '\'';
  return out;
}

}  // namespace ferry::types
