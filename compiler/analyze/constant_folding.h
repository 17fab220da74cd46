/// The little constant folding typing needs: ClickHouse folds constant expressions while it
/// analyzes, so a function whose result type depends on an argument's value (`toDecimal32(x, 2)`,
/// `tupleElement(t, -(1))`, `quantile(0.5)`) sees the value, and a constant that cannot be
/// converted (`CAST(NULL AS UInt8)`, `CAST('x' AS IPv4)`) is rejected before the query runs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/analyze/resolved_expr.h"
#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::analyze {

/// The value of `name(args)` when every argument is constant and the function is one of the
/// cheap ones folded here (negate, tuple, array, integer arithmetic); nullopt otherwise.
std::optional<types::ConstantValue> foldConstantCall(std::string_view name,
                                                     const std::vector<ResolvedPtr>& args,
                                                     const types::DataType& result);

/// The value of CAST(value AS type) for numeric and string constants.
std::optional<types::ConstantValue> foldCast(const ResolvedPtr& value, const types::DataType& type);

/// Why ClickHouse rejects CAST of this constant to `type` while analyzing, or nullopt.
std::optional<std::string> constantCastProblem(const ResolvedPtr& value, const types::DataType& type);

/// A constant DateTime64 converted to an integer type too narrow for its seconds: ClickHouse
/// fails with DECIMAL_OVERFLOW while analyzing (even for accurateCastOrNull). Nullopt otherwise.
std::optional<std::string> dateTime64ConversionProblem(const ResolvedPtr& value, const types::DataType& target);

}  // namespace ferry::analyze
