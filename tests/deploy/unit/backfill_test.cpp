// The backfill of a staging deployment: part by part from the live parts pinned at the cut, each
// chunk committed with its journal entry (re-running applies nothing twice), forward queries that
// fail on live rows reported with the offending rows.
#include <catch2/catch.hpp>

#include <optional>
#include <set>
#include <sstream>

#include "runtime/deploy/backfill.h"
#include "runtime/deploy/deployment_steps.h"
#include "tests/deploy/unit/deploy_test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::deploytest;

namespace {

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

/// Live: events(id UInt64, name String). Deployment "2" rewrites events into events@2(id UInt64,
/// name UUID), filled by the forward query SELECT id, CAST(name AS UUID) AS name FROM events.
DeploymentLoader uuidLoader() {
  return [](const std::string& id) -> DeploymentDefinition {
    DeploymentDefinition d;
    if (id == "1") d.tables = {eventsTable()};
    else if (id == "2") d.tables = {datasource("events", {{"id", T(TypeKind::UInt64)}, {"name", T(TypeKind::UUID)}})};
    else throw std::runtime_error("no deployment " + id);
    return d;
  };
}

StagingSpec uuidSpec() {
  StagedTable events;
  events.name = "events";
  events.fill = StagedTable::Fill::Forward;
  events.forward_source = "events";
  auto from = scan("events", {{"id", T(TypeKind::UInt64)}, {"name", T(TypeKind::String)}});
  events.forward = project(from, {{"id", T(TypeKind::UInt64)}, {"name", T(TypeKind::UUID)}},
                           {input(0, T(TypeKind::UInt64)), cast(input(1, T(TypeKind::String)), T(TypeKind::UUID))});
  StagingSpec spec;
  spec.id = "2";
  spec.tables = {events};
  return spec;
}

std::string uuidText(uint64_t i) {
  std::string digits = std::to_string(i);
  return "00000000-0000-0000-0000-" + std::string(12 - digits.size(), '0') + digits;
}

/// Rows `id` in [from, to) whose name is a UUID, except the ids in `bad` (name "abc<id>").
Block uuidRows(uint64_t from, uint64_t to, const std::set<uint64_t>& bad = {}) {
  auto ids = makeColumn(T(TypeKind::UInt64));
  auto names = makeColumn(T(TypeKind::String));
  for (uint64_t i = from; i < to; ++i) {
    appendField(*ids, Field(i));
    appendField(*names, Field(bad.count(i) ? "abc" + std::to_string(i) : uuidText(i)));
  }
  Block b;
  b.add("id", ids);
  b.add("name", names);
  return b;
}

}  // namespace

TEST_CASE("a backfill run again applies nothing twice") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  for (uint64_t i = 0; i < 4; ++i) db->insert("events", eventRows(i * 10 + 1, i * 10 + 11));  // 4 parts
  REQUIRE(db->store().snapshot()->parts.at("events").size() == 4);
  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  db->insert("events", eventRows(1001, 1004));

  int reports = 0;
  BackfillProgress last;
  runBackfill(*db, spec, [&](const BackfillProgress& p) {
    ++reports;
    last = p;
    CHECK(p.rows_total == 40);
    CHECK(p.rows_done <= p.rows_total);
    CHECK(p.bytes_done <= p.bytes_total);
  });
  CHECK(reports == 4);  // one chunk per pinned part
  CHECK(last.rows_done == 40);
  CHECK(last.bytes_done == last.bytes_total);
  CHECK(last.bytes_total > 0);
  CHECK(sumOf(db->store(), "A@2", "c") == 43);
  CHECK(sumOf(db->store(), "A@2", "s") == sumRange(1, 41) + sumRange(1001, 1004));

  const uint64_t version = db->store().snapshot()->version;
  int again = 0;
  runBackfill(*db, spec, [&](const BackfillProgress&) { ++again; });
  CHECK(again == 0);
  CHECK(db->store().snapshot()->version == version);  // nothing committed
  CHECK(sumOf(db->store(), "A@2", "c") == 43);
  CHECK(backfillDone(*db));
}

TEST_CASE("a backfill stopped between chunks resumes where it stopped, across a reopen") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  for (uint64_t i = 0; i < 5; ++i) db->insert("events", eventRows(i * 10 + 1, i * 10 + 11));  // 5 parts
  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  db->insert("events", eventRows(2001, 2003));

  // The process "dies" after the second chunk committed (the report follows each commit).
  int chunks = 0;
  CHECK_THROWS_AS(runBackfill(*db, spec,
                              [&](const BackfillProgress&) {
                                if (++chunks == 2) throw Interrupted();
                              }),
                  Interrupted);
  CHECK_FALSE(backfillDone(*db));
  CHECK(sumOf(db->store(), "A@2", "c") == 2 + 20);
  // A merge of the live source meanwhile, then a fresh process (the store's garbage collection runs).
  CHECK(db->optimize("events", true) > 0);
  db.reset();
  db = Database::open(dir.path, countingLoader(), "1");
  db->insert("events", eventRows(3001, 3002));

  BackfillProgress first{}, last{};
  int resumed = 0;
  runBackfill(*db, spec, [&](const BackfillProgress& p) {
    if (resumed++ == 0) first = p;
    last = p;
  });
  CHECK(resumed == 3);
  CHECK(first.rows_done == 30);  // progress counts the chunks done before
  CHECK(last.rows_done == 50);
  CHECK(last.rows_total == 50);
  {
    const uint64_t rows = rowCount(db->store(), "events");
    CHECK(rows == 53);
    CHECK(sumOf(db->store(), "A@2", "c") == rows);
    CHECK(sumOf(db->store(), "A@2", "s") == sumOf(db->store(), "events", "id"));
    CHECK(sumOf(db->store(), "A", "c") == rows);
  }
}

TEST_CASE("the cut pins the live parts: a merge of the source after the cut changes nothing") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  for (uint64_t i = 0; i < 3; ++i) db->insert("events", eventRows(i * 10 + 1, i * 10 + 11));
  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  std::vector<std::string> cut_parts;
  for (const auto& p : db->store().snapshot()->parts.at("events")) cut_parts.push_back(p->name);
  REQUIRE(cut_parts.size() == 3);

  // Rows after the cut, then one merge of everything: the live table's only part mixes rows from
  // before and after the cut.
  db->insert("events", eventRows(101, 111));
  std::istringstream late(ndjson(5, 8));  // late rows with old ids: after the cut all the same
  db->append("events", late, IngestOptions{});
  CHECK(db->optimize("events", true) == 5);
  {
    auto snap = db->store().snapshot();
    REQUIRE(snap->parts.at("events").size() == 1);
    for (const auto& name : cut_parts) CHECK(std::filesystem::exists(dir.path / "parts" / name));
  }
  CHECK(sumOf(db->store(), "A@2", "c") == 13);

  runBackfill(*db, spec, nullptr);
  const uint64_t rows = rowCount(db->store(), "events");
  CHECK(rows == 43);
  CHECK(sumOf(db->store(), "A@2", "c") == rows);  // 30 backfilled + 13 fed: none twice
  CHECK(sumOf(db->store(), "A@2", "s") == sumOf(db->store(), "events", "id"));

  promoteStaging(*db);
  // The pin is gone with the deployment: the replaced parts go at the next open.
  db.reset();
  db = Database::open(dir.path, countingLoader(), "1");
  for (const auto& name : cut_parts) CHECK_FALSE(std::filesystem::exists(dir.path / "parts" / name));
  CHECK(sumThrough(*db->reader(), "A", "c") == rows);
}

TEST_CASE("a forward query converts the live rows into the new version") {
  TempDir dir;
  auto db = Database::open(dir.path, uuidLoader(), "1");
  db->insert("events", uuidRows(1, 6));
  db->insert("events", uuidRows(6, 9));
  StagingSpec spec = uuidSpec();
  createStaging(*db, spec);
  CHECK(db->physicalName(DeploymentRole::Staging, "events") == "events@2");
  CHECK(rowCount(db->store(), "events@2") == 0);

  // The versions parse the datasource differently: an append feeds each through its own columns.
  std::istringstream in("{\"id\": 100, \"name\": \"" + uuidText(100) + "\"}\n{\"id\": 101, \"name\": \"xyz\"}\n");
  auto appended = db->append("events", in, IngestOptions{});
  CHECK(appended.stats.rows == 2);  // live's String column takes both
  CHECK(rowCount(db->store(), "events") == 10);
  CHECK(rowCount(db->store(), "events@2") == 1);
  CHECK(rowCount(db->store(), "events@2_quarantine") == 1);
  // Rows already built in live's shape cannot reach the staged version: refused, not half-written.
  CHECK_THROWS_AS(db->insert("events", uuidRows(200, 201)), CodedError);
  CHECK(rowCount(db->store(), "events") == 10);

  runBackfill(*db, spec, nullptr);
  auto staged = physicalRows(db->store(), "events@2");
  REQUIRE(staged.at("id").size() == 9);
  std::multiset<uint64_t> ids;
  for (const auto& f : staged.at("id")) ids.insert(std::get<uint64_t>(f.value));
  CHECK(ids == std::multiset<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 100});
  auto served = Database::open(dir.path, uuidLoader(), "1", DeploymentRole::Staging);
  std::vector<std::string> names;
  served->reader()->scan("events", {"id", "name"}, nullptr, false, [&](Block b) {
    for (size_t r = 0; r < b.rows; ++r) {
      if (std::get<uint64_t>(fieldAt(*b.columns[0], r).value) != 7) continue;
      std::string text;
      formatValue(*b.columns[1], r, TextFormat::Tsv, text);
      names.push_back(text);
    }
  });
  CHECK(names == std::vector<std::string>{uuidText(7)});
}

TEST_CASE("a forward query failing on live rows reports them and leaves live untouched") {
  TempDir dir;
  auto db = Database::open(dir.path, uuidLoader(), "1");
  db->insert("events", uuidRows(1, 21, {4, 9, 17}));
  StagingSpec spec = uuidSpec();
  createStaging(*db, spec);
  const uint64_t live_rows = rowCount(db->store(), "events");
  const uint64_t live_ids = sumOf(db->store(), "events", "id");

  try {
    runBackfill(*db, spec, nullptr);
    FAIL("the backfill converted 'abc' into a UUID");
  } catch (const BackfillError& e) {
    CHECK(e.code == "CANNOT_CONVERT");
    CHECK(e.rows.table == "events");
    CHECK(e.rows.source == "events");
    CHECK(e.rows.count == 3);
    CHECK_FALSE(e.rows.more);
    CHECK_FALSE(e.rows.error.empty());
    REQUIRE(e.rows.sample.size() == 3);
    std::string samples;
    for (const auto& s : e.rows.sample) samples += s + "\n";
    INFO(samples);
    CHECK(samples.find("abc4") != std::string::npos);
    CHECK(samples.find("abc9") != std::string::npos);
    CHECK(samples.find("abc17") != std::string::npos);
    CHECK(samples.find(uuidText(5)) == std::string::npos);  // only offending rows
  }
  CHECK_FALSE(backfillDone(*db));
  CHECK(rowCount(db->store(), "events@2") == 0);
  CHECK(rowCount(db->store(), "events") == live_rows);
  CHECK(sumOf(db->store(), "events", "id") == live_ids);
  try {
    promoteStaging(*db);
    FAIL("a deployment whose backfill failed was promoted");
  } catch (const CodedError& e) {
    CHECK(e.code == "DEPLOYMENT_NOT_READY");
  }
  // Discarding the failed deployment leaves live as it was, and appends go on.
  CHECK(discardStaging(*db) == std::optional<std::string>("2"));
  CHECK_FALSE(tableExists(db->store(), "events@2"));
  db->insert("events", uuidRows(21, 23));
  CHECK(rowCount(db->store(), "events") == live_rows + 2);
}

TEST_CASE("offending rows are counted over every live part, not only the first that fails") {
  TempDir dir;
  auto db = Database::open(dir.path, uuidLoader(), "1");
  db->insert("events", uuidRows(1, 11, {3}));
  db->insert("events", uuidRows(11, 21, {12, 15}));
  StagingSpec spec = uuidSpec();
  createStaging(*db, spec);
  try {
    runBackfill(*db, spec, nullptr);
    FAIL("the backfill converted 'abc' into a UUID");
  } catch (const BackfillError& e) {
    // 3 offending rows in all; an exact count (more = false) must not say fewer.
    CHECK((e.rows.count == 3 || e.rows.more));
    CHECK(e.rows.sample.size() == 3);
  }
  CHECK(rowCount(db->store(), "events@2") == 0);  // nothing of the failed conversion is visible
}
