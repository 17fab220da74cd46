/// Forward queries: the SELECT, run over the live table, whose result fills the rewritten one
/// (seed 002 "Forward query"; clickhouse.md §3.3-3.6).
///
/// Generation maps old columns to new ones by name: a kept column is selected as is, a lossless
/// type change is a CAST, an added column takes its DEFAULT or `defaultValueOfTypeName('T')`, a
/// removed column is dropped. A change that can fail or lose data (String -> UUID, Int64 ->
/// Int32, Nullable(T) -> T, DateTime64 -> DateTime) gets a recommended expression
/// (`accurateCastOrDefault`, `ifNull`, ...) that the user must confirm by copying the query into
/// the file; an aggregate state whose representation changes cannot be carried at all.
///
/// Checking validates a user-written FORWARD_QUERY: a column selection only (no FROM, WHERE,
/// GROUP BY, ...), typed over the live schema, producing exactly the new schema; it warns when
/// the query overwrites live values with constants (a FORWARD_QUERY left from an earlier
/// deployment does that).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/analyze/schema.h"
#include "compiler/base/diagnostic.h"
#include "compiler/project/project.h"
#include "compiler/types/conversion.h"
#include "compiler/types/data_type.h"

namespace ferry::plan {

/// A datasource column as the forward-query generator sees it.
struct ColumnSpec {
  std::string name;
  types::TypePtr type;        ///< null when the type did not parse (the column is then skipped)
  std::string default_expr;   ///< canonical SQL of DEFAULT, empty when none
};

enum class MappingKind {
  Keep,          ///< same name and type: `col`
  Cast,          ///< lossless type change: `CAST(col, 'T') AS col`
  Added,         ///< new column: `CAST(<default>, 'T') AS col` or `defaultValueOfTypeName('T') AS col`
  Dropped,       ///< live column without a new one (its data is lost)
  Recommended,   ///< lossy or fallible change: `accurateCastOrDefault(col, 'T') AS col`, `ifNull(col, d) AS col`, ...
  Impossible,    ///< no expression carries the data (an aggregate state whose representation changes)
};

struct ColumnMapping {
  std::string column;      ///< the new column (Dropped: the live one)
  MappingKind kind = MappingKind::Keep;
  std::string expression;  ///< the select item, e.g. "CAST(`n`, 'UInt64') AS `n`"; empty for Dropped
  types::ConversionKind conversion = types::ConversionKind::Identical;
  std::string reason;      ///< why it is Recommended/Impossible/Dropped ("Int64 -> Int32 wraps values")
};

struct GeneratedForwardQuery {
  /// The canonical (pretty-printed) SELECT; `SELECT *` when live and new columns are identical.
  std::string sql;
  std::vector<ColumnMapping> columns;   ///< every new column in order, then the dropped ones
  bool identity = false;                ///< live and new have the same columns: `SELECT *`
  /// Some column is Recommended: `sql` is a proposal the user must confirm (copy it into the file).
  bool needs_confirmation = false;
  /// Some column is Impossible: no generated query can carry the data (re-aggregate through the
  /// MV query or write an explicit query). `sql` still holds a best effort with defaults.
  bool impossible = false;
  /// Removed and added columns of the same type: (old, new); the fix may be `old AS new`.
  std::vector<std::pair<std::string, std::string>> rename_hints;
};

GeneratedForwardQuery generateForwardQuery(const std::vector<ColumnSpec>& live,
                                           const std::vector<ColumnSpec>& next);

/// The columns of a datasource resource as ColumnSpecs (types parsed; defaults printed
/// canonically).
std::vector<ColumnSpec> columnSpecs(const project::Resource& datasource);

struct ForwardQueryCheck {
  /// The query is a column selection whose output types over the live schema; false after an error.
  bool ok = false;
  /// The query's output over the live schema (names and types), when it could be typed.
  std::optional<analyze::Schema> output;
  /// Canonical pretty SQL of the query (for plan output).
  std::string sql;
};

/// Checks the FORWARD_QUERY of `datasource` (which must have one) against the live schema and
/// the new one; reports PLAN_FORWARD_QUERY_* diagnostics at the query's spans in `sink`.
ForwardQueryCheck checkForwardQuery(const project::Resource& datasource, const std::vector<ColumnSpec>& live,
                                    const std::vector<ColumnSpec>& next, DiagnosticSink& sink);

}  // namespace ferry::plan
