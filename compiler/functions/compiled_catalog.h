/// The catalog with each scalar row's `arguments` and `returns` parsed once: what call typing
/// works from. Built lazily on first use from the embedded tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/argument_classes.h"
#include "compiler/functions/catalog_table.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/functions/return_rules.h"

namespace ferry::functions {

struct CompiledFunction {
  const FunctionInfo* info = nullptr;
  ArgumentConstraints arguments;
  std::optional<ReturnRule> returns;  ///< nullopt for rows whose rule is `?` (not typed yet)
};

/// The compiled row of a scalar function found by findFunction's lookup; nullptr otherwise.
const CompiledFunction* findCompiledFunction(std::string_view name);

/// Problems found while loading: malformed rows, rules or constraints that do not parse,
/// names defined twice. Empty for a healthy catalog (a test checks it).
const std::vector<std::string>& catalogProblems();

}  // namespace ferry::functions
