#include <catch2/catch.hpp>

#include <optional>

#include "tests/exec/plan_builders.h"

using namespace ferry::rt;
using namespace ferry::rt::test;

namespace {

MemoryTables sampleTables() {
  MemoryTables t;
  Block b;
  b.add("k", column(T(TypeKind::String), {Field(std::string("a")), Field(std::string("b")), Field(std::string("a")),
                                          Field(std::string("c")), Field(std::string("b"))}));
  b.add("v", column(T(TypeKind::Int32), {Field(int64_t(1)), Field(int64_t(2)), Field(int64_t(3)), Field(int64_t(4)),
                                         Field(int64_t(5))}));
  t.tables["t"] = b;
  Block r;
  r.add("k", column(T(TypeKind::String), {Field(std::string("a")), Field(std::string("b")), Field(std::string("b")),
                                          Field(std::string("z"))}));
  r.add("w", column(T(TypeKind::UInt8), {Field(uint64_t(10)), Field(uint64_t(20)), Field(uint64_t(21)), Field(uint64_t(99))}));
  t.tables["r"] = r;
  return t;
}

PlanPtr node(PlanKind kind, std::vector<PlanPtr> children, std::vector<OutputColumn> output) {
  auto n = std::make_shared<PlanNode>();
  n->kind = kind;
  n->children = std::move(children);
  n->output = std::move(output);
  return n;
}

std::shared_ptr<PlanNode> mut(const PlanPtr& p) { return std::const_pointer_cast<PlanNode>(p); }

}  // namespace

TEST_CASE("filter and project compute typed expressions") {
  auto tables = sampleTables();
  auto scan = scanNode("t", tables.tables["t"]);
  auto filter = node(PlanKind::Filter, {scan}, scan->output);
  mut(filter)->exprs = {call("greater", T(TypeKind::UInt8), {input(1, T(TypeKind::Int32)), lit(Field(uint64_t(2)), T(TypeKind::UInt8))})};
  auto project = node(PlanKind::Project, {filter}, {{"k", T(TypeKind::String)}, {"x", T(TypeKind::Int64)}});
  mut(project)->exprs = {input(0, T(TypeKind::String)),
                         call("multiply", T(TypeKind::Int64), {input(1, T(TypeKind::Int32)), lit(Field(int64_t(-3)), T(TypeKind::Int8))})};
  Block out = executeToBlock(*project, tables);
  CHECK(rowsOf(out) == std::vector<std::string>{"a\t-9", "c\t-12", "b\t-15"});
  CHECK(typeName(*out.columns[1]->type) == "Int64");
}

TEST_CASE("aggregation groups by key and returns one row over empty input without keys") {
  auto tables = sampleTables();
  auto scan = scanNode("t", tables.tables["t"]);
  auto agg = node(PlanKind::Aggregate, {scan}, {{"k", T(TypeKind::String)}, {"c", T(TypeKind::UInt64)}, {"s", T(TypeKind::Int64)}});
  mut(agg)->exprs = {input(0, T(TypeKind::String))};
  mut(agg)->aggregates = {AggregateCall{"count", {}, {}, T(TypeKind::UInt64)},
                          AggregateCall{"sum", {}, {input(1, T(TypeKind::Int32))}, T(TypeKind::Int64)}};
  auto sorted = node(PlanKind::Sort, {agg}, agg->output);
  mut(sorted)->sort_keys = {sortKey(input(0, T(TypeKind::String)), false, false)};
  CHECK(rowsOf(executeToBlock(*sorted, tables)) == std::vector<std::string>{"a\t2\t4", "b\t2\t7", "c\t1\t4"});

  auto none = node(PlanKind::Filter, {scan}, scan->output);
  mut(none)->exprs = {lit(Field(uint64_t(0)), T(TypeKind::UInt8))};
  auto total = node(PlanKind::Aggregate, {none}, {{"c", T(TypeKind::UInt64)}});
  mut(total)->aggregates = {AggregateCall{"count", {}, {}, T(TypeKind::UInt64)}};
  CHECK(rowsOf(executeToBlock(*total, tables)) == std::vector<std::string>{"0"});
  auto keyed = node(PlanKind::Aggregate, {none}, {{"k", T(TypeKind::String)}, {"c", T(TypeKind::UInt64)}});
  mut(keyed)->exprs = {input(0, T(TypeKind::String))};
  mut(keyed)->aggregates = {AggregateCall{"count", {}, {}, T(TypeKind::UInt64)}};
  CHECK(executeToBlock(*keyed, tables).rows == 0);
}

TEST_CASE("hash joins fill non-matching columns with defaults") {
  auto tables = sampleTables();
  auto left = scanNode("t", tables.tables["t"]);
  auto right = scanNode("r", tables.tables["r"]);
  auto out_cols = left->output;
  out_cols.insert(out_cols.end(), right->output.begin(), right->output.end());
  auto join = node(PlanKind::Join, {left, right}, out_cols);
  mut(join)->left_keys = {input(0, T(TypeKind::String))};
  mut(join)->right_keys = {input(0, T(TypeKind::String))};
  auto sorted = node(PlanKind::Sort, {join}, out_cols);
  mut(sorted)->sort_keys = {sortKey(input(1, T(TypeKind::Int32)), false, false), sortKey(input(3, T(TypeKind::UInt8)), false, false)};

  SECTION("inner all") {
    CHECK(rowsOf(executeToBlock(*sorted, tables)) ==
          std::vector<std::string>{"a\t1\ta\t10", "b\t2\tb\t20", "b\t2\tb\t21", "a\t3\ta\t10", "b\t5\tb\t20", "b\t5\tb\t21"});
  }
  SECTION("left all: defaults for a non-Nullable right side") {
    mut(join)->join_kind = JoinKind::Left;
    auto rows = rowsOf(executeToBlock(*sorted, tables));
    REQUIRE(rows.size() == 7);
    CHECK(rows[4] == "c\t4\t\t0");
  }
  SECTION("left anti and semi") {
    mut(join)->join_kind = JoinKind::Left;
    mut(join)->strictness = JoinStrictness::Anti;
    CHECK(rowsOf(executeToBlock(*sorted, tables)) == std::vector<std::string>{"c\t4\t\t0"});
    mut(join)->strictness = JoinStrictness::Semi;
    CHECK(executeToBlock(*sorted, tables).rows == 4);
  }
  SECTION("full all keeps unmatched right rows") {
    mut(join)->join_kind = JoinKind::Full;
    auto rows = rowsOf(executeToBlock(*sorted, tables));
    REQUIRE(rows.size() == 8);
    CHECK(rows[0] == "\t0\tz\t99");
  }
}

TEST_CASE("sort, limit with ties, limit by, distinct") {
  auto tables = sampleTables();
  auto scan = scanNode("t", tables.tables["t"]);
  auto sorted = node(PlanKind::Sort, {scan}, scan->output);
  mut(sorted)->sort_keys = {sortKey(input(0, T(TypeKind::String)), true, false)};
  CHECK(rowsOf(executeToBlock(*sorted, tables)) == std::vector<std::string>{"c\t4", "b\t2", "b\t5", "a\t1", "a\t3"});
  auto limit = node(PlanKind::Limit, {sorted}, scan->output);
  mut(limit)->limit = 2;
  mut(limit)->with_ties = true;
  mut(limit)->sort_keys = sorted->sort_keys;
  CHECK(rowsOf(executeToBlock(*limit, tables)) == std::vector<std::string>{"c\t4", "b\t2", "b\t5"});
  auto by = node(PlanKind::LimitBy, {sorted}, scan->output);
  mut(by)->limit = 1;
  mut(by)->exprs = {input(0, T(TypeKind::String))};
  CHECK(rowsOf(executeToBlock(*by, tables)) == std::vector<std::string>{"c\t4", "b\t2", "a\t1"});
  auto keys = node(PlanKind::Project, {scan}, {{"k", T(TypeKind::String)}});
  mut(keys)->exprs = {input(0, T(TypeKind::String))};
  auto distinct = node(PlanKind::Distinct, {keys}, keys->output);
  CHECK(rowsOf(executeToBlock(*distinct, tables)) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("numbers stop at an upstream limit") {
  MemoryTables tables;
  auto numbers = node(PlanKind::Numbers, {}, {{"number", T(TypeKind::UInt64)}});
  mut(numbers)->numbers_count = UINT64_MAX;
  auto limit = node(PlanKind::Limit, {numbers}, numbers->output);
  mut(limit)->limit = 3;
  mut(limit)->offset = 5;
  CHECK(rowsOf(executeToBlock(*limit, tables)) == std::vector<std::string>{"5", "6", "7"});
}

TEST_CASE("window functions over partitions and frames") {
  auto tables = sampleTables();
  auto scan = scanNode("t", tables.tables["t"]);
  auto out = scan->output;
  out.push_back({"rn", T(TypeKind::UInt64)});
  out.push_back({"running", T(TypeKind::Int64)});
  out.push_back({"prev", T(TypeKind::Int32)});
  auto win = node(PlanKind::Window, {scan}, out);
  WindowCall rn;
  rn.function = "row_number";
  rn.partition_by = {input(0, T(TypeKind::String))};
  rn.order_by = {sortKey(input(1, T(TypeKind::Int32)), false, false)};
  rn.type = T(TypeKind::UInt64);
  WindowCall sum = rn;
  sum.function = "sum";
  sum.args = {input(1, T(TypeKind::Int32))};
  sum.type = T(TypeKind::Int64);
  WindowCall lag = rn;
  lag.function = "lagInFrame";
  lag.args = {input(1, T(TypeKind::Int32))};
  lag.type = T(TypeKind::Int32);
  mut(win)->windows = {rn, sum, lag};
  auto sorted = node(PlanKind::Sort, {win}, out);
  mut(sorted)->sort_keys = {sortKey(input(1, T(TypeKind::Int32)), false, false)};
  CHECK(rowsOf(executeToBlock(*sorted, tables)) ==
        std::vector<std::string>{"a\t1\t1\t1\t0", "b\t2\t1\t2\t0", "a\t3\t2\t4\t1", "c\t4\t1\t4\t0", "b\t5\t2\t7\t2"});
}

TEST_CASE("array join unfolds arrays and union concatenates") {
  MemoryTables tables;
  auto arr_type = makeArray(T(TypeKind::UInt8));
  auto values = node(PlanKind::Values, {}, {{"id", T(TypeKind::UInt8)}, {"a", arr_type}});
  mut(values)->rows = {{Field(uint64_t(1)), Field(FieldArray{Field(uint64_t(7)), Field(uint64_t(8))})},
                       {Field(uint64_t(2)), Field(FieldArray{})}};
  auto aj = node(PlanKind::ArrayJoin, {values}, {{"id", T(TypeKind::UInt8)}, {"a", T(TypeKind::UInt8)}});
  mut(aj)->array_columns = {1};
  CHECK(rowsOf(executeToBlock(*aj, tables)) == std::vector<std::string>{"1\t7", "1\t8"});
  mut(aj)->left_array_join = true;
  CHECK(rowsOf(executeToBlock(*aj, tables)) == std::vector<std::string>{"1\t7", "1\t8", "2\t0"});
  auto u = node(PlanKind::Union, {aj, aj}, aj->output);
  CHECK(executeToBlock(*u, tables).rows == 6);
}

TEST_CASE("NaN sorts next to NULLs in both directions, as ClickHouse does") {
  MemoryTables tables;
  Block t;
  auto type = makeNullable(T(TypeKind::Float64));
  t.add("x", column(type, {Field(1.0), Field(std::nan("")), Field(2.0), Field{}}));
  tables.tables["t"] = t;
  auto scan = scanNode("t", t);
  auto sorted = node(PlanKind::Sort, {scan}, scan->output);
  auto order = [&](bool descending, bool nulls_first) {
    mut(sorted)->sort_keys = {sortKey(input(0, type), descending, nulls_first)};
    return rowsOf(executeToBlock(*sorted, tables));
  };
  // Expected values from ClickHouse 26.7: ORDER BY x [DESC] [NULLS FIRST].
  CHECK(order(false, false) == std::vector<std::string>{"1", "2", "nan", "\\N"});
  CHECK(order(true, false) == std::vector<std::string>{"2", "1", "nan", "\\N"});
  CHECK(order(false, true) == std::vector<std::string>{"\\N", "nan", "1", "2"});
  CHECK(order(true, true) == std::vector<std::string>{"\\N", "nan", "2", "1"});
}

TEST_CASE("scans read only the columns the plan needs") {
  auto tables = sampleTables();
  auto scan = scanNode("t", tables.tables["t"]);
  // count() by k: v is never read, and the result is unchanged.
  auto agg = node(PlanKind::Aggregate, {scan}, {{"k", T(TypeKind::String)}, {"c", T(TypeKind::UInt64)}});
  mut(agg)->exprs = {input(0, T(TypeKind::String))};
  mut(agg)->aggregates = {AggregateCall{"count", {}, {}, T(TypeKind::UInt64)}};
  auto sorted = node(PlanKind::Sort, {agg}, agg->output);
  mut(sorted)->sort_keys = {sortKey(input(0, T(TypeKind::String)), false, false)};
  CHECK(rowsOf(executeToBlock(*sorted, tables)) == std::vector<std::string>{"a\t2", "b\t2", "c\t1"});
  CHECK(tables.requested.back() == std::vector<std::string>{"k"});

  // count() alone reads nothing but still sees every row.
  auto total = node(PlanKind::Aggregate, {scan}, {{"c", T(TypeKind::UInt64)}});
  mut(total)->aggregates = {AggregateCall{"count", {}, {}, T(TypeKind::UInt64)}};
  CHECK(rowsOf(executeToBlock(*total, tables)) == std::vector<std::string>{"5"});
  CHECK(tables.requested.back().empty());

  // A projection evaluates all its expressions: what any of them reads is read, even when a
  // later operator drops that output (a stand-in value could make it fail).
  auto project = node(PlanKind::Project, {scan}, {{"k", T(TypeKind::String)}, {"x", T(TypeKind::Int64)}});
  mut(project)->exprs = {input(0, T(TypeKind::String)),
                         call("intDiv", T(TypeKind::Int64), {lit(Field(int64_t(10)), T(TypeKind::Int64)), input(1, T(TypeKind::Int32))})};
  auto keys = node(PlanKind::Project, {project}, {{"k", T(TypeKind::String)}});
  mut(keys)->exprs = {input(0, T(TypeKind::String))};
  CHECK(rowsOf(executeToBlock(*keys, tables)).size() == 5);
  CHECK(tables.requested.back() == std::vector<std::string>{"k", "v"});

  // Joins are not modelled: both sides are read whole.
  auto right = scanNode("r", tables.tables["r"]);
  auto join = node(PlanKind::Join, {scan, right},
                   {{"k", T(TypeKind::String)}, {"v", T(TypeKind::Int32)}, {"r.k", T(TypeKind::String)}, {"w", T(TypeKind::UInt8)}});
  mut(join)->left_keys = {input(0, T(TypeKind::String))};
  mut(join)->right_keys = {input(0, T(TypeKind::String))};
  auto only_k = node(PlanKind::Project, {join}, {{"k", T(TypeKind::String)}});
  mut(only_k)->exprs = {input(0, T(TypeKind::String))};
  tables.requested.clear();
  executeToBlock(*only_k, tables);
  REQUIRE(tables.requested.size() == 2);
  CHECK(tables.requested[0].size() + tables.requested[1].size() == 4);
}

TEST_CASE("WITH FILL adds the skipped values, refuses steps against the direction (ClickHouse's messages)") {
  auto tables = sampleTables();
  auto scan = scanNode("t", tables.tables["t"]);  // v = 1..5
  auto only_v = node(PlanKind::Project, {scan}, {{"v3", T(TypeKind::Int32)}});
  mut(only_v)->exprs = {call("multiply", T(TypeKind::Int32), {input(1, T(TypeKind::Int32)), lit(Field(int64_t(3)), T(TypeKind::UInt8))})};
  auto filled = [&](bool descending, std::optional<int64_t> step, std::optional<int64_t> from, std::optional<int64_t> to) {
    auto sorted = node(PlanKind::Sort, {only_v}, only_v->output);
    SortKey key = sortKey(input(0, T(TypeKind::Int32)), descending);
    key.with_fill = true;
    if (step) key.fill_step = lit(Field(*step), T(TypeKind::Int64));
    if (from) key.fill_from = lit(Field(*from), T(TypeKind::Int64));
    if (to) key.fill_to = lit(Field(*to), T(TypeKind::Int64));
    mut(sorted)->sort_keys = {key};
    return rowsOf(executeToBlock(*sorted, tables));
  };
  // Rows 3 6 9 12 15. Expected values are ClickHouse 26.7's for the same ORDER BY: the fill
  // sequence runs from FROM (or the first row) by STEP, and restarts after a row that meets it.
  CHECK(filled(false, 4, 1, 20) == std::vector<std::string>{"1", "3", "5", "6", "9", "12", "13", "15", "17"});
  CHECK(filled(false, std::nullopt, std::nullopt, std::nullopt).size() == 13);  // 3..15 by 1
  CHECK(filled(true, -5, std::nullopt, 0) == std::vector<std::string>{"15", "12", "10", "9", "6", "5", "3"});
  auto code = [&](bool descending, int64_t step) {
    try {
      filled(descending, step, std::nullopt, std::nullopt);
    } catch (const ExecError& e) {
      return e.code + ": " + e.what();
    }
    return std::string("no error");
  };
  CHECK(code(true, 1) == "INVALID_WITH_FILL_EXPRESSION: WITH FILL STEP value cannot be positive for sorting in descending direction");
  CHECK(code(false, -1) == "INVALID_WITH_FILL_EXPRESSION: WITH FILL STEP value cannot be negative for sorting in ascending direction");
  CHECK(code(false, 0) == "INVALID_WITH_FILL_EXPRESSION: WITH FILL STEP value cannot be zero");
}
