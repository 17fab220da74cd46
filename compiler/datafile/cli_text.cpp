#include "compiler/datafile/cli_text.h"

#include <algorithm>

namespace ferry::datafile {

static bool isQuote(char c) { return c == '"' || c == '\''; }
static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static bool isIdStart(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool isIdChar(char c) { return isIdStart(c) || (c >= '0' && c <= '9'); }

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && isQuote(s.front()) && isQuote(s.back())) return s.substr(1, s.size() - 2);
  // A single quote character is both the first and the last character: Python gives "".
  if (s.size() == 1 && isQuote(s.front())) return {};
  return s;
}

std::vector<TemplatePiece> expandTemplatePieces(std::string_view s, const VariableLookup& lookup) {
  std::vector<TemplatePiece> out;
  size_t literal_begin = 0;
  auto flushLiteral = [&](size_t end) {
    if (end > literal_begin)
      out.push_back({std::string(s.substr(literal_begin, end - literal_begin)), static_cast<uint32_t>(literal_begin),
                     static_cast<uint32_t>(end), false});
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '$') {
      ++i;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '$') {
      flushLiteral(i);
      out.push_back({"$", static_cast<uint32_t>(i), static_cast<uint32_t>(i + 2), true});
      i += 2;
      literal_begin = i;
      continue;
    }
    size_t name_begin = i + 1, name_end = name_begin;
    bool braced = false;
    if (name_begin < s.size() && s[name_begin] == '{') {
      braced = true;
      ++name_begin;
      name_end = name_begin;
    }
    if (name_end < s.size() && isIdStart(s[name_end])) {
      ++name_end;
      while (name_end < s.size() && isIdChar(s[name_end])) ++name_end;
    }
    bool valid = name_end > name_begin && (!braced || (name_end < s.size() && s[name_end] == '}'));
    if (!valid) {
      ++i;
      continue;
    }
    size_t end = braced ? name_end + 1 : name_end;
    std::optional<std::string> value;
    if (lookup) value = lookup(s.substr(name_begin, name_end - name_begin));
    if (!value) {
      i = end;
      continue;
    }
    flushLiteral(i);
    out.push_back({*value, static_cast<uint32_t>(i), static_cast<uint32_t>(end), true});
    i = end;
    literal_begin = i;
  }
  flushLiteral(s.size());
  return out;
}

std::string expandTemplate(std::string_view s, const VariableLookup& lookup) {
  if (s.find('$') == std::string_view::npos) return std::string(s);
  std::string out;
  for (auto& p : expandTemplatePieces(s, lookup)) out += p.text;
  return out;
}

std::string_view lstrip(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  return s;
}
std::string_view rstrip(std::string_view s) {
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}
std::string_view strip(std::string_view s) { return rstrip(lstrip(s)); }

std::string_view dedentMargin(const std::vector<std::string_view>& lines) {
  std::optional<std::string_view> margin;
  for (auto line : lines) {
    size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
    if (n == line.size()) continue;  // blank lines do not count
    auto indent = line.substr(0, n);
    if (!margin) {
      margin = indent;
      continue;
    }
    size_t common = 0;
    while (common < margin->size() && common < indent.size() && (*margin)[common] == indent[common]) ++common;
    margin = margin->substr(0, common);
  }
  return margin.value_or(std::string_view{});
}

static std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string dedent(std::string_view text) {
  auto lines = splitLines(text);
  auto margin = dedentMargin(lines);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto line = lines[i];
    if (strip(line).empty())
      line = {};
    else
      line.remove_prefix(margin.size());
    out += line;
    if (i + 1 < lines.size()) out += '\n';
  }
  return out;
}

std::string toUpper(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}
std::string toLower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && toUpper(a) == toUpper(b);
}

std::optional<std::string> singleLineValue(std::string_view args) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < args.size()) {
    char c = args[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '#' || c == '\n' || c == '\r') break;
    size_t begin = i;
    if (isQuote(c)) {
      size_t close = args.find(c, i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + 1;
    } else {
      while (i < args.size() && args[i] != ' ' && args[i] != '\t' && args[i] != '#' && args[i] != '\n' &&
             args[i] != '\r')
        ++i;
    }
    words.push_back(args.substr(begin, i - begin));
  }
  std::string joined;
  for (size_t w = 0; w < words.size(); ++w) {
    if (w) joined += ' ';
    joined += words[w];
  }
  return std::string(unquote(strip(joined)));
}

std::optional<std::pair<std::string, std::string>> splitKeyValue(std::string_view s) {
  auto eq = s.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  return std::make_pair(std::string(s.substr(0, eq)), std::string(s.substr(eq + 1)));
}

}  // namespace ferry::datafile
