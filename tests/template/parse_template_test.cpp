#include <catch2/catch.hpp>

#include "tests/template/template_test_support.h"

using namespace ferry;
using namespace ferry::tpl;
using test::Parsed;

TEST_CASE("the % marker decides whether SQL is a template") {
  CHECK(isTemplate("%\nSELECT 1"));
  CHECK(isTemplate("  \n\t  %  SELECT 1"));
  CHECK_FALSE(isTemplate("SELECT 1 % 2"));
  CHECK_FALSE(isTemplate(""));
  CHECK_FALSE(isTemplate("   \n"));
}

TEST_CASE("template syntax without the marker is the CLI's error") {
  Parsed p("SELECT *\nFROM t WHERE a = {{ String(a) }}");
  REQUIRE(p.sink.errorCount() == 1);
  const Diagnostic& d = p.sink.all()[0];
  CHECK(d.id == DiagId::TPL_MISSING_MARKER);
  CHECK(d.message == "In order to make a query dynamic, it is necessary to start the query with a % character.");
  CHECK(p.text(d.span) == "{{");
  CHECK_FALSE(p.tree.is_template);
  REQUIRE(p.tree.body.size() == 1);
  CHECK(p.tree.body[0]->kind == NodeKind::Text);

  Parsed plain("SELECT '{' AS brace");
  CHECK(plain.sink.all().empty());
}

TEST_CASE("text runs, outputs and comments keep exact spans") {
  Parsed p("%\nSELECT {{ Int32(limit, 10) }} {# note #}FROM t");
  REQUIRE(p.sink.all().empty());
  REQUIRE(p.tree.is_template);
  CHECK(p.text(p.tree.marker_span) == "%");
  const Body& b = p.tree.body;
  REQUIRE(b.size() == 5);
  CHECK(b[0]->as<TextNode>()->text == "\nSELECT ");
  auto* out = b[1]->as<OutputNode>();
  REQUIRE(out);
  CHECK(p.text(out->span) == "{{ Int32(limit, 10) }}");
  auto* call = out->expr->as<CallExpr>();
  REQUIRE(call);
  CHECK(call->calleeName() == "Int32");
  CHECK(p.text(call->span) == "Int32(limit, 10)");
  CHECK(p.text(call->positional(0)->span) == "limit");
  CHECK(call->positional(1)->as<LiteralExpr>()->int_value == 10);
  CHECK(b[3]->kind == NodeKind::Comment);
  CHECK(p.text(b[3]->span) == "{# note #}");
  CHECK(b[4]->as<TextNode>()->text == "FROM t");
}

TEST_CASE("if / elif / else chains nest with their spans") {
  Parsed p("%\n{% if defined(a) %}A{% elif b == 'x' %}{% if c %}C{% end %}{% else %}E{% end %}");
  REQUIRE(p.sink.all().empty());
  auto* i = p.tree.body[1]->as<IfNode>();
  REQUIRE(i);
  REQUIRE(i->branches.size() == 3);
  CHECK(p.text(i->branches[0].tag_span) == "{% if defined(a) %}");
  CHECK(p.text(i->branches[1].condition->span) == "b == 'x'");
  CHECK(i->branches[1].condition->as<CompareExpr>()->ops[0] == CompareOp::Eq);
  CHECK(i->branches[2].condition == nullptr);
  CHECK(i->branches[1].body[0]->kind == NodeKind::If);
  CHECK(p.text(i->end_span) == "{% end %}");
  CHECK(p.text(i->span).substr(0, 6) == "{% if ");
  CHECK(p.text(i->span).size() == p.sm.file(p.file).text().size() - 2);
}

TEST_CASE("for, set, while, try and loop control parse") {
  Parsed p(
      "%{% set xs = split_to_array(s, 'a,b') %}{% for i, x in enumerate(xs) %}{% if i > 0 %}{% continue %}{% end %}"
      "{{x}}{% else %}none{% end %}{% while False %}{% break %}{% end %}"
      "{% try %}{{ a }}{% except Exception as e %}x{% finally %}y{% end %}");
  REQUIRE(p.sink.all().empty());
  auto* s = p.tree.body[0]->as<SetNode>();
  REQUIRE(s);
  CHECK(s->target.name == "xs");
  auto* f = p.tree.body[1]->as<ForNode>();
  REQUIRE(f);
  REQUIRE(f->target.elements.size() == 2);
  CHECK(f->target.elements[1].name == "x");
  CHECK(f->else_body.size() == 1);
  CHECK(p.tree.body[2]->kind == NodeKind::While);
  auto* t = p.tree.body[3]->as<TryNode>();
  REQUIRE(t);
  REQUIRE(t->handlers.size() == 1);
  CHECK(t->handlers[0].name == "e");
  CHECK(t->finally_body.size() == 1);
}

TEST_CASE("Python expression forms build the right nodes") {
  Parsed p("%{{ a if not b and c in [1, 2] else {'k': (1,)}[ 'k' ] }}{{ x.y(z=-1.5e3)[1:2] }}{{ (Int32(p, 0) + 1) * 2 }}");
  REQUIRE(p.sink.all().empty());
  auto* c = p.tree.body[0]->as<OutputNode>()->expr->as<ConditionalExpr>();
  REQUIRE(c);
  auto* cond = c->condition->as<LogicalExpr>();
  REQUIRE(cond);
  CHECK(cond->is_and);
  CHECK(cond->operands[0]->kind == ExprKind::Not);
  CHECK(cond->operands[1]->as<CompareExpr>()->ops[0] == CompareOp::In);
  CHECK(c->else_value->kind == ExprKind::Subscript);
  auto* sub = p.tree.body[1]->as<OutputNode>()->expr->as<SubscriptExpr>();
  REQUIRE(sub);
  CHECK(sub->index->kind == ExprKind::Slice);
  auto* call = sub->object->as<CallExpr>();
  REQUIRE(call);
  CHECK(call->args[0].keyword == "z");
  CHECK(call->args[0].value->kind == ExprKind::Unary);
  auto* mul = p.tree.body[2]->as<OutputNode>()->expr->as<BinaryExpr>();
  REQUIRE(mul);
  CHECK(mul->op == BinaryOp::Mul);
  CHECK(mul->lhs->as<BinaryExpr>()->op == BinaryOp::Add);
}

TEST_CASE("string literals decode Python escapes and concatenate") {
  Parsed p(R"(%{{ 'a\'b' "c\n" r'\d' }})");
  REQUIRE(p.sink.all().empty());
  auto* lit = p.tree.body[0]->as<OutputNode>()->expr->as<LiteralExpr>();
  REQUIRE(lit);
  CHECK(lit->text == "a'bc\n\\d");
}

TEST_CASE("a missing {% end %} is reported at the block it leaves open") {
  Parsed p("%\nSELECT {% if defined(x) %} x, 1");
  REQUIRE(p.sink.errorCount() == 1);
  const Diagnostic* d = p.first(DiagId::TPL_MISSING_END);
  REQUIRE(d);
  CHECK(d->message == "Missing {%end%} block for if");
  CHECK(p.text(d->span) == "{% if defined(x) %}");
  CHECK(p.sm.file(p.file).lineCol(d->span.begin).line == 2);
  CHECK(p.sm.file(p.file).lineCol(d->span.begin).column == 8);
}

TEST_CASE("extra end, misplaced clauses and loop control outside loops") {
  Parsed extra("%SELECT 1 {% end %}");
  CHECK(extra.has(DiagId::TPL_EXTRA_END));
  Parsed elif("%{% for x in y %}{% elif z %}{% end %}");
  CHECK(elif.has(DiagId::TPL_MISPLACED_CLAUSE));
  Parsed twice("%{% if a %}{% else %}{% else %}{% end %}");
  CHECK(twice.has(DiagId::TPL_MISPLACED_CLAUSE));
  Parsed brk("%{% if a %}{% break %}{% end %}");
  CHECK(brk.has(DiagId::TPL_LOOP_CONTROL_OUTSIDE_LOOP));
}

TEST_CASE("unclosed tags are reported at their opening delimiter") {
  Parsed out("%\nSELECT {{ String(a) FROM t");
  const Diagnostic* d = out.first(DiagId::TPL_UNCLOSED_OUTPUT);
  REQUIRE(d);
  CHECK(out.text(d->span) == "{{");
  CHECK(out.sink.errorCount() == 1);
  Parsed st("%{% if a  \n SELECT 1");
  CHECK(st.has(DiagId::TPL_UNCLOSED_STATEMENT));
  Parsed cm("%{# never closed");
  CHECK(cm.has(DiagId::TPL_UNCLOSED_COMMENT));
  // An unclosed {{ must not also produce "missing end" for the block it swallowed.
  Parsed both("%{% if a %}{{ x {% end %}");
  CHECK(both.sink.errorCount() == 1);
}

TEST_CASE("syntax errors inside a tag point at the offending token and stay local") {
  Parsed p("%SELECT {{ Int32(a,, 1) }} {{ String(b) }}");
  const Diagnostic* d = p.first(DiagId::TPL_SYNTAX_ERROR);
  REQUIRE(d);
  CHECK(p.text(d->span) == ",");
  CHECK(p.sink.errorCount() == 1);
  // The second output still parsed.
  auto* ok = p.tree.body[3]->as<OutputNode>();
  REQUIRE(ok);
  CHECK(ok->expr->kind == ExprKind::Call);

  Parsed empty("%{{ }}{%  %}");
  CHECK(empty.sink.errorCount() == 2);
  CHECK(empty.has(DiagId::TPL_EMPTY_TAG));

  Parsed trunc("%{% if defined((x) %}{% end %}");
  CHECK(trunc.has(DiagId::TPL_SYNTAX_ERROR));
  CHECK_FALSE(trunc.has(DiagId::TPL_EXTRA_END));  // the if still opened its block
}

TEST_CASE("unknown operators, imports, unknown functions and **") {
  Parsed imp("%{% import os %}");
  REQUIRE(imp.first(DiagId::TPL_UNKNOWN_STATEMENT));
  CHECK(imp.first(DiagId::TPL_UNKNOWN_STATEMENT)->message == "import is forbidden");
  Parsed op("%{% frobnicate %}");
  CHECK(op.has(DiagId::TPL_UNKNOWN_STATEMENT));
  Parsed fn("%{% if whatever(x) %}{% end %}");
  const Diagnostic* w = fn.first(DiagId::TPL_UNKNOWN_FUNCTION);
  REQUIRE(w);
  CHECK(w->severity == Severity::Warning);
  CHECK(fn.text(w->span) == "whatever");
  CHECK(fn.sink.errorCount() == 0);
  Parsed pw("%{{ len([1] * 10**7) }}");
  REQUIRE(pw.first(DiagId::TPL_FORBIDDEN_OPERATOR));
  CHECK(pw.text(pw.first(DiagId::TPL_FORBIDDEN_OPERATOR)->span) == "**");
}

TEST_CASE("escapes {{! and end words usable as names") {
  Parsed p("%SELECT '{{!x}}' {{ String(end, 'e') }}");
  REQUIRE(p.sink.all().empty());
  auto* esc = p.tree.body[1]->as<TextNode>();
  REQUIRE(esc);
  CHECK(esc->escape);
  CHECK(esc->text == "{{");
}

TEST_CASE("spans map through the SQL's source map into the datafile") {
  // The SQL is cut out of a datafile at offset 100 with its lines de-indented: local line 2
  // starts at file offset 120.
  SourceManager sm;
  FileId f = sm.add("p.pipe", std::string(100, ' ') + "%\n" + std::string(18, ' ') + "SELECT {{ Int32(a, 1) }}");
  SourceMap map(f, 100);
  map.addSegment(2, 120);
  DiagnosticSink sink;
  Template t = parseTemplate("%\nSELECT {{ Int32(a, 1) }}", map, sink);
  REQUIRE(sink.all().empty());
  auto* out = t.body[1]->as<OutputNode>();
  REQUIRE(out);
  CHECK(sm.file(f).slice(out->span) == "{{ Int32(a, 1) }}");
}

TEST_CASE("malformed input never crashes and always yields diagnostics") {
  std::string garbage = "%";
  for (int i = 0; i < 4000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  Parsed g(garbage);
  CHECK(g.tree.is_template);

  std::string deep = "%{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}";
  Parsed d(deep);
  CHECK(d.has(DiagId::TPL_TOO_DEEP));

  std::string blocks = "%";
  for (int i = 0; i < 1000; ++i) blocks += "{% if a %}";
  Parsed b(blocks);
  CHECK(b.has(DiagId::TPL_TOO_DEEP));

  for (std::string s : {"%{", "%{{", "%{%", "%{#", "%{{'", "%{% if %}", "%{{ a[ }}", "%\xff\xfe{{ \xc3 }}"}) {
    Parsed t(s);
    CHECK(t.tree.is_template);
  }
}
