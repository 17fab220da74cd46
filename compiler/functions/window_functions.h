/// Window-only functions (`row_number`, `rank`, `lagInFrame`, `nth_value`, ...): rows of
/// aggregate_functions.tsv with kind `window`. They take no combinators, see Nullable arguments
/// as they are, and report bad arguments as BAD_ARGUMENTS like ClickHouse does.
#pragma once

#include <span>

#include "compiler/functions/aggregate_catalog.h"
#include "compiler/functions/call_typing.h"

namespace ferry::functions {

CallResult typeWindowFunction(const AggregateFunctionDef& def, std::span<const Argument> args,
                              std::span<const types::ConstantValue> params);

}  // namespace ferry::functions
