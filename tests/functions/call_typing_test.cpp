// typeCall on hand-built arguments: the default Nullable / NULL / LowCardinality handling
// around the rules, constant arguments, lambdas, errors. Each expectation is what ClickHouse
// 26.7 answers (checked with chDB).
#include <catch2/catch.hpp>

#include "tests/functions/call_arguments.h"

using namespace ferry::functions;
using ferry::types::ConstantValue;

using namespace ferry::functions::test;

TEST_CASE("arithmetic follows ClickHouse's promotion") {
  CHECK(typeOf("plus", {column("UInt8"), column("UInt8")}) == "UInt16");
  CHECK(typeOf("minus", {column("UInt8"), column("UInt8")}) == "Int16");
  CHECK(typeOf("plus", {column("UInt64"), column("Int64")}) == "Int64");
  CHECK(typeOf("multiply", {column("Decimal(9, 2)"), column("Decimal(9, 3)")}) == "Decimal(9, 5)");
  CHECK(typeOf("divide", {column("Int32"), column("UInt8")}) == "Float64");
  CHECK(typeOf("intDiv", {column("UInt8"), column("Int32")}) == "Int8");
  CHECK(typeOf("modulo", {column("Int8"), column("UInt8")}) == "Int16");
  CHECK(typeOf("plus", {column("Int128"), column("Float64")}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(typeOf("least", {column("UInt64"), column("Int8")}) == "Int128");
  CHECK(typeOf("negate", {column("UInt8")}) == "Int16");
  CHECK(typeOf("abs", {column("Int8")}) == "UInt8");
}

TEST_CASE("dates move by numbers and intervals") {
  CHECK(typeOf("plus", {column("Date"), column("UInt8")}) == "Date");
  CHECK(typeOf("minus", {column("DateTime"), column("DateTime")}) == "Int32");
  CHECK(typeOf("plus", {column("Date"), column("IntervalHour")}) == "DateTime");
  CHECK(typeOf("plus", {column("DateTime64(3)"), column("IntervalSecond")}) == "DateTime64(3)");
  CHECK(typeOf("plus", {column("DateTime('UTC')"), column("Int32")}) == "DateTime('UTC')");
  CHECK(typeOf("addHours", {column("Date"), column("UInt8")}) == "DateTime");
  CHECK(typeOf("date_add", {constantString("DAY"), constantUInt(1), column("Date")}) == "Date");
  CHECK(typeOf("date_sub", {column("DateTime"), column("IntervalDay")}) == "DateTime");
}

TEST_CASE("Nullable arguments make a Nullable result, NULL makes Nullable(Nothing)") {
  CHECK(typeOf("plus", {column("Nullable(UInt8)"), column("UInt8")}) == "Nullable(UInt16)");
  CHECK(typeOf("plus", {column("Nullable(Nothing)"), column("UInt8")}) == "Nullable(Nothing)");
  CHECK(typeOf("upper", {column("Nullable(String)")}) == "Nullable(String)");
  CHECK(typeOf("isNull", {column("Nullable(UInt8)")}) == "UInt8");
  CHECK(typeOf("and", {column("UInt8"), column("Nullable(Nothing)")}) == "Nullable(UInt8)");
  CHECK(typeOf("and", {column("Bool"), column("UInt8")}) == "Bool");
}

TEST_CASE("LowCardinality propagates only when the other arguments are constants") {
  CHECK(typeOf("lower", {column("LowCardinality(String)")}) == "LowCardinality(String)");
  CHECK(typeOf("length", {column("LowCardinality(String)")}) == "LowCardinality(UInt64)");
  CHECK(typeOf("concat", {column("LowCardinality(String)"), constantString("b")}) == "LowCardinality(String)");
  CHECK(typeOf("concat", {column("LowCardinality(String)"), column("String")}) == "String");
  CHECK(typeOf("upper", {column("LowCardinality(Nullable(String))")}) == "LowCardinality(Nullable(String))");
  CHECK(typeOf("toNullable", {column("LowCardinality(String)")}) == "LowCardinality(Nullable(String))");
}

TEST_CASE("conditionals take the least supertype") {
  CHECK(typeOf("if", {column("UInt8"), column("UInt8"), column("Int8")}) == "Int16");
  CHECK(typeOf("if", {column("UInt8"), column("UInt8"), column("String")}) == "Variant(String, UInt8)");
  CHECK(typeOf("if", {column("UInt8"), column("Nullable(Nothing)"), column("UInt8")}) == "Nullable(UInt8)");
  CHECK(typeOf("multiIf", {column("UInt8"), column("UInt8"), column("UInt8"), column("Float64"), column("UInt8")}) ==
        "Float64");
  CHECK(typeOf("coalesce", {column("Nullable(UInt8)"), column("UInt8")}) == "UInt8");
  CHECK(typeOf("coalesce", {column("Nullable(Nothing)"), column("Nullable(Nothing)")}) == "Nullable(Nothing)");
  CHECK(typeOf("ifNull", {column("Nullable(UInt8)"), column("Nullable(UInt8)")}) == "Nullable(UInt8)");
  CHECK(typeOf("ifNull", {column("Nullable(Nothing)"), column("String")}) == "String");
}

TEST_CASE("constant arguments decide the type") {
  CHECK(typeOf("CAST", {column("UInt8"), constantString("Nullable(String)")}) == "Nullable(String)");
  CHECK(typeOf("CAST", {column("UInt8"), column("String")}) == "ERROR ILLEGAL_COLUMN");
  CHECK(typeOf("toDecimal64", {column("String"), constantUInt(2)}) == "Decimal(18, 2)");
  CHECK(typeOf("toDateTime", {column("String"), constantString("Europe/Madrid")}) == "DateTime('Europe/Madrid')");
  CHECK(typeOf("toDateTime64", {column("String"), constantUInt(6), constantString("UTC")}) == "DateTime64(6, 'UTC')");
  CHECK(typeOf("JSONExtract", {column("String"), constantString("a"), constantString("Array(String)")}) ==
        "Array(String)");
  CHECK(typeOf("date_trunc", {constantString("month"), column("DateTime")}) == "Date");
  CHECK(typeOf("date_trunc", {constantString("hour"), column("DateTime('UTC')")}) == "DateTime('UTC')");
  CHECK(typeOf("toStartOfInterval", {column("DateTime"), constantOf("IntervalMinute")}) == "DateTime");
  CHECK(typeOf("toStartOfInterval", {column("DateTime"), column("IntervalMinute")}) == "ERROR ILLEGAL_COLUMN");
  CHECK(typeOf("toStartOfDay", {column("DateTime"), constantString("UTC")}) == "DateTime('UTC')");
  CHECK(typeOf("now64", {constantUInt(6)}) == "DateTime64(6)");
  CHECK(typeOf("tupleElement", {column("Tuple(a UInt8, b String)"), constantString("b")}) == "String");
  CHECK(typeOf("toFixedString", {column("String"), constantUInt(3)}) == "FixedString(3)");
}

TEST_CASE("arrays, maps and lambdas") {
  CHECK(typeOf("array", {constantOf("UInt8"), constantOf("Int8")}) == "Array(Int16)");
  CHECK(typeOf("array", {}) == "Array(Nothing)");
  CHECK(typeOf("arrayElement", {column("Array(String)"), column("UInt64")}) == "String");
  CHECK(typeOf("arrayElement", {column("Map(String, UInt8)"), constantString("a")}) == "UInt8");
  CHECK(typeOf("arraySum", {column("Array(Int8)")}) == "Int64");
  CHECK(typeOf("range", {column("UInt64")}) == "Array(UInt64)");
  CHECK(typeOf("arrayJoin", {column("Array(Nullable(UInt8))")}) == "Nullable(UInt8)");
  CHECK(typeOf("mapKeys", {column("Map(String, UInt8)")}) == "Array(String)");

  std::vector<Argument> map_args{Argument{}, column("Array(UInt8)")};
  auto params = lambdaParameterTypes("arrayMap", 0, 1, map_args);
  REQUIRE(params);
  REQUIRE(params->size() == 1);
  CHECK(ferry::types::toString((*params)[0]) == "UInt8");
  map_args[0].type = ferry::types::makeFunction(*params, ferry::types::parseTypeName("String").type);
  CHECK(typeOf("arrayMap", map_args) == "Array(String)");

  std::vector<Argument> fold_args{Argument{}, column("Array(UInt8)"), column("UInt64")};
  auto fold = lambdaParameterTypes("arrayFold", 0, 2, fold_args);
  REQUIRE(fold);
  CHECK(ferry::types::toString((*fold)[0]) == "UInt64");  // the accumulator first
  CHECK(ferry::types::toString((*fold)[1]) == "UInt8");
  CHECK_FALSE(lambdaParameterTypes("arrayMap", 0, 2, map_args));  // one array, two parameters
  CHECK_FALSE(lambdaParameterTypes("lower", 0, 1, map_args));
}

TEST_CASE("errors carry ClickHouse's error name") {
  CHECK(typeOf("noSuchFunction", {}) == "ERROR UNKNOWN_FUNCTION");
  CHECK(typeOf("lower", {}) == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
  CHECK(typeOf("toYear", {column("UInt8")}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(typeOf("equals", {column("String"), column("UInt8")}) == "ERROR NO_COMMON_TYPE");
  CHECK(typeOf("date_trunc", {constantString("hour"), column("Date")}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CallResult r = typeCall("toYear", std::vector<Argument>{column("UInt8")});
  CHECK_FALSE(r.message.empty());
}
