/// The function catalog: one row per ClickHouse function (name, aliases, kind, arity, argument
/// constraints, return-type rule, one-line description), read from the table checked in beside
/// this file. Used for typing calls, "did you mean" suggestions, hover and completion.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::functions {

enum class FunctionKind : uint8_t { Scalar, Aggregate, Window, Table };

struct FunctionInfo {
  std::string name;                  ///< canonical name
  std::vector<std::string> aliases;
  FunctionKind kind = FunctionKind::Scalar;
  bool case_insensitive = false;     ///< `COUNT`, `SUM`, `lower`/`LOWER`... as ClickHouse allows
  int min_args = 0;
  int max_args = -1;                 ///< -1: variadic
  std::string arguments;             ///< argument constraints as written in the table
  std::string returns;               ///< return-type rule as written in the table
  std::string description;
};

/// Exact name, then aliases, then case-insensitive names. Combinator forms (`sumIf`) are not
/// rows: use `resolveAggregateName` (aggregate_combinators.h) for those.
const FunctionInfo* findFunction(std::string_view name);
std::span<const FunctionInfo> allFunctions();
/// Up to `limit` known names (functions, aliases, aggregate+combinator forms) closest to `name`.
std::vector<std::string> suggestFunctionNames(std::string_view name, size_t limit = 3);

}  // namespace ferry::functions
