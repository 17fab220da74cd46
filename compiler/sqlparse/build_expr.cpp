// Expressions: the precedence levels of the grammar, postfix operators, primaries, calls.
#include <cctype>

#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

namespace {

bool equalsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

/// Operators of a left-associative loop level: children alternate operand, operator, ...
template <class OperandCtx, class F, class G>
ExprPtr leftChain(antlr4::ParserRuleContext* ctx, F&& operand, G&& op_of) {
  ExprPtr result;
  size_t pending = 0;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* sub = dynamic_cast<OperandCtx*>(child)) {
      ExprPtr rhs = operand(sub);
      if (!rhs) return nullptr;
      if (!result) {
        result = std::move(rhs);
      } else {
        result = op_of(pending, std::move(result), std::move(rhs));
        if (!result) return nullptr;
      }
    } else if (auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      pending = token->getSymbol()->getType();
    }
  }
  return result;
}

/// The operand of a unary minus is "directly a number literal" when the text is just the
/// number: no parentheses, no postfix operator (`-1::Int8` negates the cast).
bool isBareNumber(P::UnaryExprContext* ctx) {
  auto* post = ctx->postfixExpr();
  if (post == nullptr || !post->postfixOp().empty()) return false;
  auto* lit = dynamic_cast<P::LiteralPrimaryContext*>(post->primary());
  if (lit == nullptr) return false;
  auto* l = lit->literal();
  return l->numberLiteral() != nullptr || l->INF_() != nullptr || l->NAN_() != nullptr;
}

/// `POSITION(needle IN haystack)`: the only argument is an unparenthesized `a IN b`.
P::InComparisonContext* positionIn(P::FunctionArgsContext* args) {
  if (args == nullptr || args->DISTINCT() != nullptr || args->ALL() != nullptr) return nullptr;
  if (args->functionArg().size() != 1) return nullptr;
  auto* arg = args->functionArg(0);
  if (arg->expr() == nullptr || arg->alias() != nullptr) return nullptr;
  auto* plain = dynamic_cast<P::PlainExprContext*>(arg->expr());
  if (plain == nullptr) return nullptr;
  if (plain->QUESTION() != nullptr) return nullptr;
  auto* ors = plain->orExpr();
  if (ors->andExpr().size() != 1) return nullptr;
  auto* ands = ors->andExpr(0);
  if (ands->notExpr().size() != 1) return nullptr;
  auto* cmp = ands->notExpr(0)->comparisonExpr();
  if (cmp == nullptr) return nullptr;
  if (cmp->comparisonTail().size() != 1) return nullptr;
  auto* in = dynamic_cast<P::InComparisonContext*>(cmp->comparisonTail(0));
  if (in == nullptr || in->GLOBAL() != nullptr || in->NOT() != nullptr) return nullptr;
  return in;
}

}  // namespace

ExprPtr Builder::binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs) {
  auto node = make<BinaryExpr>(Span::cover(lhs->span, rhs->span));
  node->op = op;
  node->lhs = std::move(lhs);
  node->rhs = std::move(rhs);
  return node;
}

ExprList Builder::exprs(const std::vector<P::ExprContext*>& list) {
  ExprList out;
  for (auto* e : list) {
    if (auto built = expr(e)) out.push_back(std::move(built));
  }
  return out;
}

ExprList Builder::aliasedExprs(const std::vector<P::AliasedExprContext*>& list) {
  ExprList out;
  for (auto* e : list) {
    if (auto built = aliasedExpr(e)) out.push_back(std::move(built));
  }
  return out;
}

ExprList Builder::aliasedOperands(antlr4::ParserRuleContext* ctx, size_t expected) {
  ExprList out;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* e = dynamic_cast<P::ExprContext*>(child)) {
      ExprPtr built = expr(e);
      if (!built) return {};
      out.push_back(std::move(built));
    } else if (auto* a = dynamic_cast<P::AliasContext*>(child); a != nullptr && !out.empty()) {
      auto node = make<AliasExpr>(Span::cover(out.back()->span, span(a)));
      node->expr = std::move(out.back());
      node->name = alias(a);
      out.back() = std::move(node);
    }
  }
  if (out.size() != expected) return {};
  return out;
}

ExprPtr Builder::aliasedExpr(P::AliasedExprContext* ctx) {
  ExprPtr inner = expr(ctx->expr());
  if (!inner || ctx->AS() == nullptr) return inner;
  auto node = make<AliasExpr>(span(ctx));
  node->expr = std::move(inner);
  node->name = name(ctx->anyName());
  return node;
}

ExprPtr Builder::expr(P::ExprContext* ctx) {
  if (auto* lambda = dynamic_cast<P::LambdaExprContext*>(ctx)) {
    auto node = make<Lambda>(span(ctx));
    auto* params = lambda->lambdaParameters();
    for (auto* id : params->identifier()) node->params.push_back(name(id));
    node->body = expr(lambda->expr());
    if (!node->body) return nullptr;
    return node;
  }
  auto* plain = static_cast<P::PlainExprContext*>(ctx);
  if (plain->children.size() == 1) return orExpr(static_cast<P::OrExprContext*>(plain->children[0]));
  return ternary(plain, plain->orExpr(), plain->ternaryBranch());
}

ExprPtr Builder::ternary(antlr4::ParserRuleContext* ctx, P::OrExprContext* cond_ctx,
                         const std::vector<P::TernaryBranchContext*>& branches) {
  ExprPtr cond = orExpr(cond_ctx);
  if (!cond || branches.empty()) return cond;
  auto node = make<TernaryExpr>(span(ctx));
  node->cond = std::move(cond);
  node->then_expr = ternary(branches[0], branches[0]->orExpr(), branches[0]->ternaryBranch());
  node->else_expr = ternary(branches[1], branches[1]->orExpr(), branches[1]->ternaryBranch());
  if (!node->then_expr || !node->else_expr) return nullptr;
  return node;
}

// Most operands are a single leaf: each level first checks for the one-child case, which
// skips the dynamic_casts of the generic walk (a measurable part of the parse time).

ExprPtr Builder::orExpr(P::OrExprContext* ctx) {
  if (ctx->children.size() == 1) return andExpr(static_cast<P::AndExprContext*>(ctx->children[0]));
  return leftChain<P::AndExprContext>(
      ctx, [&](P::AndExprContext* c) { return andExpr(c); },
      [&](size_t, ExprPtr l, ExprPtr r) { return binary(BinaryOp::Or, std::move(l), std::move(r)); });
}

ExprPtr Builder::andExpr(P::AndExprContext* ctx) {
  if (ctx->children.size() == 1) return notExpr(static_cast<P::NotExprContext*>(ctx->children[0]));
  return leftChain<P::NotExprContext>(
      ctx, [&](P::NotExprContext* c) { return notExpr(c); },
      [&](size_t, ExprPtr l, ExprPtr r) { return binary(BinaryOp::And, std::move(l), std::move(r)); });
}

ExprPtr Builder::notExpr(P::NotExprContext* ctx) {
  if (ctx->children.size() == 1) return comparison(static_cast<P::ComparisonExprContext*>(ctx->children[0]));
  auto node = make<UnaryExpr>(span(ctx));
  node->op = UnaryOp::Not;
  node->operand = notExpr(ctx->notExpr());
  if (!node->operand) return nullptr;
  return node;
}

ExprPtr Builder::comparison(P::ComparisonExprContext* ctx) {
  if (ctx->children.size() == 1) return concat(static_cast<P::ConcatExprContext*>(ctx->children[0]));
  ExprPtr result = concat(ctx->concatExpr());
  for (auto* tail : ctx->comparisonTail()) {
    if (!result) return nullptr;
    if (auto* b = dynamic_cast<P::BinaryComparisonContext*>(tail)) {
      auto* op = b->comparisonOperator();
      BinaryOp kind = BinaryOp::Equals;
      if (op->EQ_DOUBLE() != nullptr) kind = BinaryOp::DoubleEquals;
      else if (op->NOT_EQ() != nullptr) kind = text(op) == "<>" ? BinaryOp::LessGreater : BinaryOp::NotEquals;
      else if (op->LT() != nullptr) kind = BinaryOp::Less;
      else if (op->GT() != nullptr) kind = BinaryOp::Greater;
      else if (op->LE() != nullptr) kind = BinaryOp::LessOrEquals;
      else if (op->GE() != nullptr) kind = BinaryOp::GreaterOrEquals;
      else if (op->NULL_SAFE_EQ() != nullptr) kind = BinaryOp::NullSafeEquals;
      ExprPtr rhs = concat(b->concatExpr());
      if (!rhs) return nullptr;
      result = binary(kind, std::move(result), std::move(rhs));
    } else if (auto* l = dynamic_cast<P::LikeComparisonContext*>(tail)) {
      bool negated = l->NOT() != nullptr;
      ExprPtr rhs = concat(l->concatExpr());
      if (!rhs) return nullptr;
      if (l->REGEXP() != nullptr) {
        result = binary(BinaryOp::Regexp, std::move(result), std::move(rhs));
        if (negated) {
          // `a NOT REGEXP b` means NOT (a REGEXP b); the tree has no separate operator.
          auto node = make<UnaryExpr>(result->span);
          node->op = UnaryOp::Not;
          node->operand = std::move(result);
          result = std::move(node);
        }
      } else if (l->LIKE() != nullptr) {
        result = binary(negated ? BinaryOp::NotLike : BinaryOp::Like, std::move(result), std::move(rhs));
      } else {
        result = binary(negated ? BinaryOp::NotILike : BinaryOp::ILike, std::move(result), std::move(rhs));
      }
    } else if (auto* in = dynamic_cast<P::InComparisonContext*>(tail)) {
      bool global = in->GLOBAL() != nullptr;
      bool negated = in->NOT() != nullptr;
      BinaryOp kind = global ? (negated ? BinaryOp::GlobalNotIn : BinaryOp::GlobalIn)
                             : (negated ? BinaryOp::NotIn : BinaryOp::In);
      ExprPtr rhs = concat(in->concatExpr());
      if (!rhs) return nullptr;
      result = binary(kind, std::move(result), std::move(rhs));
    } else if (auto* is_null = dynamic_cast<P::IsNullComparisonContext*>(tail)) {
      auto node = make<IsNullExpr>(Span::cover(result->span, span(tail)));
      node->expr = std::move(result);
      node->negated = is_null->NOT() != nullptr;
      result = std::move(node);
    } else if (auto* distinct = dynamic_cast<P::IsDistinctComparisonContext*>(tail)) {
      ExprPtr rhs = concat(distinct->concatExpr());
      if (!rhs) return nullptr;
      auto op = distinct->NOT() != nullptr ? BinaryOp::IsNotDistinctFrom : BinaryOp::IsDistinctFrom;
      result = binary(op, std::move(result), std::move(rhs));
    } else {
      auto* between = static_cast<P::BetweenComparisonContext*>(tail);
      auto node = make<BetweenExpr>(Span::cover(result->span, span(tail)));
      node->expr = std::move(result);
      node->negated = between->NOT() != nullptr;
      node->low = concat(between->concatExpr(0));
      node->high = concat(between->concatExpr(1));
      if (!node->low || !node->high) return nullptr;
      result = std::move(node);
    }
  }
  return result;
}

ExprPtr Builder::concat(P::ConcatExprContext* ctx) {
  if (ctx->children.size() == 1) return add(static_cast<P::AddExprContext*>(ctx->children[0]));
  return leftChain<P::AddExprContext>(
      ctx, [&](P::AddExprContext* c) { return add(c); },
      [&](size_t, ExprPtr l, ExprPtr r) { return binary(BinaryOp::Concat, std::move(l), std::move(r)); });
}

ExprPtr Builder::add(P::AddExprContext* ctx) {
  if (ctx->children.size() == 1) return mul(static_cast<P::MulExprContext*>(ctx->children[0]));
  return leftChain<P::MulExprContext>(
      ctx, [&](P::MulExprContext* c) { return mul(c); },
      [&](size_t op, ExprPtr l, ExprPtr r) {
        return binary(op == P::PLUS ? BinaryOp::Plus : BinaryOp::Minus, std::move(l), std::move(r));
      });
}

ExprPtr Builder::mul(P::MulExprContext* ctx) {
  if (ctx->children.size() == 1) return unary(static_cast<P::UnaryExprContext*>(ctx->children[0]));
  return leftChain<P::UnaryExprContext>(
      ctx, [&](P::UnaryExprContext* c) { return unary(c); },
      [&](size_t op, ExprPtr l, ExprPtr r) {
        BinaryOp kind = BinaryOp::Multiply;
        if (op == P::SLASH) kind = BinaryOp::Divide;
        else if (op == P::PERCENT) kind = BinaryOp::Modulo;
        else if (op == P::DIV) kind = BinaryOp::IntDiv;
        else if (op == P::MOD) kind = BinaryOp::ModKeyword;
        return binary(kind, std::move(l), std::move(r));
      });
}

ExprPtr Builder::unary(P::UnaryExprContext* ctx) {
  if (ctx->children.size() == 1) return postfix(static_cast<P::PostfixExprContext*>(ctx->children[0]));
  auto* operand_ctx = ctx->unaryExpr();
  ExprPtr operand = unary(operand_ctx);
  if (!operand) return nullptr;
  if (isBareNumber(operand_ctx)) {
    auto& lit = operand->as<Literal>();
    if (lit.value.empty() || lit.value[0] != '-') {
      lit.value = "-" + lit.value;
      lit.span = span(ctx);
      lit.spelling = std::string(text(ctx));
      return operand;
    }
  }
  auto node = make<UnaryExpr>(span(ctx));
  node->op = UnaryOp::Negate;
  node->operand = std::move(operand);
  return node;
}

ExprPtr Builder::postfix(P::PostfixExprContext* ctx) {
  if (ctx->children.size() == 1) return primary(static_cast<P::PrimaryContext*>(ctx->children[0]));
  ExprPtr base = primary(ctx->primary());
  if (!base) return nullptr;
  // `a.b.c` stays one Identifier while the chain is only names; `(a).b` does not start one.
  bool name_chain = dynamic_cast<P::IdentifierPrimaryContext*>(ctx->primary()) != nullptr;
  bool in_prefix = false;  // `.name` after `json.^a` extends the prefix path
  for (auto* op : ctx->postfixOp()) {
    Span whole = Span::cover(base->span, span(op));
    if (auto* member = dynamic_cast<P::MemberOpContext*>(op)) {
      std::string part = name(member->anyName());
      if (in_prefix) {
        auto& path = base->as<JsonPathExpr>();
        path.name += '.';
        path.name += part;
        path.span = whole;
        continue;
      }
      if (name_chain) {
        base->as<Identifier>().parts.push_back(std::move(part));
        base->span = whole;
        continue;
      }
      auto node = make<TupleElementExpr>(whole);
      node->base = std::move(base);
      node->element = std::move(part);
      base = std::move(node);
      continue;
    }
    bool was_chain = name_chain;
    name_chain = false;
    in_prefix = false;
    if (auto* sub = dynamic_cast<P::SubscriptOpContext*>(op)) {
      if (sub->expr() == nullptr) {
        auto node = make<JsonPathExpr>(whole);
        node->path_kind = JsonPathKind::ArrayElements;
        node->base = std::move(base);
        base = std::move(node);
        continue;
      }
      auto node = make<SubscriptExpr>(whole);
      node->base = std::move(base);
      node->index = expr(sub->expr());
      if (!node->index) return nullptr;
      base = std::move(node);
    } else if (auto* index = dynamic_cast<P::TupleIndexOpContext*>(op)) {
      auto node = make<TupleElementExpr>(whole);
      node->base = std::move(base);
      node->element = std::string(text(index->DOT_NUMBER()).substr(1));
      node->by_index = true;
      base = std::move(node);
    } else if (dynamic_cast<P::MemberStarOpContext*>(op) != nullptr) {
      if (!was_chain) {
        unsupported(op, "`.*` after an expression that is not a name");
        return nullptr;
      }
      auto node = make<Asterisk>(whole);
      node->qualifier = std::move(base->as<Identifier>().parts);
      base = std::move(node);
    } else if (auto* cast = dynamic_cast<P::CastOpContext*>(op)) {
      auto node = make<CastExpr>(whole);
      node->style = CastStyle::DoubleColon;
      node->expr = std::move(base);
      node->type = type(cast->typeExpr());
      if (!node->type) return nullptr;
      base = std::move(node);
    } else if (auto* t = dynamic_cast<P::TransformerOpContext*>(op)) {
      auto built = transformer(t->columnTransformer());
      if (!built) return nullptr;
      if (auto* star = base->tryAs<Asterisk>()) {
        star->transformers.push_back(std::move(built));
      } else if (auto* columns = base->tryAs<ColumnsMatcher>()) {
        columns->transformers.push_back(std::move(built));
      } else {
        error(DiagId::SQL_MISPLACED_TRANSFORMER, span(op),
              "EXCEPT, REPLACE and APPLY can only follow *, t.* or COLUMNS(...)");
        return nullptr;
      }
      base->span = whole;
    } else if (auto* typed = dynamic_cast<P::TypedSubcolumnOpContext*>(op)) {
      auto node = make<JsonPathExpr>(whole);
      node->path_kind = JsonPathKind::Typed;
      node->base = std::move(base);
      node->type = quotedType(typed->typeExpr());
      if (!node->type) return nullptr;
      base = std::move(node);
    } else {
      auto* prefix = static_cast<P::PrefixSubcolumnOpContext*>(op);
      auto node = make<JsonPathExpr>(whole);
      node->path_kind = JsonPathKind::Prefix;
      node->base = std::move(base);
      node->name = name(prefix->anyName());
      base = std::move(node);
      in_prefix = true;
    }
  }
  return base;
}

std::unique_ptr<ColumnTransformer> Builder::transformer(P::ColumnTransformerContext* ctx) {
  auto node = make<ColumnTransformer>(span(ctx));
  if (auto* ex = dynamic_cast<P::ExceptTransformerContext*>(ctx)) {
    node->transformer = TransformerKind::Except;
    node->strict = ex->STRICT() != nullptr;
    for (auto* item : ex->transformerName()) {
      if (auto* s = item->STRING()) {
        node->items.push_back(stringLiteral(s));
      } else {
        auto id = make<Identifier>(span(item));
        id->parts.push_back(name(item->identifier()));
        node->items.push_back(std::move(id));
      }
    }
  } else if (auto* rep = dynamic_cast<P::ReplaceTransformerContext*>(ctx)) {
    node->transformer = TransformerKind::Replace;
    node->strict = rep->STRICT() != nullptr;
    for (auto* item : rep->replaceItem()) {
      auto alias = make<AliasExpr>(span(item));
      alias->expr = expr(item->expr());
      if (!alias->expr) return nullptr;
      alias->name = name(item->identifier());
      node->items.push_back(std::move(alias));
    }
  } else {
    auto* apply = static_cast<P::ApplyTransformerContext*>(ctx);
    node->transformer = TransformerKind::Apply;
    if (auto* e = apply->expr()) {
      ExprPtr item = expr(e);
      if (!item) return nullptr;
      node->items.push_back(std::move(item));
    } else {
      auto id = make<Identifier>(span(apply->identifier()));
      id->parts.push_back(name(apply->identifier()));
      node->items.push_back(std::move(id));
    }
  }
  return node;
}

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
    if (elements.size() == 1 && paren->COMMA().empty()) return aliasedExpr(elements[0]);
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

bool Builder::functionArgs(P::FunctionArgsContext* ctx, ExprList& out, bool& distinct) {
  if (ctx == nullptr) return true;
  distinct = ctx->DISTINCT() != nullptr;
  for (auto* arg : ctx->functionArg()) {
    ExprPtr built;
    if (auto* q = arg->query()) {
      QueryPtr query = nestedQuery(q);
      if (!query) return false;
      auto sub = make<SubqueryExpr>(span(q));
      // `f((SELECT 1))` reads as a parenthesized query argument; it is the same scalar
      // subquery as the expression `(SELECT 1)`, whose parentheses belong to SubqueryExpr.
      if (auto* paren = query->tryAs<ParenQuery>()) query = std::move(paren->inner);
      sub->query = std::move(query);
      built = std::move(sub);
    } else {
      built = expr(arg->expr());
      if (built && arg->alias() != nullptr) {
        auto node = make<AliasExpr>(span(arg));
        node->expr = std::move(built);
        node->name = alias(arg->alias());
        built = std::move(node);
      }
    }
    if (!built) return false;
    out.push_back(std::move(built));
  }
  return true;
}

std::unique_ptr<FunctionCall> Builder::plainCall(std::string fname, Span whole, P::FunctionArgsContext* args) {
  auto call = make<FunctionCall>(whole);
  call->name = std::move(fname);
  if (!functionArgs(args, call->args, call->distinct)) return nullptr;
  return call;
}

std::unique_ptr<FunctionCall> Builder::functionCall(P::FunctionCallContext* ctx) {
  auto call = make<FunctionCall>(span(ctx));
  auto* fname = ctx->functionName();
  call->name = fname->identifier() != nullptr ? name(fname->identifier()) : std::string(text(fname));
  auto lists = ctx->functionArgs();
  // functionArgs is optional in both parentheses: find which list belongs to which pair.
  P::FunctionArgsContext* first = nullptr;
  P::FunctionArgsContext* second = nullptr;
  for (auto* list : lists) {
    if (list->getStart()->getTokenIndex() < ctx->RPAREN(0)->getSymbol()->getTokenIndex()) first = list;
    else second = list;
  }
  if (ctx->LPAREN().size() == 2) {
    call->has_parameters = true;
    bool params_distinct = false;
    if (!functionArgs(first, call->parameters, params_distinct)) return nullptr;
    if (params_distinct) {
      unsupported(first, "DISTINCT in the parameters of a parametric function");
      return nullptr;
    }
    if (!functionArgs(second, call->args, call->distinct)) return nullptr;
  } else if (!functionArgs(first, call->args, call->distinct)) {
    return nullptr;
  }
  if (auto* nulls = ctx->nullsModifier()) {
    call->nulls = nulls->RESPECT() != nullptr ? NullsMode::Respect : NullsMode::Ignore;
  }
  if (auto* filter = ctx->filterClause()) {
    call->filter = expr(filter->expr());
    if (!call->filter) return nullptr;
  }
  if (auto* over = ctx->overClause()) {
    if (auto* w = over->windowSpec()) {
      call->over = windowSpec(w);
      if (!call->over) return nullptr;
    } else {
      call->over_name = name(over->identifier());
    }
  }
  return call;
}

ExprPtr Builder::functionPrimary(P::FunctionCallContext* ctx) {
  auto* fname = ctx->functionName();
  bool bare = fname->identifier() != nullptr && !quoted(fname->identifier());
  bool plain = ctx->LPAREN().size() == 1 && ctx->nullsModifier() == nullptr &&
               ctx->filterClause() == nullptr && ctx->overClause() == nullptr;
  std::string_view spelled = text(fname);
  P::FunctionArgsContext* args = ctx->functionArgs().empty() ? nullptr : ctx->functionArgs(0);
  if (bare && plain && equalsNoCase(spelled, "columns")) {
    auto node = make<ColumnsMatcher>(span(ctx));
    bool distinct = false;
    if (!functionArgs(args, node->args, distinct)) return nullptr;
    return node;
  }
  if (bare && plain && equalsNoCase(spelled, "exists") && args != nullptr &&
      args->functionArg().size() == 1 && args->functionArg(0)->query() != nullptr) {
    auto node = make<ExistsExpr>(span(ctx));
    node->query = nestedQuery(args->functionArg(0)->query());
    if (!node->query) return nullptr;
    return node;
  }
  if (bare && plain && equalsNoCase(spelled, "position")) {
    if (auto* in = positionIn(args)) {
      auto* cmp = static_cast<P::ComparisonExprContext*>(in->parent);
      auto node = make<PositionExpr>(span(ctx));
      node->needle = concat(cmp->concatExpr());
      node->haystack = concat(in->concatExpr());
      if (!node->needle || !node->haystack) return nullptr;
      return node;
    }
  }
  return functionCall(ctx);
}

std::unique_ptr<WindowSpec> Builder::windowSpec(P::WindowSpecContext* ctx) {
  auto node = make<WindowSpec>(span(ctx));
  if (auto* base = ctx->identifier()) node->base = name(base);
  node->partition_by = aliasedExprs(ctx->aliasedExpr());
  if (node->partition_by.size() != ctx->aliasedExpr().size()) return nullptr;
  for (auto* item : ctx->orderItem()) {
    auto built = orderItem(item);
    if (!built) return nullptr;
    node->order_by.push_back(std::move(built));
  }
  if (auto* f = ctx->windowFrame()) {
    WindowFrame frame;
    frame.units = f->ROWS() != nullptr ? FrameUnits::Rows
                  : f->RANGE() != nullptr ? FrameUnits::Range
                                          : FrameUnits::Groups;
    frame.between = f->BETWEEN() != nullptr;
    auto bound = [&](P::FrameBoundContext* b, FrameBound& out) {
      if (b->UNBOUNDED() != nullptr) {
        out.bound = b->PRECEDING() != nullptr ? FrameBoundKind::UnboundedPreceding
                                              : FrameBoundKind::UnboundedFollowing;
      } else if (b->CURRENT() != nullptr) {
        out.bound = FrameBoundKind::CurrentRow;
      } else {
        out.bound = b->PRECEDING() != nullptr ? FrameBoundKind::Preceding : FrameBoundKind::Following;
        out.offset = add(b->addExpr());
        return out.offset != nullptr;
      }
      return true;
    };
    if (!bound(f->frameBound(0), frame.start)) return nullptr;
    if (frame.between && !bound(f->frameBound(1), frame.end)) return nullptr;
    node->frame = std::move(frame);
  }
  return node;
}

std::unique_ptr<OrderItem> Builder::orderItem(P::OrderItemContext* ctx) {
  auto node = make<OrderItem>(span(ctx));
  node->expr = aliasedExpr(ctx->aliasedExpr());
  if (!node->expr) return nullptr;
  if (auto* dir = ctx->orderDirection()) {
    node->direction = dir->ASC() != nullptr || dir->ASCENDING() != nullptr ? SortDirection::Asc
                                                                          : SortDirection::Desc;
  }
  if (ctx->NULLS() != nullptr) node->nulls = ctx->FIRST() != nullptr ? NullsOrder::First : NullsOrder::Last;
  if (auto* collate = ctx->STRING()) node->collate = stringLiteral(collate);
  if (auto* fill = ctx->withFill()) {
    node->with_fill = true;
    // Each optional part is keyed by the keyword in front of it.
    ExprPtr* slot = nullptr;
    for (antlr4::tree::ParseTree* child : fill->children) {
      if (auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
        switch (token->getSymbol()->getType()) {
          case P::FROM: slot = &node->fill_from; break;
          case P::TO: slot = &node->fill_to; break;
          case P::STEP: slot = &node->fill_step; break;
          case P::STALENESS: slot = &node->fill_staleness; break;
          default: slot = nullptr; break;
        }
      } else if (auto* e = dynamic_cast<P::ExprContext*>(child); e != nullptr && slot != nullptr) {
        *slot = expr(e);
        if (!*slot) return nullptr;
      }
    }
  }
  return node;
}

std::unique_ptr<SettingItem> Builder::settingItem(P::SettingItemContext* ctx) {
  auto node = make<SettingItem>(span(ctx));
  node->name = name(ctx->identifier());
  if (auto* value = ctx->expr()) {
    node->value = expr(value);
    if (!node->value) return nullptr;
  } else {
    // `SETTINGS flag` switches a boolean setting on; the 1 has no text of its own.
    auto one = std::make_unique<Literal>();
    one->value = "1";
    node->value = std::move(one);
  }
  return node;
}

}  // namespace ferry::sql::detail
