// The checks before promote: a query over live and the same over staging must agree.
#include <catch2/catch.hpp>

#include "runtime/deploy/backfill.h"
#include "runtime/deploy/deployment_steps.h"
#include "runtime/deploy/promote_checks.h"
#include "tests/deploy/unit/deploy_test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::deploytest;

TEST_CASE("promote checks report a difference between live and staging and pass when equal") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  db->insert("events", eventRows(1, 11));
  db->insert("events", eventRows(11, 16));
  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  db->insert("events", eventRows(16, 19));

  PromoteCheck count_check{"A: sum of counts", sumPlan("A", "c"), sumPlan("A", "c")};
  PromoteCheck events_check{"events: rows", countRowsPlan("events", "id"), countRowsPlan("events", "id")};
  CHECK(runPromoteChecks(*db, {}).empty());

  // Before the backfill staging's A has only the rows after the cut: the check sees it.
  auto failures = runPromoteChecks(*db, {events_check, count_check});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].label == "A: sum of counts");
  CHECK(failures[0].live == "18");
  CHECK(failures[0].staging == "3");

  runBackfill(*db, spec, nullptr);
  CHECK(runPromoteChecks(*db, {events_check, count_check}).empty());

  // A staging query over rows that differ (rows of A@2 against rows of events) fails.
  PromoteCheck mismatched{"rows: A against events", countRowsPlan("events", "id"), countRowsPlan("A", "c")};
  failures = runPromoteChecks(*db, {count_check, mismatched});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].label == "rows: A against events");
  CHECK(failures[0].live == "18");
  CHECK(failures[0].staging == "3");  // one row of A@2 per insert: 2 backfilled chunks + 1 write
  CHECK(failures[0].live != failures[0].staging);

  // A write after the backfill reaches both versions: still equal.
  db->insert("events", eventRows(100, 101));
  CHECK(runPromoteChecks(*db, {count_check, events_check}).empty());
}

TEST_CASE("promote checks compare each version's own tables on one snapshot") {
  TempDir dir;
  auto db = Database::open(dir.path, countingLoader(), "1");
  db->insert("events", eventRows(1, 6));
  StagingSpec spec = viewsSpec("2");
  createStaging(*db, spec);
  runBackfill(*db, spec, nullptr);
  // The sum of ids exists only in staging's A; live's equivalent is the sum over events.
  PromoteCheck sums{"sum of ids", sumPlan("events", "id"), sumPlan("A", "s")};
  CHECK(runPromoteChecks(*db, {sums}).empty());
  db->insert("events", eventRows(6, 9));
  CHECK(runPromoteChecks(*db, {sums}).empty());
  // Rows written to live's A only (a copy into the live table) make the versions differ.
  PromoteCheck counts{"sum of counts", sumPlan("A", "c"), sumPlan("A", "c")};
  CHECK(runPromoteChecks(*db, {counts}).empty());
  {
    Transaction tx(db->store());
    Block extra;
    auto c = makeColumn(T(TypeKind::UInt64));
    appendField(*c, Field(uint64_t(1)));
    extra.add("c", c);
    tx.insert("A", extra, db->keysOf("A"), tx.nextSequence());
    tx.commit();
  }
  auto failures = runPromoteChecks(*db, {counts, sums});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].label == "sum of counts");
  CHECK(failures[0].live == "9");
  CHECK(failures[0].staging == "8");
}
