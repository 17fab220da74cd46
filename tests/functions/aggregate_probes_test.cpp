// The probes of every aggregate and window function of ClickHouse 26.7 kept in
// tests/functions/aggregate_probes.tsv (written by compiler/functions/tools/probe_aggregates.js
// from chDB; regenerate it with
// `node compiler/functions/tools/probe_aggregates.js --golden --out tests/functions/aggregate_probes.tsv`):
// plain calls over a grid of argument types and each combinator over a smaller grid, typed
// through typeAggregateCall and compared with what ClickHouse said.
//
// FERRY_AGGREGATE_DETAILS=<group|all> prints the disagreeing rows; FERRY_AGGREGATE_PROBES=<file>
// checks another probe file (a full run of the probe tool).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "tests/functions/aggregate_probe_harness.h"

using ferry::functions::aggregate_test::checkProbeFile;
using ferry::functions::aggregate_test::findUpwards;
using ferry::functions::aggregate_test::ProbeSummary;

TEST_CASE("aggregate probes agree with ClickHouse 26.7", "[aggregate][probes]") {
  namespace fs = std::filesystem;
  const char* file = std::getenv("FERRY_AGGREGATE_PROBES");
  fs::path path = file ? fs::path(file) : findUpwards(fs::path("tests") / "functions" / "aggregate_probes.tsv");
  REQUIRE(!path.empty());
  REQUIRE(fs::exists(path));
  const char* details = std::getenv("FERRY_AGGREGATE_DETAILS");
  ProbeSummary summary = checkProbeFile(path, "", details ? details : "");
  REQUIRE(summary.total.rows > 1000);
  CHECK(summary.accepted_errors.empty());
  CHECK(summary.total.percent() >= 97.0);
}
