// Every type string ClickHouse 26.7 printed in the oracle (typenames*.tsv, probe_types.tsv,
// corpus-schemas/*.json) must parse and print back byte for byte. Exits 77 when ../shared is
// absent. `--verbose` lists every failure (otherwise the first 20).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/types/type_parser.h"

namespace fs = std::filesystem;
using ferry::types::parseTypeName;

namespace {

struct Source {
  std::string name;
  size_t rows = 0;
  std::set<std::string> types;
};

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, '\t')) out.push_back(field);
  return out;
}

/// The column `column` of a TSV with a header line, skipping `ERROR ...` cells.
Source readTsv(const fs::path& path, size_t column) {
  Source s{path.filename().string(), 0, {}};
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto fields = splitTabs(line);
    if (fields.size() <= column || fields[column].rfind("ERROR", 0) == 0) continue;
    ++s.rows;
    s.types.insert(fields[column]);
  }
  return s;
}

void collectColumns(const nlohmann::json& j, Source& s) {
  if (j.is_object()) {
    if (j.contains("columns") && j["columns"].is_array()) {
      for (const auto& c : j["columns"]) {
        if (c.is_object() && c.contains("type") && c["type"].is_string()) {
          ++s.rows;
          s.types.insert(c["type"].get<std::string>());
        }
      }
    }
    for (const auto& [k, v] : j.items()) {
      if (k != "columns") collectColumns(v, s);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collectColumns(v, s);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = argc > 1 && std::string(argv[1]) == "--verbose";
  fs::path oracle = fs::path(FERRY_SHARED_DIR) / "oracle";
  if (!fs::exists(oracle)) {
    std::cout << "SKIPPED: ../shared is absent\n";
    return 77;
  }
  std::vector<Source> sources;
  sources.push_back(readTsv(oracle / "typenames.tsv", 1));
  sources.push_back(readTsv(oracle / "typenames_numbers.tsv", 1));
  sources.push_back(readTsv(oracle / "typenames_extended.tsv", 1));
  sources.push_back(readTsv(oracle / "probe_types.tsv", 2));
  Source schemas{"corpus-schemas/*.json", 0, {}};
  for (const auto& entry : fs::directory_iterator(oracle / "corpus-schemas")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded()) collectColumns(j, schemas);
  }
  sources.push_back(std::move(schemas));

  std::map<std::string, std::string> failures;  // type -> what went wrong
  std::set<std::string> all;
  for (const auto& s : sources) {
    size_t ok = 0;
    for (const auto& text : s.types) {
      all.insert(text);
      auto r = parseTypeName(text);
      if (r.ok() && toString(r.type) == text) {
        ++ok;
      } else {
        failures[text] = r.ok() ? "printed " + toString(r.type) : r.error_code + ": " + r.message;
      }
    }
    std::printf("%-24s rows %6zu  distinct %5zu  round-trip %5zu  failed %zu\n", s.name.c_str(), s.rows,
                s.types.size(), ok, s.types.size() - ok);
  }
  std::printf("all sources: distinct %zu  failed %zu\n", all.size(), failures.size());
  size_t shown = 0;
  for (const auto& [text, why] : failures) {
    if (!verbose && shown++ >= 20) break;
    std::printf("  FAIL %s\n       %s\n", text.c_str(), why.c_str());
  }
  return failures.empty() ? 0 : 1;
}
