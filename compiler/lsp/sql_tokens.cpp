#include "compiler/lsp/sql_tokens.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "compiler/lsp/completion_items.h"

namespace ferry::lsp::complete {

std::vector<Token> tokenizeSql(std::string_view s, uint32_t base) {
  std::vector<Token> out;
  size_t i = 0;
  auto closeAt = [&](Token t, std::string_view terminator, size_t from) {
    size_t close = s.find(terminator, from);
    t.closed = close != std::string_view::npos;
    size_t end = t.closed ? close + terminator.size() : s.size();
    t.begin += base;
    t.end = static_cast<uint32_t>(end) + base;
    out.push_back(std::move(t));
    i = end;
  };
  while (i < s.size()) {
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    Token t;
    t.begin = static_cast<uint32_t>(i);
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '{' && (next == '{' || next == '%' || next == '#')) {
      t.kind = Token::Template;
      t.text = std::string(s.substr(i, 2));
      closeAt(std::move(t), next == '{' ? "}}" : next == '%' ? "%}" : "#}", i + 2);
    } else if (c == '-' && next == '-') {
      t.kind = Token::Comment;
      size_t eol = s.find('\n', i);
      t.begin += base;
      t.end = static_cast<uint32_t>(eol == std::string_view::npos ? s.size() : eol) + base;
      t.closed = false;  // the cursor at the end of its line is still inside it
      i = eol == std::string_view::npos ? s.size() : eol;
      out.push_back(std::move(t));
    } else if (c == '/' && next == '*') {
      t.kind = Token::Comment;
      closeAt(std::move(t), "*/", i + 2);
    } else if (c == '\'' || c == '"' || c == '`') {
      t.kind = c == '\'' ? Token::String : Token::Quoted;
      size_t j = i + 1;
      t.closed = false;
      while (j < s.size()) {
        if (s[j] == '\\') {
          j += 2;
          continue;
        }
        if (s[j] == c) {
          if (j + 1 < s.size() && s[j + 1] == c) {  // a doubled quote
            t.text.push_back(c);
            j += 2;
            continue;
          }
          t.closed = true;
          break;
        }
        t.text.push_back(s[j++]);
      }
      i = std::min(j + 1, s.size());
      t.begin += base;
      t.end = static_cast<uint32_t>(i) + base;
      out.push_back(std::move(t));
    } else if (isWordChar(c)) {
      size_t j = i;
      while (j < s.size() && isWordChar(s[j])) ++j;
      t.text = std::string(s.substr(i, j - i));
      t.begin += base;
      t.end = static_cast<uint32_t>(j) + base;
      i = j;
      out.push_back(std::move(t));
    } else {
      t.kind = Token::Punct;
      t.text = std::string(1, c);
      t.begin += base;
      t.end = static_cast<uint32_t>(i + 1) + base;
      ++i;
      out.push_back(std::move(t));
    }
  }
  return out;
}

bool isKeyword(const Token& t, std::string_view upper_word) {
  return t.kind == Token::Word && upper(t.text) == upper_word;
}

bool endsTableReference(std::string_view upper_word) {
  static const std::set<std::string_view> kWords = {
      "WHERE", "PREWHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "SEMI", "ANTI", "ANY",
      "ALL", "ASOF", "PASTE", "GLOBAL", "LOCAL", "ARRAY", "ON", "USING", "GROUP", "ORDER", "HAVING", "LIMIT",
      "OFFSET", "UNION", "EXCEPT", "INTERSECT", "SETTINGS", "FORMAT", "FINAL", "SAMPLE", "WINDOW", "QUALIFY",
      "INTO", "AS", "WITH", "SELECT"};
  return kWords.contains(upper_word);
}

std::vector<TableName> scanTableNames(const std::vector<Token>& tokens) {
  std::vector<TableName> out;
  auto name = [](const Token& t) { return t.kind == Token::Word || t.kind == Token::Quoted; };
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!isKeyword(tokens[i], "FROM") && !isKeyword(tokens[i], "JOIN")) continue;
    size_t j = i + 1;
    while (true) {
      if (j >= tokens.size() || !name(tokens[j]) ||
          (tokens[j].kind == Token::Word && endsTableReference(upper(tokens[j].text))))
        break;
      TableName t;
      t.parts.push_back(tokens[j].text);
      ++j;
      if (j + 1 < tokens.size() && tokens[j].kind == Token::Punct && tokens[j].text == "." && name(tokens[j + 1])) {
        t.parts.push_back(tokens[j + 1].text);
        j += 2;
      }
      if (j < tokens.size() && isKeyword(tokens[j], "AS")) ++j;
      if (j < tokens.size() && name(tokens[j]) &&
          !(tokens[j].kind == Token::Word && endsTableReference(upper(tokens[j].text)))) {
        t.alias = tokens[j].text;
        ++j;
      }
      out.push_back(std::move(t));
      // `FROM a, b`: a comma join names another table.
      if (j < tokens.size() && tokens[j].kind == Token::Punct && tokens[j].text == ",") {
        ++j;
        continue;
      }
      break;
    }
  }
  return out;
}

void collectTableRefs(const sql::Node& n, std::vector<TableName>& out) {
  if (const auto* ref = n.tryAs<sql::TableRef>(); ref && !ref->parts.empty()) out.push_back({ref->parts, ref->alias});
  sql::forEachChild(n, [&](const sql::Node& child) { collectTableRefs(child, out); });
}

}  // namespace ferry::lsp::complete
