#include "compiler/driver/sql_formatting.h"

#include "compiler/sql/ast.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::driver {

bool sqlHasComments(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"' || c == '`') {
      for (++i; i < s.size() && s[i] != c; ++i)
        if (s[i] == '\\') ++i;
    } else if (c == '#') {
      return true;
    } else if ((c == '-' || c == '/') && i + 1 < s.size() && s[i + 1] == (c == '-' ? '-' : '*')) {
      return true;
    } else if (c == '$') {
      // Heredoc `$tag$ ... $tag$`: skip its body, which may hold anything.
      size_t tag_end = s.find('$', i + 1);
      if (tag_end == std::string_view::npos) continue;
      std::string_view tag = s.substr(i, tag_end - i + 1);
      bool is_tag = true;
      for (char t : tag.substr(1, tag.size() - 2)) is_tag &= (std::isalnum(static_cast<unsigned char>(t)) || t == '_');
      if (!is_tag) continue;
      size_t close = s.find(tag, tag_end + 1);
      if (close == std::string_view::npos) return false;
      i = close + tag.size() - 1;
    }
  }
  return false;
}

namespace {
const SourceMap kNoMap(kNoFile, 0);
sql::PrintOptions pretty() {
  sql::PrintOptions o;
  o.pretty = true;
  return o;
}
}  // namespace

/// Parses `text`, prints the tree, and accepts the printed text only when it holds no comment
/// to lose and parses back to an equal tree.
template <class Parse, class Print>
std::optional<std::string> reprint(std::string_view text, Parse parse, Print print) {
  if (sqlHasComments(text)) return std::nullopt;
  DiagnosticSink sink;
  auto tree = parse(text, kNoMap, sink);
  if (!tree || sink.hasErrors()) return std::nullopt;
  std::string printed = print(*tree);
  auto again = parse(printed, kNoMap, sink);
  if (!again || !sql::equalIgnoringSpans(tree.get(), again.get())) return std::nullopt;
  return printed;
}

std::optional<std::string> formatSelect(std::string_view text) {
  return reprint(
      text, [](auto t, auto& m, auto& s) { return sql::parseQuery(t, m, s); },
      [](const sql::SelectStatement& st) { return sql::printStatement(st, pretty()); });
}

std::optional<std::string> formatType(std::string_view text) {
  return reprint(
      text, [](auto t, auto& m, auto& s) { return sql::parseType(t, m, s); },
      [](const sql::TypeExpr& t) { return sql::printType(t); });
}

std::optional<std::string> formatExpression(std::string_view text) {
  return reprint(
      text, [](auto t, auto& m, auto& s) { return sql::parseExpression(t, m, s); },
      [](const sql::Expr& e) { return sql::printExpr(e); });
}

std::optional<std::string> formatScript(std::string_view script) {
  std::string out;
  /// Text between statements is kept when it holds more than `;` and white space (comments).
  auto keepGap = [&](std::string_view gap) {
    // A gap holds only white space, comments and the `;` that ended the statement before it:
    // keep the comments, drop the `;`s outside them (the statements get their own).
    std::string kept;
    for (size_t i = 0; i < gap.size(); ++i) {
      size_t end = i;
      if (gap.compare(i, 2, "--") == 0 || gap[i] == '#') end = std::min(gap.find('\n', i), gap.size());
      else if (gap.compare(i, 2, "/*") == 0) end = std::min(gap.find("*/", i + 2) + 2, gap.size());
      if (end > i) {
        kept.append(gap.substr(i, end - i));
        i = end - 1;
      } else if (gap[i] != ';') {
        kept += gap[i];
      }
    }
    size_t b = kept.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return;
    size_t e = kept.find_last_not_of(" \t\r\n");
    if (!out.empty()) out += "\n";
    out += kept.substr(b, e - b + 1);
    out += "\n";
  };
  uint32_t prev_end = 0;
  for (auto [begin, end] : sql::splitStatements(script)) {
    keepGap(script.substr(prev_end, begin - prev_end));
    prev_end = end;
    std::string_view stmt = script.substr(begin, end - begin);
    while (!stmt.empty() && (stmt.back() == ';' || std::isspace(static_cast<unsigned char>(stmt.back()))))
      stmt.remove_suffix(1);
    if (!out.empty()) out += "\n";
    if (auto printed = formatSelect(stmt)) {
      out += *printed;
    } else {
      DiagnosticSink sink;
      if (!sql::checkQuerySyntax(stmt, kNoMap, sink)) return std::nullopt;
      out += stmt;  // kept as written: it holds comments
    }
    out += ";\n";
  }
  keepGap(script.substr(std::min<size_t>(prev_end, script.size())));
  return out;
}

}  // namespace ferry::driver
