/// Helpers for the parser tests: parse into a registered source file so that spans can be
/// checked against the text they cover.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "compiler/sqlparse/sql_parser.h"

namespace ferry::sql::test {

struct Parsed {
  SourceManager sources;
  FileId file = kNoFile;
  DiagnosticSink sink;
  ParseStats stats;
  std::unique_ptr<SelectStatement> stmt;

  /// The source text a span covers.
  std::string text(const Span& s) const { return std::string(sources.file(file).slice(s)); }
  std::string diagnostics() const {
    std::string out;
    for (const auto& d : sink.all()) out += renderText(d, sources) + "\n";
    return out;
  }
};

inline std::unique_ptr<Parsed> parse(const std::string& sql) {
  auto p = std::make_unique<Parsed>();
  p->file = p->sources.add("test.sql", sql);
  p->stmt = parseQuery(sql, SourceMap(p->file, 0), p->sink, &p->stats);
  return p;
}

/// Parses a statement that must be valid (no diagnostics, no LL fallback).
inline std::unique_ptr<Parsed> parseOk(const std::string& sql) {
  auto p = parse(sql);
  INFO(sql << "\n" << p->diagnostics());
  REQUIRE(p->stmt != nullptr);
  REQUIRE(p->sink.all().empty());
  REQUIRE(p->stats.ll_fallbacks == 0);
  return p;
}

inline const SelectQuery& select(const Parsed& p) { return p.stmt->query->as<SelectQuery>(); }

/// The first select-list expression of `SELECT <expr>`.
inline const Expr& firstItem(const Parsed& p) { return *select(p).select.at(0); }

struct ParsedExpr {
  std::unique_ptr<Parsed> parsed;
  const Expr* expr = nullptr;
  std::string text() const { return parsed->text(expr->span); }
};

/// `SELECT <expr>` and its first item.
inline ParsedExpr expr(const std::string& e) {
  ParsedExpr out;
  out.parsed = parseOk("SELECT " + e);
  out.expr = &firstItem(*out.parsed);
  return out;
}

}  // namespace ferry::sql::test
