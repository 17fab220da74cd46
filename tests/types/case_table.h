/// The probed case tables of tests/types/data: a header line, then one case per line of
/// tab-separated fields (regenerated from chDB by the scripts beside them).
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ferry::types::test {

/// The rows of `path` after its header, each split at tabs.
inline std::vector<std::vector<std::string>> readCaseTable(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) fields.push_back(field);
    fields.resize(3);
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace ferry::types::test
