// Prints, for each case of a JSON-lines file ({"type", "text"}), what Ferry's value_text makes of
// it: {"type", "text", "ok", "error", "tsv", "csv", "json"}. value_text_oracle.js compares these
// with ClickHouse's own output (chDB) byte for byte.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/column/value_text.h"
#include "tests/column/type_text.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: value_text_dump CASES.jsonl\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto c = nlohmann::json::parse(line);
    nlohmann::json out = c;
    auto type = ferry::rt::test::parseTypeText(c["type"].get<std::string>());
    auto column = ferry::rt::makeColumn(type);
    std::string error;
    bool ok = ferry::rt::parseAndAppend(*column, c["text"].get<std::string>(), error);
    out["ok"] = ok;
    if (ok) {
      std::string tsv, csv, json;
      ferry::rt::formatValue(*column, 0, ferry::rt::TextFormat::Tsv, tsv);
      ferry::rt::formatValue(*column, 0, ferry::rt::TextFormat::Csv, csv);
      ferry::rt::formatValue(*column, 0, ferry::rt::TextFormat::Json, json);
      // Byte strings may be invalid UTF-8: carry them as arrays of byte values.
      auto bytes = [](const std::string& s) {
        nlohmann::json a = nlohmann::json::array();
        for (unsigned char ch : s) a.push_back(int(ch));
        return a;
      };
      out["tsv"] = bytes(tsv);
      out["csv"] = bytes(csv);
      out["json"] = bytes(json);
    } else {
      out["error"] = error;
    }
    std::cout << out.dump() << "\n";
  }
  return 0;
}
