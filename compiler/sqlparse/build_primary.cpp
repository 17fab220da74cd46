// Primary expressions: literals, names, parentheses and tuples, arrays, maps, parameters, and
// the keyword forms (CASE, CAST, INTERVAL, EXTRACT, SUBSTRING, TRIM, DATE '...').
#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

ExprPtr Builder::primary(P::PrimaryContext* ctx) {
  Span whole = span(ctx);
  if (auto* id = dynamic_cast<P::IdentifierPrimaryContext*>(ctx)) {
    auto node = make<Identifier>(whole);
    node->parts.push_back(name(id->identifier()));
    return node;
  }
  if (auto* lit = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) return literal(lit->literal());
  if (auto* call = dynamic_cast<P::FunctionPrimaryContext*>(ctx)) return functionPrimary(call->functionCall());
  if (auto* paren = dynamic_cast<P::ParenPrimaryContext*>(ctx)) {
    auto elements = paren->aliasedExpr();
    if (elements.size() == 1 && paren->COMMA().empty()) {
      // ClickHouse's formatter keeps parentheses the user wrote (one level), so the tree
      // records them; `((x))` is still just parenthesized.
      ExprPtr inner = aliasedExpr(elements[0]);
      if (inner) inner->parenthesized = true;
      return inner;
    }
    auto node = make<TupleExpr>(whole);
    for (auto* e : elements) {
      ExprPtr built = aliasedExpr(e);
      if (!built) return nullptr;
      node->elements.push_back(std::move(built));
    }
    return node;
  }
  if (auto* arr = dynamic_cast<P::ArrayPrimaryContext*>(ctx)) {
    auto node = make<ArrayExpr>(whole);
    for (auto* e : arr->aliasedExpr()) {
      ExprPtr built = aliasedExpr(e);
      if (!built) return nullptr;
      node->elements.push_back(std::move(built));
    }
    return node;
  }
  if (auto* sub = dynamic_cast<P::SubqueryPrimaryContext*>(ctx)) {
    QueryPtr query = parenthesizedQuery(sub->query(), sub->explainStatement());
    if (!query) return nullptr;
    auto node = make<SubqueryExpr>(whole);
    node->query = std::move(query);
    return node;
  }
  if (dynamic_cast<P::StarPrimaryContext*>(ctx) != nullptr) return make<Asterisk>(whole);
  if (auto* c = dynamic_cast<P::CastPrimaryContext*>(ctx)) {
    auto node = make<CastExpr>(whole);
    bool comma = c->COMMA() != nullptr;
    ExprList operands = aliasedOperands(c, comma ? 2 : 1);
    if (operands.empty()) return nullptr;
    node->expr = std::move(operands[0]);
    if (!comma) {
      node->style = CastStyle::As;
      node->type = type(c->typeExpr());
      if (!node->type) return nullptr;
    } else {
      node->style = CastStyle::Comma;
      node->type_arg = std::move(operands[1]);
    }
    return node;
  }
  if (auto* cs = dynamic_cast<P::CasePrimaryContext*>(ctx)) {
    auto node = make<CaseExpr>(whole);
    auto parts = cs->expr();
    size_t i = 0;
    if (cs->caseOperand != nullptr) {
      node->operand = expr(parts[i++]);
      if (!node->operand) return nullptr;
    }
    for (size_t w = 0; w < cs->WHEN().size(); ++w) {
      CaseBranch branch;
      branch.when = expr(parts[i++]);
      branch.then = expr(parts[i++]);
      if (!branch.when || !branch.then) return nullptr;
      node->branches.push_back(std::move(branch));
    }
    if (cs->ELSE() != nullptr) {
      node->else_expr = expr(parts[i]);
      if (!node->else_expr) return nullptr;
    }
    return node;
  }
  if (auto* iv = dynamic_cast<P::IntervalPrimaryContext*>(ctx)) {
    auto node = make<IntervalExpr>(whole);
    node->value = add(iv->addExpr());
    if (!node->value) return nullptr;
    if (iv->AS() != nullptr) {
      // `INTERVAL '2' AS n MINUTE`: ClickHouse names the value (toIntervalMinute('2' AS n)).
      auto aliased = make<AliasExpr>(Span::cover(node->value->span, span(iv->anyName())));
      aliased->expr = std::move(node->value);
      aliased->name = name(iv->anyName());
      node->value = std::move(aliased);
    }
    node->unit = parseIntervalUnit(text(iv->IDENT()));
    if (!node->unit) {
      error(DiagId::SQL_UNKNOWN_INTERVAL_UNIT, span(iv->IDENT()),
            "unknown interval unit '" + std::string(text(iv->IDENT())) + "'");
      return nullptr;
    }
    return node;
  }
  if (auto* ivs = dynamic_cast<P::IntervalStringPrimaryContext*>(ctx)) {
    auto node = make<IntervalExpr>(whole);
    node->value = stringLiteral(ivs->STRING());
    return node;
  }
  if (auto* typed = dynamic_cast<P::TypedLiteralPrimaryContext*>(ctx)) {
    auto node = make<TypedLiteral>(whole);
    node->typed_kind = typed->DATE() != nullptr ? TypedLiteralKind::Date : TypedLiteralKind::Timestamp;
    node->value = unquoteStringToken(typed->STRING());
    return node;
  }
  if (auto* param = dynamic_cast<P::ParameterPrimaryContext*>(ctx)) {
    auto node = make<QueryParameter>(whole);
    node->name = name(param->queryParameter()->anyName());
    node->type = type(param->queryParameter()->typeExpr());
    if (!node->type) return nullptr;
    return node;
  }
  if (auto* map = dynamic_cast<P::MapPrimaryContext*>(ctx)) {
    auto node = make<MapExpr>(whole);
    for (auto* entry : map->mapEntry()) {
      MapEntry e;
      e.key = expr(entry->expr(0));
      e.value = expr(entry->expr(1));
      if (!e.key || !e.value) return nullptr;
      node->entries.push_back(std::move(e));
    }
    return node;
  }
  if (auto* ex = dynamic_cast<P::ExtractPrimaryContext*>(ctx)) {
    if (ex->FROM() == nullptr) return plainCall(std::string(text(ex->EXTRACT())), whole, ex->functionArgs());
    auto node = make<ExtractExpr>(whole);
    auto unit = parseIntervalUnit(text(ex->identifier()));
    if (!unit) {
      error(DiagId::SQL_UNKNOWN_INTERVAL_UNIT, span(ex->identifier()),
            "unknown date part '" + std::string(text(ex->identifier())) + "'");
      return nullptr;
    }
    node->unit = *unit;
    ExprList operands = aliasedOperands(ex, 1);
    if (operands.empty()) return nullptr;
    node->expr = std::move(operands[0]);
    return node;
  }
  if (auto* sub = dynamic_cast<P::SubstringPrimaryContext*>(ctx)) {
    ExprList operands = aliasedOperands(sub, sub->expr().size());
    if (operands.empty()) return nullptr;
    if (sub->FROM() == nullptr) {
      auto call = make<FunctionCall>(whole);
      call->name = std::string(text(sub->SUBSTRING()));
      call->args = std::move(operands);
      return call;
    }
    auto node = make<SubstringExpr>(whole);
    node->expr = std::move(operands[0]);
    node->from = std::move(operands[1]);
    if (sub->FOR() != nullptr) node->length = std::move(operands[2]);
    return node;
  }
  auto* trim = static_cast<P::TrimPrimaryContext*>(ctx);
  ExprList parts = aliasedOperands(trim, trim->expr().size());
  if (parts.empty()) return nullptr;
  auto* side = trim->trimSide();
  if (trim->FROM() == nullptr) {
    if (side != nullptr) {
      error(DiagId::SQL_SYNTAX_ERROR, span(ctx), "TRIM with BOTH, LEADING or TRAILING needs FROM");
      return nullptr;
    }
    auto call = make<FunctionCall>(whole);
    call->name = std::string(text(trim->TRIM()));
    call->args = std::move(parts);
    return call;
  }
  auto node = make<TrimExpr>(whole);
  if (side != nullptr) {
    node->side = side->BOTH() != nullptr ? TrimSide::Both
                 : side->LEADING() != nullptr ? TrimSide::Leading
                                              : TrimSide::Trailing;
  }
  if (parts.size() == 2) node->chars = std::move(parts[0]);
  node->expr = std::move(parts.back());
  return node;
}

}  // namespace ferry::sql::detail
