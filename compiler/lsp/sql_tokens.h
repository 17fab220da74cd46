/// The SQL of a node or FORWARD_QUERY as completion reads it while it is being typed: tokens of
/// ClickHouse SQL with Tinybird template regions (`{{ }}`, `{% %}`, `{# #}`), and the tables its
/// FROM and JOIN clauses name. Text that parses is read from the syntax tree instead
/// (collectTableRefs); this is for the text in between, where the parser has nothing to give.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sql/ast.h"

namespace ferry::lsp::complete {

struct Token {
  enum Kind { Word, Quoted, Punct, String, Comment, Template };
  Kind kind = Word;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool closed = true;  ///< strings, quoted names, comments, template regions
  std::string text;    ///< Word: as written; Quoted: the name; Punct: the character; Template: `{{`/`{%`/`{#`
};

/// ClickHouse SQL with Tinybird template regions, as far as completion needs it; offsets shifted by `base`.
std::vector<Token> tokenizeSql(std::string_view s, uint32_t base);
bool isKeyword(const Token& t, std::string_view upper_word);
/// Words that end a table reference: what may follow `FROM t` other than an alias.
bool endsTableReference(std::string_view upper_word);

struct TableName {
  std::vector<std::string> parts;
  std::string alias;
};

/// FROM / JOIN references read from the text, for SQL that does not parse while it is typed.
std::vector<TableName> scanTableNames(const std::vector<Token>& tokens);
/// The table references of a parsed statement, subqueries included.
void collectTableRefs(const sql::Node& n, std::vector<TableName>& out);

}  // namespace ferry::lsp::complete
