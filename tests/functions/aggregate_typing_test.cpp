// Aggregate typing by example: name resolution with combinators, the state types -State and
// -SimpleState produce (clickhouse.md §2.9–2.10), -Merge over states, the Nullable adapter, and
// window functions. Expected types are ClickHouse 26.7's (checked with chDB).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compiler/functions/aggregate_catalog.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/call_typing.h"
#include "compiler/types/type_parser.h"

namespace {

using namespace ferry::functions;
using ferry::types::ConstantValue;
using ferry::types::TypePtr;

TypePtr type(std::string_view name) {
  auto r = ferry::types::parseTypeName(name);
  REQUIRE(r.ok());
  return r.type;
}

ConstantValue number(double v, std::string text) {
  ConstantValue c;
  c.kind = ConstantValue::Kind::Float;
  c.float_value = v;
  c.text = std::move(text);
  return c;
}

ConstantValue integer(uint64_t v) {
  ConstantValue c;
  c.kind = ConstantValue::Kind::UInt;
  c.uint_value = v;
  c.text = std::to_string(v);
  return c;
}

/// The printed result type, or "ERROR <code>".
std::string typeOf(std::string_view name, std::vector<std::string_view> arg_types,
                   std::vector<ConstantValue> params = {}) {
  std::vector<Argument> args;
  for (std::string_view t : arg_types) args.push_back({type(t), std::nullopt});
  CallResult r = typeAggregateCall(name, args, params);
  return r.ok() ? ferry::types::toString(r.type) : "ERROR " + r.error_code;
}

std::string resolved(std::string_view name) {
  auto r = resolveAggregateName(name);
  if (!r) return "-";
  std::string out = r->base;
  for (Combinator c : r->combinators) out += "+" + std::string(combinatorSuffix(c));
  return out;
}

}  // namespace

TEST_CASE("the aggregate table loads without problems", "[aggregate]") {
  for (const std::string& p : aggregateCatalogProblems()) FAIL_CHECK(p);
  CHECK(allAggregateFunctions().size() > 180);
}

TEST_CASE("aggregate names split into a base function and combinators", "[aggregate]") {
  CHECK(resolved("sumIfState") == "sum+If+State");
  CHECK(resolved("uniqMergeState") == "uniq+MergeState");
  CHECK(resolved("quantilesTDigestIfOrNull") == "quantilesTDigest+If+OrNull");
  CHECK(resolved("countDistinctIf") == "countDistinct+If");
  CHECK(resolved("argMaxIf") == "argMax+If");
  CHECK(resolved("sumResample") == "sum+Resample");
  CHECK(resolved("avgForEach") == "avg+ForEach");
  CHECK(resolved("sumArgMax") == "sum+ArgMax");
  CHECK(resolved("avgMap") == "avg+Map");
  // Real functions win over a shorter base plus combinators.
  CHECK(resolved("maxMap") == "maxMap");
  CHECK(resolved("sumMap") == "sumMap");
  CHECK(resolved("uniqCombined64") == "uniqCombined64");
  CHECK(resolved("groupArrayArray") == "groupArray+Array");
  CHECK(resolved("array_concat_agg") == "groupArray+Array");
  // Aliases and case-insensitive names resolve to the canonical name; combinators do not fold case.
  CHECK(resolved("first_value") == "any");
  CHECK(resolved("median") == "quantile");
  CHECK(resolved("COUNT") == "count");
  CHECK(resolved("SUMIf") == "sum+If");
  CHECK(resolved("sumIF") == "-");
  CHECK(resolved("Median") == "-");
  // `-OrNull` after `-State` goes inside for functions the Nullable adapter wraps.
  CHECK(resolved("sumStateOrNull") == "sum+OrNull+State");
  CHECK(resolved("uniqStateOrNull") == "uniq+State+OrNull");
  // Not aggregates.
  CHECK(resolved("toDate") == "-");
  CHECK(resolved("row_number") == "-");
  CHECK_FALSE(isAggregateCallName("arrayMap"));
  CHECK(isAggregateCallName("Max"));
}

TEST_CASE("DISTINCT, FILTER and RESPECT NULLS become combinators and variants", "[aggregate]") {
  CHECK(aggregateNameWithModifiers("sum", true, false, false) == "sumDistinct");
  CHECK(aggregateNameWithModifiers("sumState", true, true, false) == "sumStateDistinctIf");
  CHECK(aggregateNameWithModifiers("first_value", false, false, true) == "any_respect_nulls");
  CHECK(aggregateNameWithModifiers("anyIf", false, false, true) == "any_respect_nullsIf");
  CHECK(aggregateNameWithModifiers("last_value_respect_nulls", false, false, true) == "anyLast_respect_nulls");
  CHECK_FALSE(aggregateNameWithModifiers("sum", false, false, true).has_value());
  // sumState(DISTINCT x): the state is sum's, the DISTINCT applies outside it.
  CHECK(typeOf(*aggregateNameWithModifiers("sumState", true, false, false), {"UInt64"}) ==
        "AggregateFunction(sum, UInt64)");
  CHECK(typeOf(*aggregateNameWithModifiers("anyState", false, false, true), {"Nullable(UInt64)"}) ==
        "AggregateFunction(any_respect_nulls, Nullable(UInt64))");
}

TEST_CASE("window functions are known by name", "[aggregate]") {
  for (std::string_view name : {"row_number", "ROW_NUMBER", "rank", "dense_rank", "denseRank", "percent_rank",
                                "cume_dist", "ntile", "lagInFrame", "leadInFrame", "lag", "lead", "nth_value"})
    CHECK(isWindowFunctionName(name));
  CHECK_FALSE(isWindowFunctionName("sum"));
  CHECK_FALSE(isWindowFunctionName("first_value"));  // an aggregate (any) that windows use too
  CHECK(typeOf("row_number", {}) == "UInt64");
  CHECK(typeOf("percent_rank", {}) == "Float64");
  CHECK(typeOf("lagInFrame", {"Nullable(UInt16)"}) == "Nullable(UInt16)");
  CHECK(typeOf("lagInFrame", {"LowCardinality(String)"}) == "String");
  CHECK(typeOf("leadInFrame", {"UInt16", "UInt8", "UInt8"}) == "UInt16");
  CHECK(typeOf("leadInFrame", {"UInt16", "UInt8", "UInt32"}) == "ERROR BAD_ARGUMENTS");
  CHECK(typeOf("nth_value", {"String", "Nullable(UInt8)"}) == "ERROR BAD_ARGUMENTS");
  CHECK(typeOf("rank", {"UInt8"}) == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
}

TEST_CASE("plain aggregate result types", "[aggregate]") {
  CHECK(typeOf("sum", {"UInt8"}) == "UInt64");
  CHECK(typeOf("sum", {"Int32"}) == "Int64");
  CHECK(typeOf("sum", {"Float32"}) == "Float64");
  CHECK(typeOf("sum", {"Decimal(9, 2)"}) == "Decimal(38, 2)");
  CHECK(typeOf("sum", {"Decimal(76, 3)"}) == "Decimal(76, 3)");
  CHECK(typeOf("sum", {"UInt128"}) == "UInt128");
  CHECK(typeOf("sum", {"String"}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(typeOf("avg", {"Decimal(9, 2)"}) == "Float64");
  CHECK(typeOf("min", {"LowCardinality(String)"}) == "String");
  CHECK(typeOf("quantile", {"Decimal(9, 2)"}, {number(0.9, "0.9")}) == "Decimal(9, 2)");
  CHECK(typeOf("quantiles", {"DateTime"}, {number(0.5, "0.5"), number(0.9, "0.9")}) == "Array(DateTime)");
  CHECK(typeOf("quantiles", {"UInt8"}) == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
  CHECK(typeOf("quantileTDigest", {"UInt8"}) == "Float32");
  CHECK(typeOf("groupUniqArray", {"DateTime('UTC')"}) == "Array(DateTime)");
  CHECK(typeOf("sumMap", {"Array(UInt8)", "Array(Int8)"}) == "Tuple(Array(UInt8), Array(Int64))");
  CHECK(typeOf("sumMap", {"Map(String, UInt8)"}) == "Map(String, UInt64)");
  CHECK(typeOf("maxMap", {"Array(UInt8)", "Array(String)"}) == "Tuple(Array(UInt8), Array(String))");
  CHECK(typeOf("sumCount", {"Int8"}) == "Tuple(Int64, UInt64)");
  CHECK(typeOf("simpleLinearRegression", {"UInt8", "Float32"}) == "Tuple(k Float64, b Float64)");
  CHECK(typeOf("approx_top_k", {"String"}) == "Array(Tuple(item String, count UInt64, error UInt64))");
  CHECK(typeOf("sumKahan", {"Decimal(9, 2)"}) == "Decimal(38, 2)");
  CHECK(typeOf("sumKahanState", {"Decimal(9, 2)"}) == "AggregateFunction(sum, Decimal(9, 2))");
  CHECK(typeOf("sequenceNextNode", {"DateTime", "String", "UInt8"}) == "ERROR UNKNOWN_AGGREGATE_FUNCTION");
  CHECK(typeOf("noSuchAggregate", {"UInt8"}) == "ERROR UNKNOWN_AGGREGATE_FUNCTION");
  CHECK(typeOf("sum", {"UInt8", "UInt8"}) == "ERROR NUMBER_OF_ARGUMENTS_DOESNT_MATCH");
  CHECK(typeOf("sum", {"UInt8"}, {integer(1)}) == "ERROR AGGREGATE_FUNCTION_DOESNT_ALLOW_PARAMETERS");
}

TEST_CASE("Nullable arguments and the Nullable adapter", "[aggregate]") {
  CHECK(typeOf("sum", {"Nullable(UInt8)"}) == "Nullable(UInt64)");
  CHECK(typeOf("count", {"Nullable(UInt8)"}) == "UInt64");
  CHECK(typeOf("uniq", {"Nullable(String)"}) == "UInt64");
  CHECK(typeOf("uniqCombined", {"Nullable(UInt8)"}) == "Nullable(UInt64)");
  CHECK(typeOf("groupArray", {"Nullable(UInt8)"}) == "Array(UInt8)");
  CHECK(typeOf("quantiles", {"Nullable(UInt8)"}, {number(0.5, "0.5")}) == "Array(Float64)");
  CHECK(typeOf("sum", {"Nullable(Nothing)"}) == "Nullable(Nothing)");
  CHECK(typeOf("count", {"Nullable(Nothing)"}) == "UInt64");
  CHECK(typeOf("deltaSum", {"Nullable(UInt8)"}) == "UInt8");
  // A nullable condition does not make the result Nullable.
  CHECK(typeOf("sumIf", {"UInt8", "Nullable(UInt8)"}) == "UInt64");
  CHECK(typeOf("sumIf", {"Nullable(UInt8)", "UInt8"}) == "Nullable(UInt64)");
  // Tuples: the unary adapter does not wrap them, the variadic one does.
  CHECK(typeOf("sumCount", {"Nullable(UInt8)"}) == "Tuple(UInt64, UInt64)");
  CHECK(typeOf("argAndMax", {"Nullable(UInt8)", "UInt8"}) == "Nullable(Tuple(UInt8, UInt8))");
  CHECK(typeOf("sumCountOrNull", {"UInt8"}) == "Nullable(Tuple(UInt64, UInt64))");
}

TEST_CASE("state types of -State and -SimpleState", "[aggregate]") {
  CHECK(typeOf("countState", {}) == "AggregateFunction(count)");
  CHECK(typeOf("countState", {"UInt16"}) == "AggregateFunction(count, UInt16)");
  CHECK(typeOf("sumState", {"UInt8"}) == "AggregateFunction(sum, UInt8)");
  CHECK(typeOf("sumState", {"Nullable(UInt8)"}) == "AggregateFunction(sum, Nullable(UInt8))");
  CHECK(typeOf("sumIfState", {"UInt8", "UInt8"}) == "AggregateFunction(sumIf, UInt8, UInt8)");
  CHECK(typeOf("sumStateIf", {"UInt8", "UInt8"}) == "AggregateFunction(sum, UInt8)");
  CHECK(typeOf("sumStateIf", {"Nullable(UInt8)", "UInt8"}) == "AggregateFunction(sum, UInt8)");
  CHECK(typeOf("countIfState", {"UInt8"}) == "AggregateFunction(countIf, UInt8)");
  CHECK(typeOf("uniqState", {"LowCardinality(String)"}) == "AggregateFunction(uniq, String)");
  CHECK(typeOf("first_valueState", {"Int16"}) == "AggregateFunction(any, Int16)");
  CHECK(typeOf("uniqCombinedState", {"UInt8"}, {integer(17)}) == "AggregateFunction(uniqCombined(17), UInt8)");
  CHECK(typeOf("quantilesState", {"Float64"}, {number(0.5, "0.5"), number(0.9, "0.9")}) ==
        "AggregateFunction(quantiles(0.5, 0.9), Float64)");
  CHECK(typeOf("sumMapState", {"Array(UInt8)", "Array(UInt8)"}) ==
        "AggregateFunction(1, sumMap, Array(UInt8), Array(UInt8))");
  CHECK(typeOf("sumMapState", {"Map(String, UInt8)"}) == "AggregateFunction(sumMap, Map(String, UInt8))");
  CHECK(typeOf("sumStateOrNull", {"Nullable(UInt8)"}) == "AggregateFunction(sumOrNull, Nullable(UInt8))");
  CHECK(typeOf("anyState", {"Nullable(Nothing)"}) == "Nullable(Nothing)");
  CHECK(typeOf("countState", {"Nullable(Nothing)"}) == "UInt64");
  CHECK(typeOf("sumStateState", {"UInt8"}) == "ERROR ILLEGAL_AGGREGATION");

  CHECK(typeOf("sumSimpleState", {"UInt8"}) == "SimpleAggregateFunction(sum, UInt64)");
  CHECK(typeOf("sumSimpleState", {"Nullable(UInt8)"}) == "SimpleAggregateFunction(sum, Nullable(UInt64))");
  CHECK(typeOf("anySimpleState", {"LowCardinality(String)"}) == "SimpleAggregateFunction(any, String)");
  CHECK(typeOf("maxSimpleState", {"DateTime64(3)"}) == "SimpleAggregateFunction(max, DateTime64(3))");
  CHECK(typeOf("groupArrayArraySimpleState", {"Array(UInt8)"}) ==
        "SimpleAggregateFunction(groupArrayArray, Array(UInt8))");
  CHECK(typeOf("uniqSimpleState", {"UInt8"}) == "ERROR BAD_ARGUMENTS");
  CHECK(typeOf("sumIfSimpleState", {"UInt8", "UInt8"}) == "ERROR BAD_ARGUMENTS");
  CHECK(typeOf("sumSimpleStateIf", {"UInt8", "UInt8"}) == "SimpleAggregateFunction(sum, UInt64)");
}

TEST_CASE("merging states with -Merge and -MergeState", "[aggregate]") {
  CHECK(typeOf("sumMerge", {"AggregateFunction(sum, UInt8)"}) == "UInt64");
  CHECK(typeOf("sumMerge", {"AggregateFunction(sum, Nullable(UInt8))"}) == "Nullable(UInt64)");
  CHECK(typeOf("sumMergeState", {"AggregateFunction(sum, UInt8)"}) == "AggregateFunction(sum, UInt8)");
  CHECK(typeOf("countMerge", {"AggregateFunction(count)"}) == "UInt64");
  CHECK(typeOf("uniqIfMerge", {"AggregateFunction(uniqIf, String, UInt8)"}) == "UInt64");
  CHECK(typeOf("quantilesMerge", {"AggregateFunction(quantiles(0.5, 0.9), UInt8)"}) == "Array(Float64)");
  CHECK(typeOf("sumMerge", {"AggregateFunction(uniq, UInt8)"}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(typeOf("sumMerge", {"UInt64"}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CallResult r = typeAggregateStateResult(type("AggregateFunction(avg, UInt16)"));
  REQUIRE(r.ok());
  CHECK(ferry::types::toString(r.type) == "Float64");
}

TEST_CASE("other combinators", "[aggregate]") {
  CHECK(typeOf("sumForEach", {"Array(UInt8)"}) == "Array(UInt64)");
  CHECK(typeOf("sumArray", {"Array(Nullable(UInt8))"}) == "Nullable(UInt64)");
  CHECK(typeOf("avgMap", {"Map(String, UInt8)"}) == "Map(String, Float64)");
  CHECK(typeOf("countOrNull", {}) == "Nullable(UInt64)");
  CHECK(typeOf("groupArrayOrNull", {"UInt8"}) == "Array(UInt8)");
  CHECK(typeOf("sumDistinct", {"Int8"}) == "Int64");
  CHECK(typeOf("countDistinctDistinct", {"UInt8"}) == "ERROR ILLEGAL_AGGREGATION");
  CHECK(typeOf("sumIfIf", {"UInt8", "UInt8", "UInt8"}) == "ERROR ILLEGAL_AGGREGATION");
  CHECK(typeOf("sumArgMax", {"UInt8", "String"}) == "UInt64");
  CHECK(typeOf("sumTuple", {"Tuple(UInt8, Int8)"}) == "Tuple(UInt64, Int64)");
  std::vector<ConstantValue> resample{integer(0), integer(10), integer(5)};
  CHECK(typeOf("sumResample", {"Nullable(UInt8)", "UInt8"}, resample) == "Array(UInt64)");
  CHECK(typeOf("sumResample", {"UInt8", "String"}, resample) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
  CHECK(typeOf("sumIf", {"UInt8", "UInt16"}) == "ERROR ILLEGAL_TYPE_OF_ARGUMENT");
}

TEST_CASE("an ordinary aggregate over a SimpleAggregateFunction value keeps the wrapper", "[aggregate]") {
  CHECK(typeOf("max", {"SimpleAggregateFunction(max, DateTime)"}) == "SimpleAggregateFunction(max, DateTime)");
  CHECK(typeOf("sum", {"SimpleAggregateFunction(sum, UInt64)"}) == "UInt64");
  CHECK(typeOf("groupBitOr", {"SimpleAggregateFunction(groupBitOr, UInt64)"}) == "UInt64");
  CHECK(typeOf("max", {"SimpleAggregateFunction(max, Nullable(UInt64))"}) == "Nullable(UInt64)");
}

TEST_CASE("aggregates spelled with their parameters, as arrayReduce takes them", "[aggregate]") {
  std::vector<Argument> args{{type("DateTime('UTC')"), std::nullopt}};
  CallResult q = typeAggregateCallSpelled("quantiles(0.5, 0.9)", args);
  REQUIRE(q.ok());
  CHECK(ferry::types::toString(q.type) == "Array(DateTime('UTC'))");
  std::vector<Argument> weighted{{type("Float64"), std::nullopt}, {type("UInt8"), std::nullopt}};
  CallResult s = typeAggregateCallSpelled("topKWeightedState(1)", weighted);
  REQUIRE(s.ok());
  CHECK(ferry::types::toString(s.type) == "AggregateFunction(topKWeighted(1), Float64, UInt8)");
  CallResult f = typeAggregateCallSpelled("sumMapFilteredState([1, 2])",
                                          std::vector<Argument>{{type("Array(UInt8)"), std::nullopt},
                                                                {type("Array(UInt8)"), std::nullopt}});
  REQUIRE(f.ok());
  CHECK(ferry::types::toString(f.type) == "AggregateFunction(1, sumMapFiltered([1, 2]), Array(UInt8), Array(UInt8))");
  CHECK_FALSE(typeAggregateCallSpelled("uniqUpTo(5", args).ok());
}

TEST_CASE("typeCall hands aggregate and window names to the aggregate typer", "[aggregate]") {
  std::vector<Argument> args{{type("UInt8"), std::nullopt}, {type("UInt8"), std::nullopt}};
  CallResult r = typeCall("sumIf", args);
  REQUIRE(r.ok());
  CHECK(ferry::types::toString(r.type) == "UInt64");
  CallResult w = typeCall("row_number", {});
  REQUIRE(w.ok());
  CHECK(ferry::types::toString(w.type) == "UInt64");
}
