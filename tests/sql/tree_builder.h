/// Terse constructors for hand-built syntax trees in tests (spans left synthesized).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "compiler/sql/ast.h"

namespace ferry::sql::test {

template <class T>
std::unique_ptr<T> make() {
  return std::make_unique<T>();
}

template <class... Args>
ExprList list(Args&&... args) {
  ExprList out;
  (out.push_back(std::forward<Args>(args)), ...);
  return out;
}

inline ExprPtr lit(LiteralKind kind, std::string value) {
  auto l = make<Literal>();
  l->literal_kind = kind;
  l->value = std::move(value);
  return l;
}
inline ExprPtr num(std::string v) { return lit(LiteralKind::Integer, std::move(v)); }
inline ExprPtr flt(std::string v) { return lit(LiteralKind::Float, std::move(v)); }
inline ExprPtr str(std::string v) { return lit(LiteralKind::String, std::move(v)); }
inline ExprPtr null() { return lit(LiteralKind::Null, "NULL"); }
inline ExprPtr boolean(bool v) { return lit(LiteralKind::Bool, v ? "true" : "false"); }

template <class... Parts>
ExprPtr id(Parts... parts) {
  auto i = make<Identifier>();
  (i->parts.push_back(std::string(parts)), ...);
  return i;
}

inline ExprPtr bin(BinaryOp op, ExprPtr l, ExprPtr r) {
  auto b = make<BinaryExpr>();
  b->op = op;
  b->lhs = std::move(l);
  b->rhs = std::move(r);
  return b;
}
inline ExprPtr un(UnaryOp op, ExprPtr e) {
  auto u = make<UnaryExpr>();
  u->op = op;
  u->operand = std::move(e);
  return u;
}
inline ExprPtr neg(ExprPtr e) { return un(UnaryOp::Negate, std::move(e)); }
inline ExprPtr notE(ExprPtr e) { return un(UnaryOp::Not, std::move(e)); }

template <class... Args>
std::unique_ptr<FunctionCall> call(std::string name, Args&&... args) {
  auto f = make<FunctionCall>();
  f->name = std::move(name);
  f->args = list(std::forward<Args>(args)...);
  return f;
}

inline ExprPtr alias(ExprPtr e, std::string name) {
  auto a = make<AliasExpr>();
  a->expr = std::move(e);
  a->name = std::move(name);
  return a;
}

template <class... Args>
ExprPtr tuple(Args&&... args) {
  auto t = make<TupleExpr>();
  t->elements = list(std::forward<Args>(args)...);
  return t;
}
template <class... Args>
ExprPtr array(Args&&... args) {
  auto t = make<ArrayExpr>();
  t->elements = list(std::forward<Args>(args)...);
  return t;
}

inline std::unique_ptr<TypeExpr> type(std::string name) {
  auto t = make<TypeExpr>();
  t->name = std::move(name);
  return t;
}
inline std::unique_ptr<TypeArg> typeArg(std::unique_ptr<TypeExpr> t) {
  auto a = make<TypeArg>();
  a->arg_kind = TypeArgKind::Type;
  a->type = std::move(t);
  return a;
}
inline std::unique_ptr<TypeArg> valueArg(ExprPtr v) {
  auto a = make<TypeArg>();
  a->arg_kind = TypeArgKind::Value;
  a->value = std::move(v);
  return a;
}
template <class... Args>
std::unique_ptr<TypeExpr> type(std::string name, Args&&... args) {
  auto t = type(std::move(name));
  (t->args.push_back(std::forward<Args>(args)), ...);
  return t;
}
/// Wraps a TypeExpr as a Type argument: `type("Nullable", arg(type("String")))`.
inline std::unique_ptr<TypeArg> arg(std::unique_ptr<TypeExpr> t) { return typeArg(std::move(t)); }

inline ExprPtr cast(CastStyle style, ExprPtr e, std::unique_ptr<TypeExpr> t) {
  auto c = make<CastExpr>();
  c->style = style;
  c->expr = std::move(e);
  c->type = std::move(t);
  return c;
}

inline std::unique_ptr<TableRef> table(std::string name, std::string alias_name = "") {
  auto t = make<TableRef>();
  t->parts.push_back(std::move(name));
  t->alias = std::move(alias_name);
  return t;
}

template <class... Items>
std::unique_ptr<SelectQuery> select(Items&&... items) {
  auto q = make<SelectQuery>();
  q->select = list(std::forward<Items>(items)...);
  return q;
}

inline QueryPtr setOp(SetOp op, SetQuantifier qf, QueryPtr l, QueryPtr r) {
  auto s = make<SetQuery>();
  s->op = op;
  s->quantifier = qf;
  s->left = std::move(l);
  s->right = std::move(r);
  return s;
}

inline std::unique_ptr<OrderItem> order(ExprPtr e, SortDirection d = SortDirection::None) {
  auto o = make<OrderItem>();
  o->expr = std::move(e);
  o->direction = d;
  return o;
}

inline ExprPtr subquery(QueryPtr q) {
  auto s = make<SubqueryExpr>();
  s->query = std::move(q);
  return s;
}

}  // namespace ferry::sql::test
