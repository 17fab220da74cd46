// The factories, the printer and the classification helpers.
#include <catch2/catch.hpp>

#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"
#include "compiler/types/literal_text.h"

using namespace ferry::types;

TEST_CASE("model: factories print canonical names") {
  CHECK(toString(makeType(TypeKind::UInt256)) == "UInt256");
  CHECK(toString(makeDecimal(18, 4)) == "Decimal(18, 4)");
  CHECK(toString(makeDateTime("UTC")) == "DateTime('UTC')");
  CHECK(toString(makeDateTime64(6, "Asia/Istanbul")) == "DateTime64(6, 'Asia/Istanbul')");
  CHECK(toString(makeNullable(makeNullable(makeType(TypeKind::String)))) == "Nullable(String)");
  CHECK(toString(makeNullable(makeLowCardinality(makeType(TypeKind::String)))) ==
        "LowCardinality(Nullable(String))");
  CHECK(toString(makeLowCardinality(makeLowCardinality(makeType(TypeKind::String)))) == "LowCardinality(String)");
  CHECK(toString(makeTuple({})) == "Tuple()");
  CHECK(toString(makeTuple({makeType(TypeKind::UInt8)}, {"a b"})) == "Tuple(`a b` UInt8)");
  CHECK(toString(makeMap(makeType(TypeKind::String), makeArray(makeType(TypeKind::UInt8)))) ==
        "Map(String, Array(UInt8))");
  CHECK(toString(makeVariant({makeType(TypeKind::UInt64), makeType(TypeKind::String),
                              makeVariant({makeType(TypeKind::Int8), makeType(TypeKind::String)})})) ==
        "Variant(Int8, String, UInt64)");
  CHECK(toString(makeEnum(TypeKind::Enum8, {{"b", 2}, {"a", 1}})) == "Enum8('a' = 1, 'b' = 2)");
  CHECK(toString(makeDynamic(3)) == "Dynamic(max_types=3)");
  CHECK(toString(makeInterval(IntervalUnit::Quarter)) == "IntervalQuarter");
  CHECK(toString(makeAggregateFunction({std::nullopt, "count", {}}, {})) == "AggregateFunction(count)");
  CHECK(toString(makeAggregateFunction({std::nullopt, "medianState", {}}, {makeType(TypeKind::UInt8)})) ==
        "AggregateFunction(quantileState, UInt8)");
  CHECK(toString(makeSimpleAggregateFunction("anyLast", makeType(TypeKind::UInt8))) ==
        "SimpleAggregateFunction(anyLast, UInt8)");
  CHECK(toString(makeFunction({makeType(TypeKind::UInt8)}, makeType(TypeKind::UInt16))) ==
        "Function(UInt8 -> UInt16)");
  CHECK(toString(makeFunction({makeType(TypeKind::UInt8), makeType(TypeKind::String)}, makeType(TypeKind::UInt16))) ==
        "Function((UInt8, String) -> UInt16)");
  CHECK(toString(makeQBit(makeType(TypeKind::Float32), 8)) == "QBit(Float32, 8)");
  CHECK(toString(makeGeoType("Polygon")) == "Polygon");
  CHECK(makeGeoType("Nope") == nullptr);
  CHECK(toString(TypePtr()) == "<none>");
}

TEST_CASE("model: equality is structural") {
  CHECK(equals(makeDecimal(9, 2), makeDecimal(9, 2)));
  CHECK_FALSE(equals(makeDecimal(9, 2), makeDecimal(9, 3)));
  CHECK_FALSE(equals(makeDateTime("UTC"), makeDateTime()));
  CHECK(equals(makeGeoType("Point"),
               makeTuple({makeType(TypeKind::Float64), makeType(TypeKind::Float64)})));
  CHECK_FALSE(equals(makeTuple({makeType(TypeKind::UInt8)}, {"a"}), makeTuple({makeType(TypeKind::UInt8)}, {"b"})));
}

TEST_CASE("model: classification") {
  CHECK(isUnsignedInteger(TypeKind::UInt128));
  CHECK(isSignedInteger(TypeKind::Int256));
  CHECK_FALSE(isInteger(TypeKind::Bool));
  CHECK(isFloat(TypeKind::BFloat16));
  CHECK(isNumber(TypeKind::Decimal));
  CHECK_FALSE(isNumber(TypeKind::Bool));
  CHECK(integerBits(TypeKind::Int128) == 128);
  CHECK(integerBits(TypeKind::String) == 0);
  CHECK(isDateOrDateTime(TypeKind::DateTime64));
  CHECK(isStringLike(TypeKind::FixedString));
  auto lcn = makeLowCardinality(makeNullable(makeType(TypeKind::String)));
  CHECK(toString(removeNullable(lcn)) == "LowCardinality(String)");
  CHECK(toString(removeLowCardinality(lcn)) == "Nullable(String)");
  CHECK(toString(removeNullableAndLowCardinality(lcn)) == "String");
  CHECK(canBeInsideNullable(*makeType(TypeKind::String)));
  CHECK_FALSE(canBeInsideNullable(*makeArray(makeType(TypeKind::String))));
  CHECK_FALSE(canBeInsideNullable(*makeVariant({makeType(TypeKind::String)})));
  bool suspicious = false;
  CHECK(canBeInsideLowCardinality(*makeType(TypeKind::UInt8), &suspicious));
  CHECK(suspicious);
  CHECK(canBeInsideLowCardinality(*makeType(TypeKind::String), &suspicious));
  CHECK_FALSE(suspicious);
  CHECK_FALSE(canBeInsideLowCardinality(*makeDecimal(9, 2)));
  CHECK(toString(makeNullableSafe(makeArray(makeType(TypeKind::UInt8)))) == "Array(UInt8)");
}

TEST_CASE("model: quoting and literal text") {
  CHECK(quoteNameIfNeeded("abc_1") == "abc_1");
  CHECK(quoteNameIfNeeded("1abc") == "`1abc`");
  CHECK(quoteNameIfNeeded("from") == "`from`");
  CHECK(quoteNameIfNeeded("NULL") == "`NULL`");
  CHECK(quoteNameIfNeeded("a`b") == "`a\\`b`");
  CHECK(quoteString("it's") == "'it\\'s'");
  CHECK(formatFloat(0.5) == "0.5");
  CHECK(formatFloat(1.0) == "1.");
  CHECK(formatFloat(1e-7) == "1e-7");
  CHECK(formatFloat(0.000001) == "0.000001");
  CHECK(formatFloat(1e20) == "100000000000000000000.");
  CHECK(formatFloat(1e21) == "1e21");
  CHECK(formatFloat(1.0 / 3) == "0.3333333333333333");
  auto hex = parseIntegerLiteral("0x10");
  REQUIRE(hex);
  CHECK(hex->magnitude == 16);
  CHECK_FALSE(parseIntegerLiteral("1.5"));
}

TEST_CASE("model: ConstantValue::asInt64") {
  int64_t v = 0;
  ConstantValue c;
  c.kind = ConstantValue::Kind::UInt;
  c.uint_value = 42;
  CHECK(c.asInt64(v));
  CHECK(v == 42);
  c.uint_value = UINT64_MAX;
  CHECK_FALSE(c.asInt64(v));
  c.kind = ConstantValue::Kind::Float;
  c.float_value = 3.0;
  CHECK(c.asInt64(v));
  CHECK(v == 3);
  c.float_value = 3.5;
  CHECK_FALSE(c.asInt64(v));
  c.kind = ConstantValue::Kind::String;
  CHECK_FALSE(c.asInt64(v));
}
