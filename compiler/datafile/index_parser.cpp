#include "compiler/datafile/index_parser.h"

#include <string>

#include "compiler/datafile/cli_text.h"

namespace ferry::datafile {

namespace {

bool isWord(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool isWs(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
/// The CLI's expression class: word characters, whitespace, `[]`, and the ASCII range `"`..`>`.
bool isExprChar(char c) { return isWord(c) || isWs(c) || c == '[' || c == ']' || (c >= '"' && c <= '>'); }

size_t countOf(std::string_view s, std::string_view what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string_view::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

}  // namespace

std::vector<Index> parseIndexes(const std::vector<BlockLine>& lines, const SpanOf& span_of, DiagnosticSink& sink) {
  std::vector<Index> out;
  for (auto& line : lines) {
    std::string_view text = line.text;
    if (strip(text).empty()) continue;
    size_t lead = text.size() - lstrip(text).size();
    std::string_view body = strip(text);
    while (!body.empty() && body.back() == ',') body.remove_suffix(1);
    size_t base = lead;  // offset of `body` in the line
    if (body.substr(0, 5) == "INDEX" && body.size() > 5 && isWs(body[5])) {
      size_t skip = 5;
      while (skip < body.size() && isWs(body[skip])) ++skip;
      body.remove_prefix(skip);
      base += skip;
    }
    auto at = [&](size_t b, size_t e) {
      return span_of(line.offset + static_cast<uint32_t>(base + b), line.offset + static_cast<uint32_t>(base + e));
    };
    auto bad = [&] {
      sink.report(DiagId::DF_INDEX_SYNTAX, span_of(line.offset + static_cast<uint32_t>(lead), line.offset + static_cast<uint32_t>(text.size())),
                  "Invalid INDEX syntax", "Usage: `[INDEX] name expr TYPE type_full GRANULARITY granularity`");
    };
    if (countOf(body, "TYPE") != 1) {
      bad();
      continue;
    }
    size_t p = 0;
    while (p < body.size() && isWord(body[p])) ++p;
    size_t name_end = p;
    size_t expr_begin = p;
    while (expr_begin < body.size() && isWs(body[expr_begin])) ++expr_begin;
    size_t type_kw = body.find("TYPE");
    if (name_end == 0 || expr_begin == name_end || type_kw <= expr_begin || !isWs(body[type_kw - 1]) ||
        type_kw + 4 >= body.size() || !isWs(body[type_kw + 4])) {
      bad();
      continue;
    }
    size_t expr_end = type_kw;
    while (expr_end > expr_begin && isWs(body[expr_end - 1])) --expr_end;
    bool expr_ok = expr_end > expr_begin;
    for (size_t k = expr_begin; k < expr_end; ++k) expr_ok = expr_ok && isExprChar(body[k]);
    size_t type_begin = type_kw + 4;
    while (type_begin < body.size() && isWs(body[type_begin])) ++type_begin;
    size_t type_end = type_begin;
    while (type_end < body.size() && isWord(body[type_end])) ++type_end;
    if (!expr_ok || type_end == type_begin) {
      bad();
      continue;
    }
    if (type_end < body.size() && body[type_end] == '(') {
      int depth = 0;
      size_t k = type_end;
      for (; k < body.size(); ++k) {
        if (body[k] == '(') ++depth;
        if (body[k] == ')' && --depth == 0) break;
      }
      if (k >= body.size()) {
        bad();
        continue;
      }
      type_end = k + 1;
    }
    Index index;
    index.name = {std::string(body.substr(0, name_end)), at(0, name_end)};
    index.expr = {std::string(body.substr(expr_begin, expr_end - expr_begin)), at(expr_begin, expr_end)};
    index.type = {std::string(body.substr(type_begin, type_end - type_begin)), at(type_begin, type_end)};
    size_t rest = type_end;
    while (rest < body.size() && isWs(body[rest])) ++rest;
    size_t end = type_end;
    if (body.substr(rest, 11) == "GRANULARITY") {
      size_t g = rest + 11;
      while (g < body.size() && isWs(body[g])) ++g;
      size_t g_end = g;
      while (g_end < body.size() && body[g_end] >= '0' && body[g_end] <= '9') ++g_end;
      if (g_end > g && g > rest + 11) {
        index.granularity = {std::string(body.substr(g, g_end - g)), at(g, g_end)};
        end = g_end;
      }
    }
    index.span = at(0, end);
    out.push_back(std::move(index));
  }
  return out;
}

}  // namespace ferry::datafile
