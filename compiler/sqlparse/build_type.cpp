// Type expressions: names (multi-word ones joined by one space) and their arguments.
#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

std::unique_ptr<TypeExpr> Builder::type(P::TypeExprContext* ctx) {
  auto node = make<TypeExpr>(span(ctx));
  auto* type_name = ctx->typeName();
  node->name = name(type_name->identifier());
  for (auto* suffix : type_name->typeNameSuffix()) {
    for (antlr4::tree::ParseTree* child : suffix->children) {
      node->name += ' ';
      node->name += text(static_cast<antlr4::tree::TerminalNode*>(child));
    }
  }
  if (ctx->LPAREN() != nullptr) {
    node->empty_parens = ctx->typeArg().empty();
    for (auto* arg : ctx->typeArg()) {
      auto built = typeArg(arg);
      if (!built) return nullptr;
      node->args.push_back(std::move(built));
    }
  }
  return node;
}

std::unique_ptr<TypeExpr> Builder::quotedType(P::TypeExprContext* ctx) {
  auto* id = ctx->typeName()->identifier();
  if (ctx->LPAREN() != nullptr || !ctx->typeName()->typeNameSuffix().empty() || !quoted(id)) return type(ctx);
  std::string content = name(id);
  // Offsets inside the quotes are exact unless the name holds escapes.
  uint32_t inner = session_.base() + static_cast<uint32_t>(id->getStart()->getStartIndex()) + 1;
  ParseSession nested(content, session_.map(), session_.sink(), inner);
  auto* root = nested.parse(EntryRule::Type, nullptr);
  if (root == nullptr) {
    failed_ = true;
    return nullptr;
  }
  Builder builder(nested);
  auto result = builder.type(static_cast<P::TypeEntryContext*>(root)->typeExpr());
  if (builder.failed()) failed_ = true;
  return result;
}

std::unique_ptr<TypeArg> Builder::typeArg(P::TypeArgContext* ctx) {
  auto node = make<TypeArg>(span(ctx));
  if (auto* s = dynamic_cast<P::StringTypeArgContext*>(ctx)) {
    if (auto* number = s->signedNumber()) {
      node->arg_kind = TypeArgKind::NamedValue;
      node->key = stringLiteral(s->STRING());
      node->value = signedNumber(number);
    } else {
      node->arg_kind = TypeArgKind::Value;
      node->value = stringLiteral(s->STRING());
    }
  } else if (auto* n = dynamic_cast<P::NumberTypeArgContext*>(ctx)) {
    node->arg_kind = TypeArgKind::Value;
    node->value = signedNumber(n->signedNumber());
  } else if (dynamic_cast<P::NullTypeArgContext*>(ctx) != nullptr) {
    auto null = make<Literal>(span(ctx));
    null->literal_kind = LiteralKind::Null;
    null->value = "NULL";
    null->spelling = std::string(text(ctx));
    node->arg_kind = TypeArgKind::Value;
    node->value = std::move(null);
  } else if (auto* list = dynamic_cast<P::ListTypeArgContext*>(ctx)) {
    node->arg_kind = TypeArgKind::Value;
    node->value = typeConstantList(list->typeConstantList());
    if (!node->value) return nullptr;
  } else if (auto* skip = dynamic_cast<P::SkipTypeArgContext*>(ctx)) {
    if (skip->REGEXP() != nullptr) {
      node->arg_kind = TypeArgKind::SkipRegexp;
      node->value = stringLiteral(skip->STRING());
    } else {
      node->arg_kind = TypeArgKind::Skip;
      node->name = name(skip->dottedName());
    }
  } else if (auto* setting = dynamic_cast<P::SettingTypeArgContext*>(ctx)) {
    node->arg_kind = TypeArgKind::NamedValue;
    auto key = make<Identifier>(span(setting->anyName()));
    key->parts.push_back(name(setting->anyName()));
    node->key = std::move(key);
    if (auto* lit = setting->literal()) {
      node->value = literal(lit);
    } else {
      auto id = make<Identifier>(span(setting->identifier()));
      id->parts.push_back(name(setting->identifier()));
      node->value = std::move(id);
    }
  } else if (auto* named = dynamic_cast<P::NamedTypeArgContext*>(ctx)) {
    node->arg_kind = TypeArgKind::NamedType;
    node->name = name(named->dottedName());
    node->type = type(named->typeExpr());
    if (!node->type) return nullptr;
  } else {
    node->arg_kind = TypeArgKind::Type;
    node->type = type(static_cast<P::NestedTypeArgContext*>(ctx)->typeExpr());
    if (!node->type) return nullptr;
  }
  return node;
}

ExprPtr Builder::typeConstantList(P::TypeConstantListContext* ctx) {
  ExprList elements;
  std::vector<P::TypeConstantContext*> items;
  bool is_array = false;
  if (auto* a = dynamic_cast<P::ArrayTypeConstantContext*>(ctx)) {
    items = a->typeConstant();
    is_array = true;
  } else {
    items = static_cast<P::TupleTypeConstantContext*>(ctx)->typeConstant();
  }
  for (auto* item : items) {
    auto e = typeConstant(item);
    if (!e) return nullptr;
    elements.push_back(std::move(e));
  }
  if (is_array) {
    auto node = make<ArrayExpr>(span(ctx));
    node->elements = std::move(elements);
    return node;
  }
  auto node = make<TupleExpr>(span(ctx));
  node->elements = std::move(elements);
  return node;
}

ExprPtr Builder::typeConstant(P::TypeConstantContext* ctx) {
  if (auto* n = ctx->signedNumber()) return signedNumber(n);
  if (auto* s = ctx->STRING()) return stringLiteral(s);
  if (auto* list = ctx->typeConstantList()) return typeConstantList(list);
  auto null = make<Literal>(span(ctx));
  null->literal_kind = LiteralKind::Null;
  null->value = "NULL";
  null->spelling = std::string(text(ctx));
  return null;
}

}  // namespace ferry::sql::detail
