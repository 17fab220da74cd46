// The steps of a deployment on a Database (createStaging, runBackfill, promoteStaging,
// discardStaging, rollbackLive): which rows reach which version's tables, exactly once.
//
// Deployment "1": events -> view v (count()) -> A(c). Deployment "2" rewrites A into a new physical
// table A@2(c, s) filled by its own v (count(), sum(id)); events is shared. So at any time
//   sum(c) of A (or A@2) must equal the number of events rows and sum(s) of A@2 their sum of ids.
#include <catch2/catch.hpp>

#include <sstream>

#include "runtime/deploy/backfill.h"
#include "runtime/deploy/deployment_steps.h"
#include "tests/deploy/unit/deploy_test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::deploytest;

namespace {

std::string codeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const CodedError& e) {
    return e.code;
  } catch (const std::exception& e) {
    return std::string("not a CodedError: ") + e.what();
  }
  return "no error";
}

/// The whole events table recomputed: rows and sum of ids (the reference every target must match).
struct Totals {
  uint64_t rows = 0, ids = 0;
};
Totals eventTotals(const Store& store) { return {rowCount(store, "events"), sumOf(store, "events", "id")}; }

}  // namespace

TEST_CASE("staging gets the rows before the cut only through the backfill and later rows exactly once, promote and rollback lose nothing") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  db->insert("events", eventRows(1, 11));
  db->insert("events", eventRows(11, 21));
  REQUIRE(sumOf(db->store(), "A", "c") == 20);
  const uint64_t last_before_cut = db->store().snapshot()->last_sequence;

  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  {
    const DeploymentState& state = db->state();
    REQUIRE(state.live);
    REQUIRE(state.staging);
    CHECK(state.live->id == "1");
    CHECK(state.staging->id == "2");
    CHECK_FALSE(state.previous);
    CHECK(state.cut_sequence == last_before_cut);
  }
  CHECK(db->physicalName(DeploymentRole::Staging, "A") == "A@2");
  CHECK(db->physicalName(DeploymentRole::Staging, "A_quarantine") == "A@2_quarantine");
  CHECK(db->physicalName(DeploymentRole::Staging, "events") == "events");  // unchanged: shared
  CHECK(db->physicalName(DeploymentRole::Live, "A") == "A");
  REQUIRE(tableExists(db->store(), "A@2"));
  CHECK(tableExists(db->store(), "A@2_quarantine"));
  // Rows before the cut have not reached staging.
  CHECK(rowCount(db->store(), "A@2") == 0);
  // The state is in the store: another process (here: another Database) sees it.
  {
    auto other = Database::open(dir.path, countingLoader(), "1");
    REQUIRE(other->state().staging);
    CHECK(other->state().staging->id == "2");
    CHECK(other->physicalName(DeploymentRole::Staging, "A") == "A@2");
  }

  // After the cut, writes feed live and staging, each once.
  db->insert("events", eventRows(101, 106));
  CHECK(sumOf(db->store(), "A", "c") == 25);
  CHECK(sumOf(db->store(), "A@2", "c") == 5);
  CHECK(sumOf(db->store(), "A@2", "s") == sumRange(101, 106));
  std::istringstream appended(ndjson(201, 204));
  auto result = db->append("events", appended, IngestOptions{});
  CHECK(result.stats.rows == 3);
  CHECK(sumOf(db->store(), "A", "c") == 28);
  CHECK(sumOf(db->store(), "A@2", "c") == 8);
  CHECK(sumOf(db->store(), "A@2", "s") == sumRange(101, 106) + sumRange(201, 204));
  CHECK(rowCount(db->store(), "events") == 28);  // the shared table got each row once

  // Staging can be served (`--deployment staging`): its A is A@2.
  {
    auto staging = Database::open(dir.path, countingLoader(), "1", DeploymentRole::Staging);
    CHECK(sumThrough(*staging->reader(), "A", "s") == sumRange(101, 106) + sumRange(201, 204));
  }
  CHECK(sumThrough(*db->reader(), "A", "c") == 28);

  // Promote refuses before the backfill finished.
  CHECK_FALSE(backfillDone(*db));
  CHECK(codeOf([&] { promoteStaging(*db); }) == "DEPLOYMENT_NOT_READY");
  CHECK(db->state().staging);

  BackfillProgress last;
  int reports = 0;
  runBackfill(*db, spec, [&](const BackfillProgress& p) {
    last = p;
    ++reports;
  });
  CHECK(backfillDone(*db));
  CHECK(reports >= 1);
  CHECK(last.rows_total == 20);
  CHECK(last.rows_done == 20);
  Totals all = eventTotals(db->store());
  CHECK(all.rows == 28);
  CHECK(sumOf(db->store(), "A@2", "c") == all.rows);
  CHECK(sumOf(db->store(), "A@2", "s") == all.ids);

  promoteStaging(*db);
  {
    const DeploymentState& state = db->state();
    REQUIRE(state.live);
    REQUIRE(state.previous);
    CHECK(state.live->id == "2");
    CHECK(state.previous->id == "1");
    CHECK_FALSE(state.staging);
  }
  CHECK(db->store().snapshot()->pins.empty());
  CHECK(db->store().snapshot()->metaValue("deploy.journal") == nullptr);
  // The served (live) A is now A@2.
  CHECK(sumThrough(*db->reader(), "A", "s") == all.ids);

  // After promote: live (2) and previous (1) are both fed.
  db->insert("events", eventRows(301, 306));
  std::istringstream more(ndjson(401, 403));
  db->append("events", more, IngestOptions{});
  all = eventTotals(db->store());
  CHECK(all.rows == 35);
  CHECK(sumOf(db->store(), "A@2", "c") == all.rows);
  CHECK(sumOf(db->store(), "A@2", "s") == all.ids);
  CHECK(sumOf(db->store(), "A", "c") == all.rows);

  // Reopening the store keeps the promoted state.
  db.reset();
  db = Database::open(dir.path, countingLoader(), "1");
  REQUIRE(db->state().live);
  CHECK(db->state().live->id == "2");
  CHECK(sumThrough(*db->reader(), "A", "c") == all.rows);

  CHECK(rollbackLive(*db) == "1");
  {
    const DeploymentState& state = db->state();
    REQUIRE(state.live);
    CHECK(state.live->id == "1");
    CHECK_FALSE(state.previous);
    CHECK_FALSE(state.staging);
  }
  CHECK_FALSE(tableExists(db->store(), "A@2"));
  CHECK_FALSE(tableExists(db->store(), "A@2_quarantine"));
  CHECK(tableExists(db->store(), "A"));
  CHECK(tableExists(db->store(), "events"));
  // Version 1 has every row, including those ingested after promote.
  CHECK(sumThrough(*db->reader(), "A", "c") == all.rows);
  db->insert("events", eventRows(501, 503));
  CHECK(sumOf(db->store(), "A", "c") == all.rows + 2);
  CHECK(rowCount(db->store(), "events") == all.rows + 2);
}

TEST_CASE("discard drops every table staging created and leaves live as it was") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  db->insert("events", eventRows(1, 11));
  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  db->insert("events", eventRows(11, 16));
  bool backfill = GENERATE(false, true);
  if (backfill) runBackfill(*db, spec, nullptr);
  REQUIRE(rowCount(db->store(), "A@2") > 0);
  std::vector<std::string> staged_parts;
  for (const auto& p : db->store().snapshot()->parts.at("A@2")) staged_parts.push_back(p->name);
  const uint64_t live_c = sumOf(db->store(), "A", "c");

  auto discarded = discardStaging(*db);
  REQUIRE(discarded);
  CHECK(*discarded == "2");
  auto snap = db->store().snapshot();
  for (const auto& [name, spec_] : snap->tables) {
    INFO("table " << name);
    CHECK(name.find('@') == std::string::npos);
  }
  CHECK(snap->pins.empty());
  CHECK(snap->metaValue("deploy.journal") == nullptr);
  CHECK_FALSE(db->state().staging);
  REQUIRE(db->state().live);
  CHECK(db->state().live->id == "1");
  for (const auto& name : staged_parts) CHECK_FALSE(std::filesystem::exists(dir.path / "parts" / name));
  CHECK(sumOf(db->store(), "A", "c") == live_c);
  CHECK(live_c == 15);
  CHECK(db->logicalTables(DeploymentRole::Staging).empty());
  CHECK_FALSE(discardStaging(*db));  // nothing left to discard

  // Writes after the discard feed live only, and a new attempt starts clean.
  db->insert("events", eventRows(16, 20));
  CHECK(sumOf(db->store(), "A", "c") == 19);
  createStaging(*db, spec);
  CHECK(rowCount(db->store(), "A@2") == 0);
  runBackfill(*db, spec, nullptr);
  CHECK(sumOf(db->store(), "A@2", "c") == 19);
  CHECK(sumOf(db->store(), "A@2", "s") == sumRange(1, 20));
}

TEST_CASE("the steps refuse what the state does not allow, and change nothing then") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  db->insert("events", eventRows(1, 4));
  CHECK(codeOf([&] { promoteStaging(*db); }) == "NO_STAGING_DEPLOYMENT");
  CHECK(codeOf([&] { rollbackLive(*db); }) == "NO_PREVIOUS_DEPLOYMENT");
  CHECK_FALSE(discardStaging(*db));

  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  const std::string state_text = db->stateText();
  CHECK(codeOf([&] { createStaging(*db, viewsSpec("3")); }) == "DEPLOYMENT_IN_PROGRESS");
  CHECK(codeOf([&] { rollbackLive(*db); }) == "DEPLOYMENT_IN_PROGRESS");
  db->reload();
  CHECK(db->stateText() == state_text);
  CHECK_FALSE(tableExists(db->store(), "A@3"));

  runBackfill(*db, spec, nullptr);
  promoteStaging(*db);
  // A second deployment ends the rollback window: version 1's own table A goes.
  createStaging(*db, viewsSpec("3"));
  REQUIRE(db->state().staging);
  CHECK(db->state().staging->id == "3");
  CHECK_FALSE(db->state().previous);
  CHECK_FALSE(tableExists(db->store(), "A"));
  CHECK(tableExists(db->store(), "A@2"));
  CHECK(tableExists(db->store(), "A@3"));
  db->insert("events", eventRows(4, 6));
  runBackfill(*db, viewsSpec("3"), nullptr);
  CHECK(sumOf(db->store(), "A@3", "c") == 5);
  CHECK(sumOf(db->store(), "A@2", "c") == 5);
  promoteStaging(*db);
  CHECK(db->state().live->id == "3");
  CHECK(db->state().previous->id == "2");
  CHECK(rollbackLive(*db) == "2");
  CHECK(sumThrough(*db->reader(), "A", "s") == sumRange(1, 6));
}
