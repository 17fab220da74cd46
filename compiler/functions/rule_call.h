/// What a return-type rule sees of a call, and the results it gives back. Shared by the table
/// rules (return_rules.cpp) and the rules written in code (*_rules.cpp).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/call_typing.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/types/data_type.h"

namespace ferry::functions {

struct RuleCall {
  std::string_view name;                 ///< as called (an alias or another case possibly)
  const FunctionInfo* info = nullptr;
  /// The arguments as the rule sees them: without Nullable / LowCardinality unless the row
  /// asks for the raw types (`raw-nulls`, `raw-lc`).
  std::span<const Argument> args;
  std::vector<std::string> rule_params;  ///< `@rule(a, b)` -> {"a", "b"}

  const types::TypePtr& type(size_t i) const { return args[i].type; }
  size_t size() const { return args.size(); }
  /// The constant string at `i`, or nullptr when the argument is not a constant string.
  const std::string* constantString(size_t i) const;
  /// The constant integer at `i` (Int, UInt or integral Float), or false.
  bool constantInt(size_t i, int64_t& out) const;
};

/// ILLEGAL_TYPE_OF_ARGUMENT: "illegal type T of argument N of function f" (N 1-based).
CallResult illegalArgumentType(const RuleCall& call, size_t index, std::string_view expected = {});
/// ILLEGAL_COLUMN: the argument must be a constant.
CallResult notConstant(const RuleCall& call, size_t index, std::string_view what);
/// NUMBER_OF_ARGUMENTS_DOESNT_MATCH.
CallResult wrongArgumentCount(std::string_view name, size_t given, int min_args, int max_args);

}  // namespace ferry::functions
