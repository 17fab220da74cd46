#include "compiler/functions/function_catalog.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "compiler/functions/compiled_catalog.h"
#include "compiler/functions/embedded_tables.h"
#include "compiler/functions/rule_text.h"

namespace ferry::functions {
namespace {

/// The scalar table is typed here; other tables (aggregates) are listed for lookup,
/// suggestions and hover, and typed by their own code.
constexpr std::string_view kScalarTable = "scalar_functions";

struct Catalog {
  std::vector<FunctionInfo> rows;
  std::vector<CompiledFunction> compiled;  ///< parallel to rows (info null for other tables)
  std::unordered_map<std::string, size_t> exact;        ///< names and aliases
  std::unordered_map<std::string, size_t> insensitive;  ///< lower-cased case-insensitive ones
  std::vector<std::string> problems;

  void index(const std::string& name, bool case_insensitive, size_t row) {
    if (!exact.emplace(name, row).second && rows[exact[name]].name != rows[row].name)
      problems.push_back("`" + name + "` names both " + rows[exact[name]].name + " and " + rows[row].name);
    if (case_insensitive) insensitive.emplace(lowerAscii(name), row);
  }
};

Catalog buildCatalog() {
  Catalog c;
  struct Pending {
    std::string table;
    TableRow row;
  };
  std::vector<Pending> pending;
  for (const EmbeddedTable& table : embeddedTables()) {
    std::vector<TableProblem> problems;
    for (TableRow& row : parseFunctionTable(table.text, &problems))
      pending.push_back({std::string(table.name), std::move(row)});
    for (const TableProblem& p : problems)
      c.problems.push_back(std::string(table.name) + ".tsv:" + std::to_string(p.line) + ": " + p.message);
  }
  c.rows.reserve(pending.size());
  for (const Pending& p : pending) c.rows.push_back(p.row.info);
  c.compiled.resize(c.rows.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    const TableRow& row = pending[i].row;
    c.index(row.info.name, row.info.case_insensitive, i);
    for (size_t a = 0; a < row.info.aliases.size(); ++a)
      c.index(row.info.aliases[a], row.alias_case_insensitive[a], i);
    if (pending[i].table != kScalarTable) continue;
    CompiledFunction& f = c.compiled[i];
    f.info = &c.rows[i];
    auto where = [&] { return pending[i].table + ".tsv:" + std::to_string(row.line) + ": " + row.info.name + ": "; };
    std::string error;
    if (auto args = parseArgumentConstraints(row.info.arguments, &error)) f.arguments = std::move(*args);
    else c.problems.push_back(where() + error);
    if (row.info.returns != "?") {
      error.clear();
      if (auto rule = parseReturnRule(row.info.returns, &error)) f.returns = std::move(*rule);
      else c.problems.push_back(where() + error);
    }
  }
  return c;
}

const Catalog& catalog() {
  static const Catalog c = buildCatalog();
  return c;
}

const size_t* lookup(std::string_view name) {
  const Catalog& c = catalog();
  if (auto it = c.exact.find(std::string(name)); it != c.exact.end()) return &it->second;
  if (auto it = c.insensitive.find(lowerAscii(name)); it != c.insensitive.end()) return &it->second;
  return nullptr;
}

}  // namespace

const FunctionInfo* findFunction(std::string_view name) {
  const size_t* row = lookup(name);
  return row ? &catalog().rows[*row] : nullptr;
}

std::span<const FunctionInfo> allFunctions() { return catalog().rows; }

const CompiledFunction* findCompiledFunction(std::string_view name) {
  const size_t* row = lookup(name);
  if (!row) return nullptr;
  const CompiledFunction& f = catalog().compiled[*row];
  return f.info ? &f : nullptr;
}

const std::vector<std::string>& catalogProblems() { return catalog().problems; }

}  // namespace ferry::functions
