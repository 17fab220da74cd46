#include <catch2/catch.hpp>

#include "tests/template/template_test_support.h"

using namespace ferry;
using namespace ferry::tpl;
using test::Parsed;

namespace {
const Parameter* find(const std::vector<Parameter>& ps, std::string_view name) {
  for (const auto& p : ps) {
    if (p.name == name) return &p;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("typed functions give parameters their type, default and options") {
  Parsed p(
      "%SELECT * FROM t WHERE d = {{String(d, 'test_1', description='desc', required=True)}} "
      "AND v = {{Int8(v, -3, format='number', example='1')}} AND a IN {{Array(a, 'Int16', default='1,2')}} "
      "AND e = {{String(e, enum=['x', 'y'])}}");
  auto ps = collectParameters(p.tree, p.sink);
  REQUIRE(ps.size() == 4);
  CHECK(ps[0].name == "d");
  CHECK(ps[0].type == "String");
  REQUIRE(ps[0].default_value);
  CHECK(ps[0].default_value->value == "test_1");
  CHECK(ps[0].default_value->kind == LiteralKind::String);
  CHECK(p.text(ps[0].default_value->span) == "'test_1'");
  CHECK(ps[0].description == "desc");
  CHECK(ps[0].required == std::optional<bool>(true));
  CHECK(p.text(ps[0].span) == "d");
  CHECK(ps[1].type == "Int8");
  CHECK(ps[1].default_value->value == "-3");
  CHECK(ps[1].format == "number");
  CHECK(ps[1].example == "1");
  CHECK(ps[2].type == "Array(Int16)");
  CHECK(ps[2].default_value->value == "1,2");
  CHECK(ps[3].enum_values == std::vector<std::string>{"x", "y"});
  CHECK_FALSE(ps[3].default_value);
}

TEST_CASE("untyped uses are String; typed uses win; locals and functions are not parameters") {
  Parsed p(
      "%{% if defined(date_from) %}x{% end %}{% set n = Int32(days, 7) %}{% for i in split_to_array(ids) %}{{i}}{% end %}"
      "{{ DateTime(date_from) }}{{ n }}{% if regions %}{{ marker }}{% end %}");
  auto ps = collectParameters(p.tree, p.sink);
  std::vector<std::string> names;
  for (const auto& q : ps) names.push_back(q.name);
  CHECK(names == std::vector<std::string>{"date_from", "days", "ids", "regions", "marker"});
  const Parameter* df = find(ps, "date_from");
  REQUIRE(df);
  CHECK(df->type == "DateTime");
  CHECK(df->typed);
  CHECK_FALSE(df->used_in_function_call);
  CHECK(df->uses.size() == 2);
  CHECK(p.text(df->span) == "date_from");
  CHECK(p.sm.file(p.file).lineCol(df->span.begin).column > 40);  // the typed use, not defined()
  const Parameter* ids = find(ps, "ids");
  REQUIRE(ids);
  CHECK(ids->used_in_function_call);
  CHECK(ids->type == "String");
  CHECK(find(ps, "regions")->type == "String");
  CHECK_FALSE(find(ps, "regions")->typed);
}

TEST_CASE("reserved and forbidden parameter names") {
  Parsed p("%{{ String(token, 'x') }}{{ String(format) }}");
  auto ps = collectParameters(p.tree, p.sink);
  CHECK(ps.size() == 2);
  const Diagnostic* r = p.first(DiagId::TPL_RESERVED_PARAMETER);
  REQUIRE(r);
  CHECK(r->message == "The parameter name 'token' is a reserved word");
  CHECK(p.has(DiagId::TPL_FORBIDDEN_PARAMETER));
}

TEST_CASE("no parameters outside templates") {
  Parsed p("SELECT {{ x }}");
  DiagnosticSink sink;
  CHECK(collectParameters(p.tree, sink).empty());
}
