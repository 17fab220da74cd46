// A datasource's declared columns as the forward-query generator sees them.
#include "compiler/plan/forward_query.h"
#include "compiler/sql/printer.h"
#include "compiler/types/type_parser.h"

namespace ferry::plan {

std::vector<ColumnSpec> columnSpecs(const project::Resource& datasource) {
  std::vector<ColumnSpec> specs;
  for (const auto& column : datasource.columns) {
    if (!column.column) continue;
    ColumnSpec spec;
    spec.name = column.column->name.text;
    if (column.type) {
      auto parsed = types::typeFromSyntax(*column.type);
      spec.type = parsed.type;
    }
    if (column.default_expr) spec.default_expr = sql::printExpr(*column.default_expr);
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace ferry::plan
