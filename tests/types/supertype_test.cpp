// leastSupertype: the probed cases of data/supertype_cases.tsv (regenerated from chDB by
// update_supertype_cases.js) and the rules spelled out by hand.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compiler/types/supertype.h"
#include "compiler/types/type_parser.h"
#include "tests/types/case_table.h"

using namespace ferry::types;

namespace {

using test::T;

std::string super(std::vector<std::string_view> texts, SupertypeOptions options = {}) {
  std::vector<TypePtr> types;
  for (auto t : texts) types.push_back(T(t));
  auto r = tryLeastSupertype(types, options);
  return r.ok() ? toString(r.type) : "ERROR " + r.error_code;
}

std::vector<std::string> splitTypes(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = list.find(" | ", start);
    out.push_back(list.substr(start, bar - start));
    if (bar == std::string::npos) break;
    start = bar + 3;
  }
  return out;
}

}  // namespace

TEST_CASE("supertype: probed cases agree with ClickHouse 26.7") {
  auto rows = ferry::types::test::readCaseTable(FERRY_TYPES_DATA_DIR "/supertype_cases.tsv");
  for (const auto& row : rows) {
    const std::string &mode = row[0], &list = row[1], &expected = row[2];
    SupertypeOptions options;
    options.remove_low_cardinality = mode == "if";
    std::vector<std::string_view> texts;
    auto parts = splitTypes(list);
    for (const auto& p : parts) texts.push_back(p);
    INFO(mode << ": " << list);
    CHECK(super(texts, options) == expected);
  }
  CHECK(rows.size() > 150);
}

TEST_CASE("supertype: integers, floats and the order-dependent Bool") {
  CHECK(super({"UInt8", "Int8"}) == "Int16");
  CHECK(super({"UInt32", "Int32"}) == "Int64");
  CHECK(super({"UInt64", "Int64"}) == "Variant(Int64, UInt64)");
  CHECK(super({"UInt128", "Int8"}) == "Int256");
  CHECK(super({"Int32", "Float32"}) == "Float64");
  CHECK(super({"Int64", "Float64"}) == "Variant(Float64, Int64)");
  CHECK(super({"Bool", "UInt8"}) == "Bool");
  CHECK(super({"UInt8", "Bool"}) == "UInt8");
  CHECK(super({"Bool", "UInt8", "UInt16"}) == "UInt16");
}

TEST_CASE("supertype: without variants there is an error") {
  SupertypeOptions no_variant;
  no_variant.use_variant = false;
  CHECK(super({"UInt8", "String"}, no_variant) == "ERROR NO_COMMON_TYPE");
  CHECK(super({"UInt64", "Int8"}, no_variant) == "ERROR NO_COMMON_TYPE");
  CHECK(super({"Array(UInt8)", "Array(String)"}, no_variant) == "ERROR NO_COMMON_TYPE");
  CHECK(super({"UInt8", "String"}) == "Variant(String, UInt8)");
}

TEST_CASE("supertype: Nullable, Nothing and LowCardinality") {
  CHECK(super({"Nullable(Nothing)", "UInt8"}) == "Nullable(UInt8)");
  CHECK(super({"Nullable(Nothing)", "Array(UInt8)"}) == "Variant(Array(UInt8))");
  CHECK(super({"Nullable(UInt8)", "String"}) == "Variant(String, UInt8)");
  CHECK(super({"LowCardinality(String)", "LowCardinality(String)"}) == "LowCardinality(String)");
  SupertypeOptions if_like;
  if_like.remove_low_cardinality = true;
  CHECK(super({"LowCardinality(String)", "LowCardinality(String)"}, if_like) == "String");
  CHECK(super({"LowCardinality(String)", "String"}) == "String");
  CHECK(super({"LowCardinality(Nullable(String))", "UInt8"}) == "Variant(LowCardinality(String), UInt8)");
}

TEST_CASE("supertype: composite, date and decimal rules") {
  CHECK(super({"Array(UInt8)", "Array(Float64)"}) == "Array(Float64)");
  CHECK(super({"Tuple(a UInt8)", "Tuple(a Int8)"}) == "Tuple(a Int16)");
  CHECK(super({"Tuple(a UInt8)", "Tuple(b Int8)"}) == "Tuple(Int16)");
  CHECK(super({"Map(String, UInt8)", "Map(String, Float32)"}) == "Map(String, Float32)");
  CHECK(super({"Date", "DateTime('Asia/Istanbul')"}) == "DateTime('Asia/Istanbul')");
  CHECK(super({"DateTime", "DateTime('UTC')"}) == "DateTime");
  CHECK(super({"Date32", "DateTime('UTC')"}) == "DateTime64(0)");
  CHECK(super({"UInt32", "Decimal(9, 2)"}) == "Decimal(18, 2)");
  CHECK(super({"Decimal(76, 76)", "UInt8"}) == "Variant(Decimal(76, 76), UInt8)");
  CHECK(super({"String", "FixedString(3)"}) == "String");
  CHECK(super({}) == "Nothing");
}
