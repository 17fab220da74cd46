/// Parsing the SQL pieces of one datafile (see sql_blocks.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/project/project.h"

namespace ferry::project {

ColumnSyntax parseColumn(const SourceManager& sources, const datafile::Column& column, DiagnosticSink& sink);

/// ENGINE_SORTING_KEY, ENGINE_PARTITION_KEY, ENGINE_TTL, ... hold ClickHouse expressions.
bool isExpressionSetting(std::string_view name);

/// Parses the expression-valued ENGINE_* settings into `out`, keyed by setting name.
/// ENGINE_TTL goes to `ttl` (TTL elements carry actions, WHERE and GROUP BY beyond expressions).
void parseEngineExpressions(const SourceManager& sources, const std::vector<datafile::Setting>& engine,
                            std::map<std::string, sql::ExprList>& out,
                            std::vector<std::unique_ptr<sql::TtlElement>>& ttl, DiagnosticSink& sink);

}  // namespace ferry::project
