/// The ClickHouse SQL parser: text -> Ferry's syntax tree (compiler/sql/ast.h).
///
/// Each statement is parsed with ANTLR in two stages: SLL prediction with a bail-out error
/// strategy first (fast, and enough for every valid statement of the SLL-clean grammar), then,
/// only when that fails, full LL with error recovery to produce a precise diagnostic. Syntax
/// errors become SQL_SYNTAX_ERROR diagnostics with the span of the offending token; nothing
/// here throws, and malformed, truncated or binary input is reported, never crashes.
///
/// Offsets: the parser reads the text byte by byte; node spans are byte offsets into the text,
/// mapped to file offsets through the caller's SourceMap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/sql/ast.h"

namespace ferry::sql {

/// Counters for tests and benchmarks (accumulated, so one object can span many calls).
struct ParseStats {
  size_t statements = 0;    ///< statements given to the parser
  size_t syntax_ok = 0;     ///< statements the grammar accepted
  size_t ll_fallbacks = 0;  ///< statements the SLL stage rejected but LL accepted (should be 0)
};

/// One SELECT statement (UNION chains, SETTINGS, FORMAT, INTO OUTFILE), optional trailing ';'.
/// nullptr when it has errors (reported to `sink`).
std::unique_ptr<SelectStatement> parseQuery(std::string_view text, const SourceMap& map,
                                            DiagnosticSink& sink, ParseStats* stats = nullptr);

/// ';'-separated statements (a `.sql` file). Statements with errors are reported and left out.
std::vector<std::unique_ptr<SelectStatement>> parseScript(std::string_view text, const SourceMap& map,
                                                          DiagnosticSink& sink,
                                                          ParseStats* stats = nullptr);

/// One expression (a column default, a sorting key element).
ExprPtr parseExpression(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                        ParseStats* stats = nullptr);

/// A comma-separated expression list (sorting keys, PARTITION BY, TTL lists); a trailing comma
/// is allowed. Empty result with diagnostics on error.
ExprList parseExpressionList(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                             ParseStats* stats = nullptr);

/// A ClickHouse type expression (`Nullable(String)`, `DateTime64(3, 'UTC')`, ...).
std::unique_ptr<TypeExpr> parseType(std::string_view text, const SourceMap& map,
                                    DiagnosticSink& sink, ParseStats* stats = nullptr);

/// A TTL list (ENGINE_TTL): `expr [DELETE | TO DISK 'd' | TO VOLUME 'v' | RECOMPRESS CODEC(..)]
/// [WHERE cond] [GROUP BY keys [SET col = expr, ...]]`, comma-separated.
std::vector<std::unique_ptr<TtlElement>> parseTtl(std::string_view text, const SourceMap& map,
                                                  DiagnosticSink& sink, ParseStats* stats = nullptr);

/// Checks the syntax of one statement without building a tree (coverage and speed tools).
bool checkQuerySyntax(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                      ParseStats* stats = nullptr);

/// Splits a script into statement byte ranges [begin, end) on top-level ';' using the SQL
/// lexer, so ';' inside strings, quoted names, comments and heredocs does not split. Ranges
/// start at a statement's first token and end after its last one; empty statements (only
/// comments/whitespace between ';') are skipped.
std::vector<std::pair<uint32_t, uint32_t>> splitStatements(std::string_view text);

}  // namespace ferry::sql
