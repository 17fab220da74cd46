/// The distinct values of a column, found with one open-addressing hash table: what dictionary
/// encoding (LowCardinality files) and rank sorting (sortPermutation) both start from.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/column/column.h"

namespace ferry::rt {

/// `firsts`: the first row of each distinct value, in order of first appearance; `ids[r]`: the
/// index in `firsts` of row r's value. Values are equal when compareAt says so (Strings: bytes).
void distinctRows(const Column& column, size_t rows, std::vector<uint32_t>& ids, std::vector<uint32_t>& firsts);

}  // namespace ferry::rt
