// A TableResolver over tables written as ClickHouse column lists (`a UInt32, n Nested(p UInt8)`),
// shared by the analyzer's tests. Nested columns are flattened into `n.p Array(UInt8)` columns,
// as ClickHouse stores them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/analyze/schema.h"
#include "compiler/analyze/select_analyzer.h"

namespace ferry::test {

class TestTables : public analyze::TableResolver {
 public:
  void add(const std::string& name, const std::string& columns) {
    std::string error;
    auto parsed = analyze::parseStructure(columns, &error);
    analyze::Schema schema;
    if (parsed) {
      for (const auto& c : *parsed) {
        if (c.type && c.type->kind == types::TypeKind::Nested) {
          for (size_t i = 0; i < c.type->children.size(); ++i) {
            schema.push_back({c.name + "." + c.type->element_names[i], types::makeArray(c.type->children[i])});
          }
        } else {
          schema.push_back(c);
        }
      }
    }
    tables_[name] = std::move(schema);
  }

  const analyze::Schema* findTable(const std::vector<std::string>& parts) const override {
    if (parts.empty()) return nullptr;
    if (parts.size() == 2 && parts[0] != "default") return nullptr;
    auto it = tables_.find(parts.back());
    return it == tables_.end() ? nullptr : &it->second;
  }

  std::vector<std::string> tableNames() const override {
    std::vector<std::string> names;
    for (const auto& [name, schema] : tables_) names.push_back(name);
    return names;
  }

 private:
  std::map<std::string, analyze::Schema> tables_;
};

}  // namespace ferry::test
