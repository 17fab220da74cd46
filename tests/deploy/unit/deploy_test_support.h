/// Helpers of the deployment unit tests: scratch folders, hand-built table definitions, views and
/// plans, and readers of physical tables straight from the store (what a version maps a logical
/// name to is what the tests check, so they read physical tables by name).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/column/value_text.h"
#include "runtime/database/database.h"
#include "runtime/deploy/staging_spec.h"
#include "tests/exec/plan_builders.h"

namespace ferry::rt::deploytest {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() /
           ("ferry-deploy-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

using ::ferry::rt::test::input;
using ::ferry::rt::test::T;

inline ExprPtr cast(ExprPtr arg, ColumnTypePtr to) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Cast;
  e->args = {std::move(arg)};
  e->type = std::move(to);
  return e;
}

inline PlanPtr scan(const std::string& table, const std::vector<OutputColumn>& columns) {
  auto n = std::make_shared<PlanNode>();
  n->kind = PlanKind::Scan;
  n->table = table;
  for (const auto& c : columns) n->columns.push_back(c.name);
  n->output = columns;
  return n;
}

inline PlanPtr aggregate(PlanPtr child, std::vector<OutputColumn> output, std::vector<AggregateCall> calls) {
  auto n = std::make_shared<PlanNode>();
  n->kind = PlanKind::Aggregate;
  n->children = {std::move(child)};
  n->output = std::move(output);
  n->aggregates = std::move(calls);
  return n;
}

inline PlanPtr project(PlanPtr child, std::vector<OutputColumn> output, std::vector<ExprPtr> exprs) {
  auto n = std::make_shared<PlanNode>();
  n->kind = PlanKind::Project;
  n->children = {std::move(child)};
  n->output = std::move(output);
  n->exprs = std::move(exprs);
  return n;
}

/// A MergeTree datasource sorted by its first column.
inline TableDefinition datasource(const std::string& name, const std::vector<OutputColumn>& columns) {
  TableDefinition t;
  t.spec.name = name;
  for (const auto& c : columns) {
    t.spec.columns.push_back({c.name, c.type, ""});
    t.ingest_columns.push_back({c.name, c.type, "", nullptr});
  }
  t.spec.engine.kind = EngineKind::MergeTree;
  t.spec.sorting_key_size = 1;
  t.spec.sorting_key_names = {columns.at(0).name};
  t.key_exprs = {input(0, columns.at(0).type)};
  return t;
}

/// `events`: id UInt64, name String.
inline TableDefinition eventsTable(const std::string& name = "events") {
  return datasource(name, {{"id", T(TypeKind::UInt64)}, {"name", T(TypeKind::String)}});
}

/// The target of the counting view: `c UInt64` (version 1) or `c UInt64, s UInt64` (version 2).
inline TableDefinition countTarget(const std::string& name, bool with_sum) {
  std::vector<OutputColumn> columns{{"c", T(TypeKind::UInt64)}};
  if (with_sum) columns.push_back({"s", T(TypeKind::UInt64)});
  return datasource(name, columns);
}

/// SELECT count() AS c [, sum(id) AS s] FROM <source>.
inline PlanPtr countPlan(const std::string& source, bool with_sum) {
  auto from = scan(source, {{"id", T(TypeKind::UInt64)}});
  std::vector<OutputColumn> out{{"c", T(TypeKind::UInt64)}};
  std::vector<AggregateCall> calls{AggregateCall{"count", {}, {}, T(TypeKind::UInt64)}};
  if (with_sum) {
    out.push_back({"s", T(TypeKind::UInt64)});
    calls.push_back(AggregateCall{"sum", {}, {input(0, T(TypeKind::UInt64))}, T(TypeKind::UInt64)});
  }
  return aggregate(from, out, calls);
}

/// SELECT sum(<column>) FROM <table> (a UInt64 column).
inline PlanPtr sumPlan(const std::string& table, const std::string& column) {
  auto from = scan(table, {{column, T(TypeKind::UInt64)}});
  return aggregate(from, {{"total", T(TypeKind::UInt64)}},
                   {AggregateCall{"sum", {}, {input(0, T(TypeKind::UInt64))}, T(TypeKind::UInt64)}});
}

/// SELECT count() FROM <table>.
inline PlanPtr countRowsPlan(const std::string& table, const std::string& any_column) {
  auto from = scan(table, {{any_column, T(TypeKind::UInt64)}});
  return aggregate(from, {{"rows", T(TypeKind::UInt64)}}, {AggregateCall{"count", {}, {}, T(TypeKind::UInt64)}});
}

/// Deployment "1": events -> view `v` (count) -> A(c). Deployment "2": the same events, and A gets
/// a new physical table A(c, s) filled by `v` (count and sum of ids).
inline DeploymentDefinition countingVersion(bool v2) {
  DeploymentDefinition d;
  d.tables = {eventsTable(), countTarget("A", v2)};
  d.views = {ViewDefinition{"v", "events", "A", countPlan("events", v2)}};
  return d;
}

inline DeploymentLoader countingLoader() {
  return [](const std::string& id) -> DeploymentDefinition {
    if (id == "1") return countingVersion(false);
    if (id == "2" || id == "3") return countingVersion(true);
    throw std::runtime_error("no deployment " + id);
  };
}

/// Deployment `id` rewrites A (an MV target) and fills it by replaying its views.
inline StagingSpec viewsSpec(const std::string& id = "2") {
  StagingSpec spec;
  spec.id = id;
  StagedTable a;
  a.name = "A";
  a.fill = StagedTable::Fill::Views;
  spec.tables = {a};
  return spec;
}

/// Rows `id` in [from, to), name "n<id>".
inline Block eventRows(uint64_t from, uint64_t to) {
  auto ids = makeColumn(T(TypeKind::UInt64));
  auto names = makeColumn(T(TypeKind::String));
  for (uint64_t i = from; i < to; ++i) {
    appendField(*ids, Field(i));
    appendField(*names, Field("n" + std::to_string(i)));
  }
  Block b;
  b.add("id", ids);
  b.add("name", names);
  return b;
}

inline std::string ndjson(uint64_t from, uint64_t to) {
  std::string s;
  for (uint64_t i = from; i < to; ++i) s += "{\"id\":" + std::to_string(i) + ",\"name\":\"n" + std::to_string(i) + "\"}\n";
  return s;
}

inline uint64_t sumRange(uint64_t from, uint64_t to) {
  uint64_t s = 0;
  for (uint64_t i = from; i < to; ++i) s += i;
  return s;
}

/// Every row of a physical table in the latest snapshot, columns by name (throws when absent).
inline std::map<std::string, std::vector<Field>> physicalRows(const Store& store, const std::string& table) {
  auto snapshot = store.snapshot();
  auto spec = snapshot->tables.find(table);
  if (spec == snapshot->tables.end()) throw std::runtime_error("no table " + table + " in the store");
  std::vector<std::string> names;
  for (const auto& c : spec->second.columns) names.push_back(c.name);
  std::map<std::string, std::vector<Field>> out;
  for (const auto& name : names) out[name];
  auto parts = snapshot->parts.find(table);
  if (parts == snapshot->parts.end()) return out;
  for (const auto& part : parts->second) {
    Block b = store.readPart(*part, names);
    for (size_t c = 0; c < names.size(); ++c)
      for (size_t r = 0; r < part->rows; ++r) out[names[c]].push_back(fieldAt(*b.columns[c], r));
  }
  return out;
}

inline uint64_t rowCount(const Store& store, const std::string& table) {
  auto rows = physicalRows(store, table);
  return rows.empty() ? 0 : rows.begin()->second.size();
}

inline uint64_t sumOf(const Store& store, const std::string& table, const std::string& column) {
  uint64_t s = 0;
  const auto rows = physicalRows(store, table);
  for (const auto& f : rows.at(column)) s += std::get<uint64_t>(f.value);
  return s;
}

/// sum(column) of a logical table through a version's reader.
inline uint64_t sumThrough(const TableProvider& reader, const std::string& table, const std::string& column) {
  uint64_t s = 0;
  reader.scan(table, {column}, nullptr, false, [&](Block b) {
    for (size_t r = 0; r < b.rows; ++r) s += std::get<uint64_t>(fieldAt(*b.columns[0], r).value);
  });
  return s;
}

/// The first value of a one-row result as text.
inline std::string scalar(const Block& b) {
  if (b.rows == 0 || b.columns.empty()) return "<empty>";
  std::string out;
  formatValue(*b.columns[0], 0, TextFormat::Tsv, out);
  return out;
}

inline bool tableExists(const Store& store, const std::string& table) { return store.snapshot()->tables.count(table) > 0; }

}  // namespace ferry::rt::deploytest
