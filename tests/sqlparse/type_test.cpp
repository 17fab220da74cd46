// Type expressions through parseType and through CAST.
#include "tests/sqlparse/parse_fixture.h"

using namespace ferry::sql;

namespace {

std::unique_ptr<TypeExpr> type(const std::string& text) {
  ferry::DiagnosticSink sink;
  auto t = parseType(text, ferry::SourceMap(0, 0), sink);
  INFO(text);
  REQUIRE(sink.all().empty());
  REQUIRE(t != nullptr);
  return t;
}

}  // namespace

TEST_CASE("simple and parametric types") {
  CHECK(type("String")->args.empty());
  auto n = type("LowCardinality(Nullable(String))");
  CHECK(n->name == "LowCardinality");
  CHECK(n->args.at(0)->type->name == "Nullable");
  CHECK(n->args.at(0)->type->args.at(0)->type->name == "String");
  auto dt = type("DateTime64(3, 'UTC')");
  CHECK(dt->args.at(0)->arg_kind == TypeArgKind::Value);
  CHECK(dt->args.at(1)->value->as<Literal>().value == "UTC");
  CHECK(type("Decimal(10, 2)")->args.size() == 2);
  CHECK(type("Map(String, UInt64)")->args.size() == 2);
  CHECK(type("Tuple()")->empty_parens);
  // A trailing comma closes the argument list.
  CHECK(type("Tuple(Int, String,)")->args.size() == 2);
  CHECK(type("Tuple(a Int, b Tuple(c Int,),)")->args.size() == 2);
}

TEST_CASE("multi-word type names") {
  CHECK(type("DOUBLE PRECISION")->name == "DOUBLE PRECISION");
  CHECK(type("INT UNSIGNED")->name == "INT UNSIGNED");
}

TEST_CASE("enums, named tuples, nested, JSON and aggregate function types") {
  auto e = type("Enum8('a' = 1, 'b' = -2)");
  CHECK(e->args.at(0)->arg_kind == TypeArgKind::NamedValue);
  CHECK(e->args.at(1)->value->as<Literal>().value == "-2");
  auto t = type("Tuple(a String, b UInt8)");
  CHECK(t->args.at(0)->arg_kind == TypeArgKind::NamedType);
  CHECK(t->args.at(0)->name == "a");
  CHECK(type("Nested(x UInt32, y Array(String))")->args.at(1)->type->name == "Array");
  auto j = type("JSON(max_dynamic_paths=10, a.b UInt32, SKIP x.y, SKIP REGEXP 'z.*')");
  REQUIRE(j->args.size() == 4);
  CHECK(j->args[0]->arg_kind == TypeArgKind::NamedValue);
  CHECK(j->args[1]->arg_kind == TypeArgKind::NamedType);
  CHECK(j->args[1]->name == "a.b");
  CHECK(j->args[2]->arg_kind == TypeArgKind::Skip);
  CHECK(j->args[2]->name == "x.y");
  CHECK(j->args[3]->arg_kind == TypeArgKind::SkipRegexp);
  auto agg = type("AggregateFunction(quantiles(0.5, 0.9), UInt64)");
  CHECK(agg->args.at(0)->type->name == "quantiles");
  CHECK(agg->args.at(0)->type->args.size() == 2);
  CHECK(type("SimpleAggregateFunction(sum, UInt64)")->args.at(0)->type->name == "sum");
  CHECK(type("Variant(String, UInt64, Array(UInt8))")->args.size() == 3);
}

TEST_CASE("types inside CAST keep their spans") {
  auto p = ferry::sql::test::parseOk("SELECT CAST(x AS Array(Nullable(UInt8)))");
  const auto& cast = ferry::sql::test::firstItem(*p).as<CastExpr>();
  CHECK(p->text(cast.type->span) == "Array(Nullable(UInt8))");
  CHECK(p->text(cast.type->args.at(0)->span) == "Nullable(UInt8)");
}
