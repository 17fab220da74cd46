#include <catch2/catch.hpp>

#include "tests/aggregates/aggregate_test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::test;

namespace {

ColumnTypePtr t(TypeKind k) { return makeType(k); }

std::vector<Field> ints(std::initializer_list<int64_t> values) {
  std::vector<Field> out;
  for (int64_t v : values) out.emplace_back(v);
  return out;
}

std::string run(const std::string& name, std::vector<ColumnPtr> columns, std::vector<std::string> params = {},
                ColumnTypePtr result = nullptr) {
  std::vector<ColumnTypePtr> types;
  for (auto& c : columns) types.push_back(c->type);
  return runOnce(function(name, types, params, result), columns, rowCount(columns));
}

ColumnPtr numbers(int64_t n, TypeKind kind = TypeKind::UInt64) {
  std::vector<Field> v;
  for (int64_t i = 0; i < n; ++i) v.emplace_back(i);
  return columnOf(t(kind), v);
}

}  // namespace

TEST_CASE("count, sum, avg and their result types") {
  auto x = columnOf(t(TypeKind::Int32), ints({1, -5, 7}));
  CHECK(run("count", {x}) == "3");
  CHECK(run("sum", {x}) == "3");
  CHECK(function("sum", {x->type})->resultType()->kind == TypeKind::Int64);
  CHECK(function("sum", {t(TypeKind::UInt8)})->resultType()->kind == TypeKind::UInt64);
  CHECK(function("sum", {t(TypeKind::Float32)})->resultType()->kind == TypeKind::Float64);
  auto dec = function("sum", {decimalType(TypeKind::Decimal64, 18, 3)})->resultType();
  CHECK(dec->kind == TypeKind::Decimal128);
  CHECK(typeName(*dec) == "Decimal(38, 3)");
  CHECK(run("avg", {x}) == "1");
  CHECK(run("avg", {columnOf(t(TypeKind::Float64), {Field(1.0), Field(2.0)})}) == "1.5");
  CHECK(run("avg", {columnOf(t(TypeKind::Float64), {})}) == "nan");
  // count() has no arguments: each add is a row.
  CHECK(runOnce(function("count", {}), {}, 4) == "4");
  // UInt64 sums wrap around like ClickHouse's.
  auto big = columnOf(t(TypeKind::UInt64), {Field(uint64_t(UINT64_MAX)), Field(uint64_t(2))});
  CHECK(run("sum", {big}) == "1");
}

TEST_CASE("decimal sum and avg keep the scale") {
  auto d = columnOf(decimalType(TypeKind::Decimal32, 9, 2), {Field(1.5), Field(2.25)});
  CHECK(run("sum", {d}) == "3.75");
  CHECK(run("avg", {d}) == "1.875");
}

TEST_CASE("min, max, any, anyLast, argMin, argMax") {
  auto x = columnOf(t(TypeKind::Int64), ints({3, -1, 7, -1, 7}));
  auto s = columnOf(t(TypeKind::String), {Field(std::string("c")), Field(std::string("a")), Field(std::string("e")),
                                         Field(std::string("b")), Field(std::string("d"))});
  CHECK(run("min", {x}) == "-1");
  CHECK(run("max", {x}) == "7");
  CHECK(run("any", {x}) == "3");
  CHECK(run("anyLast", {x}) == "7");
  CHECK(run("min", {s}) == "a");
  CHECK(run("max", {s}) == "e");
  // Ties keep the first row.
  CHECK(run("argMin", {s, x}) == "a");
  CHECK(run("argMax", {s, x}) == "e");
  CHECK(run("min", {columnOf(t(TypeKind::Int64), {})}) == "0");
  auto f = columnOf(t(TypeKind::Float64), {Field(2.5), Field(-0.5)});
  CHECK(run("max", {f}) == "2.5");
}

TEST_CASE("Nullable arguments are skipped and the result is Nullable when ClickHouse makes it so") {
  auto nx = columnOf(makeNullable(t(TypeKind::Int32)), {Field(Null{}), Field(int64_t(4)), Field(Null{}), Field(int64_t(2))});
  CHECK(run("count", {nx}) == "2");
  CHECK(run("sum", {nx}) == "6");
  CHECK(function("sum", {nx->type})->resultType()->kind == TypeKind::Nullable);
  CHECK(function("count", {nx->type})->resultType()->kind == TypeKind::UInt64);
  CHECK(function("uniq", {nx->type})->resultType()->kind == TypeKind::UInt64);
  CHECK(run("min", {nx}) == "2");
  CHECK(run("groupArray", {nx}) == "[4,2]");
  auto only_nulls = columnOf(makeNullable(t(TypeKind::Int32)), {Field(Null{}), Field(Null{})});
  CHECK(run("sum", {only_nulls}) == "\\N");
  CHECK(run("min", {only_nulls}) == "\\N");
  CHECK(run("avg", {only_nulls}) == "\\N");
  CHECK(run("count", {only_nulls}) == "0");
  CHECK(run("uniq", {only_nulls}) == "0");
  // argMin skips rows where either argument is NULL.
  auto y = columnOf(t(TypeKind::Int64), ints({10, 9, 8, 7}));
  CHECK(run("argMax", {nx, y}) == "4");
  CHECK(run("argMin", {y, nx}) == "7");
}

TEST_CASE("uniq family") {
  auto x = columnOf(t(TypeKind::String), {Field(std::string("a")), Field(std::string("b")), Field(std::string("a")),
                                         Field(std::string("")), Field(std::string("b"))});
  for (const char* name : {"uniq", "uniqExact", "uniqCombined", "uniqCombined64"}) {
    INFO(name);
    CHECK(run(name, {x}) == "3");
  }
  // Several arguments count distinct tuples.
  auto a = columnOf(t(TypeKind::UInt8), ints({1, 1, 2, 2}));
  auto b = columnOf(t(TypeKind::UInt8), ints({1, 2, 1, 1}));
  CHECK(run("uniqExact", {a, b}) == "3");
  CHECK(run("uniq", {a, b}) == "3");
}

TEST_CASE("uniq stays within its error far beyond its exact range") {
  const int64_t n = 300000;
  auto x = numbers(n);
  for (const char* name : {"uniq", "uniqCombined", "uniqCombined64"}) {
    INFO(name);
    double got = std::stod(run(name, {x}));
    CHECK(std::abs(got - double(n)) / double(n) < 0.02);
  }
  CHECK(run("uniqExact", {x}) == std::to_string(n));
  CHECK(run("uniqCombined", {numbers(5000)}) == "5000");  // exact while small
}

TEST_CASE("quantiles") {
  auto x = numbers(10);
  CHECK(run("quantile", {x}, {"0.3"}) == "2.6999999999999997");
  CHECK(run("median", {x}) == "4.5");
  CHECK(run("quantiles", {x}, {"0.1", "0.9"}) == "[0.9,8.1]");
  CHECK(run("quantileExact", {x}, {"0.3"}) == "3");
  CHECK(run("quantileExact", {x}) == "5");
  CHECK(function("quantileExact", {t(TypeKind::Int32)})->resultType()->kind == TypeKind::Int32);
  CHECK(function("quantileTDigest", {t(TypeKind::Int32)})->resultType()->kind == TypeKind::Float32);
  CHECK(function("quantile", {t(TypeKind::Date)})->resultType()->kind == TypeKind::Date);
  CHECK(run("quantile", {columnOf(t(TypeKind::Int32), {})}) == "nan");
  CHECK(run("quantileExact", {columnOf(t(TypeKind::Int32), {})}) == "0");
  CHECK(run("quantile", {columnOf(t(TypeKind::Date), ints({0, 1, 2, 3}))}) == "1970-01-02");
  CHECK(run("quantile", {columnOf(decimalType(TypeKind::Decimal32, 9, 2), {Field(0.0), Field(1.0), Field(2.0), Field(3.0)})}) == "1.5");
  // t-digest over many values: within 1% of the rank.
  auto many = numbers(100000);
  double median = std::stod(run("quantileTDigest", {many}, {"0.5"}));
  CHECK(std::abs(median - 50000) < 1000);
  CHECK_THROWS_AS(function("quantile", {t(TypeKind::Int32)}, {"1.5"}), std::invalid_argument);
}

TEST_CASE("groupArray, groupUniqArray, topK, sumMap") {
  auto x = columnOf(t(TypeKind::UInt32), ints({5, 3, 5, 1, 3, 5}));
  CHECK(run("groupArray", {x}) == "[5,3,5,1,3,5]");
  CHECK(run("groupArray", {x}, {"2"}) == "[5,3]");
  CHECK(run("groupUniqArray", {x}) == "[5,3,1]");
  CHECK(run("topK", {x}, {"2"}) == "[5,3]");
  CHECK(run("topK", {x}) == "[5,3,1]");
  auto keys = columnOf(makeArray(t(TypeKind::UInt8)), {Field(FieldArray{Field(int64_t(2)), Field(int64_t(1))}),
                                                       Field(FieldArray{Field(int64_t(1)), Field(int64_t(3))})});
  auto vals = columnOf(makeArray(t(TypeKind::Int8)), {Field(FieldArray{Field(int64_t(5)), Field(int64_t(1))}),
                                                      Field(FieldArray{Field(int64_t(-1)), Field(int64_t(0))})});
  // Keys 1 and 3 sum to zero and are left out (ClickHouse's Array form does that).
  CHECK(run("sumMap", {keys, vals}) == "([2],[5])");
}

TEST_CASE("combinators") {
  auto x = numbers(5);
  auto cond = columnOf(t(TypeKind::UInt8), ints({0, 0, 0, 1, 1}));
  CHECK(run("sumIf", {x, cond}) == "7");
  CHECK(run("countIf", {cond}) == "2");
  CHECK(run("sumDistinct", {columnOf(t(TypeKind::UInt64), ints({0, 1, 2, 0, 1}))}) == "3");
  CHECK(run("groupArrayDistinct", {columnOf(t(TypeKind::UInt64), ints({2, 1, 2}))}) == "[2,1]");
  auto arrays = columnOf(makeArray(t(TypeKind::UInt64)), {Field(FieldArray{Field(int64_t(1)), Field(int64_t(2))}),
                                                         Field(FieldArray{Field(int64_t(3))})});
  CHECK(run("sumArray", {arrays}) == "6");
  CHECK(run("sumForEach", {arrays}) == "[4,2]");
  auto empty = columnOf(t(TypeKind::Int32), {});
  CHECK(run("sumOrNull", {empty}) == "\\N");
  CHECK(run("sumOrNull", {x}) == "10");
  CHECK(run("avgOrDefault", {empty}) == "0");
  // Rows failing the condition do not count as aggregated ones.
  CHECK(run("sumIfOrNull", {x, columnOf(t(TypeKind::UInt8), ints({0, 0, 0, 0, 0}))}) == "\\N");
  CHECK(run("sumIfOrNull", {x, cond}) == "7");
  auto extremes = columnOf(t(TypeKind::Int64), ints({INT64_MAX, INT64_MAX}));
  CHECK(run("avg", {extremes}) == "-1");  // the Int64 numerator wraps, as in ClickHouse

  // -State then -Merge gives the plain result; the state type is labelled as ClickHouse labels it.
  auto state_fn = function("uniqState", {t(TypeKind::UInt64)});
  CHECK(typeName(*state_fn->resultType()) == "AggregateFunction(uniq, UInt64)");
  CHECK(typeName(*function("quantilesState", {t(TypeKind::UInt64)}, {"0.5", "0.9"})->resultType()) ==
        "AggregateFunction(quantiles(0.5, 0.9), UInt64)");
  CHECK(typeName(*function("countState", {})->resultType()) == "AggregateFunction(count)");
  ColumnPtr states = makeColumn(state_fn->resultType());
  for (int part = 0; part < 3; ++part) {
    StateHolder s(state_fn);
    auto values = columnOf(t(TypeKind::UInt64), ints({part, part + 1, 100}));
    addRows(*state_fn, s.get(), {values}, 0, 3);
    state_fn->finalize(s.get(), *states);
  }
  CHECK(states->rows == 3);
  CHECK(run("uniqMerge", {states}) == "5");
  auto merge_state = function("uniqMergeState", {states->type});
  CHECK(typeName(*merge_state->resultType()) == "AggregateFunction(uniq, UInt64)");
  auto simple = function("sumSimpleState", {t(TypeKind::UInt64)});
  CHECK(typeName(*simple->resultType()) == "SimpleAggregateFunction(sum, UInt64)");
  CHECK(run("sumSimpleState", {x}) == "10");
  CHECK_THROWS_AS(function("frobnicate", {t(TypeKind::UInt64)}), std::invalid_argument);
  CHECK_THROWS_AS(function("sumMerge", {t(TypeKind::UInt64)}), std::invalid_argument);
}

TEST_CASE("const argument columns") {
  auto c = makeConstColumn(t(TypeKind::UInt64), Field(uint64_t(7)), 4);
  CHECK(run("sum", {c}) == "28");
  auto nc = makeConstColumn(makeNullable(t(TypeKind::UInt64)), Field(uint64_t(3)), 4);
  CHECK(run("sum", {nc}) == "12");
  auto nn = makeConstColumn(makeNullable(t(TypeKind::UInt64)), Field(Null{}), 4);
  CHECK(run("sum", {nn}) == "\\N");
}
