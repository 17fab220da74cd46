// Expressions: the precedence levels of the grammar and the postfix operators.
#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

namespace {

/// Operators of a left-associative loop level: children alternate operand, operator, ...
/// An operand is either of the level below (OperandCtx) or `NOT x` (negatedOperand).
template <class OperandCtx, class F, class N, class G>
ExprPtr leftChain(antlr4::ParserRuleContext* ctx, F&& operand, N&& negated, G&& op_of) {
  ExprPtr result;
  size_t pending = 0;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* sub = dynamic_cast<OperandCtx*>(child);
    auto* neg = sub == nullptr ? dynamic_cast<P::NegatedOperandContext*>(child) : nullptr;
    if (sub != nullptr || neg != nullptr) {
      ExprPtr rhs = sub != nullptr ? operand(sub) : negated(neg);
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

/// A loop level whose operands are never `NOT x` (OR, AND).
template <class OperandCtx, class F, class G>
ExprPtr leftChain(antlr4::ParserRuleContext* ctx, F&& operand, G&& op_of) {
  return leftChain<OperandCtx>(ctx, operand, [](P::NegatedOperandContext*) { return ExprPtr(); }, op_of);
}

/// The postfix expression of a unary minus operand that starts with a number literal (no
/// parentheses): ClickHouse folds the sign into the number before any postfix operator, so
/// `-1::Int8` casts the literal -1 and `-1[1]` subscripts it. Null otherwise.
P::PostfixExprContext* signedNumberOperand(P::UnaryExprContext* ctx) {
  if (ctx == nullptr) return nullptr;
  auto* post = ctx->postfixExpr();
  if (post == nullptr) return nullptr;
  auto* lit = dynamic_cast<P::LiteralPrimaryContext*>(post->primary());
  if (lit == nullptr) return nullptr;
  auto* l = lit->literal();
  bool number = l->numberLiteral() != nullptr || l->INF_() != nullptr || l->NAN_() != nullptr;
  return number ? post : nullptr;
}

/// A number, array or tuple operand of `::`, whose source text ClickHouse keeps.
bool isLiteralLike(const Expr& e) {
  if (const auto* lit = e.tryAs<Literal>())
    return lit->literal_kind == LiteralKind::Integer || lit->literal_kind == LiteralKind::Float;
  return e.is<ArrayExpr>() || e.is<TupleExpr>();
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
    if (auto* plain = dynamic_cast<P::PlainComparisonContext*>(tail)) {
      result = simpleComparison(std::move(result), plain->comparison());
    } else if (auto* is_null = dynamic_cast<P::IsNullComparisonContext*>(tail)) {
      auto node = make<IsNullExpr>(Span::cover(result->span, span(is_null->NULL_())));
      node->expr = std::move(result);
      node->negated = is_null->NOT() != nullptr;
      result = std::move(node);
      for (auto* op : is_null->nullResultOp()) {
        ExprPtr rhs;
        if (auto* u = op->unaryExpr()) rhs = unary(u);
        else if (auto* m = op->mulExpr()) rhs = mul(m);
        else rhs = add(op->addExpr());
        if (!rhs) return nullptr;
        BinaryOp kind = BinaryOp::Concat;
        if (op->STAR() != nullptr) kind = BinaryOp::Multiply;
        else if (op->SLASH() != nullptr) kind = BinaryOp::Divide;
        else if (op->PERCENT() != nullptr) kind = BinaryOp::Modulo;
        else if (op->DIV() != nullptr) kind = BinaryOp::IntDiv;
        else if (op->MOD() != nullptr) kind = BinaryOp::ModKeyword;
        else if (op->PLUS() != nullptr) kind = BinaryOp::Plus;
        else if (op->MINUS() != nullptr) kind = BinaryOp::Minus;
        result = binary(kind, std::move(result), std::move(rhs));
      }
    } else if (auto* distinct = dynamic_cast<P::IsDistinctComparisonContext*>(tail)) {
      ExprPtr rhs = distinctOperand(distinct->distinctOperand());
      if (!rhs) return nullptr;
      auto op = distinct->NOT() != nullptr ? BinaryOp::IsNotDistinctFrom : BinaryOp::IsDistinctFrom;
      result = binary(op, std::move(result), std::move(rhs));
    } else {
      auto* between = static_cast<P::BetweenComparisonContext*>(tail);
      result = makeBetween(std::move(result), between->NOT() != nullptr,
                           betweenOperand(between->betweenOperand(0)),
                           betweenOperand(between->betweenOperand(1)));
    }
  }
  return result;
}

ExprPtr Builder::makeBetween(ExprPtr operand, bool negated, ExprPtr low, ExprPtr high) {
  if (!operand || !low || !high) return nullptr;
  auto node = make<BetweenExpr>(Span::cover(operand->span, high->span));
  node->expr = std::move(operand);
  node->negated = negated;
  node->low = std::move(low);
  node->high = std::move(high);
  return node;
}

ExprPtr Builder::betweenOperand(P::BetweenOperandContext* ctx) {
  ExprPtr result = concat(ctx->concatExpr());
  for (auto* c : ctx->comparison()) {
    if (!result) return nullptr;
    result = simpleComparison(std::move(result), c);
  }
  return result;
}

ExprPtr Builder::distinctOperand(P::DistinctOperandContext* ctx) {
  auto operands = ctx->betweenOperand();
  ExprPtr result = betweenOperand(operands[0]);
  // Children after the first operand: NOT? BETWEEN low AND high, repeated.
  bool negated = false;
  size_t next = 1;
  for (size_t i = 1; i < ctx->children.size(); ++i) {
    auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(ctx->children[i]);
    if (token == nullptr) continue;
    size_t type = token->getSymbol()->getType();
    if (type == P::NOT) {
      negated = true;
    } else if (type == P::BETWEEN) {
      if (next + 1 >= operands.size()) return nullptr;
      result = makeBetween(std::move(result), negated, betweenOperand(operands[next]),
                           betweenOperand(operands[next + 1]));
      next += 2;
      negated = false;
      if (!result) return nullptr;
    }
  }
  return result;
}

ExprPtr Builder::simpleComparison(ExprPtr lhs, P::ComparisonContext* tail) {
  if (!lhs) return nullptr;
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
    ExprPtr rhs;
    if (auto* negated = b->notExpr()) {
      // `a != NOT x`: ClickHouse reads and formats it as `a != (NOT x)`, so the tree records
      // the parentheses its formatter writes.
      auto node = make<UnaryExpr>(Span::cover(span(b->NOT()), span(negated)));
      node->op = UnaryOp::Not;
      node->operand = notExpr(negated);
      if (!node->operand) return nullptr;
      node->parenthesized = true;
      rhs = std::move(node);
    } else {
      rhs = concat(b->concatExpr());
    }
    if (!rhs) return nullptr;
    return binary(kind, std::move(lhs), std::move(rhs));
  }
  if (auto* l = dynamic_cast<P::LikeComparisonContext*>(tail)) {
    bool negated = l->NOT() != nullptr;
    ExprPtr rhs = concat(l->concatExpr());
    if (!rhs) return nullptr;
    if (l->REGEXP() != nullptr) {
      ExprPtr result = binary(BinaryOp::Regexp, std::move(lhs), std::move(rhs));
      if (!negated) return result;
      // `a NOT REGEXP b` means NOT (a REGEXP b); the tree has no separate operator.
      auto node = make<UnaryExpr>(result->span);
      node->op = UnaryOp::Not;
      node->operand = std::move(result);
      return node;
    }
    if (l->LIKE() != nullptr)
      return binary(negated ? BinaryOp::NotLike : BinaryOp::Like, std::move(lhs), std::move(rhs));
    return binary(negated ? BinaryOp::NotILike : BinaryOp::ILike, std::move(lhs), std::move(rhs));
  }
  auto* in = static_cast<P::InComparisonContext*>(tail);
  bool global = in->GLOBAL() != nullptr;
  bool negated = in->NOT() != nullptr;
  BinaryOp kind = global ? (negated ? BinaryOp::GlobalNotIn : BinaryOp::GlobalIn)
                         : (negated ? BinaryOp::NotIn : BinaryOp::In);
  ExprPtr rhs = concat(in->concatExpr());
  if (!rhs) return nullptr;
  return binary(kind, std::move(lhs), std::move(rhs));
}

ExprPtr Builder::negatedOperand(P::NegatedOperandContext* ctx) {
  // ClickHouse formats `1 + NOT x` as `1 + (NOT x)`; the tree records those parentheses.
  auto node = make<UnaryExpr>(span(ctx));
  node->op = UnaryOp::Not;
  node->operand = notExpr(ctx->notExpr());
  if (!node->operand) return nullptr;
  node->parenthesized = true;
  return node;
}

ExprPtr Builder::concat(P::ConcatExprContext* ctx) {
  if (ctx->children.size() == 1) return add(static_cast<P::AddExprContext*>(ctx->children[0]));
  // `a || NOT b` is the call concat(a, NOT b): ClickHouse writes no parentheses there.
  auto negated = [&](P::NegatedOperandContext* c) {
    ExprPtr operand = negatedOperand(c);
    if (operand) operand->parenthesized = false;
    return operand;
  };
  return leftChain<P::AddExprContext>(
      ctx, [&](P::AddExprContext* c) { return add(c); }, negated,
      [&](size_t, ExprPtr l, ExprPtr r) { return binary(BinaryOp::Concat, std::move(l), std::move(r)); });
}

ExprPtr Builder::add(P::AddExprContext* ctx) {
  if (ctx->children.size() == 1) return mul(static_cast<P::MulExprContext*>(ctx->children[0]));
  auto negated = [&](P::NegatedOperandContext* c) { return negatedOperand(c); };
  return leftChain<P::MulExprContext>(
      ctx, [&](P::MulExprContext* c) { return mul(c); }, negated,
      [&](size_t op, ExprPtr l, ExprPtr r) {
        return binary(op == P::PLUS ? BinaryOp::Plus : BinaryOp::Minus, std::move(l), std::move(r));
      });
}

ExprPtr Builder::mul(P::MulExprContext* ctx) {
  if (ctx->children.size() == 1) return unary(static_cast<P::UnaryExprContext*>(ctx->children[0]));
  auto negated = [&](P::NegatedOperandContext* c) { return negatedOperand(c); };
  return leftChain<P::UnaryExprContext>(
      ctx, [&](P::UnaryExprContext* c) { return unary(c); }, negated,
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
  if (auto* post = signedNumberOperand(operand_ctx)) return postfix(post, ctx);
  ExprPtr operand = operand_ctx != nullptr ? unary(operand_ctx) : negatedOperand(ctx->negatedOperand());
  if (!operand) return nullptr;
  auto node = make<UnaryExpr>(span(ctx));
  node->op = UnaryOp::Negate;
  node->operand = std::move(operand);
  return node;
}

ExprPtr Builder::postfix(P::PostfixExprContext* ctx, P::UnaryExprContext* negated) {
  ExprPtr base = primary(ctx->primary());
  if (!base) return nullptr;
  if (negated != nullptr) {
    // `-1` / `- 1` is the literal -1 (only a number primary reaches here).
    auto& lit = base->as<Literal>();
    lit.value = "-" + lit.value;
    lit.span = Span::cover(span(negated->getStart()), lit.span);
    lit.spelling = std::string(sourceText(negated->getStart(), ctx->primary()->getStop()));
  }
  if (ctx->children.size() == 1) return base;
  // `a.b.c` stays one Identifier while the chain is only names; `(a).b` does not start one.
  bool name_chain = dynamic_cast<P::IdentifierPrimaryContext*>(ctx->primary()) != nullptr;
  bool in_prefix = false;  // `.name` after `json.^a` extends the prefix path
  bool first_op = true;
  for (auto* op : ctx->postfixOp()) {
    Span whole = Span::cover(base->span, span(op));
    bool directly_after_primary = first_op;
    first_op = false;
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
    } else if (auto* neg_index = dynamic_cast<P::NegativeTupleIndexOpContext*>(op)) {
      // `t.-1`: ClickHouse reads it as tupleElement(t, -1), counting from the end.
      auto node = make<TupleElementExpr>(whole);
      node->base = std::move(base);
      node->element = "-" + std::string(text(neg_index->NUMBER()));
      node->by_index = true;
      base = std::move(node);
    } else if (auto* columns = dynamic_cast<P::QualifiedColumnsOpContext*>(op)) {
      if (!was_chain || !equalsNoCase(text(columns->anyName()), "columns")) {
        unsupported(op, "a method-style call `x.f(...)` other than `t.COLUMNS(...)`");
        return nullptr;
      }
      auto node = make<ColumnsMatcher>(whole);
      node->qualifier = std::move(base->as<Identifier>().parts);
      bool distinct = false;
      if (!functionArgs(columns->functionArgs(), node->args, distinct)) return nullptr;
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
      // ClickHouse casts a literal operand from its source text (`CAST('[1,2]', 'T')`).
      if (directly_after_primary && isLiteralLike(*base)) {
        antlr4::Token* start = negated != nullptr ? negated->getStart() : ctx->primary()->getStart();
        node->operand_spelling = std::string(sourceText(start, ctx->primary()->getStop()));
      }
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
    if (apply->ARROW() != nullptr) {
      // `APPLY x -> f(x)`: a one-parameter lambda without parentheses.
      auto lambda = make<Lambda>(Span::cover(span(apply->identifier()), span(apply->expr())));
      lambda->params.push_back(name(apply->identifier()));
      lambda->body = expr(apply->expr());
      if (!lambda->body) return nullptr;
      node->items.push_back(std::move(lambda));
    } else if (auto* e = apply->expr()) {
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

}  // namespace ferry::sql::detail
