// The public entry points: one ParseSession per statement, then the Builder.
#include "compiler/sqlparse/sql_parser.h"

#include "compiler/sqlparse/builder.h"
#include "compiler/sqlparse/parse_session.h"

namespace ferry::sql {

namespace {

using detail::Builder;
using detail::EntryRule;
using detail::P;
using detail::ParseSession;

/// Runs `build` on the parse tree of `rule`; any exception (out of memory, a bug) becomes an
/// INTERNAL_ERROR diagnostic instead of escaping into the caller.
template <class Result, class Build>
Result parseWith(std::string_view text, const SourceMap& map, DiagnosticSink& sink, uint32_t base,
                 EntryRule rule, ParseStats* stats, Build&& build) {
  try {
    ParseSession session(text, map, sink, base);
    antlr4::ParserRuleContext* root = session.parse(rule, stats);
    if (root == nullptr) return Result();
    Builder builder(session);
    Result result = build(builder, root);
    if (builder.failed()) return Result();
    return result;
  } catch (const std::exception& e) {
    sink.report(DiagId::INTERNAL_ERROR, map.span(base, base), std::string("SQL parser failure: ") + e.what());
  } catch (...) {
    sink.report(DiagId::INTERNAL_ERROR, map.span(base, base), "SQL parser failure");
  }
  return Result();
}

std::unique_ptr<SelectStatement> parseStatementAt(std::string_view text, const SourceMap& map,
                                                  DiagnosticSink& sink, uint32_t base, ParseStats* stats) {
  return parseWith<std::unique_ptr<SelectStatement>>(
      text, map, sink, base, EntryRule::Query, stats, [](Builder& b, antlr4::ParserRuleContext* root) {
        return b.statement(static_cast<P::QueryEntryContext*>(root)->statement());
      });
}

}  // namespace

std::unique_ptr<SelectStatement> parseQuery(std::string_view text, const SourceMap& map,
                                            DiagnosticSink& sink, ParseStats* stats) {
  return parseStatementAt(text, map, sink, 0, stats);
}

std::vector<std::unique_ptr<SelectStatement>> parseScript(std::string_view text, const SourceMap& map,
                                                          DiagnosticSink& sink, ParseStats* stats) {
  std::vector<std::unique_ptr<SelectStatement>> out;
  for (auto [begin, end] : splitStatements(text)) {
    if (auto stmt = parseStatementAt(text.substr(begin, end - begin), map, sink, begin, stats)) {
      out.push_back(std::move(stmt));
    }
  }
  return out;
}

ExprPtr parseExpression(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                        ParseStats* stats) {
  return parseWith<ExprPtr>(text, map, sink, 0, EntryRule::Expression, stats,
                            [](Builder& b, antlr4::ParserRuleContext* root) {
                              return b.expr(static_cast<P::ExpressionEntryContext*>(root)->expr());
                            });
}

ExprList parseExpressionList(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                             ParseStats* stats) {
  return parseWith<ExprList>(text, map, sink, 0, EntryRule::ExpressionList, stats,
                             [](Builder& b, antlr4::ParserRuleContext* root) {
                               return b.exprs(static_cast<P::ExpressionListEntryContext*>(root)->expr());
                             });
}

std::unique_ptr<TypeExpr> parseType(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                                    ParseStats* stats) {
  return parseWith<std::unique_ptr<TypeExpr>>(
      text, map, sink, 0, EntryRule::Type, stats, [](Builder& b, antlr4::ParserRuleContext* root) {
        return b.type(static_cast<P::TypeEntryContext*>(root)->typeExpr());
      });
}

std::vector<std::unique_ptr<TtlElement>> parseTtl(std::string_view text, const SourceMap& map,
                                                  DiagnosticSink& sink, ParseStats* stats) {
  using Result = std::vector<std::unique_ptr<TtlElement>>;
  return parseWith<Result>(text, map, sink, 0, EntryRule::Ttl, stats,
                           [](Builder& b, antlr4::ParserRuleContext* root) {
                             Result out;
                             for (auto* e : static_cast<P::TtlListEntryContext*>(root)->ttlElement()) {
                               auto built = b.ttlElement(e);
                               if (!built) return Result();
                               out.push_back(std::move(built));
                             }
                             return out;
                           });
}

bool checkQuerySyntax(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                      ParseStats* stats) {
  try {
    ParseSession session(text, map, sink);
    return session.parse(EntryRule::Query, stats) != nullptr;
  } catch (...) {
    sink.report(DiagId::INTERNAL_ERROR, map.span(0, 0), "SQL parser failure");
    return false;
  }
}

std::vector<std::pair<uint32_t, uint32_t>> splitStatements(std::string_view text) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  detail::ByteInputStream input(text);
  detail::g::ClickHouseLexer lexer(&input);
  lexer.removeErrorListeners();
  bool open = false;
  uint32_t begin = 0;
  uint32_t end = 0;
  for (;;) {
    std::unique_ptr<antlr4::Token> token = lexer.nextToken();
    size_t type = token->getType();
    if (type == antlr4::Token::EOF) break;
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (type == detail::g::ClickHouseLexer::SEMICOLON) {
      if (open) out.emplace_back(begin, end);
      open = false;
      continue;
    }
    if (!open) begin = static_cast<uint32_t>(token->getStartIndex());
    open = true;
    end = static_cast<uint32_t>(token->getStopIndex() + 1);
  }
  if (open) out.emplace_back(begin, end);
  return out;
}

}  // namespace ferry::sql
