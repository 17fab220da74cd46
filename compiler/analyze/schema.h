/// Schemas as the analyzer sees them: ordered, named, typed columns, and the interface through
/// which a query's FROM names are resolved (datasources, earlier nodes, other pipes, shared and
/// service datasources are all "tables" to the query analyzer).
#pragma once

#include <string>
#include <vector>

#include "compiler/types/data_type.h"

namespace ferry::analyze {

struct Column {
  std::string name;
  types::TypePtr type;
};
using Schema = std::vector<Column>;

/// Resolves `t` / `db.t` written in FROM or JOIN (or `IN t`). Returns null when unknown: the
/// caller reports SEM_UNKNOWN_TABLE.
class TableResolver {
 public:
  virtual ~TableResolver() = default;
  virtual const Schema* findTable(const std::vector<std::string>& parts) const = 0;
  /// The names a query may use (for "did you mean" hints); optional.
  virtual std::vector<std::string> tableNames() const { return {}; }
};

}  // namespace ferry::analyze
