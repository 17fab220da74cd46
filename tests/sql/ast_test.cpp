// Node kinds, checked casts, child walks, deep clone and equality ignoring spans, dump.
#include <catch2/catch.hpp>

#include "compiler/sql/ast.h"
#include "compiler/sql/printer.h"
#include "tests/sql/tree_builder.h"

using namespace ferry::sql;
using namespace ferry::sql::test;

namespace {

/// A query touching most node kinds, with spans set so that clone must copy them.
std::unique_ptr<SelectStatement> sampleStatement() {
  auto q = select(alias(bin(BinaryOp::Plus, id("a"), num("1")), "b"), make<Asterisk>());
  q->select[0]->span = ferry::Span{0, 7, 12};
  auto f = make<TableFunctionRef>();
  f->call = call("numbers", num("10"));
  f->alias = "n";
  f->sample.emplace();
  f->sample->ratio = bin(BinaryOp::Divide, num("1"), num("10"));
  q->from = std::move(f);
  auto c = make<CaseExpr>();
  c->branches.push_back(CaseBranch{bin(BinaryOp::Equals, id("a"), num("1")), str("one")});
  c->else_expr = null();
  q->where = bin(BinaryOp::NotEquals, std::move(c), str("x"));
  auto g = make<GroupByClause>();
  g->group_kind = GroupByKind::GroupingSets;
  g->sets.push_back(list(id("a")));
  g->sets.push_back(ExprList{});
  q->group_by = std::move(g);
  auto stmt = make<SelectStatement>();
  stmt->query = std::move(q);
  stmt->span = ferry::Span{0, 0, 40};
  return stmt;
}

}  // namespace

TEST_CASE("kinds, names and checked casts", "[ast]") {
  ExprPtr e = id("a");
  CHECK(e->kind() == NodeKind::Identifier);
  CHECK(e->kindName() == "Identifier");
  CHECK(e->is<Expr>());
  CHECK_FALSE(e->is<Query>());
  CHECK(e->as<Identifier>().parts.size() == 1);
  CHECK(e->tryAs<FunctionCall>() == nullptr);
  QueryPtr q = select(num("1"));
  CHECK(q->is<Query>());
  CHECK(q->is<SelectQuery>());
  CHECK_FALSE(q->is<SetQuery>());
  auto t = table("t");
  CHECK(t->is<TableExpr>());
  CHECK(kindName(NodeKind::SelectStatement) == "SelectStatement");
  CHECK(enumName(BinaryOp::GlobalNotIn) == "GlobalNotIn");
  CHECK(enumName(JoinKind::Comma) == "Comma");
  CHECK(spelling(BinaryOp::NotILike) == "NOT ILIKE");
}

TEST_CASE("forEachChild visits direct children in field order", "[ast]") {
  auto stmt = sampleStatement();
  const auto& q = stmt->query->as<SelectQuery>();
  std::vector<std::string> kinds;
  forEachChild(q, [&](const Node& child) { kinds.emplace_back(child.kindName()); });
  CHECK(kinds == std::vector<std::string>{"AliasExpr", "Asterisk", "TableFunctionRef", "BinaryExpr",
                                          "GroupByClause"});
  // Through records and nested vectors: CaseBranch and grouping sets.
  std::vector<std::string> case_children;
  forEachChild(q.where->as<BinaryExpr>().lhs->as<CaseExpr>(),
               [&](const Node& child) { case_children.emplace_back(child.kindName()); });
  CHECK(case_children == std::vector<std::string>{"BinaryExpr", "Literal", "Literal"});
  size_t set_children = 0;
  forEachChild(*q.group_by, [&](const Node&) { ++set_children; });
  CHECK(set_children == 1);
}

TEST_CASE("clone is deep and keeps spans, equality ignores spans only", "[ast]") {
  auto stmt = sampleStatement();
  auto copy = clone(*stmt);
  REQUIRE(copy);
  CHECK(copy.get() != stmt.get());
  CHECK(copy->span == stmt->span);
  CHECK(copy->query->as<SelectQuery>().select[0]->span == ferry::Span{0, 7, 12});
  CHECK(copy->query.get() != stmt->query.get());
  CHECK(equalIgnoringSpans(*copy, *stmt));
  CHECK(printStatement(*copy) == printStatement(*stmt));

  copy->query->as<SelectQuery>().select[0]->span = ferry::Span{};
  CHECK(equalIgnoringSpans(*copy, *stmt));

  // Any field change breaks equality: a scalar deep inside, a record, an enum.
  auto c2 = clone(*stmt);
  c2->query->as<SelectQuery>().from->as<TableFunctionRef>().call->args[0]->as<Literal>().value = "11";
  CHECK_FALSE(equalIgnoringSpans(*c2, *stmt));
  auto c3 = clone(*stmt);
  c3->query->as<SelectQuery>().from->as<TableFunctionRef>().sample.reset();
  CHECK_FALSE(equalIgnoringSpans(*c3, *stmt));
  auto c4 = clone(*stmt);
  c4->query->as<SelectQuery>().where->as<BinaryExpr>().op = BinaryOp::LessGreater;
  CHECK_FALSE(equalIgnoringSpans(*c4, *stmt));
  auto c5 = clone(*stmt);
  c5->query->as<SelectQuery>().group_by->sets[1].push_back(id("z"));
  CHECK_FALSE(equalIgnoringSpans(*c5, *stmt));

  // Literal spelling is formatting: cloned, not compared.
  auto l1 = make<Literal>();
  l1->literal_kind = LiteralKind::String;
  l1->value = "a'b";
  l1->spelling = "'a''b'";
  auto l2 = clone(*l1);
  CHECK(l2->spelling == "'a''b'");
  l2->spelling = "'a\\'b'";
  CHECK(equalIgnoringSpans(*l1, *l2));
  CHECK(equalIgnoringSpans(static_cast<const Node*>(nullptr), nullptr));
  CHECK_FALSE(equalIgnoringSpans(l1.get(), nullptr));
  CHECK_FALSE(equalIgnoringSpans(*id("a"), *str("a")));

  // Written parentheses count unless told otherwise.
  auto p1 = id("a");
  auto p2 = id("a");
  p2->parenthesized = true;
  CHECK_FALSE(equalIgnoringSpans(*p1, *p2));
  CHECK(equalIgnoringSpans(*p1, *p2, EqualOptions{.ignore_parentheses = true}));
  CHECK(clone(*p2)->parenthesized);
  CHECK(dump(*p2) == "(Identifier parenthesized parts=[a])");
}

TEST_CASE("dump is an indented S-expression without default fields", "[ast]") {
  auto e = bin(BinaryOp::Plus, id("t", "a"), num("1"));
  CHECK(dump(*e) ==
        "(BinaryExpr op=Plus\n"
        "  lhs: (Identifier parts=[t, a])\n"
        "  rhs: (Literal literal_kind=Integer value='1'))");
  e->span = ferry::Span{0, 3, 8};
  CHECK(dump(*e, true).rfind("(BinaryExpr @3..8 op=Plus", 0) == 0);
  auto c = make<CaseExpr>();
  c->branches.push_back(CaseBranch{id("x"), num("1")});
  CHECK(dump(*c) ==
        "(CaseExpr\n"
        "  branches: [\n"
        "    {\n"
        "      when: (Identifier parts=[x])\n"
        "      then: (Literal literal_kind=Integer value='1')}])");
}

namespace {

/// Counts identifiers and literals in a whole tree: overrides two visit methods, walks the
/// rest generically.
class LeafCounter : public ConstVisitor<LeafCounter, void> {
 public:
  int identifiers = 0;
  int literals = 0;
  int others = 0;
  void visitIdentifier(const Identifier&) { ++identifiers; }
  void visitLiteral(const Literal&) { ++literals; }
  void visitNode(const Node& n) {
    ++others;
    forEachChild(n, [&](const Node& child) { visit(child); });
  }
};

}  // namespace

TEST_CASE("ConstVisitor dispatches to the most specific visit method", "[ast]") {
  auto stmt = sampleStatement();
  LeafCounter counter;
  counter.visit(*stmt);
  // a (select), a (CASE), a (grouping set); 1, 10, 1, 10, 1, 'one', NULL, 'x'.
  CHECK(counter.identifiers == 3);
  CHECK(counter.literals == 8);
  CHECK(counter.others > 5);
}
