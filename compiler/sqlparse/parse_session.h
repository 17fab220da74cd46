/// Internal to ferry_sqlparse: the ANTLR pipeline for one text (byte stream, lexer, tokens,
/// parser) and the two-stage SLL -> LL parse. The only header that includes ANTLR; never
/// include it from a public header.
#pragma once

#include <string_view>

#include "ClickHouseLexer.h"
#include "ClickHouseParser.h"
#include "antlr4-runtime.h"
#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::sql::detail {

namespace g = ::ferry::grammar::sql;
using P = g::ClickHouseParser;

/// Feeds the lexer one character per byte: token offsets are then byte offsets, and no UTF-8
/// decoding can fail (binary input included). Names may hold UTF-8 bytes (0x80-0xFF).
class ByteInputStream : public antlr4::ANTLRInputStream {
 public:
  explicit ByteInputStream(std::string_view text);
};

enum class EntryRule { Query, Expression, ExpressionList, Type, Ttl };

/// Owns the ANTLR objects for one text; parse trees stay valid while the session lives.
class ParseSession {
 public:
  /// `text` is the SQL to parse; it starts at local offset `base` of the text `map` maps
  /// (parseScript parses each statement of a script on its own).
  ParseSession(std::string_view text, const SourceMap& map, DiagnosticSink& sink, uint32_t base = 0);

  /// The root context of `rule`, or nullptr after reporting the first syntax error.
  antlr4::ParserRuleContext* parse(EntryRule rule, ParseStats* stats);

  std::string_view text() const { return text_; }
  const SourceMap& map() const { return map_; }
  uint32_t base() const { return base_; }
  /// The file span of bytes [begin, end) of `text`.
  Span span(uint32_t begin, uint32_t end) const { return map_.span(base_ + begin, base_ + end); }
  DiagnosticSink& sink() const { return sink_; }

 private:
  antlr4::ParserRuleContext* invoke(EntryRule rule);
  bool tooDeep();
  bool empty();

  std::string_view text_;
  const SourceMap& map_;
  DiagnosticSink& sink_;
  uint32_t base_;
  ByteInputStream input_;
  g::ClickHouseLexer lexer_;
  antlr4::CommonTokenStream tokens_;
  P parser_;
};

}  // namespace ferry::sql::detail
