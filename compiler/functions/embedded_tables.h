/// The function tables of this folder (`scalar_functions.tsv`, `aggregate_functions.tsv`, ...),
/// compiled into the library as text by embed_table.cmake.
#pragma once

#include <span>
#include <string_view>

namespace ferry::functions {

struct EmbeddedTable {
  std::string_view name;  ///< file name without `.tsv`
  std::string_view text;  ///< the whole file, header row included
};

std::span<const EmbeddedTable> embeddedTables();

/// The text of one table; empty when there is no such table.
inline std::string_view embeddedTable(std::string_view name) {
  for (const EmbeddedTable& t : embeddedTables())
    if (t.name == name) return t.text;
  return {};
}

}  // namespace ferry::functions
