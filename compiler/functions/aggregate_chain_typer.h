/// The typing of one resolved aggregate name, level by level, the way ClickHouse's
/// AggregateFunctionFactory builds the function: the outermost combinator is peeled first and
/// transforms the argument types it passes in; at every level, Nullable arguments put the
/// Nullable adapter around what is inside (unless the level is -State/-SimpleState, whose state
/// records the arguments as given); results flow back out through each combinator.
/// Internal to the aggregate typing files.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "compiler/functions/aggregate_catalog.h"
#include "compiler/functions/aggregate_combinators.h"
#include "compiler/functions/call_typing.h"

namespace ferry::functions {

/// Types one resolved name: `base` with `name.combinators` over given arguments. `depth` is how
/// many combinators (from the innermost) are still to apply.
class ChainTyper {
 public:
  ChainTyper(const AggregateFunctionDef& base, const AggregateName& name) : base_(base), name_(name) {}

  /// One level: the Nullable adapter, then the combinator at `depth` (aggregate_chain_typer.cpp).
  CallResult typeLevel(size_t depth, std::vector<types::TypePtr> args,
                       std::span<const types::ConstantValue> params) const;

 private:
  /// The combinator at `depth` (aggregate_combinator_typing.cpp), or the base at depth 0.
  CallResult typeCombinator(size_t depth, std::vector<types::TypePtr> args,
                            std::span<const types::ConstantValue> params) const;
  /// The base function from its table row.
  CallResult typeBase(const std::vector<types::TypePtr>& args, std::span<const types::ConstantValue> params) const;
  std::string spelled(size_t depth) const {
    AggregateName n{name_.base, {name_.combinators.begin(), name_.combinators.begin() + depth}};
    return spellAggregateName(n);
  }

  const AggregateFunctionDef& base_;
  const AggregateName& name_;
};

/// The argument types the base function will see: each combinator's transform applied from the
/// outside in (approximately: enough to pick a function's form by its first argument).
std::vector<types::TypePtr> baseArguments(const AggregateName& name, std::vector<types::TypePtr> args);

}  // namespace ferry::functions
