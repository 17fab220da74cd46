#include <catch2/catch.hpp>

#include "tests/template/template_test_support.h"

using namespace ferry;
using namespace ferry::tpl;
using test::Rendered;

namespace {
std::string render(const std::string& sql, const RenderOptions& options = {}) {
  Rendered r(sql, options);
  INFO(sql);
  for (const auto& d : r.sink.all()) INFO(d.message);
  CHECK(r.sink.errorCount() == 0);
  return r.sql();
}
}  // namespace

TEST_CASE("typed parameters render their default or the CLI's test value") {
  CHECK(render("%SELECT {{Int32(foo, 1)}}") == "SELECT toInt32('1')");
  CHECK(render("%SELECT {{Int32(foo)}}") == "SELECT toInt32('0')");
  CHECK(render("%SELECT {{UInt64(foo, 1706467215188)}}") == "SELECT toUInt64('1706467215188')");
  CHECK(render("%SELECT {{Int(limit)}}") == "SELECT 0");
  CHECK(render("%SELECT {{Int(limit, 50)}}") == "SELECT 50");
  CHECK(render("%SELECT {{Float32(f)}}") == "SELECT toFloat32('0.0')");
  CHECK(render("%SELECT {{Float64(f, 1.5)}}") == "SELECT toFloat64('1.5')");
  CHECK(render("%SELECT {{Float64(f, 2)}}") == "SELECT toFloat64('2.0')");
  CHECK(render("%SELECT {{String(foo)}}") == "SELECT '__no_value__'");
  CHECK(render("%SELECT {{String(foo, 'test')}}") == "SELECT 'test'");
  CHECK(render("%SELECT {{String(event_id, 1)}}") == "SELECT '1'");
  CHECK(render("%SELECT {{String(s, \"it's\")}}") == "SELECT 'it\\'s'");
  CHECK(render("%SELECT {{Date(start)}}") == "SELECT '2019-01-01'");
  CHECK(render("%SELECT {{DateTime(start)}}") == "SELECT '2019-01-01 00:00:00'");
  CHECK(render("%SELECT {{DateTime(start, '2023-01-01 10:00:00')}}") == "SELECT '2023-01-01 10:00:00'");
  CHECK(render("%SELECT {{DateTime64(t, '2020-09-09 10:10:10.000')}}") == "SELECT '2020-09-09 10:10:10.000'");
  CHECK(render("%SELECT {{Boolean(b)}}, {{Boolean(b, True)}}, {{Boolean(b, 'false')}}") == "SELECT 0, 1, 0");
}

TEST_CASE("supplied values replace the test placeholders") {
  RenderOptions o;
  o.values["foo"] = "-1";
  o.values["name"] = "x'y";
  o.values["ids"] = "1,2,3";
  CHECK(render("%SELECT {{Float32(foo)}}, {{String(name)}}, {{Array(ids, 'Int32')}}", o) ==
        "SELECT toFloat32('-1.0'), 'x\\'y', [1,2,3]");
  CHECK(render("%{% if defined(foo) %}yes{% else %}no{% end %}", o) == "yes");
}

TEST_CASE("arrays render as ClickHouse array literals") {
  CHECK(render("%SELECT {{Array(ids, 'Int32', default='1,2')}}") == "SELECT [1,2]");
  CHECK(render("%SELECT {{Array(foo, 'Int32')}}") == "SELECT [0,0]");
  CHECK(render("%SELECT {{Array(foo)}}") == "SELECT ['']");
  CHECK(render("%SELECT {{Array(s, 'String', 'pre,pro')}}") == "SELECT ['pre','pro']");
  CHECK(render("%SELECT {{Array(d, 'Date')}}") == "SELECT ['2019-01-01','2019-01-01']");
  CHECK(render("%SELECT {{Array(f, 'Float64', '1,2.5')}}") == "SELECT [1.0,2.5]");
}

TEST_CASE("identifier functions quote with backticks") {
  CHECK(render("%SELECT {{column(c, 'osname')}}") == "SELECT `osname`");
  CHECK(render("%SELECT {{column(c, 'json.a')}}") == "SELECT `json`.`a`");
  CHECK(render("%SELECT {{columns(cols, 'a, b,c')}} FROM t") == "SELECT `a`,`b`,`c` FROM t");
  CHECK(render("%SELECT {{columns(cols, 'a,b', 'sum')}}") == "SELECT sum(`a`) as a,sum(`b`) as b");
  CHECK(render("%SELECT {{symbol(attr)}} FROM t") == "SELECT `placeholder` FROM t");
  CHECK(render("%SELECT * FROM {{table(t)}}") == "SELECT * FROM placeholder");
}

TEST_CASE("defined() is false in test mode; a bare placeholder is truthy") {
  CHECK(render("%{% if defined(open) %}ERROR{% else %}YEAH!{% end %}") == "YEAH!");
  CHECK(render("%{% if x %}A{% else %}B{% end %}") == "A");
  CHECK(render("%{% if not defined(x) %}A{% end %}") == "A");
  CHECK(render("%{% if defined(x) and x > 0 %}A{% else %}B{% end %}") == "B");
  CHECK(render("%{% if String(period) == 'day' %}D{% elif String(period) == '__no_value__' %}P{% end %}") == "P");
  CHECK(render("%{% if Int32(test, 1) %}SELECT 1{% else %} select 2 {% end %}") == "SELECT 1");
  CHECK(render("%{% if x in ['a', 'b'] %}A{% elif x not in ['a'] %}B{% end %}") == "B");
}

TEST_CASE("ordering a bare placeholder is a warning, not an error") {
  Rendered r("%{% if limit > 10 %}A{% else %}B{% end %}");
  CHECK(r.sql() == "B");
  const Diagnostic* d = r.first(DiagId::TPL_PLACEHOLDER_COMPARISON);
  REQUIRE(d);
  CHECK(d->severity == Severity::Warning);
  CHECK(r.text(d->span) == "limit > 10");
}

TEST_CASE("set binds names; for iterates arrays and placeholders") {
  CHECK(render("%{% set n = Int32(days, 7) + 1 %}{{n}}") == "8");
  CHECK(render("%{% set a, b = 1, 2 %}{{ a + b }}") == "3");
  CHECK(render("%{% set s = 'x' %}{% set s += 'y' %}{{s}}") == "'xy'");
  CHECK(render("%{% for v in split_to_array(c, 'a,b') %}[{{v}}]{% end %}") == "['a']['b']");
  CHECK(render("%{% for v in test %}SELECT {{v}} {% end %}") == "SELECT '__no_value__' SELECT '__no_value__' SELECT '__no_value__' ");
  CHECK(render("%{% for last, x in enumerate_with_last(['a','b']) %}{{x}}{% if not last %},{% end %}{% end %}") == "'a','b'");
  CHECK(render("%{% for x in [1,2,3] %}{% if x == 2 %}{% continue %}{% end %}{{x}}{% end %}") == "13");
  CHECK(render("%{% for x in [1,2,3] %}{% if x == 2 %}{% break %}{% end %}{{x}}{% else %}E{% end %}") == "1");
  CHECK(render("%{% for x in [] %}{{x}}{% else %}E{% end %}") == "E");
  CHECK(render("%{% set i = 0 %}{% while i < 3 %}{{i}}{% set i = i + 1 %}{% end %}") == "012");
  CHECK(render("%{{ ','.join([s.upper() for s in ['a', 'b'] if s != 'b']) }}") == "'A'");
}

TEST_CASE("helper functions follow the CLI") {
  CHECK(render("%{{sql_and(a=String(a, 'x'), b__in=Array(b, 'Int32', '1'), c=None)}}") == "a = 'x' and b in [1]");
  CHECK(render("%{{ day_diff('2019-01-02', '2019-02-01') }}") == "30");
  CHECK(render("%{{ day_diff(date_from, date_to) }}") == "0");
  CHECK(render("%{{ date_diff_in_hours('2022-12-14 18:42:22', '2022-12-19 18:42:22') }}") == "120");
  CHECK(render("%{{ date_diff_in_minutes('2022-12-19T18:43:22Z', '2022-12-19T18:42:23Z', '%Y-%m-%dT%H:%M:%Sz') }}") == "0");
  CHECK(render("%{{max_threads(2)}} SELECT 1") == "-- max_threads 2\n SELECT 1");
  CHECK(render("%{{cache_ttl('5m')}}SELECT 1") == "-- cache_ttl 5m\nSELECT 1");
  CHECK(render("%{% if not defined(t) %}{{ error('t is required') }}{% end %}SELECT 1") == "-- {x} \nSELECT 1");
  CHECK(render("%SELECT {{sql_unescape(String(p, 'a%'), '%')}}") == "SELECT 'a%'");
  CHECK(render("%{% for kv in JSON(p, '[{\"dp\":\"Sales\"}]') %}{{kv['dp']}}{% end %}") == "'Sales'");
  CHECK(render("%{{ (Int32(page, 0) + 1) * Int32(page_size, 10) }}") == "10");
  CHECK(render("%{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ 1 / 4 }}") == "3 -4 1 0.25");
}

TEST_CASE("tb_secret renders a ClickHouse query parameter, or its default on request") {
  CHECK(render("%SELECT {{tb_secret('token', 'd')}}") == "SELECT {token: String}");
  RenderOptions o;
  o.secrets_as_query_parameters = false;
  CHECK(render("%SELECT {{tb_secret('token', 'd')}}", o) == "SELECT 'd'");
  CHECK(render("%SELECT {{tb_var('v')}}", o) == "SELECT {v: String}");
}

TEST_CASE("render failures are diagnostics and render NULL") {
  Rendered col("%SELECT {{column(agg)}} FROM t");
  CHECK(col.sql() == "SELECT NULL FROM t");
  const Diagnostic* d = col.first(DiagId::TPL_RENDER_ERROR);
  REQUIRE(d);
  CHECK(d->message == "Missing column() default value, use `column(column_name, 'default_column_name')`");
  CHECK(col.text(d->span) == "column(agg)");

  Rendered bad("%SELECT {{Int32(x, 'abc')}}");
  REQUIRE(bad.first(DiagId::TPL_RENDER_ERROR));
  CHECK(bad.first(DiagId::TPL_RENDER_ERROR)->message == "Error validating 'abc' to type Int32");

  Rendered ttl("%{{cache_ttl('2h')}}");
  CHECK(ttl.has(DiagId::TPL_RENDER_ERROR));

  Rendered none("%SELECT {{ None }}");
  CHECK(none.has(DiagId::TPL_RENDER_ERROR));

  Rendered caught("%{% try %}{{ column(x) }}{% except %}fallback{% end %}");
  CHECK(caught.sink.errorCount() == 0);
  CHECK(caught.sql() == "fallback");

  RenderOptions small;
  small.max_loop_iterations = 5;
  Rendered loop("%{% while True %}x{% end %}", small);
  CHECK(loop.sql() == "xxxxx");
  CHECK(loop.has(DiagId::TPL_LOOP_LIMIT));

  // Nested loops share the budget: they cannot multiply it.
  Rendered nested("%{% while True %}{% while True %}{% while True %}x{% end %}{% end %}{% end %}", small);
  CHECK(nested.sql().size() <= 5);
  CHECK(nested.has(DiagId::TPL_LOOP_LIMIT));
}

TEST_CASE("the rendered SQL maps back to the template") {
  Rendered r("%\nSELECT {{ Int32(limit, 50) }} AS l FROM t");
  REQUIRE(r.sink.all().empty());
  const std::string& sql = r.sql();
  REQUIRE(sql == "\nSELECT toInt32('50') AS l FROM t");
  // Text maps 1:1.
  size_t from = sql.find("FROM");
  CHECK(r.text(r.out.map.span(static_cast<uint32_t>(from), static_cast<uint32_t>(from + 4))) == "FROM");
  // Output text maps onto the {{ }} tag, never past it.
  size_t b = sql.find("toInt32");
  size_t e = sql.find(" AS");
  CHECK(r.text(r.out.map.span(static_cast<uint32_t>(b), static_cast<uint32_t>(e))) == "{{ Int32(limit, 50) }}");
  // A rendered output longer than its tag still stays inside the tag.
  Rendered longer("%SELECT {{Date(d)}}, x");
  size_t lb = longer.sql().find('\'');
  size_t le = longer.sql().find(',');
  CHECK(longer.text(longer.out.map.span(static_cast<uint32_t>(lb), static_cast<uint32_t>(le))) == "{{Date(d)}}");
  size_t x = longer.sql().find('x');
  CHECK(longer.text(longer.out.map.span(static_cast<uint32_t>(x), static_cast<uint32_t>(x + 1))) == "x");
}

TEST_CASE("non-template SQL renders verbatim") {
  Rendered r("SELECT 1 % 2");
  CHECK(r.sql() == "SELECT 1 % 2");
  CHECK(r.text(r.out.map.span(7, 12)) == "1 % 2");
}

TEST_CASE("a close delimiter of the other tag kind is ordinary text of the expression") {
  // `}}` inside {% %} closes two dict braces; `%}` inside {{ }} is a modulo and a brace.
  CHECK(render("%{% set d = {'a': {'b': 1}} %}{{ d['a']['b'] }}") == "1");
  Rendered r("%{{ 5 %} x }}");
  CHECK(r.has(DiagId::TPL_SYNTAX_ERROR));
}
