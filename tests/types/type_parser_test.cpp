// parseTypeName: aliases and canonical spellings (each expectation probed with chDB 26.7),
// and the errors ClickHouse gives.
#include <catch2/catch.hpp>

#include "compiler/sql/type_expr.h"
#include "compiler/types/type_parser.h"

using namespace ferry::types;

namespace {

std::string canonical(std::string_view text) {
  auto r = parseTypeName(text);
  return r.ok() ? toString(r.type) : "ERROR " + r.error_code;
}

}  // namespace

TEST_CASE("parser: SQL aliases and case-insensitive families") {
  CHECK(canonical("INT") == "Int32");
  CHECK(canonical("int") == "Int32");
  CHECK(canonical("INT(11)") == "Int32");
  CHECK(canonical("uint8") == "ERROR UNKNOWN_TYPE");
  CHECK(canonical("string") == "ERROR UNKNOWN_TYPE");
  CHECK(canonical("BIGINT UNSIGNED") == "UInt64");
  CHECK(canonical("TINYINT") == "Int8");
  CHECK(canonical("DOUBLE PRECISION") == "Float64");
  CHECK(canonical("FLOAT") == "Float32");
  CHECK(canonical("VARCHAR(255)") == "String");
  CHECK(canonical("TEXT") == "String");
  CHECK(canonical("BLOB") == "String");
  CHECK(canonical("BINARY(4)") == "FixedString(4)");
  CHECK(canonical("BOOLEAN") == "Bool");
  CHECK(canonical("bool") == "Bool");
  CHECK(canonical("datetime") == "DateTime");
  CHECK(canonical("TIMESTAMP") == "DateTime");
  CHECK(canonical("DateTime32('UTC')") == "DateTime('UTC')");
  CHECK(canonical("INET4") == "IPv4");
  CHECK(canonical("json") == "JSON");
}

TEST_CASE("parser: numbers, decimals, dates") {
  CHECK(canonical("DECIMAL") == "Decimal(10, 0)");
  CHECK(canonical("NUMERIC(5)") == "Decimal(5, 0)");
  CHECK(canonical("Decimal32(4)") == "Decimal(9, 4)");
  CHECK(canonical("Decimal64(2)") == "Decimal(18, 2)");
  CHECK(canonical("Decimal128(3)") == "Decimal(38, 3)");
  CHECK(canonical("Decimal256(76)") == "Decimal(76, 76)");
  CHECK(canonical("Decimal(77, 0)") == "ERROR ARGUMENT_OUT_OF_BOUND");
  CHECK(canonical("Decimal(5, 6)") == "ERROR ARGUMENT_OUT_OF_BOUND");
  CHECK(canonical("Decimal32(10)") == "ERROR ARGUMENT_OUT_OF_BOUND");
  CHECK(canonical("FixedString(0)") == "ERROR UNEXPECTED_AST_STRUCTURE");
  CHECK(canonical("FixedString") == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
  CHECK(canonical("DateTime64") == "DateTime64(3)");
  CHECK(canonical("DateTime64(9, 'UTC')") == "DateTime64(9, 'UTC')");
  CHECK(canonical("DateTime64(10)") == "ERROR ARGUMENT_OUT_OF_BOUND");
  CHECK(canonical("DateTime(3)") == "DateTime64(3)");
  CHECK(canonical("DateTime('')") == "DateTime");
  CHECK(canonical("Time64") == "Time64(3)");
  CHECK(canonical("Time(6)") == "Time64(6)");
  CHECK(canonical("Time64(10)") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("Bool(1)") == "ERROR DATA_TYPE_CANNOT_HAVE_ARGUMENTS");
  CHECK(canonical("IntervalDay") == "IntervalDay");
  CHECK(canonical("Interval") == "ERROR UNKNOWN_TYPE");
}

TEST_CASE("parser: enums") {
  CHECK(canonical("Enum('a', 'b')") == "Enum8('a' = 1, 'b' = 2)");
  CHECK(canonical("Enum8('b' = 2, 'a' = 1)") == "Enum8('a' = 1, 'b' = 2)");
  CHECK(canonical("Enum('b' = 2, 'a')") == "Enum8('b' = 2, 'a' = 3)");
  CHECK(canonical("Enum('a' = 127, 'b')") == "Enum16('a' = 127, 'b' = 128)");
  CHECK(canonical("Enum('a' = -200, 'b')") == "Enum16('a' = -200, 'b' = -199)");
  CHECK(canonical("Enum8('a' = 127, 'b')") == "ERROR ARGUMENT_OUT_OF_BOUND");
  CHECK(canonical("Enum('b', 'a' = 5, 'c')") == "ERROR UNEXPECTED_AST_STRUCTURE");
  CHECK(canonical("Enum8('a' = 1, 'a' = 2)") == "ERROR SYNTAX_ERROR");
  CHECK(canonical("Enum8('a' = 1, 'b' = 1)") == "ERROR SYNTAX_ERROR");
  CHECK(canonical("Enum8") == "ERROR EMPTY_DATA_PASSED");
  CHECK(canonical(R"(Enum8('a\'b' = 1, 'x\\y' = 2, 'n\nl' = 3))") == R"(Enum8('a\'b' = 1, 'x\\y' = 2, 'n\nl' = 3))");
}

TEST_CASE("parser: wrappers and their legality") {
  CHECK(canonical("Nullable(Array(UInt8))") == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(canonical("Nullable(LowCardinality(String))") == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(canonical("Nullable(Nullable(UInt8))") == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(canonical("LowCardinality(Nullable(String))") == "LowCardinality(Nullable(String))");
  CHECK(canonical("LowCardinality(Array(UInt8))") == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(canonical("Nullable(Tuple(a UInt8))") == "Nullable(Tuple(a UInt8))");
  CHECK(canonical("Map(Nullable(UInt8), UInt8)") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("Map(LowCardinality(String), UInt8)") == "Map(LowCardinality(String), UInt8)");
  CHECK(canonical("Array") == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
}

TEST_CASE("parser: tuples, nested, variants") {
  CHECK(canonical("Tuple()") == "Tuple()");
  CHECK(canonical("Tuple") == "Tuple()");
  CHECK(canonical("Tuple(a UInt8, b String)") == "Tuple(a UInt8, b String)");
  CHECK(canonical("Tuple(`a b` UInt8, `select` UInt8, `1` UInt8, x_1 UInt8)") ==
        "Tuple(`a b` UInt8, `select` UInt8, `1` UInt8, x_1 UInt8)");
  CHECK(canonical("Tuple(UInt8, b String)") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("Tuple(a UInt8, a String)") == "ERROR DUPLICATE_COLUMN");
  CHECK(canonical("Nested(a UInt8, b String)") == "Nested(a UInt8, b String)");
  CHECK(canonical("Nested()") == "ERROR EMPTY_DATA_PASSED");
  CHECK(canonical("Variant(UInt64, String)") == "Variant(String, UInt64)");
  CHECK(canonical("Variant(Int8, Int32, FixedString(3), FixedString(12))") ==
        "Variant(FixedString(12), FixedString(3), Int32, Int8)");
  CHECK(canonical("Variant(UInt8, UInt8, Nothing)") == "Variant(UInt8)");
  CHECK(canonical("Variant(Nullable(UInt8))") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("Variant(Variant(UInt8))") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("Variant()") == "ERROR BAD_ARGUMENTS");
}

TEST_CASE("parser: Dynamic, JSON, geo, QBit") {
  CHECK(canonical("Dynamic") == "Dynamic");
  CHECK(canonical("Dynamic(max_types = 3)") == "Dynamic(max_types=3)");
  CHECK(canonical("Dynamic(max_types = 255)") == "ERROR UNEXPECTED_AST_STRUCTURE");
  CHECK(canonical("JSON(a.b UInt32, max_dynamic_paths = 10)") == "JSON(max_dynamic_paths=10, `a.b` UInt32)");
  CHECK(canonical("JSON(SKIP a.b, max_dynamic_types=3, SKIP REGEXP 'x.*', c String, max_dynamic_paths = 10)") ==
        "JSON(max_dynamic_types=3, max_dynamic_paths=10, c String, SKIP `a.b`, SKIP REGEXP 'x.*')");
  CHECK(canonical("JSON(b UInt8, a UInt16)") == "JSON(a UInt16, b UInt8)");
  CHECK(canonical("JSON(a UInt8, a UInt16)") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("JSON(foo = 1)") == "ERROR UNEXPECTED_AST_STRUCTURE");
  CHECK(canonical("JSON()") == "JSON");
  CHECK(canonical("Object('json')") == "ERROR UNKNOWN_TYPE");
  CHECK(canonical("Point") == "Point");
  CHECK(canonical("Array(Point)") == "Array(Point)");
  CHECK(canonical("MultiPolygon") == "MultiPolygon");
  CHECK(canonical("QBit(Float32, 8)") == "QBit(Float32, 8)");
  CHECK(canonical("QBit(UInt8, 8)") == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
}

TEST_CASE("parser: aggregate function types") {
  CHECK(canonical("AggregateFunction(uniq, UInt64)") == "AggregateFunction(uniq, UInt64)");
  CHECK(canonical("AggregateFunction(count)") == "AggregateFunction(count)");
  CHECK(canonical("AggregateFunction(quantiles(0.50, 0.9), Float64)") ==
        "AggregateFunction(quantiles(0.5, 0.9), Float64)");
  CHECK(canonical("AggregateFunction(quantiles(1.), Float64)") == "AggregateFunction(quantiles(1.), Float64)");
  CHECK(canonical("AggregateFunction(quantile(1e-7), Float64)") == "AggregateFunction(quantile(1e-7), Float64)");
  CHECK(canonical("AggregateFunction(topK(010), UInt8)") == "AggregateFunction(topK(10), UInt8)");
  CHECK(canonical("AggregateFunction(median, UInt8)") == "AggregateFunction(quantile, UInt8)");
  CHECK(canonical("AggregateFunction(SUM, UInt8)") == "AggregateFunction(sum, UInt8)");
  CHECK(canonical("AggregateFunction(medianIf, UInt8, UInt8)") == "AggregateFunction(quantileIf, UInt8, UInt8)");
  CHECK(canonical("AggregateFunction(sumMap, Array(UInt8), Array(UInt64))") ==
        "AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))");
  CHECK(canonical("AggregateFunction(sumMapIf, Array(UInt8), Array(UInt64), UInt8)") ==
        "AggregateFunction(1, sumMapIf, Array(UInt8), Array(UInt64), UInt8)");
  CHECK(canonical("AggregateFunction(sumMap, Map(UInt8, UInt64))") == "AggregateFunction(sumMap, Map(UInt8, UInt64))");
  CHECK(canonical("AggregateFunction(0, sumMap, Array(UInt8), Array(UInt64))") ==
        "AggregateFunction(sumMap, Array(UInt8), Array(UInt64))");
  CHECK(canonical("AggregateFunction(sumMappedArrays, Array(UInt8), Array(UInt64))") ==
        "AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))");
  CHECK(canonical("AggregateFunction(sequenceMatch('(?1)(?2)'), DateTime, UInt8, UInt8)") ==
        "AggregateFunction(sequenceMatch('(?1)(?2)'), DateTime, UInt8, UInt8)");
  CHECK(canonical("AggregateFunction(foo, UInt8)") == "ERROR UNKNOWN_AGGREGATE_FUNCTION");
  CHECK(canonical("AggregateFunction") == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
  CHECK(canonical("SimpleAggregateFunction(sum, Double)") == "SimpleAggregateFunction(sum, Float64)");
  CHECK(canonical("SimpleAggregateFunction(last_value, UInt8)") == "SimpleAggregateFunction(anyLast, UInt8)");
  CHECK(canonical("SimpleAggregateFunction(avg, Float64)") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("SimpleAggregateFunction(sum, UInt8)") == "ERROR BAD_ARGUMENTS");
  CHECK(canonical("SimpleAggregateFunction(sum, Decimal(38, 2))") == "SimpleAggregateFunction(sum, Decimal(38, 2))");
  CHECK(canonical("SimpleAggregateFunction(any(1), UInt8)") == "ERROR AGGREGATE_FUNCTION_DOESNT_ALLOW_PARAMETERS");
}

TEST_CASE("parser: malformed text is an error, never a crash") {
  CHECK(canonical("") == "ERROR SYNTAX_ERROR");
  CHECK(canonical("Array(") == "ERROR SYNTAX_ERROR");
  CHECK(canonical("Foo") == "ERROR UNKNOWN_TYPE");
  CHECK(canonical("Nullable(Foo)") == "ERROR UNKNOWN_TYPE");
  auto r = parseTypeName("Decimal(77, 0)");
  CHECK_FALSE(r.ok());
  CHECK(r.message.find("77") != std::string::npos);
}
