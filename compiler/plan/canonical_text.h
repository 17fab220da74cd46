/// Canonical text of the pieces of a datafile the planner compares: two files that differ only
/// in formatting, whitespace, comments, keyword case or identifier quoting give the same text,
/// so only real changes become plan causes.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/datafile/datafile_ast.h"
#include "compiler/project/project.h"
#include "compiler/sql/ast.h"

namespace ferry::plan {

/// Runs of whitespace collapsed to one space, leading and trailing whitespace removed.
std::string collapseWhitespace(std::string_view text);

/// An expression printed by the SQL printer (one line); `fallback` collapsed when it is null.
std::string canonicalExpr(const sql::Expr* expr, std::string_view fallback);

/// A key (ENGINE_SORTING_KEY, ...) as `a, b`: a single tuple `(a, b)` or `tuple(a, b)` is
/// unwrapped, so every spelling of the same key compares equal; the empty key is `tuple()`.
/// `fallback` (the setting's text, collapsed) is used when the list did not parse.
std::string canonicalKey(const sql::ExprList& list, std::string_view fallback);

/// ENGINE_TTL elements, printed and separated by ", ".
std::string canonicalTtl(const std::vector<std::unique_ptr<sql::TtlElement>>& ttl);

/// Node SQL or a FORWARD_QUERY: the parsed statement printed on one line; for a template, or
/// SQL that did not parse, the block's text with whitespace collapsed.
std::string canonicalSql(const project::SqlSource* source, const datafile::SqlBlock* block);

/// Text parsed as one expression and printed back (index expressions and types, which the
/// project layer keeps as text); collapsed text when it does not parse. The column names it
/// refers to are added to `columns` when given.
std::string canonicalExpressionText(std::string_view text, std::set<std::string>* columns = nullptr);

/// The column names an expression or TTL element refers to (first part of each identifier).
void collectColumnNames(const sql::Node& node, std::set<std::string>& out);

/// `name` in backquotes for messages and ALTER statements.
std::string backquoted(std::string_view name);

/// A table name as ALTER statements write it (backquoted only when needed).
std::string tableName(std::string_view name);

}  // namespace ferry::plan
