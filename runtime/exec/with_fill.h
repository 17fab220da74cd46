/// ORDER BY ... WITH FILL: after the sort, rows are added for the values of the fill key that
/// the data skips, from FROM (default: the first row's value) up to TO (exclusive; default: the
/// last row) by STEP (default 1, or 1 day / 1 second for Date / DateTime; a fixed-length
/// INTERVAL is converted to the column's unit). Added rows hold the type's default in every
/// other column, as ClickHouse's FillingTransform does.
#pragma once

#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {

/// `sorted` (ordered by `key` first) with the filler rows added. `key.expr` is an Input column.
Block withFill(const Block& sorted, const SortKey& key, EvalContext& ctx);

}  // namespace ferry::rt::exec
