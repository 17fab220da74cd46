// Emits the forward queries Ferry generates for a built-in table of schema changes, one JSON
// object per line, for forward_query_oracle.js to run in ClickHouse 26.7 (chDB):
//
//   {"name", "kind": "conversion"|"scenario", "live_schema": [{name, type}], "new_schema": [...],
//    "sql", "identity", "needs_confirmation", "impossible", "flagged",
//    "columns": [{column, kind, conversion, expression, reason}],
//    "changes": [{column, from, to, conversion, flagged}]}
//
// `changes` lists every column kept with another type: `flagged` when the generator did not
// accept a plain CAST for it (Recommended or Impossible), which the oracle justifies by showing
// that CAST fails on or changes some sample value; unflagged CASTs must keep every sample value.
//
// The conversions cover every row of clickhouse.md §3.3 (lossless, lossy, fallible, impossible,
// composite, aggregate states); the scenarios cover identity, added columns (with and without
// DEFAULT), dropped columns, renames, reordering and the seed's examples. With
// `--plantests DIR...`, every datasource whose columns change between the live and the new
// project of a `.plantest` case (tests/plan/cases, tests/plan/evolutions) is a case too (kind
// "plantest").
//
//   forward_query_cases [--shared DIR] [--source DIR] [--plantests DIR...]
//
// `--shared` and `--source` resolve the `live-dir` / `new-dir` of cases that name project folders
// (`${shared}/corpus/...`); such cases are left out when the folder is absent.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/forward_query.h"
#include "compiler/project/project.h"
#include "compiler/types/conversion.h"
#include "compiler/types/type_parser.h"
#include "tests/plan/plantest/plantest_case.h"

namespace {

using ferry::plan::ColumnSpec;
using ferry::plan::MappingKind;

struct Column {
  Column(std::string n, std::string t, std::string d = {})
      : name(std::move(n)), type(std::move(t)), default_expr(std::move(d)) {}
  std::string name, type, default_expr;
};

struct Scenario {
  std::string name;
  std::vector<Column> live, next;
};

const char* kindName(MappingKind k) {
  switch (k) {
    case MappingKind::Keep: return "keep";
    case MappingKind::Cast: return "cast";
    case MappingKind::Added: return "added";
    case MappingKind::Dropped: return "dropped";
    case MappingKind::Recommended: return "recommended";
    case MappingKind::Impossible: return "impossible";
  }
  return "?";
}

/// (live type, new type): every class of clickhouse.md §3.3.
const std::vector<std::pair<std::string, std::string>> kConversions = {
    // Integers.
    {"UInt8", "UInt16"}, {"UInt16", "UInt64"}, {"Int8", "Int32"}, {"UInt32", "Int64"}, {"Int32", "Int128"},
    {"UInt64", "Int64"}, {"Int64", "UInt64"}, {"Int64", "Int32"}, {"UInt64", "UInt8"}, {"Int32", "UInt32"},
    {"UInt8", "Int8"}, {"UInt16", "Int16"},
    // Floats.
    {"Int16", "Float32"}, {"UInt16", "Float32"}, {"Int32", "Float64"}, {"Int32", "Float32"}, {"Int64", "Float64"},
    {"UInt64", "Float64"}, {"Float32", "Float64"}, {"Float64", "Float32"}, {"Float64", "Int64"},
    {"Float32", "UInt8"}, {"Float64", "Decimal(18, 4)"},
    // Decimals.
    {"Decimal(9, 2)", "Decimal(18, 4)"}, {"Decimal(18, 4)", "Decimal(9, 2)"}, {"Decimal(18, 4)", "Decimal(18, 2)"},
    {"Int32", "Decimal(18, 2)"}, {"Int64", "Decimal(9, 2)"}, {"Decimal(9, 2)", "Float64"}, {"Decimal(18, 4)", "Float64"},
    {"Decimal(9, 2)", "Int64"}, {"Decimal(18, 0)", "Int64"}, {"UInt8", "Decimal(9, 2)"},
    // Nullable.
    {"Int32", "Nullable(Int32)"}, {"UInt8", "Nullable(UInt64)"}, {"Nullable(UInt8)", "Nullable(UInt64)"},
    {"Nullable(Int32)", "Int32"}, {"Nullable(String)", "String"}, {"Nullable(Int32)", "Int64"},
    {"Nullable(String)", "UUID"}, {"Nullable(Int64)", "Int32"}, {"Nullable(Float64)", "Float32"},
    {"Nullable(Int64)", "Nullable(Int32)"}, {"String", "Nullable(UUID)"}, {"Nullable(String)", "Nullable(UUID)"},
    {"Nullable(Float64)", "Nullable(Float32)"}, {"Nullable(Float64)", "Int32"},
    {"Nullable(DateTime64(3))", "DateTime"},
    // LowCardinality.
    {"String", "LowCardinality(String)"}, {"LowCardinality(String)", "String"},
    {"LowCardinality(Nullable(String))", "String"}, {"LowCardinality(Nullable(String))", "Nullable(String)"},
    {"LowCardinality(String)", "UUID"}, {"String", "LowCardinality(Nullable(String))"},
    {"Nullable(String)", "LowCardinality(String)"}, {"LowCardinality(String)", "LowCardinality(FixedString(2))"},
    // FixedString.
    {"FixedString(4)", "String"}, {"String", "FixedString(4)"}, {"FixedString(8)", "FixedString(4)"},
    {"FixedString(4)", "FixedString(8)"},
    // Dates and times.
    {"Date", "Date32"}, {"Date", "DateTime"}, {"Date", "DateTime64(3)"}, {"DateTime", "DateTime64(3)"},
    {"DateTime64(3)", "DateTime"}, {"DateTime64(6)", "DateTime64(3)"}, {"DateTime", "Date"},
    {"DateTime('UTC')", "DateTime('Asia/Tokyo')"}, {"DateTime64(3, 'UTC')", "DateTime('UTC')"},
    {"Date32", "Date"}, {"DateTime64(3)", "Date"}, {"UInt32", "DateTime"}, {"Int64", "DateTime"}, {"Int64", "Date"},
    {"DateTime64(6)", "DateTime64(3, 'UTC')"},
    // To and from String.
    {"Date", "String"}, {"DateTime", "String"}, {"UInt64", "String"}, {"Float64", "String"}, {"UUID", "String"},
    {"String", "UInt32"}, {"String", "Int64"}, {"String", "Float64"}, {"String", "Decimal(18, 2)"},
    {"String", "Date"}, {"String", "DateTime"}, {"String", "DateTime64(3)"}, {"String", "UUID"},
    {"String", "IPv4"}, {"String", "IPv6"}, {"String", "Bool"}, {"String", "Float32"},
    {"String", "FixedString(2)"}, {"String", "Map(String, UInt8)"},
    // Enums.
    {"Enum8('a' = 1, 'b' = 2)", "Enum16('a' = 1, 'b' = 2)"}, {"Enum8('a' = 1)", "Enum8('a' = 1, 'b' = 2)"},
    {"Enum8('a' = 1, 'b' = 2)", "Enum8('a' = 1)"}, {"Enum8('a' = 1, 'b' = 2)", "String"},
    {"String", "Enum8('a' = 1, 'b' = 2)"}, {"UInt8", "Enum8('a' = 1, 'b' = 2)"},
    {"Enum8('a' = 1, 'b' = 2)", "Int16"}, {"Nullable(String)", "Enum8('a' = 1, 'b' = 2)"},
    {"Nullable(String)", "Nullable(Enum8('a' = 1, 'b' = 2))"}, {"FixedString(1)", "Enum8('a' = 1, 'b' = 2)"},
    // UUID, IP, Bool.
    {"UUID", "UInt128"}, {"IPv4", "IPv6"}, {"IPv6", "IPv4"}, {"IPv4", "String"}, {"UInt8", "Bool"},
    {"Bool", "UInt8"}, {"UInt32", "IPv4"},
    // Composite types, element by element.
    {"Array(UInt8)", "Array(UInt64)"}, {"Array(Int64)", "Array(Int32)"}, {"Array(String)", "Array(UUID)"},
    {"Array(Nullable(Int64))", "Array(Int64)"}, {"Array(Array(Int64))", "Array(Array(UInt8))"},
    {"Map(String, UInt8)", "Map(String, UInt64)"}, {"Map(String, Int64)", "Map(String, UInt8)"},
    {"Map(String, String)", "Map(LowCardinality(String), UUID)"},
    {"Tuple(UInt8, String)", "Tuple(UInt64, LowCardinality(String))"}, {"Tuple(Int64, String)", "Tuple(Int32, String)"},
    {"Tuple(a Int64, b String)", "Tuple(a Int32, b String)"}, {"Tuple(a UInt8, b String)", "Tuple(a UInt8)"},
    {"Array(Tuple(String, UInt8))", "Map(String, UInt8)"}, {"Array(UInt8)", "UInt8"}, {"String", "Array(String)"},
    // Aggregate states (§3.4).
    {"AggregateFunction(count, UInt16)", "AggregateFunction(count, UInt64)"},
    {"AggregateFunction(uniq, String)", "AggregateFunction(uniq, LowCardinality(String))"},
    {"AggregateFunction(sum, UInt16)", "AggregateFunction(sum, UInt64)"},
    {"AggregateFunction(max, UInt16)", "AggregateFunction(max, UInt64)"},
    {"AggregateFunction(min, Int64)", "AggregateFunction(min, Int32)"},
    {"AggregateFunction(sum, Int32)", "AggregateFunction(sum, UInt64)"},
    {"AggregateFunction(any, String)", "AggregateFunction(any, UUID)"},
    {"AggregateFunction(uniq, UInt16)", "AggregateFunction(uniq, UInt64)"},
    {"AggregateFunction(avg, UInt16)", "AggregateFunction(avg, UInt64)"},
    {"AggregateFunction(sum, UInt64)", "AggregateFunction(max, UInt64)"},
    {"AggregateFunction(sum, UInt8)", "AggregateFunction(sum, Nullable(UInt8))"},
    {"AggregateFunction(quantiles(0.5, 0.9), Float64)", "AggregateFunction(quantiles(0.5, 0.9), Float32)"},
    {"SimpleAggregateFunction(sum, UInt64)", "SimpleAggregateFunction(sum, UInt128)"},
    {"SimpleAggregateFunction(max, UInt64)", "SimpleAggregateFunction(max, UInt32)"},
    {"SimpleAggregateFunction(any, String)", "SimpleAggregateFunction(any, LowCardinality(String))"},
    {"UInt64", "SimpleAggregateFunction(max, UInt64)"},
    // Dynamic, JSON, Time.
    {"String", "Dynamic"}, {"Dynamic", "String"}, {"Dynamic", "Int64"}, {"String", "JSON"}, {"Time64(3)", "Time"}, {"Time", "Time64(3)"}, {"Time64(6)", "Time64(3)"},
};

std::vector<Scenario> scenarios() {
  return {
      {"identity", {{"ts", "DateTime"}, {"id", "String"}}, {{"ts", "DateTime"}, {"id", "String"}}},
      {"add column without DEFAULT", {{"ts", "DateTime"}, {"id", "String"}},
       {{"ts", "DateTime"}, {"id", "String"}, {"n", "UInt32"}}},
      {"add column with a constant DEFAULT", {{"ts", "DateTime"}, {"id", "String"}},
       {{"ts", "DateTime"}, {"id", "String"}, {"n", "UInt32", "7"}}},
      {"add column with a DEFAULT of another type", {{"ts", "DateTime"}},
       {{"ts", "DateTime"}, {"label", "LowCardinality(String)", "'none'"}}},
      {"add column with a DEFAULT over a live column", {{"ts", "DateTime"}, {"id", "String"}},
       {{"ts", "DateTime"}, {"id", "String"}, {"day", "Date", "toDate(ts)"}}},
      {"add column with a DEFAULT over a changed column", {{"ts", "DateTime"}, {"n", "UInt32"}},
       {{"ts", "DateTime"}, {"n", "UInt64"}, {"n2", "UInt64", "n * 2"}}},
      {"add column with a DEFAULT over a missing column", {{"ts", "DateTime"}},
       {{"ts", "DateTime"}, {"x", "String", "upper(nowhere)"}}},
      {"add column in the middle", {{"a", "UInt8"}, {"c", "String"}},
       {{"a", "UInt8"}, {"b", "Nullable(String)"}, {"c", "String"}}},
      {"drop column", {{"ts", "DateTime"}, {"id", "String"}, {"payload", "String"}},
       {{"ts", "DateTime"}, {"id", "String"}}},
      {"rename (drop and add of the same type)", {{"ts", "DateTime"}, {"user", "String"}},
       {{"ts", "DateTime"}, {"user_id", "String"}}},
      {"reorder columns", {{"a", "UInt8"}, {"b", "String"}}, {{"b", "String"}, {"a", "UInt8"}}},
      {"seed: String to UUID",
       {{"timestamp", "DateTime"}, {"session_id", "String"}, {"action", "String"}, {"version", "String"},
        {"payload", "String"}},
       {{"timestamp", "DateTime"}, {"session_id", "UUID"}, {"action", "String"}, {"version", "String"},
        {"payload", "String"}}},
      {"seed: count state UInt16 to UInt64",
       {{"date", "Date"}, {"page_url", "String"}, {"visits", "AggregateFunction(count, UInt16)"}},
       {{"date", "Date"}, {"page_url", "String"}, {"visits", "AggregateFunction(count, UInt64)"}}},
      {"everything at once",
       {{"ts", "DateTime64(3)"}, {"n", "UInt32"}, {"s", "Nullable(String)"}, {"old", "Float64"}, {"gone", "String"}},
       {{"ts", "DateTime64(3)"}, {"n", "UInt64"}, {"s", "String"}, {"new", "Float64"}, {"flag", "UInt8", "1"}}},
      {"columns named like the lambda parameters",
       {{"x", "Array(Int64)"}, {"k", "Map(String, Int64)"}, {"v", "Array(Array(Int64))"}},
       {{"x", "Array(Int32)"}, {"k", "Map(String, Int32)"}, {"v", "Array(Array(UInt8))"}}},
      {"names that need quoting", {{"my col", "UInt8"}, {"select", "String"}},
       {{"my col", "UInt16"}, {"select", "String"}, {"from", "Date", "today()"}}},
  };
}

std::vector<ColumnSpec> specs(const std::vector<Column>& columns, bool& ok) {
  std::vector<ColumnSpec> out;
  for (const auto& c : columns) {
    auto parsed = ferry::types::parseTypeName(c.type);
    if (!parsed.ok()) {
      std::cerr << "forward_query_cases: bad type " << c.type << ": " << parsed.message << "\n";
      ok = false;
    }
    out.push_back({c.name, parsed.type, c.default_expr});
  }
  return out;
}

namespace fs = std::filesystem;

struct Dirs {
  fs::path shared;  ///< `${shared}` in `live-dir` / `new-dir`
  fs::path source;  ///< the repository, for other relative `live-dir` / `new-dir`
};

/// The root of one side of a `.plantest` case: its `<side>-dir`, or its inline files written to
/// `temp` (`new: inherit-live` lays the new files over the live ones). Empty when there is none.
fs::path sideRoot(const ferry::plantest::PlanCase& c, const std::string& side, const fs::path& temp, const Dirs& dirs) {
  if (auto dir = c.value(side + "-dir")) {
    static constexpr std::string_view kShared = "${shared}";
    fs::path root = dir->rfind(kShared, 0) == 0 ? dirs.shared / dir->substr(kShared.size() + 1) : dirs.source / *dir;
    std::error_code ec;
    return fs::is_directory(root, ec) ? root : fs::path();
  }
  auto files = c.projectFiles(side);
  if (side == "new" && c.value("new").value_or("") == "inherit-live") {
    for (const auto& f : c.projectFiles("live")) {
      bool overridden = false;
      for (const auto& n : files) overridden = overridden || n.name == f.name;
      if (!overridden) files.push_back(f);
    }
  }
  if (files.empty()) return {};
  fs::path root = temp / side;
  for (const auto& f : files) {
    if (f.name.find("..") != std::string::npos) return {};
    fs::create_directories((root / f.name).parent_path());
    std::ofstream(root / f.name, std::ios::binary) << f.data;
  }
  return root;
}

/// The datasources of a case whose columns change: (name, live columns, new columns).
std::vector<std::tuple<std::string, std::vector<ColumnSpec>, std::vector<ColumnSpec>>> plantestChanges(
    const fs::path& file, const fs::path& temp, const Dirs& dirs) {
  std::vector<std::tuple<std::string, std::vector<ColumnSpec>, std::vector<ColumnSpec>>> out;
  std::string error;
  auto c = ferry::plantest::readCase(file, error);
  if (!c) return out;
  fs::remove_all(temp);
  fs::path live_root = sideRoot(*c, "live", temp, dirs);
  fs::path new_root = sideRoot(*c, "new", temp, dirs);
  if (live_root.empty() || new_root.empty()) return out;
  ferry::SourceManager sources;
  ferry::DiagnosticSink sink;
  auto live = ferry::project::loadProject(live_root, sources, sink);
  auto next = ferry::project::loadProject(new_root, sources, sink);
  for (const auto& r : next->resources) {
    if (r->kind != ferry::project::ResourceKind::Datasource) continue;
    const auto* old = live->find(r->name);
    if (!old || old->kind != ferry::project::ResourceKind::Datasource) continue;
    auto from = ferry::plan::columnSpecs(*old);
    auto to = ferry::plan::columnSpecs(*r);
    bool complete = !from.empty() && !to.empty();
    for (const auto& s : from) complete = complete && s.type;
    for (const auto& s : to) complete = complete && s.type;
    if (!complete) continue;
    bool same = from.size() == to.size();
    for (size_t i = 0; same && i < from.size(); ++i) {
      same = from[i].name == to[i].name && ferry::types::toString(from[i].type) == ferry::types::toString(to[i].type);
    }
    if (same) continue;
    out.emplace_back(c->name() + ": " + r->name, std::move(from), std::move(to));
  }
  return out;
}

nlohmann::json schemaJson(const std::vector<ColumnSpec>& columns) {
  auto out = nlohmann::json::array();
  for (const auto& c : columns) out.push_back({{"name", c.name}, {"type", ferry::types::toString(c.type)}});
  return out;
}

}  // namespace

struct Case {
  std::string kind, name;
  std::vector<ColumnSpec> live, next;
};

int main(int argc, char** argv) {
  std::vector<Case> all;
  bool ok = true;
  for (const auto& [from, to] : kConversions) {
    Scenario s{from + " -> " + to, {{"k", "UInt64"}, {"c", from}}, {{"k", "UInt64"}, {"c", to}}};
    all.push_back({"conversion", s.name, specs(s.live, ok), specs(s.next, ok)});
  }
  for (const auto& s : scenarios()) all.push_back({"scenario", s.name, specs(s.live, ok), specs(s.next, ok)});
  if (!ok) return 2;
  std::vector<fs::path> plantests;
  Dirs dirs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--plantests") continue;
    if ((arg == "--shared" || arg == "--source") && i + 1 < argc) {
      (arg == "--shared" ? dirs.shared : dirs.source) = argv[++i];
      continue;
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(arg, ec))
      if (entry.path().extension() == ".plantest") plantests.push_back(entry.path());
  }
  std::sort(plantests.begin(), plantests.end());
  std::random_device rd;
  fs::path temp = fs::temp_directory_path() / ("ferry-forward-cases-" + std::to_string(rd()));
  for (const auto& file : plantests) {
    for (auto& [name, live, next] : plantestChanges(file, temp, dirs)) all.push_back({"plantest", name, live, next});
  }
  fs::remove_all(temp);

  for (const auto& [kind, name, live, next] : all) {
    auto generated = ferry::plan::generateForwardQuery(live, next);
    nlohmann::json line = {{"name", name}, {"kind", kind}, {"live_schema", schemaJson(live)},
                           {"new_schema", schemaJson(next)}, {"sql", generated.sql},
                           {"identity", generated.identity},
                           {"needs_confirmation", generated.needs_confirmation},
                           {"impossible", generated.impossible},
                           {"flagged", generated.needs_confirmation || generated.impossible}};
    auto columns = nlohmann::json::array();
    auto changes = nlohmann::json::array();
    for (const auto& m : generated.columns) {
      columns.push_back({{"column", m.column}, {"kind", kindName(m.kind)},
                         {"conversion", std::string(ferry::types::conversionKindName(m.conversion))},
                         {"expression", m.expression}, {"reason", m.reason}});
      if (m.kind != MappingKind::Cast && m.kind != MappingKind::Recommended && m.kind != MappingKind::Impossible) continue;
      for (size_t i = 0; i < live.size(); ++i) {
        if (live[i].name != m.column) continue;
        for (const auto& n : next) {
          if (n.name != m.column) continue;
          changes.push_back({{"column", m.column}, {"from", ferry::types::toString(live[i].type)},
                             {"to", ferry::types::toString(n.type)},
                             {"conversion", std::string(ferry::types::conversionKindName(m.conversion))},
                             {"flagged", m.kind != MappingKind::Cast}});
        }
      }
    }
    line["columns"] = columns;
    line["changes"] = changes;
    auto hints = nlohmann::json::array();
    for (const auto& [from, to] : generated.rename_hints) hints.push_back({from, to});
    line["rename_hints"] = hints;
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}
