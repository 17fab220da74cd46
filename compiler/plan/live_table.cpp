#include "compiler/plan/live_table.h"

namespace ferry::plan {

analyze::Schema schemaOf(const std::vector<ColumnSpec>& columns) {
  analyze::Schema schema;
  for (const auto& c : columns)
    if (c.type) schema.push_back({c.name, c.type});
  return schema;
}

analyze::QueryAnalysis analyzeOverLive(const sql::SelectStatement& stmt, const LiveTable& live,
                                       const std::string& table_name, DiagnosticSink& sink) {
  auto copy = sql::clone(stmt);
  if (copy->query && copy->query->is<sql::SelectQuery>()) {
    auto& select = copy->query->as<sql::SelectQuery>();
    if (!select.from) {
      auto table = std::make_unique<sql::TableRef>();
      table->parts = {table_name};
      select.from = std::move(table);
    }
  }
  return analyze::analyzeQuery(*copy, live, sink);
}

}  // namespace ferry::plan
