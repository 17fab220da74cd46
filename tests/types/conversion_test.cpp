// classifyConversion over data/conversion_cases.tsv (whose verdicts check_conversions_live.js
// checks against chDB), and aggregate-state compatibility.
#include <catch2/catch.hpp>

#include <string>

#include "compiler/types/conversion.h"
#include "compiler/types/type_parser.h"
#include "tests/types/case_table.h"

using namespace ferry::types;

namespace {

using test::T;

std::string verdict(std::string_view from, std::string_view to) {
  return std::string(conversionKindName(classifyConversion(*T(from), *T(to))));
}

}  // namespace

TEST_CASE("conversion: the case table") {
  auto rows = ferry::types::test::readCaseTable(FERRY_TYPES_DATA_DIR "/conversion_cases.tsv");
  for (const auto& row : rows) {
    const std::string &from = row[0], &to = row[1], &expected = row[2];
    INFO(from << " -> " << to);
    CHECK(verdict(from, to) == expected);
  }
  CHECK(rows.size() > 80);
}

TEST_CASE("conversion: reasons name the problem") {
  auto v = explainConversion(*T("Int64"), *T("UInt64"));
  CHECK(v.kind == ConversionKind::Lossy);
  CHECK(v.reason.find("wraps negative values") != std::string::npos);
  CHECK(explainConversion(*T("UInt8"), *T("UInt8")).reason.empty());
  auto n = explainConversion(*T("Nullable(Int32)"), *T("Int32"));
  CHECK(n.kind == ConversionKind::Fallible);
  CHECK(n.reason.find("NULL") != std::string::npos);
}

TEST_CASE("conversion: composite verdicts take the worst element") {
  CHECK(verdict("Tuple(UInt8, Int64)", "Tuple(UInt16, UInt64)") == "lossy");
  CHECK(verdict("Map(String, Nullable(UInt8))", "Map(String, UInt8)") == "fallible");
  CHECK(verdict("Array(String)", "Array(LowCardinality(String))") == "lossless");
  CHECK(verdict("Nested(a UInt8)", "Nested(a UInt16)") == "lossless");
}

TEST_CASE("conversion: aggregate state compatibility") {
  auto compatible = [](std::string_view a, std::string_view b) { return aggregateStateCompatible(*T(a), *T(b)); };
  CHECK(compatible("AggregateFunction(count, UInt16)", "AggregateFunction(count, UInt64)"));
  CHECK(compatible("AggregateFunction(count, UInt16)", "AggregateFunction(count)"));
  CHECK(compatible("AggregateFunction(uniq, LowCardinality(String))", "AggregateFunction(uniq, String)"));
  CHECK(compatible("AggregateFunction(groupArray, Array(String))",
                   "AggregateFunction(groupArray, Array(LowCardinality(String)))"));
  CHECK(compatible("AggregateFunction(sumArray, Array(UInt8))", "AggregateFunction(sum, UInt8)"));
  CHECK(compatible("AggregateFunction(quantiles(0.5), UInt8)", "AggregateFunction(quantiles(0.5, 0.9), UInt8)"));
  CHECK(compatible("AggregateFunction(1, sumMap, Array(UInt8), Array(UInt8))",
                   "AggregateFunction(0, sumMap, Array(UInt8), Array(UInt8))"));
  CHECK_FALSE(compatible("AggregateFunction(sum, UInt16)", "AggregateFunction(sum, UInt64)"));
  CHECK_FALSE(compatible("AggregateFunction(sumIf, UInt16, UInt8)", "AggregateFunction(sum, UInt64)"));
  CHECK_FALSE(compatible("AggregateFunction(sum, UInt8)", "AggregateFunction(sumOrNull, UInt8)"));
  CHECK_FALSE(compatible("AggregateFunction(groupArray(5), UInt8)", "AggregateFunction(groupArray, UInt8)"));
  CHECK_FALSE(compatible("AggregateFunction(quantile, UInt8)", "AggregateFunction(quantileExact, UInt8)"));
  CHECK_FALSE(compatible("AggregateFunction(uniq, UInt8)", "AggregateFunction(uniq, UInt8, UInt8)"));
  CHECK(compatible("SimpleAggregateFunction(sum, UInt64)", "SimpleAggregateFunction(sum, UInt128)"));
  CHECK_FALSE(compatible("SimpleAggregateFunction(max, UInt64)", "SimpleAggregateFunction(max, UInt8)"));
  CHECK_FALSE(compatible("UInt8", "UInt16"));
}
