// The aggregate grids of ../shared/oracle/probe_types.tsv (groups agg:plain, agg:State,
// agg:StateMerge, agg:SimpleState, agg:OrNull, agg:OrDefault, agg:MergeState, agg:If,
// agg:Distinct, agg:Resample, agg:ForEach, agg:Array): every row typed through
// typeAggregateCall and compared with ClickHouse 26.7. Prints the agreement per group; fails
// under 97% overall or when an ERROR row is accepted.
//
// FERRY_AGGREGATE_DETAILS=<group|all> prints the disagreeing rows.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "tests/functions/aggregate_probe_harness.h"

namespace {

namespace fs = std::filesystem;
using ferry::functions::aggregate_test::checkProbeFile;
using ferry::functions::aggregate_test::ProbeSummary;

/// The oracle file: under FERRY_SHARED_DIR (compile definition or environment), else found
/// upwards from the working directory.
fs::path oracleFile() {
  fs::path relative = fs::path("oracle") / "probe_types.tsv";
#ifdef FERRY_SHARED_DIR
  if (fs::exists(fs::path(FERRY_SHARED_DIR) / relative)) return fs::path(FERRY_SHARED_DIR) / relative;
#endif
  if (const char* env = std::getenv("FERRY_SHARED_DIR")) return fs::path(env) / relative;
  return ferry::functions::aggregate_test::findUpwards(fs::path("shared") / relative);
}

}  // namespace

TEST_CASE("aggregate grids of the oracle agree with ClickHouse 26.7", "[aggregate][oracle]") {
  fs::path path = oracleFile();
  if (path.empty() || !fs::exists(path)) {
    WARN("SKIPPED: ../shared is absent");
    return;
  }
  const char* details = std::getenv("FERRY_AGGREGATE_DETAILS");
  ProbeSummary summary = checkProbeFile(path, "agg:", details ? details : "");
  REQUIRE(summary.total.rows > 10000);
  CHECK(summary.accepted_errors.empty());
  CHECK(summary.total.percent() >= 97.0);
}
