#include <catch2/catch.hpp>

#include <cmath>

#include "tests/exec/plan_builders.h"

using namespace ferry::rt;
using namespace ferry::rt::test;

namespace {

std::string eval1(const ExprPtr& e) {
  Block one;
  one.rows = 1;
  auto c = evaluate(*e, one);
  return text(*c, 0);
}

std::string errorCode(const ExprPtr& e) {
  try {
    eval1(e);
  } catch (const ExecError& err) {
    return err.code;
  }
  return "no error";
}

ExprPtr s(const std::string& v) { return lit(Field(v), T(TypeKind::String)); }
ExprPtr i(int64_t v, TypeKind k = TypeKind::Int32) { return lit(Field(v), T(k)); }

}  // namespace

TEST_CASE("arithmetic follows ClickHouse's types and division rules") {
  CHECK(eval1(call("plus", T(TypeKind::Int16), {i(127, TypeKind::Int8), i(1, TypeKind::Int8)})) == "128");
  CHECK(eval1(call("plus", T(TypeKind::UInt8), {i(255, TypeKind::UInt8), i(1, TypeKind::UInt8)})) == "0");
  CHECK(eval1(call("divide", T(TypeKind::Float64), {i(1), i(0)})) == "inf");
  CHECK(eval1(call("intDiv", T(TypeKind::Int32), {i(-7), i(2)})) == "-3");
  CHECK(eval1(call("modulo", T(TypeKind::Int32), {i(-7), i(3)})) == "-1");
  CHECK(errorCode(call("intDiv", T(TypeKind::Int32), {i(1), i(0)})) == "ILLEGAL_DIVISION");
}

TEST_CASE("conversions parse text and wrap integers") {
  CHECK(eval1(call("toInt8", T(TypeKind::Int8), {i(300)})) == "44");
  CHECK(eval1(call("toInt32", T(TypeKind::Int32), {s("-42")})) == "-42");
  CHECK(errorCode(call("toInt32", T(TypeKind::Int32), {s("abc")})) == "CANNOT_PARSE_TEXT");
  CHECK(eval1(call("toInt32OrZero", T(TypeKind::Int32), {s("abc")})) == "0");
  CHECK(eval1(call("toInt32OrNull", makeNullable(T(TypeKind::Int32)), {s("abc")})) == "\\N");
  CHECK(eval1(call("toDate", T(TypeKind::Date), {s("2024-02-29")})) == "2024-02-29");
}

TEST_CASE("strings, regular expressions and LIKE") {
  CHECK(eval1(call("upper", T(TypeKind::String), {s("abc")})) == "ABC");
  CHECK(eval1(call("substring", T(TypeKind::String), {s("hello"), i(-3), i(2)})) == "ll");
  CHECK(eval1(call("like", T(TypeKind::UInt8), {s("hello"), s("h%o")})) == "1");
  CHECK(eval1(call("like", T(TypeKind::UInt8), {s("hello"), s("h_")})) == "0");
  CHECK(eval1(call("match", T(TypeKind::UInt8), {s("abc123"), s("\\d+")})) == "1");
  CHECK(eval1(call("extract", T(TypeKind::String), {s("id=42;"), s("id=(\\d+)")})) == "42");
  CHECK(eval1(call("replaceRegexpAll", T(TypeKind::String), {s("a1b22"), s("\\d"), s("<\\0>")})) == "a<1>b<2><2>");
  CHECK(eval1(call("domainWithoutWWW", T(TypeKind::String), {s("https://www.example.com:8080/a?b")})) == "example.com");
  CHECK(eval1(call("splitByChar", makeArray(T(TypeKind::String)), {s(","), s("a,,b")})) == "['a','','b']");
}

TEST_CASE("dates, intervals and calendar functions") {
  auto dt = T(TypeKind::DateTime);
  auto t = call("toDateTime", dt, {s("2024-03-15 13:47:21")});
  CHECK(eval1(call("toStartOfFifteenMinutes", dt, {t})) == "2024-03-15 13:45:00");
  CHECK(eval1(call("toStartOfMonth", T(TypeKind::Date), {t})) == "2024-03-01");
  CHECK(eval1(call("toYYYYMM", T(TypeKind::UInt32), {t})) == "202403");
  CHECK(eval1(call("toDayOfWeek", T(TypeKind::UInt8), {t})) == "5");
  auto interval = std::make_shared<ColumnType>();
  interval->kind = TypeKind::Interval;
  interval->interval_unit = "Month";
  interval->name = "IntervalMonth";
  auto d = call("toDate", T(TypeKind::Date), {s("2024-01-31")});
  CHECK(eval1(call("plus", T(TypeKind::Date), {d, call("toIntervalMonth", interval, {i(1)})})) == "2024-02-29");
  CHECK(eval1(call("dateDiff", T(TypeKind::Int64), {s("day"), d, call("toDate", T(TypeKind::Date), {s("2024-03-01")})})) == "30");
  CHECK(eval1(call("formatDateTime", T(TypeKind::String), {t, s("%Y/%m/%d %H:%i")})) == "2024/03/15 13:47");
  CHECK(eval1(call("parseDateTimeBestEffort", dt, {s("2024-03-15T13:47:21Z")})) == "2024-03-15 13:47:21");
}

TEST_CASE("conditionals and NULL handling") {
  auto ni = makeNullable(T(TypeKind::Int32));
  auto null = lit(Field(), ni);
  CHECK(eval1(call("if", T(TypeKind::Int32), {i(0, TypeKind::UInt8), i(1), i(2)})) == "2");
  CHECK(eval1(call("ifNull", T(TypeKind::Int32), {null, i(7)})) == "7");
  CHECK(eval1(call("coalesce", ni, {null, null, i(3)})) == "3");
  CHECK(eval1(call("plus", makeNullable(T(TypeKind::Int64)), {null, i(1)})) == "\\N");
  CHECK(eval1(call("and", makeNullable(T(TypeKind::UInt8)), {lit(Field(), makeNullable(T(TypeKind::UInt8))), i(0, TypeKind::UInt8)})) == "0");
  CHECK(eval1(call("multiIf", T(TypeKind::String), {i(0, TypeKind::UInt8), s("a"), i(1, TypeKind::UInt8), s("b"), s("c")})) == "b");
  CHECK(eval1(call("isNull", T(TypeKind::UInt8), {null})) == "1");
}

TEST_CASE("arrays with lambdas and JSON") {
  auto arr_t = makeArray(T(TypeKind::UInt8));
  auto arr = lit(Field(FieldArray{Field(uint64_t(1)), Field(uint64_t(2)), Field(uint64_t(3))}), arr_t);
  auto lambda = std::make_shared<Expr>();
  lambda->kind = ExprKind::Lambda;
  lambda->lambda_params = {T(TypeKind::UInt8)};
  auto param = std::make_shared<Expr>();
  param->kind = ExprKind::LambdaParam;
  param->type = T(TypeKind::UInt8);
  lambda->args = {call("multiply", T(TypeKind::UInt16), {param, i(10, TypeKind::UInt8)})};
  CHECK(eval1(call("arrayMap", makeArray(T(TypeKind::UInt16)), {lambda, arr})) == "[10,20,30]");
  CHECK(eval1(call("has", T(TypeKind::UInt8), {arr, i(2, TypeKind::UInt8)})) == "1");
  CHECK(eval1(call("arrayElement", T(TypeKind::UInt8), {arr, i(-1)})) == "3");
  CHECK(eval1(call("arraySum", T(TypeKind::UInt64), {arr})) == "6");
  auto json = s(R"({"a":{"b":[1,"x",2.5]},"n":-4})");
  CHECK(eval1(call("JSONExtractInt", T(TypeKind::Int64), {json, s("n")})) == "-4");
  CHECK(eval1(call("JSONExtractString", T(TypeKind::String), {json, s("a"), s("b"), i(2)})) == "x");
  CHECK(eval1(call("JSONExtractRaw", T(TypeKind::String), {json, s("a")})) == R"({"b":[1,"x",2.5]})");
  CHECK(eval1(call("JSONHas", T(TypeKind::UInt8), {json, s("zz")})) == "0");
  CHECK(eval1(call("JSONExtractInt", T(TypeKind::Int64), {s(R"({"a":"12"})"), s("a")})) == "12");
  CHECK(eval1(call("JSONExtractInt", T(TypeKind::Int64), {s(R"({"a":1.9})"), s("a")})) == "1");
}

TEST_CASE("hashes match ClickHouse's values") {
  // Values printed by ClickHouse 26.7 (chDB) for SELECT sipHash64('abc'), xxHash64('abc').
  CHECK(eval1(call("sipHash64", T(TypeKind::UInt64), {s("abc")})) == "4596069200710135518");
  CHECK(eval1(call("xxHash64", T(TypeKind::UInt64), {s("abc")})) == "4952883123889572249");
}

TEST_CASE("the registry reports implemented functions") {
  CHECK(hasScalarFunction("plus"));
  CHECK(hasScalarFunction("JSONExtractString"));
  CHECK_FALSE(hasScalarFunction("noSuchFunction"));
  CHECK(hasWindowFunction("row_number"));
  CHECK(hasWindowFunction("lagInFrame"));
}

namespace {

/// Evaluates `make(x)` over a column x Int32 holding `values`; the rows as text.
std::vector<std::string> overColumn(const std::vector<Field>& values, ExprPtr (*make)(ExprPtr)) {
  Block b;
  b.add("x", column(T(TypeKind::Int32), values));
  auto c = evaluate(*make(input(0, T(TypeKind::Int32))), b);
  std::vector<std::string> out;
  for (size_t r = 0; r < c->rows; ++r) out.push_back(text(*c, r));
  return out;
}

ExprPtr eqZero(ExprPtr x) { return call("equals", T(TypeKind::UInt8), {x, i(0, TypeKind::UInt8)}); }
ExprPtr hundredBy(ExprPtr x) { return call("intDiv", T(TypeKind::Int32), {i(100, TypeKind::UInt8), x}); }

}  // namespace

TEST_CASE("if, multiIf, and, or evaluate a branch only on the rows that need it") {
  std::vector<Field> xs = {int64_t(0), int64_t(5), int64_t(-50), int64_t(0)};
  // Without short-circuit evaluation intDiv(100, 0) throws ILLEGAL_DIVISION.
  CHECK(overColumn(xs, [](ExprPtr x) {
          return call("if", T(TypeKind::Int32), {eqZero(x), i(-1), hundredBy(x)});
        }) == std::vector<std::string>{"-1", "20", "-2", "-1"});
  CHECK(overColumn(xs, [](ExprPtr x) {
          return call("multiIf", T(TypeKind::Int32),
                      {eqZero(x), i(0), call("less", T(TypeKind::UInt8), {x, i(0)}), i(-9), hundredBy(x)});
        }) == std::vector<std::string>{"0", "20", "-9", "0"});
  CHECK(overColumn(xs, [](ExprPtr x) {
          return call("and", T(TypeKind::UInt8),
                      {call("notEquals", T(TypeKind::UInt8), {x, i(0)}),
                       call("greater", T(TypeKind::UInt8), {hundredBy(x), i(10)})});
        }) == std::vector<std::string>{"0", "1", "0", "0"});
  CHECK(overColumn(xs, [](ExprPtr x) {
          return call("or", T(TypeKind::UInt8), {eqZero(x), call("less", T(TypeKind::UInt8), {hundredBy(x), i(0)})});
        }) == std::vector<std::string>{"1", "0", "1", "1"});
  // A condition of a later multiIf branch is evaluated only where earlier ones were false.
  CHECK(overColumn(xs, [](ExprPtr x) {
          return call("multiIf", T(TypeKind::Int32),
                      {eqZero(x), i(1), call("greater", T(TypeKind::UInt8), {hundredBy(x), i(0)}), i(2), i(3)});
        }) == std::vector<std::string>{"1", "2", "3", "1"});
  // The branch that is needed still fails.
  CHECK_THROWS_AS(overColumn(xs, [](ExprPtr x) {
                    return call("if", T(TypeKind::Int32), {call("less", T(TypeKind::UInt8), {x, i(1)}), hundredBy(x), i(0)});
                  }),
                  ExecError);
}

TEST_CASE("a short-circuit argument no row needs takes its type's default") {
  // `x != 0 AND 100 / x > 10` over rows that are all 0: the second argument is evaluated on no
  // row at all, and its (non-Nullable UInt8) result must still be a column of that type.
  std::vector<Field> zeros = {int64_t(0), int64_t(0)};
  CHECK(overColumn(zeros, [](ExprPtr x) {
          return call("and", T(TypeKind::UInt8),
                      {call("notEquals", T(TypeKind::UInt8), {x, i(0)}),
                       call("greater", T(TypeKind::UInt8), {hundredBy(x), i(10)})});
        }) == std::vector<std::string>{"0", "0"});
  CHECK(overColumn(zeros, [](ExprPtr x) {
          return call("if", T(TypeKind::Int32), {eqZero(x), i(7), hundredBy(x)});
        }) == std::vector<std::string>{"7", "7"});
}
