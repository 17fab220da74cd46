/// Canonical text of a datafile tree, as `tb fmt` writes it: directive names upper-case, node
/// TYPE values lower-case, blocks indented 4 spaces, one SCHEMA column per line as
/// `` `name` Type `json:path` DEFAULT x CODEC(y) ``, a blank line between sections and nodes.
///
/// Invariants (checked by tests/datafile): parse(print(t)) equals t (compared with
/// dumpDatafile(..., {.spans = false})), and print is idempotent.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/source.h"
#include "compiler/datafile/datafile_ast.h"

namespace ferry::datafile {

struct PrintHooks {
  /// Re-formats node SQL and FORWARD_QUERY text. std::nullopt (or no hook) keeps the text.
  std::function<std::optional<std::string>(std::string_view sql, bool is_template)> format_sql;
  /// Re-formats a column type.
  std::function<std::optional<std::string>(std::string_view type)> format_type;
  /// Re-formats an expression (DEFAULT, MATERIALIZED, CODEC arguments).
  std::function<std::optional<std::string>(std::string_view expr)> format_expr;
};

std::string printDatafile(const Datafile& doc, const PrintHooks& hooks = {});

/// The SQL text in the form the printer writes (templates: the `%` line, then the rest dedented).
std::string canonicalSql(const SqlBlock& sql);

struct DumpOptions {
  bool spans = true;  ///< append `@line:col-line:col` (needs `sources`)
};

/// A readable dump of the tree for golden tests and round-trip comparisons.
std::string dumpDatafile(const Datafile& doc, const SourceManager* sources, DumpOptions options = {});

}  // namespace ferry::datafile
