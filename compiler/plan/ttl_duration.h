/// How long a datasource keeps its rows, read from its ENGINE_TTL: the planner compares the TTL
/// of an MV's source with its target's, because replaying the MV query over a source that keeps
/// less history than the target loses the older rows (seed 002, "Materialized data sources").
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/sql/ast.h"
#include "compiler/types/data_type.h"

namespace ferry::plan {

struct Retention {
  enum class Kind {
    Forever,   ///< no TTL deletes rows (none, or only moves/recompression)
    Duration,  ///< rows are deleted `seconds` after their time column
    Unknown,   ///< a TTL that deletes rows in a form the planner cannot measure (WHERE, functions, ...)
  };
  Kind kind = Kind::Forever;
  double seconds = 0;
  std::string text;  ///< "60 days", "no TTL", or the TTL expression when unknown
};

/// The type of a column of the datasource, by name (null when unknown): `col + 7` adds days to
/// a Date and seconds to a DateTime.
using ColumnTypeLookup = std::function<types::TypePtr(const std::string&)>;

/// Reads the common forms `col + INTERVAL n UNIT`, `col + toIntervalDay(n)`, `toDate(col) + n`,
/// `col + n` and sums of them; the shortest of several deleting elements wins. Months, quarters
/// and years count as 30, 91 and 365 days (close enough to compare two TTLs).
Retention retentionOf(const std::vector<std::unique_ptr<sql::TtlElement>>& ttl, const ColumnTypeLookup& column_type);

/// "7 days", "36 hours", "90 seconds".
std::string formatDuration(double seconds);

}  // namespace ferry::plan
