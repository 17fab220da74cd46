/// The types aggregate states have: `AggregateFunction([version, ]name[(params)], args...)` for
/// `-State`, and the parameters of a state read back as constants for `-Merge`.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "compiler/functions/aggregate_catalog.h"
#include "compiler/functions/aggregate_combinators.h"
#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::functions {

/// The state type of `base` with the combinators `applied` (written order, innermost first)
/// over `args` (LowCardinality already removed; Nullable kept: it is part of the state).
/// `base_name`, when given, replaces the base's name (ClickHouse's `nothingNull` functions).
types::TypePtr makeStateType(const AggregateFunctionDef& base, std::span<const Combinator> applied,
                             std::span<const types::TypePtr> args,
                             std::span<const types::ConstantValue> params, std::string_view base_name = {});

/// A parameter as ClickHouse prints it inside a type name: `0.5`, `1.`, `10`, `'abc'`, `[1, 2]`;
/// formatted from the value, whatever the spelling of the literal was.
std::string parameterText(const types::ConstantValue& value);

/// The parameters printed in a state type read back as constants (numbers, strings, arrays of
/// those); what `-Merge` hands the merged function when the call gives none itself.
std::vector<types::ConstantValue> parametersFromText(std::span<const std::string> texts);

}  // namespace ferry::functions
