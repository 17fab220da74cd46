// The column core: every layout appends, reads back, gathers, filters, compares and hashes.
#include <catch2/catch.hpp>

#include "runtime/column/column.h"
#include "runtime/column/wide_integer.h"

using namespace ferry::rt;

namespace {

ColumnTypePtr decimal(TypeKind kind, uint32_t precision, uint32_t scale) {
  ColumnType t;
  t.kind = kind;
  t.precision = precision;
  t.scale = scale;
  return std::make_shared<const ColumnType>(t);
}

ColumnTypePtr mapType(ColumnTypePtr k, ColumnTypePtr v) {
  ColumnType t;
  t.kind = TypeKind::Map;
  t.children = {k, v};
  return std::make_shared<const ColumnType>(t);
}

ColumnTypePtr lowCardinality(ColumnTypePtr inner) {
  ColumnType t;
  t.kind = TypeKind::LowCardinality;
  t.children = {inner};
  return std::make_shared<const ColumnType>(t);
}

}  // namespace

TEST_CASE("every layout round-trips through appendField and fieldAt") {
  std::vector<std::pair<ColumnTypePtr, std::vector<Field>>> cases = {
      {makeType(TypeKind::UInt8), {uint64_t(0), uint64_t(255)}},
      {makeType(TypeKind::Int64), {int64_t(-5), int64_t(INT64_MAX)}},
      {makeType(TypeKind::Float64), {0.5, -1e300}},
      {makeType(TypeKind::String), {std::string(""), std::string("héllo")}},
      {makeType(TypeKind::Date), {uint64_t(20000)}},
      {makeType(TypeKind::Int128), {BigNumber{"-170141183460469231731687303715884105728"}, BigNumber{"12"}}},
      {makeType(TypeKind::UInt256), {BigNumber{"115792089237316195423570985008687907853269984665640564039457584007913129639935"}}},
      {decimal(TypeKind::Decimal64, 18, 4), {BigNumber{"-12.3400"}, BigNumber{"0.0001"}}},
      {decimal(TypeKind::Decimal256, 76, 2), {BigNumber{"123456789012345678901234567890.12"}}},
      {makeNullable(makeType(TypeKind::String)), {Null{}, std::string("x")}},
      {makeArray(makeNullable(makeType(TypeKind::Int32))), {FieldArray{int64_t(1), Null{}}, FieldArray{}}},
      {makeTuple({makeType(TypeKind::UInt8), makeType(TypeKind::String)}), {Field(FieldArray{uint64_t(1), std::string("a")})}},
      {mapType(makeType(TypeKind::String), makeType(TypeKind::UInt64)),
       {FieldArray{FieldArray{std::string("k"), uint64_t(7)}}, FieldArray{}}},
      {lowCardinality(makeType(TypeKind::String)), {std::string("lc"), std::string("")}},
  };
  for (const auto& [type, values] : cases) {
    INFO(typeName(*type));
    auto col = makeColumn(type);
    for (const auto& v : values) appendField(*col, v);
    REQUIRE(col->rows == values.size());
    for (size_t i = 0; i < values.size(); ++i) CHECK(fieldAt(*col, i) == values[i]);
    // gather reverses, filter keeps the last row.
    std::vector<uint32_t> rev;
    for (size_t i = values.size(); i-- > 0;) rev.push_back(uint32_t(i));
    auto g = gather(*col, rev);
    for (size_t i = 0; i < values.size(); ++i) CHECK(fieldAt(*g, i) == values[values.size() - 1 - i]);
    std::vector<uint8_t> mask(values.size(), 0);
    mask.back() = 1;
    auto f = filter(*col, mask);
    REQUIRE(f->rows == 1);
    CHECK(fieldAt(*f, 0) == values.back());
    CHECK(hashAt(*col, values.size() - 1) == hashAt(*f, 0));
    CHECK(compareAt(*col, values.size() - 1, *f, 0) == 0);
  }
}

TEST_CASE("out-of-range wide values and bad fields are refused") {
  auto c = makeColumn(makeType(TypeKind::Int128));
  CHECK_THROWS_AS(appendField(*c, BigNumber{"170141183460469231731687303715884105728"}), std::invalid_argument);
  auto s = makeColumn(makeType(TypeKind::String));
  CHECK_THROWS_AS(appendField(*s, int64_t(1)), std::invalid_argument);
  CHECK(c->rows == 0);
  CHECK(s->rows == 0);
}

TEST_CASE("comparison follows ClickHouse's order") {
  auto f = makeColumn(makeType(TypeKind::Float64));
  appendField(*f, 1.0);
  appendField(*f, std::nan(""));
  CHECK(compareAt(*f, 0, *f, 1) < 0);  // NaN sorts after numbers
  auto n = makeColumn(makeNullable(makeType(TypeKind::Int32)));
  appendField(*n, Null{});
  appendField(*n, int64_t(3));
  CHECK(compareAt(*n, 0, *n, 1) > 0);                      // NULLS LAST
  CHECK(compareAt(*n, 0, *n, 1, /*nulls_first=*/true) < 0);  // NULLS FIRST
  auto d = makeColumn(decimal(TypeKind::Decimal128, 38, 2));
  appendField(*d, BigNumber{"-1.50"});
  appendField(*d, BigNumber{"1.25"});
  CHECK(compareAt(*d, 0, *d, 1) < 0);
  auto s = makeColumn(makeType(TypeKind::String));
  appendField(*s, std::string("ab"));
  appendField(*s, std::string("abc"));
  CHECK(compareAt(*s, 0, *s, 1) < 0);
}

TEST_CASE("constant columns stand for their rows") {
  auto c = makeConstColumn(makeType(TypeKind::String), std::string("k"), 3);
  CHECK(c->rows == 3);
  CHECK(c->stringAt(2) == "k");
  auto m = materialize(c);
  CHECK_FALSE(m->is_const);
  REQUIRE(m->rows == 3);
  CHECK(m->stringAt(1) == "k");
  auto g = gather(*c, {0, 2});
  CHECK(g->rows == 2);
  CHECK(g->stringAt(1) == "k");
}

TEST_CASE("default constant columns hold each type's default") {
  auto u = makeDefaultConstColumn(makeType(TypeKind::UInt8), 4);
  CHECK(u->rows == 4);
  CHECK(fieldAt(*u, 3) == Field(uint64_t(0)));
  auto n = makeDefaultConstColumn(makeNullable(makeType(TypeKind::String)), 2);
  CHECK(fieldAt(*n, 1).isNull());
  auto a = makeDefaultConstColumn(makeArray(makeType(TypeKind::String)), 1);
  CHECK(fieldAt(*a, 0) == Field(FieldArray{}));
}

TEST_CASE("types round-trip through their manifest JSON") {
  auto t = makeArray(makeTuple({makeNullable(makeType(TypeKind::String)), decimal(TypeKind::Decimal64, 10, 3)},
                               {"a", "b"}));
  auto back = typeFromJson(typeToJson(*t));
  CHECK(typeToJson(*back) == typeToJson(*t));
  CHECK(typeName(*back) == "Array(Tuple(a Nullable(String), b Decimal(10, 3)))");
  CHECK_THROWS(typeFromJson("{\"kind\":\"Bogus\"}"));
}
