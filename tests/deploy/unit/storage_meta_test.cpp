// The store's support for deployments: meta values committed atomically with data, the
// compare-and-swap on them (requireMeta), and pins that keep the parts of a cut alive across merges
// and the garbage collection of Store::open.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "tests/storage/test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::test;
namespace fs = std::filesystem;

namespace {

TableSpec spec(const std::string& name, const ColumnKeys& keys) {
  TableSpec s;
  s.name = name;
  s.columns = {{"id", T(TypeKind::UInt64), ""}, {"name", T(TypeKind::String), ""}};
  s.engine.kind = EngineKind::MergeTree;
  keys.configure(s);
  return s;
}

Block rows(const TableSpec& s, uint64_t from, uint64_t to) {
  std::vector<std::vector<Field>> r;
  for (uint64_t i = from; i < to; ++i) r.push_back({Field(i), Field("n" + std::to_string(i))});
  return makeBlock(s, r);
}

size_t entries(const fs::path& p) {
  std::error_code ec;
  return size_t(std::distance(fs::directory_iterator(p, ec), fs::directory_iterator()));
}

uint64_t partsOf(const Store& store, const std::string& table) {
  auto snap = store.snapshot();
  auto it = snap->parts.find(table);
  return it == snap->parts.end() ? 0 : it->second.size();
}

}  // namespace

TEST_CASE("meta values commit atomically with the parts of their transaction and survive reopening") {
  ScratchDir dir("meta-atomic");
  ColumnKeys keys("", {"id"});
  TableSpec t = spec("t", keys);
  auto store = Store::open(dir.path);
  {
    Transaction tx(*store);
    tx.createTable(t);
    tx.commit();
  }
  {
    Transaction tx(*store);
    tx.insert("t", rows(t, 0, 10), keys, tx.nextSequence());
    tx.setMeta("progress", "chunk 1");
    // Nothing of it is visible before the commit.
    CHECK(store->snapshot()->metaValue("progress") == nullptr);
    CHECK(partsOf(*store, "t") == 0);
    auto committed = tx.commit();
    REQUIRE(committed->metaValue("progress") != nullptr);
    CHECK(*committed->metaValue("progress") == "chunk 1");
    CHECK(committed->parts.at("t").size() == 1);
  }
  {
    // An abandoned transaction leaves neither its rows nor its meta value.
    Transaction tx(*store);
    tx.insert("t", rows(t, 10, 20), keys, tx.nextSequence());
    tx.setMeta("progress", "chunk 2");
    tx.setMeta("other", "x");
  }
  CHECK(*store->snapshot()->metaValue("progress") == "chunk 1");
  CHECK(store->snapshot()->metaValue("other") == nullptr);
  CHECK(tableRows(*store, "t").size() == 10);
  CHECK(entries(dir.path / "tmp") == 0);

  store.reset();
  store = Store::open(dir.path);
  REQUIRE(store->snapshot()->metaValue("progress") != nullptr);
  CHECK(*store->snapshot()->metaValue("progress") == "chunk 1");
  CHECK(tableRows(*store, "t").size() == 10);

  // Setting an empty value erases the key; other keys are untouched by a commit that does not name them.
  {
    Transaction tx(*store);
    tx.setMeta("other", "y");
    tx.commit();
  }
  {
    Transaction tx(*store);
    tx.setMeta("progress", "");
    tx.commit();
  }
  CHECK(store->snapshot()->metaValue("progress") == nullptr);
  REQUIRE(store->snapshot()->metaValue("other") != nullptr);
  CHECK(*store->snapshot()->metaValue("other") == "y");
  store.reset();
  store = Store::open(dir.path);
  CHECK(store->snapshot()->meta.count("progress") == 0);
  CHECK(store->snapshot()->meta.at("other") == "y");
}

TEST_CASE("requireMeta is a compare-and-swap: a conflict throws META_CONFLICT and commits nothing") {
  ScratchDir dir("meta-cas");
  ColumnKeys keys("", {"id"});
  TableSpec t = spec("t", keys);
  auto store = Store::open(dir.path);
  {
    Transaction tx(*store);
    tx.createTable(t);
    tx.commit();
  }
  const size_t parts_on_disk = entries(dir.path / "parts");

  SECTION("the value changed since the transaction was prepared") {
    {
      Transaction slow(*store);
      slow.requireMeta("state", "");  // prepared while absent
      slow.insert("t", rows(t, 0, 5), keys, slow.nextSequence());
      slow.setMeta("state", "slow");
      slow.createTable(spec("created_by_slow", keys));
      uint64_t version_before;
      {
        Transaction fast(*store);
        fast.setMeta("state", "fast");
        version_before = fast.commit()->version;
      }
      try {
        slow.commit();
        FAIL("a commit over a changed meta value succeeded");
      } catch (const CodedError& e) {
        CHECK(e.code == "META_CONFLICT");
      }
      auto snap = store->snapshot();
      CHECK(snap->version == version_before);
      CHECK(*snap->metaValue("state") == "fast");
      CHECK(snap->parts.at("t").empty());
      CHECK(snap->tables.count("created_by_slow") == 0);
    }
    // The refused transaction's part files went with it.
    CHECK(entries(dir.path / "parts") == parts_on_disk);
    CHECK(entries(dir.path / "tmp") == 0);
  }

  SECTION("an expected value that no longer holds, or a value that appeared") {
    {
      Transaction tx(*store);
      tx.setMeta("state", "a");
      tx.commit();
    }
    {
      Transaction tx(*store);
      tx.requireMeta("state", "b");
      tx.insert("t", rows(t, 0, 5), keys, tx.nextSequence());
      CHECK_THROWS_MATCHES(tx.commit(), CodedError, Catch::Predicate<CodedError>([](const CodedError& e) {
                             return e.code == "META_CONFLICT";
                           }));
    }
    {
      Transaction tx(*store);
      tx.requireMeta("state", "");  // "" = absent; it is present
      tx.setMeta("state", "c");
      CHECK_THROWS_AS(tx.commit(), CodedError);
    }
    CHECK(*store->snapshot()->metaValue("state") == "a");
    CHECK(store->snapshot()->parts.at("t").empty());
  }

  SECTION("a matching value commits") {
    {
      Transaction tx(*store);
      tx.requireMeta("state", "");
      tx.setMeta("state", "a");
      tx.commit();
    }
    Transaction tx(*store);
    tx.requireMeta("state", "a");
    tx.requireMeta("absent", "");
    tx.insert("t", rows(t, 0, 5), keys, tx.nextSequence());
    tx.setMeta("state", "b");
    auto snap = tx.commit();
    CHECK(*snap->metaValue("state") == "b");
    CHECK(snap->parts.at("t").size() == 1);
  }
}

TEST_CASE("pinned parts outlive the merge that replaced them and the garbage collection of reopening") {
  ScratchDir dir("pins");
  ColumnKeys keys("", {"id"});
  TableSpec t = spec("t", keys), u = spec("u", keys);
  auto store = Store::open(dir.path);
  {
    Transaction tx(*store);
    tx.createTable(t);
    tx.createTable(u);
    tx.commit();
  }
  for (uint64_t i = 0; i < 3; ++i) {
    Transaction tx(*store);
    uint64_t seq = tx.nextSequence();
    tx.insert("t", rows(t, i * 10, i * 10 + 10), keys, seq);
    tx.insert("u", rows(u, i * 10, i * 10 + 10), keys, seq);
    tx.commit();
  }
  std::set<std::string> t_parts, u_parts;
  {
    auto snap = store->snapshot();
    for (const auto& p : snap->parts.at("t")) t_parts.insert(p->name);
    for (const auto& p : snap->parts.at("u")) u_parts.insert(p->name);
  }
  REQUIRE(t_parts.size() == 3);
  REQUIRE(u_parts.size() == 3);
  {
    Transaction tx(*store);
    tx.pinTables("cut", {"t"});
    auto snap = tx.commit();
    REQUIRE(snap->pins.count("cut"));
    std::set<std::string> pinned;
    for (const auto& p : snap->pins.at("cut")) pinned.insert(p->name);
    CHECK(pinned == t_parts);  // exactly t's parts, none of u's
  }
  // A part added after the pin is not pinned.
  {
    Transaction tx(*store);
    tx.insert("t", rows(t, 100, 105), keys, tx.nextSequence());
    tx.commit();
  }
  CHECK(store->snapshot()->pins.at("cut").size() == 3);

  CHECK(optimizeTable(*store, "t", keys, true, 0) == 4);
  CHECK(optimizeTable(*store, "u", keys, true, 0) == 3);

  auto checkPinned = [&](const Store& s) {
    auto snap = s.snapshot();
    REQUIRE(snap->parts.at("t").size() == 1);
    for (const auto& p : snap->parts.at("t")) CHECK(t_parts.count(p->name) == 0);
    REQUIRE(snap->pins.count("cut"));
    const auto& pinned = snap->pins.at("cut");
    REQUIRE(pinned.size() == 3);
    uint64_t rows_read = 0, id_sum = 0;
    for (const auto& p : pinned) {
      CHECK(fs::exists(dir.path / "parts" / p->name));
      Block b = s.readPart(*p, {"id", "name"});
      rows_read += p->rows;
      for (size_t r = 0; r < p->rows; ++r) id_sum += std::get<uint64_t>(fieldAt(*b.columns[0], r).value);
    }
    CHECK(rows_read == 30);
    CHECK(id_sum == 29 * 30 / 2);  // ids 0..29: the rows at the pin, not the row added after it
  };
  checkPinned(*store);
  // The control: u's replaced parts, pinned by nothing, are gone.
  for (const auto& name : u_parts) CHECK_FALSE(fs::exists(dir.path / "parts" / name));

  store.reset();
  store = Store::open(dir.path);  // collects garbage
  checkPinned(*store);
  for (const auto& name : u_parts) CHECK_FALSE(fs::exists(dir.path / "parts" / name));

  {
    Transaction tx(*store);
    tx.unpin("cut");
    CHECK(tx.commit()->pins.empty());
  }
  store.reset();
  store = Store::open(dir.path);
  CHECK(store->snapshot()->pins.empty());
  for (const auto& name : t_parts) CHECK_FALSE(fs::exists(dir.path / "parts" / name));
  // The merged part holds every row.
  CHECK(tableRows(*store, "t").size() == 35);
  CHECK(tableRows(*store, "u").size() == 30);
}
