#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "tests/storage/test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::test;
namespace fs = std::filesystem;

namespace {

TableSpec eventsSpec(const ColumnKeys& keys, EngineKind engine = EngineKind::MergeTree) {
  TableSpec spec;
  spec.name = "events";
  spec.columns = {{"day", T(TypeKind::UInt16), ""}, {"user", T(TypeKind::String), ""}, {"n", T(TypeKind::UInt64), ""}};
  spec.engine.kind = engine;
  keys.configure(spec);
  return spec;
}

size_t countEntries(const fs::path& p) {
  return size_t(std::distance(fs::directory_iterator(p), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("insert splits by partition and sorts each part by the sorting key") {
  ScratchDir dir("partitions");
  ColumnKeys keys("day", {"user"});
  TableSpec spec = eventsSpec(keys);
  auto store = Store::open(dir.path);
  Transaction txn(*store);
  txn.createTable(spec);
  auto parts = txn.insert("events", makeBlock(spec, {{uint64_t(2), "b", uint64_t(1)},
                                                     {uint64_t(1), "z", uint64_t(2)},
                                                     {uint64_t(2), "a", uint64_t(3)},
                                                     {uint64_t(1), "c", uint64_t(4)},
                                                     {uint64_t(2), "a", uint64_t(5)}}),
                          keys);
  REQUIRE(parts.size() == 2);
  // Not visible before commit.
  CHECK(store->snapshot()->tables.count("events") == 0);
  auto snap = txn.commit();
  auto list = snap->parts.at("events");
  REQUIRE(list.size() == 2);
  std::map<std::string, std::vector<std::vector<Field>>> by_partition;
  for (const auto& p : list) by_partition[p->partition_id] = rowsOf(store->readPart(*p, {"day", "user", "n"}));
  REQUIRE(by_partition.count("1"));
  REQUIRE(by_partition.count("2"));
  CHECK(by_partition["2"] == std::vector<std::vector<Field>>{{uint64_t(2), "a", uint64_t(3)},
                                                              {uint64_t(2), "a", uint64_t(5)},
                                                              {uint64_t(2), "b", uint64_t(1)}});
  CHECK(by_partition["1"] == std::vector<std::vector<Field>>{{uint64_t(1), "c", uint64_t(4)},
                                                              {uint64_t(1), "z", uint64_t(2)}});
  for (const auto& p : list) {
    REQUIRE(p->key_min.size() == 2);
    if (p->partition_id == "2") {
      CHECK(p->key_min[1] == Field(std::string("a")));
      CHECK(p->key_max[1] == Field(std::string("b")));
    }
    CHECK(p->min_sequence > 0);
  }
  CHECK(snap->last_sequence >= list[0]->max_sequence);
}

TEST_CASE("an uncommitted transaction leaves nothing behind") {
  ScratchDir dir("rollback");
  ColumnKeys keys("", {"user"});
  TableSpec spec = eventsSpec(keys);
  auto store = Store::open(dir.path);
  {
    Transaction txn(*store);
    txn.createTable(spec);
    txn.commit();
  }
  {
    Transaction txn(*store);
    txn.insert("events", makeBlock(spec, {{uint64_t(1), "a", uint64_t(1)}}), keys);
    CHECK(countEntries(dir.path / "tmp") == 1);
  }
  CHECK(countEntries(dir.path / "tmp") == 0);
  CHECK(store->snapshot()->parts.at("events").empty());
  auto reopened = Store::open(dir.path);
  CHECK(reopened->snapshot()->version == 1);
}

TEST_CASE("sequence numbers grow across store objects and transactions") {
  ScratchDir dir("sequence");
  auto a = Store::open(dir.path);
  auto b = Store::open(dir.path);
  Transaction t1(*a), t2(*b), t3(*a);
  uint64_t s1 = t1.nextSequence(), s2 = t2.nextSequence(), s3 = t3.nextSequence();
  CHECK(s1 < s2);
  CHECK(s2 < s3);
  t3.commit();
  CHECK(Store::open(dir.path)->snapshot()->last_sequence == s3);
}

TEST_CASE("engine Null stores nothing") {
  ScratchDir dir("null");
  ColumnKeys keys("", {"user"});
  TableSpec spec = eventsSpec(keys, EngineKind::Null);
  auto store = Store::open(dir.path);
  Transaction txn(*store);
  txn.createTable(spec);
  CHECK(txn.insert("events", makeBlock(spec, {{uint64_t(1), "a", uint64_t(1)}}), keys).empty());
  CHECK(txn.commit()->parts.at("events").empty());
}

TEST_CASE("a shared part hard-links unchanged columns and survives removal of its source") {
  ScratchDir dir("shared");
  ColumnKeys keys("", {"user"});
  TableSpec spec = eventsSpec(keys);
  auto store = Store::open(dir.path);
  {
    Transaction txn(*store);
    txn.createTable(spec);
    txn.insert("events", makeBlock(spec, {{uint64_t(1), "a", uint64_t(10)}, {uint64_t(2), "b", uint64_t(20)}}), keys);
    txn.commit();
  }
  PartPtr old = store->snapshot()->parts.at("events")[0];
  // Version 2 of the table: `n` becomes `total` (shared), `day` is recomputed, `flag` is new.
  TableSpec v2;
  v2.name = "events_v2";
  v2.columns = {{"user", T(TypeKind::String), ""}, {"total", T(TypeKind::UInt64), ""},
                {"day", T(TypeKind::UInt16), ""}, {"flag", T(TypeKind::UInt8), ""}};
  keys.configure(v2);
  Block computed;
  ColumnPtr day = makeColumn(T(TypeKind::UInt16));
  appendField(*day, uint64_t(7));
  appendField(*day, uint64_t(8));
  computed.add("day", day);
  computed.add("flag", makeConstColumn(T(TypeKind::UInt8), uint64_t(1), 2));
  PartPtr part = store->writeSharedPart(v2, *old, {{"user", "user"}, {"total", "n"}}, computed, keys);
  {
    Transaction txn(*store);
    txn.createTable(v2);
    txn.addPart(part);
    txn.dropTable("events");
    txn.commit();
  }
  auto snap = store->snapshot();
  const PartInfo& fresh = *snap->parts.at("events_v2")[0];
  for (const auto& c : fresh.columns) {
    if (c.name != "total") continue;
    struct stat st {};
    REQUIRE(::stat((dir.path / (c.file + ".data")).c_str(), &st) == 0);
    CHECK(st.st_nlink >= 1);
  }
  for (const auto& c : fresh.columns) CHECK(c.constant == (c.name == "flag"));
  store->collectGarbage();
  auto reopened = Store::open(dir.path);
  CHECK(!fs::exists(dir.path / "parts" / old->name));
  CHECK(rowsOf(reopened->readPart(fresh, {"user", "total", "day", "flag"})) ==
        std::vector<std::vector<Field>>{{"a", uint64_t(10), uint64_t(7), uint64_t(1)},
                                        {"b", uint64_t(20), uint64_t(8), uint64_t(1)}});
  CHECK(fresh.key_min[0] == Field(std::string("a")));
}

TEST_CASE("shared files are links, not copies") {
  ScratchDir dir("links");
  ColumnKeys keys("", {"user"});
  TableSpec spec = eventsSpec(keys);
  auto store = Store::open(dir.path);
  Transaction txn(*store);
  txn.createTable(spec);
  txn.insert("events", makeBlock(spec, {{uint64_t(1), "a", uint64_t(10)}, {uint64_t(2), "b", uint64_t(20)}}), keys);
  txn.commit();
  PartPtr old = store->snapshot()->parts.at("events")[0];
  PartPtr part = store->writeSharedPart(spec, *old, {{"day", "day"}, {"user", "user"}, {"n", "n"}}, Block{}, keys, true);
  auto inode = [](const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_ino;
  };
  // Before commit the new part is under tmp/, with the same inodes as the old part's files.
  const auto& oc = old->columns[2];
  fs::path old_file = dir.path / (oc.file + ".data");
  fs::path new_file = dir.path / "tmp" / part->name / "c2.data";
  CHECK(inode(old_file) == inode(new_file));
  CHECK(part->key_min == old->key_min);
}

TEST_CASE("garbage of interrupted writes is removed at open") {
  ScratchDir dir("garbage");
  {
    auto store = Store::open(dir.path);
  }
  fs::create_directories(dir.path / "parts" / "orphan_part");
  fs::create_directories(dir.path / "tmp" / "t_000000000001_000000000001_0_999999999x000000000001x000001");
  std::ofstream(dir.path / "manifests" / "1.json.tmp") << "{";
  std::ofstream(dir.path / "manifests" / "7.json") << "{ not json";
  auto store = Store::open(dir.path);
  CHECK(countEntries(dir.path / "parts") == 0);
  CHECK(countEntries(dir.path / "tmp") == 0);
  CHECK(countEntries(dir.path / "manifests") == 0);
  CHECK(store->snapshot()->version == 0);
}
