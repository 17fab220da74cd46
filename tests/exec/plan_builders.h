/// Small builders for hand-written physical plans in the interpreter's tests.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/column/value_text.h"
#include "runtime/exec/executor.h"

namespace ferry::rt::test {

inline ColumnTypePtr T(TypeKind k) { return makeType(k); }

inline ExprPtr input(size_t i, ColumnTypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Input;
  e->input = i;
  e->type = std::move(type);
  return e;
}
inline ExprPtr lit(Field v, ColumnTypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Literal;
  e->literal = std::move(v);
  e->type = std::move(type);
  return e;
}
inline ExprPtr call(std::string fn, ColumnTypePtr type, std::vector<ExprPtr> args) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Call;
  e->function = std::move(fn);
  e->type = std::move(type);
  e->args = std::move(args);
  return e;
}

/// A column of `type` from values.
inline SortKey sortKey(ExprPtr expr, bool descending = false, bool nulls_first = false) {
  SortKey key;
  key.expr = std::move(expr);
  key.descending = descending;
  key.nulls_first = nulls_first;
  return key;
}

inline ColumnPtr column(ColumnTypePtr type, const std::vector<Field>& values) {
  auto c = makeColumn(std::move(type));
  for (const auto& v : values) appendField(*c, v);
  return c;
}

inline std::string text(const Column& c, size_t row) {
  std::string out;
  formatValue(c, row, TextFormat::Tsv, out);
  return out;
}
/// All rows of a block as TSV lines.
inline std::vector<std::string> rowsOf(const Block& b) {
  std::vector<std::string> rows;
  for (size_t r = 0; r < b.rows; ++r) {
    std::string line;
    for (size_t c = 0; c < b.columns.size(); ++c) {
      if (c) line += '\t';
      line += text(*b.columns[c], r);
    }
    rows.push_back(line);
  }
  return rows;
}

class MemoryTables : public TableProvider {
 public:
  std::map<std::string, Block> tables;
  mutable int scans = 0;
  mutable std::vector<std::vector<std::string>> requested;  ///< the columns of each scan
  void scan(const std::string& table, const std::vector<std::string>& columns, const Expr*, bool,
            const std::function<void(Block)>& sink) const override {
    ++scans;
    requested.push_back(columns);
    const Block& t = tables.at(table);
    Block b;
    for (const auto& name : columns) b.add(name, t.columns.at(size_t(t.find(name))));
    b.rows = t.rows;
    sink(b);
  }
};

inline PlanPtr scanNode(const std::string& table, const Block& b) {
  auto n = std::make_shared<PlanNode>();
  n->kind = PlanKind::Scan;
  n->table = table;
  for (size_t i = 0; i < b.names.size(); ++i) {
    n->columns.push_back(b.names[i]);
    n->output.push_back({b.names[i], b.columns[i]->type});
  }
  return n;
}

}  // namespace ferry::rt::test
