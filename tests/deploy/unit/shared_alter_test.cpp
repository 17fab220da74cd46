// An ALTER backfilled by sharing files: the new version's parts hard-link the live parts' files of
// every kept column and write only the added ones, and hold exactly the live rows.
#include <catch2/catch.hpp>

#include <set>

#include "runtime/deploy/backfill.h"
#include "runtime/deploy/deployment_steps.h"
#include "tests/deploy/unit/deploy_test_support.h"

using namespace ferry::rt;
using namespace ferry::rt::deploytest;

namespace {

/// "1": events(id, name); "2": events(id, name, extra UInt64) — an ALTER ADD COLUMN.
DeploymentLoader alterLoader() {
  return [](const std::string& id) -> DeploymentDefinition {
    DeploymentDefinition d;
    if (id == "1") d.tables = {eventsTable()};
    else d.tables = {datasource("events", {{"id", T(TypeKind::UInt64)}, {"name", T(TypeKind::String)}, {"extra", T(TypeKind::UInt64)}})};
    return d;
  };
}

StagingSpec alterSpec(bool share) {
  StagingSpec spec;
  spec.id = "2";
  StagedTable t;
  t.name = "events";
  t.fill = StagedTable::Fill::Forward;
  t.forward_source = "events";
  std::vector<OutputColumn> columns{{"id", T(TypeKind::UInt64)}, {"name", T(TypeKind::String)}};
  t.forward = scan("events", columns);
  t.share_files = share;
  spec.tables = {t};
  return spec;
}

uintmax_t linksOf(const Store& store, const std::string& table, const std::string& column) {
  auto snapshot = store.snapshot();
  uintmax_t least = ~uintmax_t(0);
  for (const auto& part : snapshot->parts.at(table))
    for (const auto& c : part->columns)
      if (c.name == column)
        for (const auto& s : c.streams) least = std::min(least, fs::hard_link_count(store.folder() / (c.file + s.suffix)));
  return least;
}

}  // namespace

TEST_CASE("an ALTER's new version shares the live files of the columns it keeps") {
  for (bool share : {true, false}) {
    TempDir dir;
    auto db = Database::open(dir.path, alterLoader(), "1");
    db->insert("events", eventRows(0, 50));
    db->insert("events", eventRows(50, 80));
    StagingSpec spec = alterSpec(share);
    createStaging(*db, spec);
    runBackfill(*db, spec, nullptr);
    INFO("share_files " << share);
    CHECK(rowCount(db->store(), "events@2") == 80);
    CHECK(sumOf(db->store(), "events@2", "id") == sumRange(0, 80));
    CHECK(sumOf(db->store(), "events@2", "extra") == 0);
    auto rows = physicalRows(db->store(), "events@2");
    std::set<std::string> names;
    for (const auto& f : rows.at("name")) names.insert(std::get<std::string>(f.value));
    CHECK(names.size() == 80);
    CHECK(names.count("n79") == 1);
    // Kept columns are the live files themselves (hard links) only when sharing.
    if (share) {
      CHECK(linksOf(db->store(), "events@2", "id") >= 2);
      CHECK(linksOf(db->store(), "events@2", "name") >= 2);
    } else {
      CHECK(linksOf(db->store(), "events@2", "id") == 1);
    }
    CHECK(linksOf(db->store(), "events@2", "extra") == 1);
    promoteStaging(*db);
    auto live = Database::open(dir.path, alterLoader(), "1");
    CHECK(sumThrough(*live->reader(), "events", "id") == sumRange(0, 80));
  }
}
