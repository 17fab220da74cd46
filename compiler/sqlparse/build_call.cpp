// Function calls (and the calls with a special meaning: COLUMNS, EXISTS, POSITION), window
// specifications, ORDER BY items and settings.
#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

namespace {

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
  auto* plain_tail = dynamic_cast<P::PlainComparisonContext*>(cmp->comparisonTail(0));
  if (plain_tail == nullptr) return nullptr;
  auto* in = dynamic_cast<P::InComparisonContext*>(plain_tail->comparison());
  if (in == nullptr || in->GLOBAL() != nullptr || in->NOT() != nullptr) return nullptr;
  return in;
}

}  // namespace

bool Builder::functionArgs(P::FunctionArgsContext* ctx, ExprList& out, bool& distinct) {
  if (ctx == nullptr) return true;
  distinct = ctx->DISTINCT() != nullptr;
  if (ctx->functionArg().empty() && (ctx->DISTINCT() != nullptr || ctx->ALL() != nullptr)) {
    // `sum(ALL)`: ClickHouse reads a lone ALL or DISTINCT as a column name.
    antlr4::tree::TerminalNode* word = distinct ? ctx->DISTINCT() : ctx->ALL();
    distinct = false;
    auto id = make<Identifier>(span(word));
    id->parts.emplace_back(text(word));
    out.push_back(std::move(id));
    return true;
  }
  for (auto* arg : ctx->functionArg()) {
    ExprPtr built;
    if (arg->ALL() != nullptr || arg->DISTINCT() != nullptr) {
      antlr4::tree::TerminalNode* word = arg->ALL() != nullptr ? arg->ALL() : arg->DISTINCT();
      auto id = make<Identifier>(span(word));
      id->parts.emplace_back(text(word));
      built = std::move(id);
    } else if (auto* q = arg->query()) {
      QueryPtr query = nestedQuery(q);
      if (!query) return false;
      auto sub = make<SubqueryExpr>(span(q));
      // `f((SELECT 1))` reads as a parenthesized query argument; it is the same scalar
      // subquery as the expression `(SELECT 1)`, whose parentheses belong to SubqueryExpr.
      // `view(SELECT 1)` is written without them: ClickHouse rejects `view((SELECT 1))`.
      if (auto* paren = query->tryAs<ParenQuery>()) query = std::move(paren->inner);
      else sub->bare = true;
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
      auto* cmp = static_cast<P::ComparisonExprContext*>(in->parent->parent);
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
    // `SETTINGS flag` switches a boolean setting on: ClickHouse reads it as `flag = true`.
    // The literal has no text of its own.
    auto on = std::make_unique<Literal>();
    on->literal_kind = LiteralKind::Bool;
    on->value = "true";
    node->value = std::move(on);
  }
  return node;
}

}  // namespace ferry::sql::detail
