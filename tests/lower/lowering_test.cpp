#include <catch2/catch.hpp>

#include "compiler/lower/project_context.h"
#include "compiler/types/type_parser.h"
#include "tests/lower/lower_harness.h"

using namespace ferry;

namespace {

rt::ColumnTypePtr lowered(const std::string& name) {
  auto parsed = types::parseTypeName(name);
  REQUIRE(parsed.ok());
  return lower::lowerType(parsed.type);
}

}  // namespace

TEST_CASE("types lower kind by kind, with ClickHouse's names", "[lower][types]") {
  auto d = lowered("Decimal(9, 2)");
  CHECK(d->kind == rt::TypeKind::Decimal32);
  CHECK(d->scale == 2);
  CHECK(lowered("Decimal(18, 4)")->kind == rt::TypeKind::Decimal64);
  CHECK(lowered("Decimal(38, 4)")->kind == rt::TypeKind::Decimal128);
  CHECK(lowered("Decimal(50, 4)")->kind == rt::TypeKind::Decimal256);
  auto lc = lowered("LowCardinality(Nullable(String))");
  CHECK(lc->kind == rt::TypeKind::LowCardinality);
  CHECK(lc->child()->kind == rt::TypeKind::Nullable);
  CHECK(lc->name == "LowCardinality(Nullable(String))");
  auto dt = lowered("DateTime64(3, 'Europe/Madrid')");
  CHECK(dt->precision == 3);
  CHECK(dt->timezone == "Europe/Madrid");
  auto e = lowered("Enum8('a' = 1, 'b' = 2)");
  REQUIRE(e->enum_values.size() == 2);
  CHECK(e->enum_values[1] == std::pair<std::string, int64_t>{"b", 2});
  auto simple = lowered("SimpleAggregateFunction(max, DateTime)");
  CHECK(simple->kind == rt::TypeKind::DateTime);
  CHECK(simple->simple_aggregate == "max");
  CHECK(simple->name == "SimpleAggregateFunction(max, DateTime)");
  auto state = lowered("AggregateFunction(quantiles(0.5, 0.9), Float64)");
  CHECK(state->kind == rt::TypeKind::AggregateFunction);
  CHECK(state->aggregate_function == "quantiles");
  CHECK(state->aggregate_params == std::vector<std::string>{"0.5", "0.9"});
  REQUIRE(state->children.size() == 1);
  CHECK(state->children[0]->kind == rt::TypeKind::Float64);
  auto map = lowered("Map(String, Array(UInt64))");
  CHECK(map->kind == rt::TypeKind::Map);
  CHECK(map->child(1)->kind == rt::TypeKind::Array);
  CHECK(lowered("Dynamic") == nullptr);
  CHECK(lowered("JSON") == nullptr);
}

TEST_CASE("request parameters are checked against their declared types", "[lower][params]") {
  CHECK(lower::parameterValueFits("10", "Int32"));
  CHECK(lower::parameterValueFits("-10", "Int32"));
  CHECK_FALSE(lower::parameterValueFits("abc", "Int32"));
  CHECK_FALSE(lower::parameterValueFits("3000000000", "Int32"));
  CHECK(lower::parameterValueFits("3000000000", "UInt32"));
  CHECK_FALSE(lower::parameterValueFits("-1", "UInt8"));
  CHECK_FALSE(lower::parameterValueFits("256", "UInt8"));
  CHECK(lower::parameterValueFits("1.5e3", "Float64"));
  CHECK_FALSE(lower::parameterValueFits("1.5x", "Float64"));
  CHECK(lower::parameterValueFits("2026-01-31", "Date"));
  CHECK_FALSE(lower::parameterValueFits("2026-13-01", "Date"));
  CHECK_FALSE(lower::parameterValueFits("yesterday", "Date"));
  CHECK(lower::parameterValueFits("2026-01-31 10:00:00", "DateTime"));
  CHECK(lower::parameterValueFits("2026-01-31T10:00:00", "DateTime"));
  CHECK_FALSE(lower::parameterValueFits("2026-01-31 10:00", "DateTime"));
  CHECK(lower::parameterValueFits("true", "Boolean"));
  CHECK_FALSE(lower::parameterValueFits("maybe", "Boolean"));
  CHECK(lower::parameterValueFits("1,2,3", "Array(Int32)"));
  CHECK_FALSE(lower::parameterValueFits("1,x,3", "Array(Int32)"));
  CHECK(lower::parameterValueFits("anything at all", "String"));
}

TEST_CASE("an endpoint with a bad parameter is refused, naming it", "[lower][params]") {
  auto p = lower::test::loadAnalyzed(std::filesystem::path(FERRY_SOURCE_DIR) / "examples/web-analytics");
  REQUIRE(p->project);
  DiagnosticSink sink;
  auto plan = lower::lowerPipe(*p->project, p->analysis, "top_pages", {{"limit", "abc"}}, sink);
  CHECK(plan == nullptr);
  REQUIRE(sink.all().size() == 1);
  CHECK(sink.all()[0].id == DiagId::LOWER_BAD_PARAMETER);
  CHECK(sink.all()[0].message.find("`limit`") != std::string::npos);
  CHECK(sink.all()[0].message.find("Int32") != std::string::npos);
  DiagnosticSink good;
  CHECK(lower::lowerPipe(*p->project, p->analysis, "top_pages", {{"limit", "7"}}, good) != nullptr);
  CHECK_FALSE(good.hasErrors());
}

TEST_CASE("the materialized pipe of the example reads its events and writes its target", "[lower][project]") {
  auto p = lower::test::loadAnalyzed(std::filesystem::path(FERRY_SOURCE_DIR) / "examples/web-analytics");
  REQUIRE(p->project);
  DiagnosticSink sink;
  auto lowered = lower::lowerProject(*p->project, p->analysis, sink);
  INFO(lower::test::describeDiagnostics(sink));
  CHECK(lowered.ok);
  REQUIRE(lowered.views.size() == 1);
  CHECK(lowered.views[0].source == "analytics_events");
  CHECK(lowered.views[0].target == "analytics_pages_mv");
  const auto* target = p->analysis.datasource("analytics_pages_mv");
  REQUIRE(target);
  // Converted to the target's columns, by name, with the target's types.
  const auto& out = lowered.views[0].plan->output;
  REQUIRE(out.size() == target->columns.size());
  for (size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].name == target->columns[i].name);
    CHECK(rt::typeName(*out[i].type) == types::toString(target->columns[i].type));
  }
  // Every datasource and its quarantine table.
  CHECK(lowered.tables.size() == 2 * p->analysis.datasources.size());
  for (const auto& t : lowered.tables) {
    CHECK(t.ingest_columns.size() == t.spec.columns.size());
    size_t keys = (t.spec.has_partition_key ? 1 : 0) + t.spec.sorting_key_size + (t.spec.has_ttl ? 1 : 0);
    CHECK(t.key_exprs.size() == keys);
  }
}
