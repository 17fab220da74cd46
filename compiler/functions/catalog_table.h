/// Reading a function table (`scalar_functions.tsv`, `aggregate_functions.tsv`): tab-separated,
/// a header row naming the columns, one row per function. Columns are found by their header
/// name, so tables may order them differently or add columns of their own:
///   name, aliases (comma-separated; a trailing `*` marks a case-insensitive alias),
///   case_insensitive (0/1), kind (scalar|aggregate|window|table), min_args, max_args (-1:
///   variadic), arguments, returns, description.
/// Lines starting with `#` and empty lines are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/function_catalog.h"

namespace ferry::functions {

struct TableProblem {
  size_t line = 0;  ///< 1-based line of the table
  std::string message;
};

struct TableRow {
  FunctionInfo info;                          ///< aliases without their `*`
  std::vector<bool> alias_case_insensitive;   ///< parallel to info.aliases
  size_t line = 0;
};

/// The rows of one table. Malformed rows are skipped and reported in `problems`.
std::vector<TableRow> parseFunctionTable(std::string_view text,
                                         std::vector<TableProblem>* problems = nullptr);

}  // namespace ferry::functions
