/// The `returns` column of aggregate_functions.tsv: the result type of a base aggregate function
/// (no combinators) from its argument types, after the caller removed Nullable and
/// LowCardinality as the function's null policy says.
///
///   expr := argN                       the type of argument N as given (a
///                                      SimpleAggregateFunction argument stays one, as
///                                      ClickHouse returns the argument's type object itself)
///         | Array(expr) | Nullable(expr) | Map(expr, expr)
///         | Tuple(elem, ...)           elem := [name " "] expr
///         | @name[(param, ...)]        a rule written in code (aggregate_named_rules.cpp);
///                                      each param is an expr or a word the rule reads
///         | TYPE                       any other ClickHouse type name, `UInt64`, `Float64`
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/call_typing.h"
#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::functions {

/// What a rule sees of a call.
struct AggregateRuleCall {
  std::string_view name;                          ///< canonical name, for messages
  std::span<const types::TypePtr> args;           ///< Nullable / LowCardinality removed
  std::span<const types::ConstantValue> params;   ///< the parametric aggregate's parameters
};

struct AggregateRule {
  enum class Op : uint8_t { Fixed, Arg, Array, Nullable, Map, Tuple, Named };
  Op op = Op::Fixed;
  types::TypePtr type;                ///< Fixed
  size_t index = 0;                   ///< Arg
  std::vector<AggregateRule> children;
  std::vector<std::string> names;     ///< Tuple element names (all or none)
  std::string rule;                   ///< Named, without '@'
  std::vector<std::string> words;     ///< Named: each parameter's text
  /// Named: each parameter parsed as an expression, null where it is not one.
  std::vector<std::shared_ptr<const AggregateRule>> exprs;
};

std::optional<AggregateRule> parseAggregateRule(std::string_view text, std::string* error);

CallResult evaluateAggregateRule(const AggregateRule& rule, const AggregateRuleCall& call);

/// Whether an aggregate's result may be wrapped in Nullable (by `-OrNull`, by the Nullable
/// adapter, or by a rule): unlike for columns, a Tuple result can (`sumCountOrNull` is
/// `Nullable(Tuple(UInt64, UInt64))`).
bool canBeNullableResult(const types::DataType& type);

/// A rule written in code. `rule` gives access to its parameters (words and expressions).
using AggregateNamedRule = CallResult (*)(const AggregateRule& rule, const AggregateRuleCall& call);

/// nullptr for an unknown name.
AggregateNamedRule findAggregateNamedRule(std::string_view name);

}  // namespace ferry::functions
