#include <catch2/catch.hpp>

#include <set>

#include "runtime/aggregates/aggregate_function.h"
#include "tests/storage/test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::test;

namespace {

using Rows = std::vector<std::vector<Field>>;

TableSpec table(std::vector<ColumnSpec> columns, EngineKind engine, const ColumnKeys& keys) {
  TableSpec spec;
  spec.name = "t";
  spec.columns = std::move(columns);
  spec.engine.kind = engine;
  keys.configure(spec);
  return spec;
}

/// Merges blocks (one per insert, in insertion order) with mergeRows.
Rows merge(const TableSpec& spec, const ColumnKeys& keys, const std::vector<Rows>& inserts, bool final,
           int64_t now = 0) {
  std::vector<Block> blocks;
  for (const auto& rows : inserts) blocks.push_back(makeBlock(spec, rows));
  return rowsOf(mergeRows(spec, blocks, keys, final, now));
}

Field u(uint64_t v) { return Field(v); }
Field i(int64_t v) { return Field(v); }

}  // namespace

TEST_CASE("MergeTree merges sorted parts keeping every row") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"v", T(TypeKind::String), ""}}, EngineKind::MergeTree, keys);
  CHECK(merge(spec, keys, {{{u(1), "a"}, {u(3), "c"}}, {{u(2), "b"}, {u(3), "d"}}}, false) ==
        Rows{{u(1), "a"}, {u(2), "b"}, {u(3), "c"}, {u(3), "d"}});
}

TEST_CASE("ReplacingMergeTree keeps the highest version, else the last inserted") {
  ColumnKeys keys("", {"k"});
  auto plain = table({{"k", T(TypeKind::UInt32), ""}, {"v", T(TypeKind::String), ""}}, EngineKind::ReplacingMergeTree, keys);
  CHECK(merge(plain, keys, {{{u(1), "old"}, {u(2), "x"}}, {{u(1), "new"}}}, false) == Rows{{u(1), "new"}, {u(2), "x"}});

  auto versioned = table({{"k", T(TypeKind::UInt32), ""}, {"v", T(TypeKind::String), ""}, {"ver", T(TypeKind::UInt64), ""}},
                         EngineKind::ReplacingMergeTree, keys);
  versioned.engine.version_column = "ver";
  CHECK(merge(versioned, keys, {{{u(1), "high", u(5)}}, {{u(1), "low", u(3)}, {u(2), "a", u(1)}}, {{u(2), "b", u(1)}}}, false) ==
        Rows{{u(1), "high", u(5)}, {u(2), "b", u(1)}});
}

TEST_CASE("ReplacingMergeTree is_deleted: merges keep the deleted row, FINAL drops it") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"ver", T(TypeKind::UInt64), ""}, {"del", T(TypeKind::UInt8), ""}},
                    EngineKind::ReplacingMergeTree, keys);
  spec.engine.version_column = "ver";
  spec.engine.is_deleted_column = "del";
  std::vector<Rows> inserts = {{{u(1), u(1), u(0)}, {u(2), u(1), u(0)}}, {{u(1), u(2), u(1)}}, {{u(2), u(0), u(1)}}};
  CHECK(merge(spec, keys, inserts, false) == Rows{{u(1), u(2), u(1)}, {u(2), u(1), u(0)}});
  CHECK(merge(spec, keys, inserts, true) == Rows{{u(2), u(1), u(0)}});
}

TEST_CASE("SummingMergeTree sums numeric non-key columns and drops all-zero rows") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"name", T(TypeKind::String), ""}, {"a", T(TypeKind::Int64), ""},
                     {"b", T(TypeKind::Float64), ""}},
                    EngineKind::SummingMergeTree, keys);
  CHECK(merge(spec, keys, {{{u(1), "first", i(5), Field(1.5)}, {u(2), "z", i(3), Field(0.0)}},
                           {{u(1), "second", i(-2), Field(1.0)}, {u(2), "y", i(-3), Field(0.0)}}},
              false) == Rows{{u(1), "first", i(3), Field(2.5)}});
  // Only the listed columns are summed; the others take the first row's value.
  spec.engine.summing_columns = {"a"};
  CHECK(merge(spec, keys, {{{u(1), "first", i(5), Field(1.5)}}, {{u(1), "second", i(2), Field(1.0)}}}, false) ==
        Rows{{u(1), "first", i(7), Field(1.5)}});
}

TEST_CASE("AggregatingMergeTree merges SimpleAggregateFunction values") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""},
                     {"total", simple("sum", T(TypeKind::UInt64)), ""},
                     {"hi", simple("max", T(TypeKind::Int32)), ""},
                     {"lo", simple("min", makeNullable(T(TypeKind::Int32))), ""},
                     {"last", simple("anyLast", T(TypeKind::String)), ""},
                     {"all", simple("groupArrayArray", makeArray(T(TypeKind::UInt8))), ""},
                     {"other", T(TypeKind::String), ""}},
                    EngineKind::AggregatingMergeTree, keys);
  CHECK(merge(spec, keys,
              {{{u(1), u(10), i(-5), Field(Null{}), "a", FieldArray{u(1)}, "x"}},
               {{u(1), u(5), i(7), i(3), "b", FieldArray{u(2), u(3)}, "y"}, {u(2), u(1), i(0), i(1), "c", FieldArray{}, "z"}}},
              false) == Rows{{u(1), u(15), i(7), i(3), "b", FieldArray{u(1), u(2), u(3)}, "x"},
                             {u(2), u(1), i(0), i(1), "c", FieldArray{}, "z"}});
}

#ifdef FERRY_STORAGE_HAVE_AGGREGATES
TEST_CASE("AggregatingMergeTree merges AggregateFunction states") {
  ColumnKeys keys("", {"k"});
  auto state_type = aggregateState("sum", {T(TypeKind::UInt64)});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"s", state_type, ""}}, EngineKind::AggregatingMergeTree, keys);
  AggregateFunctionPtr fn = stateFunction(*state_type);
  auto stateOf = [&](uint64_t v) {
    StateHolder h(fn);
    ColumnPtr arg = makeColumn(T(TypeKind::UInt64));
    appendField(*arg, v);
    const Column* args[] = {arg.get()};
    fn->add(h.get(), args, 0);
    std::string out;
    fn->serialize(h.get(), out);
    return out;
  };
  auto valueOf = [&](const Field& f) {
    StateHolder h(fn);
    fn->deserialize(h.get(), std::get<std::string>(f.value));
    ColumnPtr out = makeColumn(T(TypeKind::UInt64));
    // The state function of a sum finalizes to the sum.
    auto plain = makeAggregateFunction({"sum", {}, {T(TypeKind::UInt64)}, T(TypeKind::UInt64)});
    StateHolder p(plain);
    plain->deserialize(p.get(), std::get<std::string>(f.value));
    plain->finalize(p.get(), *out);
    return fieldAt(*out, 0);
  };
  Rows got = merge(spec, keys, {{{u(1), stateOf(4)}, {u(2), stateOf(1)}}, {{u(1), stateOf(6)}}}, false);
  REQUIRE(got.size() == 2);
  CHECK(valueOf(got[0][1]) == u(10));
  CHECK(valueOf(got[1][1]) == u(1));
}
#endif

TEST_CASE("CollapsingMergeTree cancels +1/-1 pairs per key") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"v", T(TypeKind::UInt32), ""}, {"sign", T(TypeKind::Int8), ""}},
                    EngineKind::CollapsingMergeTree, keys);
  spec.engine.sign_column = "sign";
  // Key 1: state, cancel, new state -> the new state. Key 2: cancelled completely.
  // Key 3: -1 then +1 (equal counts, last positive) -> both kept by a merge, only +1 by FINAL.
  std::vector<Rows> inserts = {{{u(1), u(5), i(1)}, {u(2), u(1), i(1)}, {u(3), u(0), i(-1)}},
                               {{u(1), u(5), i(-1)}, {u(1), u(6), i(1)}, {u(2), u(1), i(-1)}, {u(3), u(9), i(1)}}};
  CHECK(merge(spec, keys, inserts, false) == Rows{{u(1), u(6), i(1)}, {u(3), u(0), i(-1)}, {u(3), u(9), i(1)}});
  CHECK(merge(spec, keys, inserts, true) == Rows{{u(1), u(6), i(1)}, {u(3), u(9), i(1)}});
  // More negatives than positives: the first negative stays (a merge), nothing with FINAL.
  CHECK(merge(spec, keys, {{{u(4), u(1), i(-1)}}, {{u(4), u(2), i(-1)}}}, false) == Rows{{u(4), u(1), i(-1)}});
  CHECK(merge(spec, keys, {{{u(4), u(1), i(-1)}}, {{u(4), u(2), i(-1)}}}, true).empty());
}

TEST_CASE("VersionedCollapsingMergeTree cancels pairs of the same version in any order") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"v", T(TypeKind::UInt32), ""}, {"sign", T(TypeKind::Int8), ""},
                     {"ver", T(TypeKind::UInt8), ""}},
                    EngineKind::VersionedCollapsingMergeTree, keys);
  spec.engine.sign_column = "sign";
  spec.engine.version_column = "ver";
  CHECK(merge(spec, keys, {{{u(1), u(5), i(-1), u(1)}, {u(1), u(6), i(1), u(2)}}, {{u(1), u(5), i(1), u(1)}}}, false) ==
        Rows{{u(1), u(6), i(1), u(2)}});
}

TEST_CASE("TTL removes expired rows at merge") {
  ColumnKeys keys("", {"k"}, "ttl");
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"ttl", T(TypeKind::DateTime), ""}}, EngineKind::MergeTree, keys);
  CHECK(merge(spec, keys, {{{u(1), u(100)}, {u(2), u(200)}, {u(3), u(300)}}}, false, 200) == Rows{{u(3), u(300)}});
}

TEST_CASE("optimizeTable merges partitions and FINAL leaves one part per partition") {
  ScratchDir dir("optimize");
  ColumnKeys keys("p", {"k"});
  auto spec = table({{"p", T(TypeKind::UInt8), ""}, {"k", T(TypeKind::UInt32), ""}, {"v", T(TypeKind::UInt64), ""}},
                    EngineKind::SummingMergeTree, keys);
  auto store = Store::open(dir.path);
  {
    Transaction txn(*store);
    txn.createTable(spec);
    txn.commit();
  }
  for (uint64_t n = 0; n < 5; ++n) {
    Transaction txn(*store);
    txn.insert("t", makeBlock(spec, {{u(n % 2), u(1), u(n + 1)}, {u(0), u(2), u(1)}}), keys);
    txn.commit();
  }
  CHECK(store->snapshot()->parts.at("t").size() == 7);  // partition 0: 5 parts, partition 1: 2
  CHECK(optimizeTable(*store, "t", keys, true, 0) == 7);
  auto snap = store->snapshot();
  REQUIRE(snap->parts.at("t").size() == 2);
  for (const auto& p : snap->parts.at("t")) CHECK(p->level == 1);
  auto rows = tableRows(*store, "t");
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return std::make_pair(std::get<uint64_t>(a[0].value), std::get<uint64_t>(a[1].value)) < std::make_pair(std::get<uint64_t>(b[0].value), std::get<uint64_t>(b[1].value)); });
  CHECK(rows == Rows{{u(0), u(1), u(1 + 3 + 5)}, {u(0), u(2), u(5)}, {u(1), u(1), u(2 + 4)}});
  // Single parts are re-merged by FINAL; without FINAL nothing is left to merge.
  CHECK(optimizeTable(*store, "t", keys, false, 0) == 0);
  CHECK(optimizeTable(*store, "t", keys, true, 0) == 2);
  CHECK(Store::open(dir.path)->snapshot()->parts.at("t").size() == 2);
}

TEST_CASE("background merges bound the number of small parts") {
  ScratchDir dir("background");
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}}, EngineKind::MergeTree, keys);
  auto store = Store::open(dir.path);
  {
    Transaction txn(*store);
    txn.createTable(spec);
    txn.commit();
  }
  size_t merged = 0;
  for (uint64_t n = 0; n < 30; ++n) {
    Transaction txn(*store);
    txn.insert("t", makeBlock(spec, {{u(n)}}), keys);
    txn.commit();
    merged += maybeMergeInBackground(*store, "t", keys, 0, 4);
    CHECK(store->snapshot()->parts.at("t").size() <= 9);
  }
  CHECK(merged > 0);
  CHECK(tableRows(*store, "t").size() == 30);
  auto rows = tableRows(*store, "t");
  std::set<uint64_t> ids;
  for (const auto& r : rows) ids.insert(std::get<uint64_t>(r[0].value));
  CHECK(ids.size() == 30);
}

TEST_CASE("An unknown SimpleAggregateFunction is a clear error, at merge and at insert") {
  ColumnKeys keys("", {"k"});
  auto spec = table({{"k", T(TypeKind::UInt32), ""}, {"v", simple("median", T(TypeKind::Float64)), ""}},
                    EngineKind::AggregatingMergeTree, keys);
  try {
    merge(spec, keys, {{{u(1), Field(1.0)}}, {{u(1), Field(2.0)}}}, false);
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("SimpleAggregateFunction(median") != std::string::npos);
    CHECK(std::string(e.what()).find("column v") != std::string::npos);
  }
}
