// Queries: the statement, set operations, SELECT blocks and their clauses.
#include <cctype>

#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

std::unique_ptr<SelectStatement> Builder::statement(P::StatementContext* ctx) {
  auto stmt = make<SelectStatement>(span(ctx));
  if (auto* e = ctx->explainStatement()) {
    stmt->query = explain(e, stmt.get());
  } else {
    stmt->query = queryBody(ctx->query(), stmt.get());
  }
  if (!stmt->query) return nullptr;
  return stmt;
}

QueryPtr Builder::nestedQuery(P::QueryContext* ctx) { return queryBody(ctx, nullptr); }

QueryPtr Builder::parenthesizedQuery(P::QueryContext* query, P::ExplainStatementContext* explain) {
  if (explain != nullptr) return this->explain(explain, nullptr);
  return nestedQuery(query);
}

QueryPtr Builder::explain(P::ExplainStatementContext* ctx, SelectStatement* stmt) {
  auto node = make<ExplainQuery>(span(ctx));
  if (ctx->TRANSACTION() != nullptr) {
    node->explain_kind = "CURRENT TRANSACTION";
    return node;
  }
  if (auto* kind = ctx->explainKind()) {
    for (antlr4::tree::ParseTree* child : kind->children) {
      if (!node->explain_kind.empty()) node->explain_kind += ' ';
      for (char c : text(static_cast<antlr4::tree::TerminalNode*>(child))) {
        node->explain_kind += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
  }
  for (auto* setting : ctx->explainSetting()) {
    auto item = make<SettingItem>(span(setting));
    item->name = name(setting->identifier());
    item->value = literal(setting->literal());
    node->settings.push_back(std::move(item));
  }
  node->query = queryBody(ctx->query(), stmt);
  if (!node->query) return nullptr;
  return node;
}

std::unique_ptr<TtlElement> Builder::ttlElement(P::TtlElementContext* ctx) {
  auto node = make<TtlElement>(span(ctx));
  auto parts = ctx->expr();
  size_t next = 0;
  node->expr = expr(parts[next++]);
  if (!node->expr) return nullptr;
  if (auto* action = ctx->ttlAction()) {
    if (action->DELETE() != nullptr) {
      node->action = TtlAction::Delete;
    } else if (auto* call = action->functionCall()) {
      node->action = TtlAction::Recompress;
      node->target = functionCall(call);
      if (!node->target) return nullptr;
    } else {
      node->action = action->DISK() != nullptr ? TtlAction::ToDisk : TtlAction::ToVolume;
      node->target = stringLiteral(action->STRING());
    }
  }
  if (ctx->WHERE() != nullptr) {
    node->where = expr(parts[next++]);
    if (!node->where) return nullptr;
  }
  if (ctx->GROUP() != nullptr) {
    if (node->action != TtlAction::None) {
      unsupported(ctx, "a TTL rule with both an action and GROUP BY");
      return nullptr;
    }
    node->action = TtlAction::GroupBy;
    while (next < parts.size()) {
      ExprPtr key = expr(parts[next++]);
      if (!key) return nullptr;
      node->group_by.push_back(std::move(key));
    }
    for (auto* assignment : ctx->ttlAssignment()) {
      auto set = make<Assignment>(span(assignment));
      set->column = name(assignment->identifier());
      set->expr = expr(assignment->expr());
      if (!set->expr) return nullptr;
      node->set.push_back(std::move(set));
    }
  }
  return node;
}

QueryPtr Builder::queryBody(P::QueryContext* ctx, SelectStatement* stmt) {
  QueryPtr body = selectUnion(ctx->selectUnion());
  if (!body) return nullptr;
  if (stmt == nullptr) {
    if (ctx->intoOutfile() != nullptr || ctx->formatClause() != nullptr) {
      unsupported(ctx, "INTO OUTFILE or FORMAT inside a subquery");
      return nullptr;
    }
    if (auto* s = ctx->settingsClause()) {
      auto* select = body->tryAs<SelectQuery>();
      if (select == nullptr || !select->settings.empty()) {
        unsupported(s, "SETTINGS after a parenthesized subquery");
        return nullptr;
      }
      select->settings = settings(s);
    }
    return body;
  }
  if (auto* into = ctx->intoOutfile()) {
    auto node = make<IntoOutfile>(span(into));
    node->file = unquoteStringToken(into->STRING(0));
    node->and_stdout = into->STDOUT() != nullptr;
    node->append = into->APPEND() != nullptr;
    node->truncate = into->TRUNCATE() != nullptr;
    if (into->COMPRESSION() != nullptr) node->compression = stringLiteral(into->STRING(1));
    if (auto* level = into->numberLiteral()) node->level = numberLiteral(level);
    stmt->into_outfile = std::move(node);
  }
  if (auto* format = ctx->formatClause()) stmt->format = name(format->anyName());
  if (auto* s = ctx->settingsClause()) stmt->settings = settings(s);
  return body;
}

QueryPtr Builder::selectUnion(P::SelectUnionContext* ctx) {
  // Take the operand lists once: ANTLR's indexed getters scan every child, and a chain of
  // thousands of UNION ALL branches would turn quadratic.
  auto operands = ctx->selectIntersect();
  auto ops = ctx->setOperator();
  if (operands.size() != ops.size() + 1) return nullptr;
  QueryPtr result = selectIntersect(operands[0]);
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!result) return nullptr;
    QueryPtr right = selectIntersect(operands[i + 1]);
    if (!right) return nullptr;
    auto node = make<SetQuery>(Span::cover(result->span, right->span));
    node->op = ops[i]->UNION() != nullptr ? SetOp::Union : SetOp::Except;
    node->quantifier = ops[i]->ALL() != nullptr        ? SetQuantifier::All
                       : ops[i]->DISTINCT() != nullptr ? SetQuantifier::Distinct
                                                       : SetQuantifier::None;
    node->left = std::move(result);
    node->right = std::move(right);
    result = std::move(node);
  }
  return result;
}

QueryPtr Builder::selectIntersect(P::SelectIntersectContext* ctx) {
  QueryPtr result;
  SetQuantifier quantifier = SetQuantifier::None;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      auto type = token->getSymbol()->getType();
      if (type == P::INTERSECT) quantifier = SetQuantifier::None;
      if (type == P::ALL) quantifier = SetQuantifier::All;
      if (type == P::DISTINCT) quantifier = SetQuantifier::Distinct;
      continue;
    }
    QueryPtr operand = selectPrimary(static_cast<P::SelectPrimaryContext*>(child));
    if (!operand) return nullptr;
    if (!result) {
      result = std::move(operand);
      continue;
    }
    auto node = make<SetQuery>(Span::cover(result->span, operand->span));
    node->op = SetOp::Intersect;
    node->quantifier = quantifier;
    node->left = std::move(result);
    node->right = std::move(operand);
    result = std::move(node);
  }
  return result;
}

QueryPtr Builder::selectPrimary(P::SelectPrimaryContext* ctx) {
  if (auto* core = ctx->selectCore()) return selectCore(core);
  QueryPtr inner = nestedQuery(ctx->query());
  if (!inner) return nullptr;
  auto node = make<ParenQuery>(span(ctx));
  node->inner = std::move(inner);
  return node;
}

std::vector<std::unique_ptr<SettingItem>> Builder::settings(P::SettingsClauseContext* ctx) {
  std::vector<std::unique_ptr<SettingItem>> out;
  for (auto* item : ctx->settingItem()) {
    if (auto built = settingItem(item)) out.push_back(std::move(built));
  }
  return out;
}

std::unique_ptr<SelectQuery> Builder::selectCore(P::SelectCoreContext* ctx) {
  auto q = make<SelectQuery>(span(ctx));
  if (auto* with = ctx->withClause()) {
    q->with_recursive = with->RECURSIVE() != nullptr;
    for (auto* item : with->withItem()) {
      auto node = make<WithItem>(span(item));
      if (auto* sub = dynamic_cast<P::WithSubqueryContext*>(item)) {
        node->item_kind = WithItemKind::Subquery;
        auto ids = sub->identifier();
        node->name = name(ids[0]);
        for (size_t i = 1; i < ids.size(); ++i) node->columns.push_back(name(ids[i]));
        node->query = nestedQuery(sub->query());
        if (!node->query) return nullptr;
      } else {
        auto* e = static_cast<P::WithExpressionContext*>(item);
        node->item_kind = WithItemKind::Expr;
        node->expr = expr(e->expr());
        if (!node->expr) return nullptr;
        // `WITH ((SELECT 1) AS a, (SELECT 2) AS b) SELECT ...` names its parts inside.
        if (auto* id = e->identifier()) node->name = name(id);
      }
      q->with.push_back(std::move(node));
    }
  }
  if (auto* mods = ctx->selectModifiers()) {
    if (mods->DISTINCT() != nullptr) {
      q->distinct = true;
      q->distinct_on = exprs(mods->expr());
      if (q->distinct_on.size() != mods->expr().size()) return nullptr;
    }
    if (auto* top = mods->topClause()) {
      if (auto* n = top->NUMBER()) {
        auto lit = make<Literal>(span(n));
        lit->value = std::string(text(n));
        lit->spelling = lit->value;
        lit->literal_kind = lit->value.find_first_of(".eE") == std::string::npos ? LiteralKind::Integer
                                                                                 : LiteralKind::Float;
        q->top = std::move(lit);
      } else {
        q->top = expr(top->expr());
        if (!q->top) return nullptr;
      }
      q->top_with_ties = top->TIES() != nullptr;
    }
  }
  for (auto* item : ctx->selectList()->selectItem()) {
    ExprPtr e = expr(item->expr());
    if (!e) return nullptr;
    if (auto* a = item->alias()) {
      auto node = make<AliasExpr>(span(item));
      node->expr = std::move(e);
      node->name = alias(a);
      e = std::move(node);
    }
    q->select.push_back(std::move(e));
  }
  if (auto* from = ctx->fromClause()) {
    q->from = joinedTables(from->joinedTables());
    if (!q->from) return nullptr;
  }
  if (auto* c = ctx->prewhereClause()) {
    if (!(q->prewhere = aliasedExpr(c->aliasedExpr()))) return nullptr;
  }
  if (auto* c = ctx->whereClause()) {
    if (!(q->where = aliasedExpr(c->aliasedExpr()))) return nullptr;
  }
  if (auto* c = ctx->groupByClause()) {
    groupBy(c, *q);
    if (!q->group_by) return nullptr;
  }
  q->with_totals = ctx->TOTALS() != nullptr;
  if (auto* c = ctx->havingClause()) {
    if (!(q->having = aliasedExpr(c->aliasedExpr()))) return nullptr;
  }
  if (auto* c = ctx->windowClause()) {
    for (auto* def : c->windowDefinition()) {
      auto node = make<NamedWindow>(span(def));
      node->name = name(def->identifier());
      node->spec = windowSpec(def->windowSpec());
      if (!node->spec) return nullptr;
      q->window.push_back(std::move(node));
    }
  }
  if (auto* c = ctx->qualifyClause()) {
    if (!(q->qualify = aliasedExpr(c->aliasedExpr()))) return nullptr;
  }
  if (auto* c = ctx->orderByClause()) {
    if (c->ALL() != nullptr) {
      auto item = make<OrderItem>(span(c));
      if (auto* dir = c->orderDirection()) {
        item->direction = dir->ASC() != nullptr || dir->ASCENDING() != nullptr ? SortDirection::Asc
                                                                              : SortDirection::Desc;
      }
      if (c->NULLS() != nullptr) item->nulls = c->FIRST() != nullptr ? NullsOrder::First : NullsOrder::Last;
      q->order_by.push_back(std::move(item));
    }
    for (auto* item : c->orderItem()) {
      auto built = orderItem(item);
      if (!built) return nullptr;
      q->order_by.push_back(std::move(built));
    }
  }
  if (auto* c = ctx->interpolateClause()) {
    q->interpolate = true;
    for (auto* item : c->interpolateItem()) {
      auto node = make<InterpolateItem>(span(item));
      node->column = name(item->identifier());
      if (auto* e = item->expr()) {
        if (!(node->expr = expr(e))) return nullptr;
      }
      q->interpolate_items.push_back(std::move(node));
    }
  }
  limits(ctx, *q);
  if (failed_) return nullptr;
  if (auto* c = ctx->settingsClause()) q->settings = settings(c);
  if (failed_) return nullptr;
  return q;
}

void Builder::groupBy(P::GroupByClauseContext* ctx, SelectQuery& q) {
  auto node = make<GroupByClause>(span(ctx));
  auto* body = ctx->groupByBody();
  if (dynamic_cast<P::GroupByAllContext*>(body) != nullptr) {
    node->group_kind = GroupByKind::All;
  } else if (auto* sets = dynamic_cast<P::GroupByGroupingSetsContext*>(body)) {
    node->group_kind = GroupByKind::GroupingSets;
    for (auto* set : sets->aliasedExpr()) {
      ExprPtr e = aliasedExpr(set);
      if (!e) return;
      ExprList items;
      if (e->parenthesized && set->AS() == nullptr) {
        // `(x)` / `((a, b))`: the parentheses are the set's own syntax, the set holds x.
        e->parenthesized = false;
        items.push_back(std::move(e));
      } else if (auto* tuple = e->tryAs<TupleExpr>(); tuple != nullptr && set->AS() == nullptr) {
        items = std::move(tuple->elements);
      } else {
        items.push_back(std::move(e));
      }
      node->sets.push_back(std::move(items));
    }
  } else if (auto* rc = dynamic_cast<P::GroupByRollupCubeContext*>(body)) {
    node->group_kind = rc->ROLLUP() != nullptr ? GroupByKind::Rollup : GroupByKind::Cube;
    node->exprs = aliasedExprs(rc->aliasedExpr());
    if (node->exprs.size() != rc->aliasedExpr().size()) return;
  } else {
    auto* list = static_cast<P::GroupByListContext*>(body);
    node->exprs = aliasedExprs(list->aliasedExpr());
    if (node->exprs.size() != list->aliasedExpr().size()) return;
  }
  if (ctx->ROLLUP() != nullptr) node->modifier = GroupByModifier::WithRollup;
  if (ctx->CUBE() != nullptr) node->modifier = GroupByModifier::WithCube;
  q.group_by = std::move(node);
}

void Builder::limits(P::SelectCoreContext* ctx, SelectQuery& q) {
  // `LIMIT n OFFSET m` and `LIMIT m, n` spell the same limit/offset pair.
  auto limitValue = [&](P::LimitValueContext* v, ExprPtr& limit, ExprPtr& offset) {
    ExprPtr first = expr(v->expr(0));
    if (!first) return false;
    if (v->expr().size() == 1) {
      limit = std::move(first);
      return true;
    }
    ExprPtr second = expr(v->expr(1));
    if (!second) return false;
    if (v->COMMA() != nullptr) {
      offset = std::move(first);
      limit = std::move(second);
    } else {
      limit = std::move(first);
      offset = std::move(second);
    }
    return true;
  };
  if (auto* by = ctx->limitByClause()) {
    auto node = make<LimitByClause>(span(by));
    if (!limitValue(by->limitValue(), node->limit, node->offset)) return;
    node->by_all = by->ALL() != nullptr;
    node->by = aliasedExprs(by->aliasedExpr());
    if (node->by.size() != by->aliasedExpr().size()) return;
    q.limit_by = std::move(node);
  }
  auto* limit = ctx->limitClause();
  auto* offset = ctx->offsetClause();
  auto* fetch = ctx->fetchClause();
  if (limit == nullptr && offset == nullptr && fetch == nullptr) return;
  Span whole;
  for (antlr4::ParserRuleContext* part : {static_cast<antlr4::ParserRuleContext*>(limit),
                                          static_cast<antlr4::ParserRuleContext*>(offset),
                                          static_cast<antlr4::ParserRuleContext*>(fetch)}) {
    if (part != nullptr) whole = Span::cover(whole, span(part));
  }
  auto node = make<LimitClause>(whole);
  if (limit != nullptr) {
    if (!limitValue(limit->limitValue(), node->limit, node->offset)) return;
    node->with_ties = limit->TIES() != nullptr;
  }
  if (offset != nullptr) {
    if (node->offset) {
      unsupported(offset, "a second OFFSET");
      return;
    }
    if (!(node->offset = expr(offset->expr()))) return;
  }
  if (fetch != nullptr) {
    if (node->limit) {
      unsupported(fetch, "FETCH together with LIMIT");
      return;
    }
    if (auto* n = fetch->expr()) {
      if (!(node->limit = expr(n))) return;
    } else {
      auto one = std::make_unique<Literal>();
      one->value.push_back('1');  // (assigning "1" trips a GCC 12 -Wrestrict false positive)
      node->limit = std::move(one);
    }
    node->with_ties = fetch->TIES() != nullptr;
  }
  q.limit = std::move(node);
}

}  // namespace ferry::sql::detail
