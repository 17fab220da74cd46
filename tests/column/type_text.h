/// Test helper: builds a runtime ColumnType from a ClickHouse type name (the subset the tests use:
/// scalars, Decimal(P, S), FixedString(N), DateTime('tz'), DateTime64(P[, 'tz']), Enum8/16,
/// Nullable, LowCardinality, Array, Tuple (named or not), Map). runtime/ has no type parser of
/// its own (the compiler lowers its types), so tests carry this small one.
#pragma once

#include <string_view>

#include "runtime/column/column_type.h"

namespace ferry::rt::test {

/// Throws std::runtime_error on a name it does not handle.
ColumnTypePtr parseTypeText(std::string_view text);

}  // namespace ferry::rt::test
