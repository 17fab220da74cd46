/// Emits the differential cases of the aggregate functions as JSON lines: a ClickHouse query over
/// a values() table holding generated rows, and Ferry's result of the same call over the same
/// rows (TSV text). aggregate_oracle.js runs the queries in chDB and compares.
#include <iostream>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "tests/aggregates/aggregate_test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::test;

namespace {

struct DataColumn {
  std::string name;
  std::string ch_type;
  ColumnTypePtr type;
  std::vector<Field> values;
  std::vector<std::string> literals;
};

struct Dataset {
  std::string label;
  size_t rows = 0;
  std::vector<DataColumn> columns;

  const DataColumn& column(const std::string& name) const {
    for (const auto& c : columns)
      if (c.name == name) return c;
    throw std::runtime_error("no column " + name);
  }
  std::string from() const {
    std::string structure, tuples;
    for (size_t i = 0; i < columns.size(); ++i) structure += (i ? ", " : "") + columns[i].name + " " + columns[i].ch_type;
    // An empty dataset keeps one generated row for values() and filters it out.
    for (size_t r = 0; r < columns[0].literals.size(); ++r) {
      tuples += ", (";
      for (size_t i = 0; i < columns.size(); ++i) tuples += (i ? ", " : "") + columns[i].literals[r];
      tuples += ")";
    }
    return "values('" + structure + "'" + tuples + ")" + (rows == 0 ? " WHERE 0" : "");
  }
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

Dataset makeDataset(std::string label, size_t rows, uint64_t seed, bool all_null = false) {
  std::mt19937_64 rng(seed);
  Dataset d{std::move(label), rows, {}};
  auto add = [&](std::string name, std::string ch, ColumnTypePtr type, auto gen) {
    DataColumn c{std::move(name), std::move(ch), std::move(type), {}, {}};
    for (size_t r = 0; r < rows; ++r) {
      auto [field, literal] = gen();
      c.values.push_back(field);
      c.literals.push_back(literal);
    }
    d.columns.push_back(std::move(c));
  };
  // Skewed small domains: duplicates and a clear frequency order for topK.
  add("u", "UInt32", makeType(TypeKind::UInt32), [&] {
    uint64_t v = std::min(rng() % 40, rng() % 40) * 3;
    return std::pair{Field(v), std::to_string(v)};
  });
  add("i", "Int64", makeType(TypeKind::Int64), [&] {
    int64_t v = int64_t(rng() % 2000000) - 1000000;
    return std::pair{Field(v), std::to_string(v)};
  });
  add("f", "Float64", makeType(TypeKind::Float64), [&] {
    double v = double(int64_t(rng() % 100000) - 50000) / 64;
    return std::pair{Field(v), std::to_string(v)};
  });
  add("s", "String", makeType(TypeKind::String), [&] {
    std::string v(1 + rng() % 3, char('a' + rng() % 5));
    if (rng() % 7 == 0) v += "'\\x";
    return std::pair{Field(v), quote(v)};
  });
  add("n", "Nullable(Int32)", makeNullable(makeType(TypeKind::Int32)), [&] {
    if (all_null || rng() % 3 == 0) return std::pair{Field(Null{}), std::string("NULL")};
    int64_t v = int64_t(rng() % 100) - 50;
    return std::pair{Field(v), std::to_string(v)};
  });
  add("c", "UInt8", makeType(TypeKind::UInt8), [&] {
    uint64_t v = rng() % 3 == 0;
    return std::pair{Field(v), std::to_string(v)};
  });
  add("dt", "DateTime", makeType(TypeKind::DateTime), [&] {
    uint64_t v = 1700000000 + rng() % 100000;
    return std::pair{Field(v), std::to_string(v)};
  });
  add("dec", "Decimal(9, 2)", decimalType(TypeKind::Decimal32, 9, 2), [&] {
    int64_t cents = int64_t(rng() % 100000) - 50000;
    double v = double(cents) / 100;
    std::string lit = (cents < 0 ? "-" : "") + std::to_string(std::abs(cents) / 100) + "." +
                      (std::abs(cents) % 100 < 10 ? "0" : "") + std::to_string(std::abs(cents) % 100);
    // Quoted: values() reads an unquoted 66.72 through Float64 and truncates it to 66.71.
    return std::pair{Field(v), quote(lit)};
  });
  add("a", "Array(UInt16)", makeArray(makeType(TypeKind::UInt16)), [&] {
    FieldArray a;
    std::string lit = "[";
    size_t len = rng() % 4;
    for (size_t j = 0; j < len; ++j) {
      uint64_t v = rng() % 10;
      a.push_back(Field(v));
      lit += (j ? "," : "") + std::to_string(v);
    }
    return std::pair{Field(a), lit + "]"};
  });
  add("vals", "Array(Int8)", makeArray(makeType(TypeKind::Int8)), [&] {
    // Same lengths as `a` (sumMap pairs them): generated below.
    return std::pair{Field(FieldArray{}), std::string("[]")};
  });
  // sumMap values: one Int8 per key of `a`.
  auto& keys = d.columns[d.columns.size() - 2];
  auto& vals = d.columns.back();
  for (size_t r = 0; r < rows; ++r) {
    const auto& ka = std::get<FieldArray>(keys.values[r].value);
    FieldArray va;
    std::string lit = "[";
    for (size_t j = 0; j < ka.size(); ++j) {
      int64_t v = int64_t(rng() % 7) - 3;
      va.push_back(Field(v));
      lit += (j ? "," : "") + std::to_string(v);
    }
    vals.values[r] = Field(va);
    vals.literals[r] = lit + "]";
  }
  return d;
}

struct Call {
  std::string name;
  std::vector<std::string> params;
  std::vector<std::string> args;
  std::string mode = "exact";
};

std::vector<Call> calls() {
  return {
      {"count", {}, {}}, {"count", {}, {"n"}}, {"sum", {}, {"u"}}, {"sum", {}, {"i"}}, {"sum", {}, {"f"}},
      {"sum", {}, {"n"}}, {"sum", {}, {"dec"}}, {"avg", {}, {"i"}}, {"avg", {}, {"n"}}, {"avg", {}, {"dec"}},
      {"min", {}, {"s"}}, {"max", {}, {"f"}}, {"min", {}, {"n"}}, {"max", {}, {"dt"}}, {"max", {}, {"dec"}},
      {"any", {}, {"s"}}, {"anyLast", {}, {"i"}}, {"argMin", {}, {"s", "i"}}, {"argMax", {}, {"u", "f"}},
      {"argMax", {}, {"n", "i"}}, {"uniq", {}, {"s"}}, {"uniq", {}, {"i"}}, {"uniq", {}, {"u", "s"}},
      {"uniqExact", {}, {"n"}}, {"uniqCombined", {}, {"i"}}, {"uniqCombined64", {}, {"s"}},
      {"quantile", {"0.3"}, {"f"}}, {"quantile", {}, {"i"}}, {"median", {}, {"n"}},
      {"quantiles", {"0.1", "0.5", "0.95"}, {"u"}}, {"quantile", {"0.5"}, {"dt"}},
      {"quantileExact", {"0.7"}, {"i"}}, {"quantilesExact", {"0.2", "0.9"}, {"f"}}, {"quantileExact", {}, {"n"}},
      {"quantileTDigest", {"0.5"}, {"f"}, "approx"}, {"quantilesTDigest", {"0.1", "0.9"}, {"u"}, "approx"},
      {"groupArray", {}, {"s"}}, {"groupArray", {"3"}, {"n"}}, {"groupUniqArray", {}, {"u"}, "sorted"},
      {"topK", {"3"}, {"u"}, "topk"}, {"topK", {}, {"u"}, "topk"}, {"sumMap", {}, {"a", "vals"}},
      {"sumIf", {}, {"u", "c"}}, {"countIf", {}, {"c"}}, {"uniqIf", {}, {"s", "c"}}, {"avgIf", {}, {"n", "c"}},
      {"sumDistinct", {}, {"u"}}, {"countDistinct", {}, {"s"}}, {"sumArray", {}, {"a"}},
      {"uniqArray", {}, {"a"}}, {"sumForEach", {}, {"a"}}, {"maxForEach", {}, {"a"}},
      {"sumOrNull", {}, {"i"}}, {"avgOrDefault", {}, {"f"}}, {"minIfOrNull", {}, {"s", "c"}},
      {"groupArrayArray", {}, {"a"}}, {"quantilesIf", {"0.5"}, {"f", "c"}},
  };
}

std::string callSql(const Call& c) {
  std::string s = c.name;
  if (!c.params.empty()) {
    s += "(";
    for (size_t i = 0; i < c.params.size(); ++i) s += (i ? ", " : "") + c.params[i];
    s += ")";
  }
  s += "(";
  for (size_t i = 0; i < c.args.size(); ++i) s += (i ? ", " : "") + c.args[i];
  return s + ")";
}

}  // namespace

int main() {
  std::vector<Dataset> datasets = {makeDataset("rows200", 200, 1), makeDataset("rows3000", 3000, 2),
                                   makeDataset("rows1", 1, 3), makeDataset("empty", 1, 4),
                                   makeDataset("nulls", 50, 5, true)};
  datasets[3].rows = 0;
  for (const Dataset& d : datasets) {
    std::string from = d.from();
    for (const Call& call : calls()) {
      std::vector<ColumnTypePtr> types;
      std::vector<ColumnPtr> columns;
      for (const auto& a : call.args) {
        const DataColumn& dc = d.column(a);
        types.push_back(dc.type);
        columns.push_back(columnOf(dc.type, std::vector<Field>(dc.values.begin(), dc.values.begin() + d.rows)));
      }
      nlohmann::json j;
      j["case"] = d.label + ": " + callSql(call);
      j["sql"] = "SELECT " + callSql(call) + " FROM " + from;
      j["mode"] = call.mode;
      try {
        auto fn = function(call.name, types, call.params);
        j["ferry"] = runOnce(fn, columns, d.rows);
        j["type"] = typeName(*fn->resultType());
      } catch (const std::exception& e) {
        j["ferry_error"] = e.what();
      }
      if (call.mode == "topk") {
        std::map<std::string, int> counts;
        for (const auto& lit : d.column(call.args[0]).literals) ++counts[lit];
        j["counts"] = counts;
      }
      if (call.mode == "approx") {
        // t-digest: within 2% of the value range.
        double lo = 1e300, hi = -1e300;
        for (const auto& v : d.column(call.args[0]).values) {
          double x = std::holds_alternative<double>(v.value) ? std::get<double>(v.value)
                     : std::holds_alternative<uint64_t>(v.value) ? double(std::get<uint64_t>(v.value))
                                                                 : double(std::get<int64_t>(v.value));
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
        j["abs_tol"] = hi > lo ? 0.02 * (hi - lo) : 0.0;
      }
      std::cout << j.dump() << "\n";
    }
  }
}
