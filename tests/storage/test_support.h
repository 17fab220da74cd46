/// Helpers of the storage tests: types, blocks built from Fields, a KeyEvaluator over plain
/// columns, and scratch folders.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "runtime/storage/store.h"

namespace ferry::rt::test {

inline ColumnTypePtr T(TypeKind k) { return makeType(k); }
inline ColumnTypePtr wrap(TypeKind k, std::vector<ColumnTypePtr> children) {
  auto t = std::make_shared<ColumnType>();
  t->kind = k;
  t->children = std::move(children);
  return t;
}
inline ColumnTypePtr fixedString(uint64_t n) {
  auto t = std::make_shared<ColumnType>();
  t->kind = TypeKind::FixedString;
  t->length = n;
  return t;
}
inline ColumnTypePtr simple(const std::string& fn, ColumnTypePtr inner) {
  auto t = std::make_shared<ColumnType>(*inner);
  t->simple_aggregate = fn;
  t->name.clear();
  return t;
}
inline ColumnTypePtr aggregateState(const std::string& fn, std::vector<ColumnTypePtr> args) {
  auto t = std::make_shared<ColumnType>();
  t->kind = TypeKind::AggregateFunction;
  t->aggregate_function = fn;
  t->children = std::move(args);
  return t;
}

/// A block of `spec`'s columns from rows of Fields.
inline Block makeBlock(const TableSpec& spec, const std::vector<std::vector<Field>>& rows) {
  Block b;
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    ColumnPtr col = makeColumn(spec.columns[c].type);
    for (const auto& r : rows) appendField(*col, r.at(c));
    b.add(spec.columns[c].name, col);
  }
  b.rows = rows.size();
  return b;
}

inline std::vector<std::vector<Field>> rowsOf(const Block& b) {
  std::vector<std::vector<Field>> out(b.rows);
  for (size_t r = 0; r < b.rows; ++r)
    for (const auto& c : b.columns) out[r].push_back(fieldAt(*c, r));
  return out;
}

/// Keys that are plain columns of the table: partition column (or ""), sorting columns, TTL column
/// (or "").
class ColumnKeys : public KeyEvaluator {
 public:
  ColumnKeys(std::string partition, std::vector<std::string> sorting, std::string ttl = "")
      : partition_(std::move(partition)), sorting_(std::move(sorting)), ttl_(std::move(ttl)) {}
  Block evaluate(const Block& rows) const override {
    Block out;
    auto take = [&](const std::string& name) {
      int at = rows.find(name);
      if (at < 0) throw std::runtime_error("test keys: no column " + name);
      out.add(name, rows.columns[size_t(at)]);
    };
    if (!partition_.empty()) take(partition_);
    for (const auto& s : sorting_) take(s);
    if (!ttl_.empty()) take(ttl_);
    out.rows = rows.rows;
    return out;
  }
  void configure(TableSpec& spec) const {
    spec.has_partition_key = !partition_.empty();
    spec.sorting_key_size = sorting_.size();
    spec.sorting_key_names = sorting_;
    spec.key_columns = sorting_;
    if (!partition_.empty()) spec.key_columns.push_back(partition_);
    spec.has_ttl = !ttl_.empty();
  }

 private:
  std::string partition_;
  std::vector<std::string> sorting_;
  std::string ttl_;
};

struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& tag) {
    path = std::filesystem::temp_directory_path() /
           ("ferry-storage-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

/// All rows of a table in a snapshot, parts in order.
inline std::vector<std::vector<Field>> tableRows(const Store& store, const std::string& table) {
  auto snap = store.snapshot();
  const TableSpec& spec = snap->tables.at(table);
  std::vector<std::string> names;
  for (const auto& c : spec.columns) names.push_back(c.name);
  std::vector<std::vector<Field>> out;
  for (const auto& p : snap->parts.at(table)) {
    auto rows = rowsOf(store.readPart(*p, names));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

}  // namespace ferry::rt::test
