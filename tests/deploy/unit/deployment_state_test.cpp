// The deployment state (meta "deployments") and the journal (meta "deploy.journal") as text, and
// the physical names of new table versions.
#include <catch2/catch.hpp>

#include "runtime/database/deployment_state.h"
#include "runtime/deploy/deployment_journal.h"

using namespace ferry::rt;

TEST_CASE("the deployment state survives its text form") {
  DeploymentState s;
  s.epoch = 7;
  s.live = DeployedVersion{"3", {{"events", "events@3"}, {"events_quarantine", "events@3_quarantine"}, {"A", "A"}}};
  s.staging = DeployedVersion{"4", {{"events", "events@3"}, {"A", "A@4"}}};
  s.previous = DeployedVersion{"2", {{"events", "events"}, {"A", "A"}}};
  s.cut_sequence = 12345678901ULL;
  s.cut_version = 99;

  DeploymentState r = DeploymentState::parse(s.toText());
  CHECK(r.epoch == 7);
  REQUIRE(r.live);
  REQUIRE(r.staging);
  REQUIRE(r.previous);
  CHECK(r.live->id == "3");
  CHECK(r.live->tables == s.live->tables);
  CHECK(r.staging->id == "4");
  CHECK(r.staging->tables == s.staging->tables);
  CHECK(r.previous->id == "2");
  CHECK(r.previous->tables == s.previous->tables);
  CHECK(r.cut_sequence == 12345678901ULL);
  CHECK(r.cut_version == 99);
  CHECK(r.toText() == s.toText());
  CHECK(r.version(DeploymentRole::Staging)->id == "4");
  CHECK(r.version(DeploymentRole::Previous)->id == "2");
  CHECK(r.version(DeploymentRole::Live)->id == "3");

  // A state with live only: no staging, no previous after the round trip.
  DeploymentState only;
  only.epoch = 1;
  only.live = DeployedVersion{"1", {}};
  DeploymentState o = DeploymentState::parse(only.toText());
  REQUIRE(o.live);
  CHECK(o.live->id == "1");
  CHECK(o.live->tables.empty());
  CHECK_FALSE(o.staging);
  CHECK_FALSE(o.previous);
  CHECK(o.epoch == 1);
}

TEST_CASE("a version maps the logical names it lacks to themselves") {
  DeployedVersion v{"5", {{"A", "A@5"}}};
  CHECK(v.physical("A") == "A@5");
  CHECK(v.physical("events") == "events");
  CHECK(std::string(deploymentRoleName(DeploymentRole::Live)) == "live");
  CHECK(std::string(deploymentRoleName(DeploymentRole::Staging)) == "staging");
  CHECK(std::string(deploymentRoleName(DeploymentRole::Previous)) == "previous");
}

TEST_CASE("a malformed deployment state is refused") {
  CHECK_THROWS_AS(DeploymentState::parse(""), std::runtime_error);
  CHECK_THROWS_AS(DeploymentState::parse("{"), std::runtime_error);
  CHECK_THROWS_AS(DeploymentState::parse("{\"live\": {\"id\": \"1\", \"tables\": {}}}"), std::runtime_error);  // no epoch
  CHECK_THROWS_AS(DeploymentState::parse("{\"epoch\": 1, \"live\": {\"tables\": {}}}"), std::runtime_error);  // no id
}

TEST_CASE("new table versions are named <name>@<id>, quarantine tables keep their suffix") {
  CHECK(versionedTableName("events", "2") == "events@2");
  CHECK(versionedTableName("events_quarantine", "2") == "events@2_quarantine");
  CHECK(versionedTableName("daily_stats_mv", "20240101") == "daily_stats_mv@20240101");
  // Only a real suffix is one: the name "_quarantine" alone is not a quarantine of "".
  CHECK(versionedTableName("_quarantine", "2") == "_quarantine@2");
  CHECK(versionedTableName("quarantine_events", "2") == "quarantine_events@2");
  // Distinct logical names give distinct physical names.
  CHECK(versionedTableName("a_quarantine", "2") != versionedTableName("a", "2"));
}

TEST_CASE("the deployment journal survives its text form") {
  DeploymentJournal j;
  j.id = "2";
  j.phase = "backfilling";
  j.done = {"view v A#events_000000000001_000000000001_0_x", "forward events#p2"};
  j.rows_done = 42;
  DeploymentJournal r = DeploymentJournal::parse(j.toText());
  CHECK(r.id == "2");
  CHECK(r.phase == "backfilling");
  CHECK(r.done == j.done);
  CHECK(r.rows_done == 42);
  j.phase = "ready";
  CHECK(DeploymentJournal::parse(j.toText()).phase == "ready");
  CHECK_THROWS(DeploymentJournal::parse("not json"));
}
