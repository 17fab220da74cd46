/// The probed case tables of tests/types/data: a header line, then one case per line of
/// tab-separated fields (regenerated from chDB by the scripts beside them).
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/type_parser.h"

namespace ferry::types::test {

/// A type as the tables spell it, parsed; the test stops when it does not parse.
inline TypePtr T(std::string_view text) {
  auto r = parseTypeName(text);
  INFO(text << ": " << r.message);
  REQUIRE(r.ok());
  return r.type;
}

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
