#include "compiler/plan/forward_query_block.h"

#include <cctype>

namespace ferry::plan {

namespace {

bool startsWithDirective(std::string_view line, std::string_view name) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (line.size() - i < name.size()) return false;
  for (size_t k = 0; k < name.size(); ++k) {
    if (std::toupper(static_cast<unsigned char>(line[i + k])) != name[k]) return false;
  }
  size_t after = i + name.size();
  return after == line.size() || line[after] == ' ' || line[after] == '\t' || line[after] == '>';
}

bool blankOrComment(std::string_view line) {
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') continue;
    return c == '#';
  }
  return true;
}

}  // namespace

std::string renderForwardQueryBlock(std::string_view sql, std::string_view eol) {
  std::string out = "FORWARD_QUERY >";
  size_t start = 0;
  while (start <= sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(start, end - start);
    out += eol;
    if (!line.empty()) out += "    " + std::string(line);
    start = end + 1;
  }
  return out;
}

std::optional<std::pair<uint32_t, uint32_t>> forwardQueryBlockRange(std::string_view text, const Span& sql_span) {
  if (sql_span.begin > text.size() || sql_span.end > text.size() || sql_span.begin > sql_span.end) return std::nullopt;
  uint32_t end = sql_span.end;
  while (end > sql_span.begin && (text[end - 1] == '\r' || text[end - 1] == '\n')) --end;
  // Walk up from the first SQL line over blank and comment lines to the directive.
  size_t line_end = sql_span.begin;
  while (line_end > 0) {
    size_t prev_end = line_end - 1;  // the '\n' ending the previous line
    size_t prev_begin = 0;
    if (prev_end > 0) {
      size_t newline = text.rfind('\n', prev_end - 1);
      prev_begin = newline == std::string_view::npos ? 0 : newline + 1;
    }
    std::string_view line = text.substr(prev_begin, prev_end - prev_begin);
    if (startsWithDirective(line, "FORWARD_QUERY")) return std::make_pair(static_cast<uint32_t>(prev_begin), end);
    if (!blankOrComment(line)) return std::nullopt;
    line_end = prev_begin;
  }
  return std::nullopt;
}

std::string withForwardQueryBlock(std::string_view text, std::optional<std::pair<uint32_t, uint32_t>> existing,
                                  std::string_view sql) {
  std::string_view eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  std::string block = renderForwardQueryBlock(sql, eol);
  if (existing) {
    return std::string(text.substr(0, existing->first)) + block + std::string(text.substr(existing->second));
  }
  std::string out(text);
  bool ends_with_newline = !text.empty() && text.back() == '\n';
  if (!text.empty()) {
    if (!ends_with_newline) out += eol;
    // A blank line before the block, unless the file already ends with one.
    std::string_view body = text.substr(0, text.size() - (ends_with_newline ? 1 : 0));
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    bool ends_blank = ends_with_newline && (body.empty() || body.back() == '\n');
    if (!ends_blank) out += eol;
  }
  out += block;
  if (ends_with_newline || text.empty()) out += eol;
  return out;
}

}  // namespace ferry::plan
