#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <sstream>

#include "runtime/database/database.h"

using namespace ferry::rt;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("ferry-db-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

ExprPtr input(size_t i, ColumnTypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Input;
  e->input = i;
  e->type = std::move(type);
  return e;
}

ExprPtr literal(Field value, ColumnTypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Literal;
  e->literal = std::move(value);
  e->type = std::move(type);
  return e;
}

ExprPtr call(std::string function, std::vector<ExprPtr> args, ColumnTypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Call;
  e->function = std::move(function);
  e->args = std::move(args);
  e->type = std::move(type);
  return e;
}

/// `id UInt64, name String`, sorted by id.
TableDefinition table(const std::string& name, EngineKind engine = EngineKind::MergeTree) {
  auto u64 = makeType(TypeKind::UInt64);
  auto str = makeType(TypeKind::String);
  TableDefinition t;
  t.spec.name = name;
  t.spec.columns = {{"id", u64, ""}, {"name", str, ""}};
  t.spec.engine.kind = engine;
  t.spec.sorting_key_size = 1;
  t.spec.sorting_key_names = {"id"};
  t.ingest_columns = {{"id", u64, "", nullptr}, {"name", str, "", nullptr}};
  t.key_exprs = {input(0, u64)};
  return t;
}

/// SELECT id, name FROM source (a materialized view copying rows).
ViewDefinition copyView(const std::string& source, const std::string& target) {
  auto u64 = makeType(TypeKind::UInt64);
  auto str = makeType(TypeKind::String);
  auto scan = std::make_shared<PlanNode>();
  scan->kind = PlanKind::Scan;
  scan->table = source;
  scan->columns = {"id", "name"};
  scan->output = {{"id", u64}, {"name", str}};
  return ViewDefinition{source + "_to_" + target, source, target, scan};
}

Block scanAll(const Database& db, const std::string& name, const Expr* prune = nullptr) {
  Block all;
  auto reader = db.reader();
  std::vector<Block> blocks;
  reader->scan(name, {"id", "name"}, prune, false, [&](Block b) { blocks.push_back(std::move(b)); });
  all.add("id", makeColumn(makeType(TypeKind::UInt64)));
  all.add("name", makeColumn(makeType(TypeKind::String)));
  for (const auto& b : blocks)
    for (size_t c = 0; c < 2; ++c) appendRange(*all.columns[c], *materialize(b.columns[c]), 0, b.rows);
  all.rows = all.columns[0]->rows;
  return all;
}

uint64_t sumIds(const Block& b) {
  uint64_t s = 0;
  for (size_t r = 0; r < b.rows; ++r) s += std::get<uint64_t>(fieldAt(*b.columns[0], r).value);
  return s;
}

std::string ndjson(uint64_t from, uint64_t to) {
  std::string s;
  for (uint64_t i = from; i < to; ++i) s += "{\"id\":" + std::to_string(i) + ",\"name\":\"n" + std::to_string(i) + "\"}\n";
  return s;
}

}  // namespace

TEST_CASE("append stores the rows and fires views through a chain") {
  TempDir dir;
  auto db = Database::open(dir.path, {table("events"), table("copy1"), table("copy2")},
                           {copyView("events", "copy1"), copyView("copy1", "copy2")});
  std::istringstream in(ndjson(1, 101));
  auto result = db->append("events", in, IngestOptions{});
  CHECK(result.stats.rows == 100);
  CHECK(result.stats.quarantined == 0);
  REQUIRE(result.view_rows.size() == 2);
  CHECK(result.view_rows[0] == std::pair<std::string, uint64_t>{"copy1", 100});
  CHECK(result.view_rows[1] == std::pair<std::string, uint64_t>{"copy2", 100});
  for (const char* name : {"events", "copy1", "copy2"}) {
    Block rows = scanAll(*db, name);
    CHECK(rows.rows == 100);
    CHECK(sumIds(rows) == 5050);
  }
}

TEST_CASE("rows that do not fit go to the quarantine table, the rest is appended") {
  TempDir dir;
  auto db = Database::open(dir.path, {table("events")}, {});
  REQUIRE(db->table("events_quarantine") != nullptr);
  std::istringstream in("{\"id\":1,\"name\":\"a\"}\n{\"id\":\"not a number\",\"name\":\"b\"}\n{\"id\":3,\"name\":\"c\"}\n");
  auto result = db->append("events", in, IngestOptions{});
  CHECK(result.stats.rows == 2);
  CHECK(result.stats.quarantined == 1);
  CHECK(scanAll(*db, "events").rows == 2);
  auto snapshot = db->store().snapshot();
  uint64_t quarantined = 0;
  for (const auto& part : snapshot->parts.at("events_quarantine")) quarantined += part->rows;
  CHECK(quarantined == 1);
}

TEST_CASE("a Null table stores nothing but still fires its views") {
  TempDir dir;
  auto db = Database::open(dir.path, {table("landing", EngineKind::Null), table("kept")}, {copyView("landing", "kept")});
  std::istringstream in(ndjson(0, 10));
  auto result = db->append("landing", in, IngestOptions{});
  CHECK(result.stats.rows == 10);
  CHECK(scanAll(*db, "landing").rows == 0);
  CHECK(scanAll(*db, "kept").rows == 10);
}

TEST_CASE("committed rows survive reopening the store") {
  TempDir dir;
  {
    auto db = Database::open(dir.path, {table("events")}, {});
    std::istringstream in(ndjson(0, 50));
    db->append("events", in, IngestOptions{});
  }
  auto db = Database::open(dir.path, {table("events")}, {});
  CHECK(scanAll(*db, "events").rows == 50);
}

TEST_CASE("scans skip parts whose sorting-key range cannot match, and keep every matching row") {
  TempDir dir;
  auto db = Database::open(dir.path, {table("events")}, {});
  std::istringstream first(ndjson(0, 100)), second(ndjson(1000, 1100));
  db->append("events", first, IngestOptions{});
  db->append("events", second, IngestOptions{});
  auto u64 = makeType(TypeKind::UInt64);
  auto u8 = makeType(TypeKind::UInt8);
  auto prune = call("greaterOrEquals", {input(0, u64), literal(uint64_t(1000), u64)}, u8);
  Block rows = scanAll(*db, "events", prune.get());
  CHECK(rows.rows == 100);  // only the second part
  CHECK(sumIds(rows) == (1000 + 1099) * 100 / 2);
  auto reversed = call("less", {literal(uint64_t(50), u64), input(0, u64)}, u8);  // 50 < id: both parts
  CHECK(scanAll(*db, "events", reversed.get()).rows == 200);  // parts are kept or skipped whole
  auto none = call("and", {call("less", {input(0, u64), literal(uint64_t(500), u64)}, u8),
                           call("greater", {input(0, u64), literal(uint64_t(200), u64)}, u8)}, u8);
  CHECK(scanAll(*db, "events", none.get()).rows == 0);
  auto either = call("or", {none, call("equals", {input(0, u64), literal(uint64_t(1050), u64)}, u8)}, u8);
  CHECK(scanAll(*db, "events", either.get()).rows == 100);
}

TEST_CASE("a copy appends or replaces the target's rows") {
  TempDir dir;
  auto db = Database::open(dir.path, {table("events"), table("snapshot")}, {});
  std::istringstream in(ndjson(0, 20));
  db->append("events", in, IngestOptions{});
  PlanNode plan = *copyView("events", "snapshot").plan;
  CHECK(db->copy(plan, "snapshot", false).stats.rows == 20);
  CHECK(db->copy(plan, "snapshot", false).stats.rows == 20);
  CHECK(scanAll(*db, "snapshot").rows == 40);
  db->copy(plan, "snapshot", true);
  CHECK(scanAll(*db, "snapshot").rows == 20);
}

TEST_CASE("an insert spanning more than 100 partitions is refused with TOO_MANY_PARTS, as ClickHouse does") {
  TempDir dir;
  // PARTITION BY id: each row its own partition.
  TableDefinition t = table("events");
  t.spec.has_partition_key = true;
  t.spec.key_columns = {"id", "id"};
  t.key_exprs = {input(0, makeType(TypeKind::UInt64)), input(0, makeType(TypeKind::UInt64))};
  auto db = Database::open(dir.path, {t}, {});
  std::istringstream hundred(ndjson(0, 100));
  CHECK(db->append("events", hundred, IngestOptions{}).stats.rows == 100);
  std::istringstream too_many(ndjson(100, 201));
  try {
    db->append("events", too_many, IngestOptions{});
    FAIL("the append of 101 partitions succeeded");
  } catch (const CodedError& e) {
    CHECK(e.code == "TOO_MANY_PARTS");
  }
  CHECK(scanAll(*db, "events").rows == 100);  // nothing of the refused batch is visible
}
