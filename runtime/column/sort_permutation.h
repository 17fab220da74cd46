/// The stable sort of a block's rows by key columns, as parts need it on every insert and merge.
/// Comparing rows column by column (compareAt) costs a type switch and a cache miss per
/// comparison; instead each key column becomes an order-preserving integer rank per row (the
/// value itself for integers, a dense rank of the distinct values otherwise), the ranks are
/// packed into as few 64-bit words as their bit widths allow, and an LSD radix sort orders the
/// rows. The order is exactly compareAt's (NULLs last, NaN greatest), ties keep input order.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/column/column.h"

namespace ferry::rt {

/// The permutation that sorts rows [0, rows) of `keys` lexicographically (compareAt order),
/// stably. Every key column has at least `rows` rows (or is constant).
std::vector<uint32_t> sortPermutation(const std::vector<const Column*>& keys, size_t rows);

/// Dense ranks of a column's rows: equal values (compareAt == 0) share a rank, and rank order is
/// compareAt order. Returns the number of distinct ranks.
uint64_t denseRanks(const Column& column, size_t rows, std::vector<uint64_t>& ranks);

}  // namespace ferry::rt
