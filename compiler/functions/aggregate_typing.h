/// Typing aggregate and window function calls: the base function's return rule (from
/// aggregate_functions.tsv), then each combinator transforms the argument types it passes in and
/// the result type it passes out, exactly as ClickHouse 26.7 does (state types included).
#pragma once

#include <span>
#include <string_view>

#include "compiler/functions/aggregate_combinators.h"
#include "compiler/functions/call_typing.h"
#include "compiler/types/constant_value.h"

namespace ferry::functions {

/// Whether `name` is an aggregate call (any combinator chain, case-insensitive bases included).
bool isAggregateCallName(std::string_view name);

/// Whether `name` is a window-only function (`row_number`, `lagInFrame`, ...). Aggregates are
/// usable as window functions too, but are not reported here.
bool isWindowFunctionName(std::string_view name);

/// Types an aggregate call (with combinators) or a window function call. `params` are the
/// constant parameters of a parametric aggregate (`quantiles(0.5, 0.9)(x)`, `topK(10)(x)`).
/// On error, `error_code` is ClickHouse's error name (NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
/// ILLEGAL_TYPE_OF_ARGUMENT, UNKNOWN_AGGREGATE_FUNCTION, ...).
CallResult typeAggregateCall(std::string_view name, std::span<const Argument> args,
                             std::span<const types::ConstantValue> params = {});

/// Types an aggregate named the way arrayReduce, initializeAggregation and the
/// AggregateFunction type spell it: a name with combinators, optionally followed by its
/// parameters (`quantiles(0.5, 0.9)`, `topKWeightedState(1)`, `uniqUpTo(5)`).
CallResult typeAggregateCallSpelled(std::string_view spelled, std::span<const Argument> args);

/// What merging or finalizing a state gives (`finalizeAggregation(s)`, `fMerge(s)`): the
/// result type of the state's function over the state's argument types.
CallResult typeAggregateStateResult(const types::TypePtr& state);

}  // namespace ferry::functions
