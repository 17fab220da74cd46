/// Combinator wrappers (-If, -Array, -ForEach, -Distinct, -State, -Merge, -OrNull, -OrDefault)
/// and the null adapter that skips rows with a NULL argument, each wrapping a nested function.
#pragma once

#include <vector>

#include "runtime/aggregates/aggregate_function.h"

namespace ferry::rt::agg {

AggregateFunctionPtr makeIfCombinator(AggregateFunctionPtr nested, size_t arg_count);
AggregateFunctionPtr makeArrayCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> element_types);
AggregateFunctionPtr makeForEachCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> element_types,
                                           ColumnTypePtr result_type);
AggregateFunctionPtr makeDistinctCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> arg_types);
AggregateFunctionPtr makeStateCombinator(AggregateFunctionPtr nested, ColumnTypePtr state_type);
AggregateFunctionPtr makeMergeCombinator(AggregateFunctionPtr nested, ColumnTypePtr result_type);
AggregateFunctionPtr makeOrNullCombinator(AggregateFunctionPtr nested, ColumnTypePtr result_type);
AggregateFunctionPtr makeOrDefaultCombinator(AggregateFunctionPtr nested, ColumnTypePtr result_type);
/// Skips rows where an argument flagged in `nullable` is NULL and passes the nested function the
/// non-null values; with `nullable_result`, finalizes NULL when no row was added.
AggregateFunctionPtr makeNullAdapter(AggregateFunctionPtr nested, std::vector<bool> nullable,
                                     bool nullable_result, ColumnTypePtr result_type);
/// A function of a NULL-only (Nullable(Nothing)) argument: the result is always the default.
AggregateFunctionPtr makeNothingFunction(ColumnTypePtr result_type);

}  // namespace ferry::rt::agg
