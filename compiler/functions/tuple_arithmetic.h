/// Arithmetic operators over tuples and intervals that ClickHouse rewrites into element-wise
/// calls: `(1, 2) + (3, 4)`, `(1, 2) * 2`, `-(1, 2.5)`, `(1, 2) * (3, 4)` (a dot product), and
/// sums of intervals of different units, which become tuples of intervals.
#pragma once

#include <optional>

#include "compiler/functions/named_rules.h"

namespace ferry::functions {

enum class TupleOperatorKind : uint8_t {
  Additive,        ///< plus, minus: tuple ± tuple element-wise; intervals gather into tuples
  Multiplicative,  ///< multiply: tuple * number either way; tuple * tuple is a dot product
  Division,        ///< divide, intDiv, modulo: tuple / number only
  Unary,           ///< negate
};

/// The result when a tuple or an interval sum takes part, typing each element with `rule`;
/// nullopt when the call is for the ordinary rule.
std::optional<CallResult> tupleArithmetic(const RuleCall& call, NamedRule rule, TupleOperatorKind kind);

}  // namespace ferry::functions
