#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/column/time_zone.h"
#include "runtime/column/value_text.h"
#include "tests/column/type_text.h"

using namespace ferry::rt;

namespace {

std::string format(const Column& column, size_t row, TextFormat f) {
  std::string out;
  formatValue(column, row, f, out);
  return out;
}

ColumnPtr parsed(const std::string& type, std::string_view text) {
  auto column = makeColumn(test::parseTypeText(type));
  std::string error;
  INFO(type << " <- " << text);
  REQUIRE(parseAndAppend(*column, text, error));
  return column;
}

std::string reject(const std::string& type, std::string_view text) {
  auto column = makeColumn(test::parseTypeText(type));
  std::string error;
  INFO(type << " <- " << text);
  REQUIRE_FALSE(parseAndAppend(*column, text, error));
  CHECK(column->rows == 0);
  return error;
}

}  // namespace

TEST_CASE("every case parses and its printed form parses back to the same value") {
  std::ifstream in(FERRY_COLUMN_CASES);
  REQUIRE(in);
  std::string line;
  size_t cases = 0;
  while (std::getline(in, line)) {
    auto c = nlohmann::json::parse(line);
    std::string type = c["type"], text = c["text"];
    auto first = parsed(type, text);
    // Pretty is the unescaped text form; a top-level NULL prints as NULL but reads as \N.
    std::string pretty = first->nulls.size() && first->nulls[0] ? "\\N" : format(*first, 0, TextFormat::Pretty);
    auto second = parsed(type, pretty);
    INFO(type << " <- " << text << " -> " << pretty);
    for (auto f : {TextFormat::Tsv, TextFormat::Csv, TextFormat::Json})
      CHECK(format(*first, 0, f) == format(*second, 0, f));
    CHECK(compareAt(*first, 0, *second, 0) == 0);
    ++cases;
  }
  CHECK(cases > 100);
}

TEST_CASE("floats print as ClickHouse prints them") {
  CHECK(format(*parsed("Float64", "1e21"), 0, TextFormat::Tsv) == "1e21");
  CHECK(format(*parsed("Float64", "1e20"), 0, TextFormat::Tsv) == "100000000000000000000");
  CHECK(format(*parsed("Float64", "0.0000001"), 0, TextFormat::Tsv) == "1e-7");
  CHECK(format(*parsed("Float64", "-0"), 0, TextFormat::Tsv) == "-0");
  CHECK(format(*parsed("Float64", "inf"), 0, TextFormat::Json) == "null");
  CHECK(format(*parsed("Float32", "0.1"), 0, TextFormat::Tsv) == "0.1");
}

TEST_CASE("JSON prints integers bare (ClickHouse 26.7's default) and quotes dates and strings") {
  CHECK(format(*parsed("Int64", "5"), 0, TextFormat::Json) == "5");
  CHECK(format(*parsed("Int128", "-5"), 0, TextFormat::Json) == "-5");
  CHECK(format(*parsed("UInt32", "5"), 0, TextFormat::Json) == "5");
  CHECK(format(*parsed("Date", "2020-01-02"), 0, TextFormat::Json) == "\"2020-01-02\"");
  CHECK(format(*parsed("String", "a/b\x01"), 0, TextFormat::Json) == "\"a\\/b\\u0001\"");
  CHECK(format(*parsed("Array(Int64)", "[1]"), 0, TextFormat::Json) == "[1]");
  CHECK(format(*parsed("Tuple(x Int32, y String)", "(1,'a')"), 0, TextFormat::Json) == "{\"x\":1,\"y\":\"a\"}");
}

TEST_CASE("out-of-range and malformed values are rejected with the column unchanged") {
  CHECK(reject("UInt8", "256").find("out of range") != std::string::npos);
  reject("UInt8", "-1");
  reject("Int8", "128");
  reject("UInt64", "18446744073709551616");
  reject("Int128", "170141183460469231731687303715884105728");
  reject("Int32", "1.5");
  reject("Int32", "abc");
  reject("Date", "2020-02-30");
  reject("Date", "2150-01-01");
  reject("DateTime", "2020-01-02 25:00:00");
  reject("DateTime", "abc");
  reject("UUID", "61f0c404-5cb3-11e7-907b");
  reject("IPv4", "1.2.3.256");
  reject("IPv6", "1::2::3");
  reject("Enum8('a' = 1)", "b");
  reject("FixedString(2)", "abc");
  reject("Decimal(9, 2)", "12345678.5");
  reject("Array(UInt8)", "[1,300]");
  reject("Array(UInt8)", "[1,2");
  reject("Map(String, UInt8)", "{'a':1,'b':}");
}

TEST_CASE("DateTime input accepts the forms JSONEachRow accepts") {
  auto dt = [](std::string_view text) { return format(*parsed("DateTime", text), 0, TextFormat::Tsv); };
  CHECK(dt("2020-01-02 03:04:05") == "2020-01-02 03:04:05");
  CHECK(dt("2020-01-02T03:04:05Z") == "2020-01-02 03:04:05");
  CHECK(dt("2020-01-02") == "2020-01-02 00:00:00");
  CHECK(dt("1700000000") == "2023-11-14 22:13:20");
  CHECK(dt("2020-01-02 03:04:05.789") == "2020-01-02 03:04:05");
  CHECK(dt("2020-1-2 3:4:5") == "2020-01-02 03:04:05");
  CHECK(dt("2020-01-02 03:04") == "2020-01-02 03:04:00");
  CHECK(dt("2020-01-02T05:04:05+02:00") == "2020-01-02 03:04:05");
}

TEST_CASE("time zones convert both ways, after the last listed transition too") {
  const TimeZone* madrid = findTimeZone("Europe/Madrid");
  REQUIRE(madrid);
  CHECK(madrid->offsetAtUtc(1625140800) == 7200);                 // 2021-07-01 summer
  CHECK(madrid->offsetAtUtc(1638360000) == 3600);                 // 2021-12-01 winter
  CHECK(madrid->offsetAtUtc(3802608000) == 7200);                 // 2090-07-01 (POSIX rule)
  CHECK(madrid->localToUtc(1625140800 + 7200) == 1625140800);
  CHECK(findTimeZone("No/Such_Zone") == nullptr);
  auto column = parsed("DateTime('Asia/Kolkata')", "2020-01-02 03:04:05");
  CHECK(column->values<uint32_t>()[0] == 1577934245u - 19800u);
}

TEST_CASE("truncateColumn undoes a partly appended nested row") {
  auto column = parsed("Array(Tuple(String, UInt8))", "[('a',1)]");
  std::string error;
  CHECK_FALSE(parseAndAppend(*column, "[('b',2),('c',300)]", error));
  CHECK(column->rows == 1);
  CHECK(column->children[0]->rows == 1);
  CHECK(format(*column, 0, TextFormat::Tsv) == "[('a',1)]");
}
