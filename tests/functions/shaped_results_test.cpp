// Rules whose result is shaped by constants, element types or several arguments at once:
// format-driven parsers, times of day, tuples and intervals in arithmetic, vectors, set
// operations on arrays. Each expectation is what ClickHouse 26.7 answered (chDB, toTypeName).
#include <catch2/catch.hpp>

#include "tests/functions/call_arguments.h"

using namespace ferry::functions;
using ferry::types::ConstantValue;

using namespace ferry::functions::test;

TEST_CASE("format parsers name the session zone and take the scale from the format") {
  CHECK(typeOf("parseDateTime", {column("String"), constantString("%Y")}) == "DateTime('Etc/UTC')");
  CHECK(typeOf("parseDateTimeInJodaSyntax", {column("String"), constantString("yyyy"), constantString("Asia/Tokyo")}) ==
        "DateTime('Asia/Tokyo')");
  CHECK(typeOf("parseDateTime64", {column("String"), constantString("%Y.%f")}) == "DateTime64(6, 'Etc/UTC')");
  CHECK(typeOf("parseDateTime64InJodaSyntax", {column("String"), constantString("SS SSS")}) ==
        "DateTime64(2, 'Etc/UTC')");
  CHECK(typeOf("parseDateTime64InJodaSyntax", {column("String"), constantString("yyyy'SSS'")}) ==
        "DateTime64(0, 'Etc/UTC')");
  CHECK(typeOf("parseDateTimeOrNull", {column("Nullable(String)"), constantString("%Y")}) ==
        "Nullable(DateTime('Etc/UTC'))");
  CHECK(typeOf("parseDateTime", {column("String"), column("String")}) == "ERROR ILLEGAL_COLUMN");
}

TEST_CASE("times of day: toTime scales, arithmetic and comparisons") {
  CHECK(typeOf("toTime", {column("UInt8")}) == "Time");
  CHECK(typeOf("toTime", {column("UInt8"), constantUInt(3)}) == "Time64(3)");
  CHECK(typeOf("toTime64", {column("String"), constantUInt(5)}) == "Time64(5)");
  CHECK(typeOf("minus", {column("Time"), column("Time")}) == "Int32");
  CHECK(typeOf("minus", {column("Time"), column("Time64(3)")}) == "Decimal(18, 3)");
  CHECK(typeOf("plus", {column("Time64(2)"), column("IntervalMillisecond")}) == "Time64(3)");
  CHECK(typeOf("modulo", {column("Time"), column("UInt8")}) == "UInt8");
  CHECK(typeOf("equals", {column("Time"), column("Time64(3)")}) == "UInt8");
  CHECK(typeOf("equals", {column("Time"), column("Date")}) == "ERROR NO_COMMON_TYPE");
}

TEST_CASE("tuples and intervals in arithmetic") {
  CHECK(typeOf("plus", {column("Tuple(UInt8, UInt8)"), column("Tuple(UInt8, UInt8)")}) == "Tuple(UInt16, UInt16)");
  CHECK(typeOf("multiply", {column("UInt8"), column("Tuple(UInt8, UInt8)")}) == "Tuple(UInt16, UInt16)");
  CHECK(typeOf("multiply", {column("Tuple(UInt8, UInt8)"), column("Tuple(UInt8, UInt8)")}) == "UInt32");
  CHECK(typeOf("negate", {column("Tuple(UInt8, Float64)")}) == "Tuple(Int16, Float64)");
  CHECK(typeOf("negate", {column("IntervalSecond")}) == "IntervalSecond");
  CHECK(typeOf("plus", {column("IntervalSecond"), column("IntervalHour")}) == "Tuple(IntervalSecond, IntervalHour)");
  CHECK(typeOf("plus", {column("Tuple(IntervalHour, IntervalSecond)"), column("IntervalSecond")}) ==
        "Tuple(IntervalHour, IntervalSecond)");
  CHECK(typeOf("plus", {column("Tuple(IntervalSecond, IntervalHour)"), column("IntervalSecond")}) ==
        "Tuple(IntervalSecond, IntervalHour, IntervalSecond)");
  CHECK(typeOf("plus", {column("Array(UInt8)"), column("Array(UInt8)")}) == "Array(UInt16)");
  CHECK(typeOf("divide", {column("UInt8"), column("Tuple(UInt8, UInt8)")}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
}

TEST_CASE("two decimals widen to the precision of their width") {
  CHECK(typeOf("plus", {column("Decimal(9, 2)"), column("Decimal(10, 2)")}) == "Decimal(18, 2)");
  CHECK(typeOf("plus", {column("Decimal(5, 2)"), column("Decimal(5, 2)")}) == "Decimal(9, 2)");
  CHECK(typeOf("multiply", {column("Decimal(9, 2)"), column("Decimal(10, 2)")}) == "Decimal(18, 4)");
  CHECK(typeOf("plus", {column("Decimal(10, 2)"), column("UInt8")}) == "Decimal(10, 2)");
  CHECK(typeOf("least", {column("Decimal(9, 2)"), column("Decimal(10, 2)")}) == "Decimal(18, 2)");
}

TEST_CASE("greatest and least of UInt64 and Int64") {
  CHECK(typeOf("greatest", {column("UInt64"), column("Int64")}) == "UInt64");
  CHECK(typeOf("least", {column("UInt64"), column("Int64")}) == "Int64");
  CHECK(typeOf("greatest", {column("UInt64"), column("Int64"), column("Int8")}) != "Int64");
}

TEST_CASE("vectors, maps and array sets") {
  CHECK(typeOf("dotProduct", {column("Array(UInt8)"), column("Array(Int8)")}) == "Int16");
  CHECK(typeOf("dotProduct", {column("Array(Float32)"), column("Array(Float32)")}) == "Float32");
  CHECK(typeOf("dotProduct", {column("Tuple(UInt8, UInt8, UInt8)"), column("Tuple(UInt8, UInt8, UInt8)")}) == "UInt64");
  CHECK(typeOf("arrayDifference", {column("Array(UInt32)")}) == "Array(Int64)");
  CHECK(typeOf("mapAdd", {column("Map(UInt8, Float32)"), column("Map(UInt8, Float64)")}) == "Map(UInt8, Float64)");
  CHECK(typeOf("mapAdd", {column("Map(String, Int8)"), column("Map(String, UInt8)")}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(typeOf("arrayIntersect", {column("Array(UInt256)"), column("Array(Int8)")}) == "Array(Int8)");
  CHECK(typeOf("arrayIntersect", {column("Array(Nullable(UInt8))"), column("Array(UInt8)")}) == "Array(UInt8)");
  CHECK(typeOf("arrayUnion", {column("Array(UInt8)"), column("Array(Int8)")}) == "Array(Int16)");
  CHECK(typeOf("widthBucket", {column("Float64"), column("UInt8"), column("UInt8"), column("UInt32")}) == "UInt64");
}

TEST_CASE("a Dynamic argument follows the probed handling") {
  CHECK(typeOf("sipHash64", {column("Dynamic")}) == "Nullable(UInt64)");
  CHECK(typeOf("abs", {column("Dynamic")}) == "Dynamic");
  CHECK(typeOf("toInt8", {column("Dynamic")}) == "Int8");
}

TEST_CASE("a negative tuple index counts from the end") {
  Argument minus_one = column("Int8");
  ConstantValue c;
  c.kind = ConstantValue::Kind::Int;
  c.int_value = -1;
  minus_one.constant = c;
  CHECK(typeOf("tupleElement", {column("Tuple(UInt8, String)"), minus_one}) == "String");
}
