// FROM: tables, table functions, subqueries, and the left-nested join tree.
#include "compiler/sqlparse/builder.h"

namespace ferry::sql::detail {

TableExprPtr Builder::joinedTables(P::JoinedTablesContext* ctx) {
  TableExprPtr left = tableExpr(ctx->tableExpr());
  for (auto* step : ctx->joinStep()) {
    if (!left) return nullptr;
    Span whole = Span::cover(left->span, span(step));
    if (auto* comma = dynamic_cast<P::CommaJoinContext*>(step)) {
      auto node = make<JoinExpr>(whole);
      node->join_kind = JoinKind::Comma;
      node->left = std::move(left);
      node->right = tableExpr(comma->tableExpr());
      if (!node->right) return nullptr;
      left = std::move(node);
    } else if (auto* array = dynamic_cast<P::ArrayJoinStepContext*>(step)) {
      auto* clause = array->arrayJoinClause();
      auto node = make<ArrayJoinExpr>(whole);
      node->left = std::move(left);
      node->is_left = clause->LEFT() != nullptr;
      for (auto* item : clause->arrayJoinItem()) {
        ExprPtr e = expr(item->expr());
        if (!e) return nullptr;
        if (auto* a = item->alias()) {
          auto aliased = make<AliasExpr>(span(item));
          aliased->expr = std::move(e);
          aliased->name = alias(a);
          e = std::move(aliased);
        }
        node->items.push_back(std::move(e));
      }
      left = std::move(node);
    } else {
      auto* join = static_cast<P::RegularJoinContext*>(step);
      auto node = make<JoinExpr>(whole);
      if (auto* kind = join->joinKind()) {
        if (kind->GLOBAL() != nullptr) node->locality = JoinLocality::Global;
        if (kind->LOCAL() != nullptr) node->locality = JoinLocality::Local;
        if (auto* mods = kind->joinModifiers()) {
          if (auto* s = mods->joinStrictness()) {
            node->strictness = s->ANY() != nullptr    ? JoinStrictness::Any
                               : s->ALL() != nullptr  ? JoinStrictness::All
                               : s->ASOF() != nullptr ? JoinStrictness::Asof
                               : s->SEMI() != nullptr ? JoinStrictness::Semi
                                                      : JoinStrictness::Anti;
          }
          if (auto* d = mods->joinDirection()) {
            node->join_kind = d->LEFT() != nullptr    ? JoinKind::Left
                              : d->RIGHT() != nullptr ? JoinKind::Right
                              : d->FULL() != nullptr  ? JoinKind::Full
                              : d->CROSS() != nullptr ? JoinKind::Cross
                              : d->PASTE() != nullptr ? JoinKind::Paste
                                                      : JoinKind::Inner;
          }
        }
      }
      node->left = std::move(left);
      node->right = tableExpr(join->tableExpr());
      if (!node->right) return nullptr;
      if (auto* constraint = join->joinConstraint()) {
        if (constraint->ON() != nullptr) {
          node->on = expr(constraint->expr(0));
          if (!node->on) return nullptr;
        } else {
          node->using_columns = exprs(constraint->expr());
          if (node->using_columns.size() != constraint->expr().size()) return nullptr;
        }
      }
      left = std::move(node);
    }
  }
  return left;
}

ExprPtr Builder::sampleRatio(P::SampleRatioContext* ctx) {
  ExprPtr value = numberLiteral(ctx->numberLiteral(0));
  if (ctx->SLASH() == nullptr) return value;
  return binary(BinaryOp::Divide, std::move(value), numberLiteral(ctx->numberLiteral(1)));
}

std::optional<SampleClause> Builder::sample(P::SampleClauseContext* ctx) {
  if (ctx == nullptr) return std::nullopt;
  SampleClause out;
  out.ratio = sampleRatio(ctx->sampleRatio(0));
  if (ctx->OFFSET() != nullptr) out.offset = sampleRatio(ctx->sampleRatio(1));
  return out;
}

TableExprPtr Builder::tableExpr(P::TableExprContext* ctx) {
  std::string table_alias = ctx->alias() != nullptr ? alias(ctx->alias()) : std::string();
  std::vector<std::string> columns;
  if (auto* names = ctx->aliasColumns()) {
    for (auto* id : names->identifier()) columns.push_back(name(id));
  }
  bool final = ctx->FINAL() != nullptr;
  Span whole = span(ctx);
  auto* primary = ctx->tablePrimary();
  if (auto* sub = dynamic_cast<P::TableSubqueryContext*>(primary)) {
    auto node = make<SubqueryRef>(whole);
    node->query = parenthesizedQuery(sub->query(), sub->explainStatement());
    if (!node->query) return nullptr;
    node->alias = std::move(table_alias);
    node->alias_columns = std::move(columns);
    node->final = final;
    node->sample = sample(ctx->sampleClause());
    return node;
  }
  if (auto* fn = dynamic_cast<P::TableFunctionContext*>(primary)) {
    auto node = make<TableFunctionRef>(whole);
    node->call = plainCall(name(fn->anyName()), span(fn), fn->functionArgs());
    if (!node->call) return nullptr;
    node->alias = std::move(table_alias);
    node->alias_columns = std::move(columns);
    node->final = final;
    node->sample = sample(ctx->sampleClause());
    return node;
  }
  auto node = make<TableRef>(whole);
  if (auto* table = dynamic_cast<P::TableNameContext*>(primary)) {
    for (auto* part : table->anyName()) node->parts.push_back(name(part));
  } else {
    auto* param = static_cast<P::TableParameterContext*>(primary);
    auto parameter = [&](P::QueryParameterContext* q) -> ExprPtr {
      auto value = make<QueryParameter>(span(q));
      value->name = name(q->anyName());
      value->type = type(q->typeExpr());
      if (!value->type) return nullptr;
      return value;
    };
    ExprPtr first = parameter(param->queryParameter(0));
    if (!first) return nullptr;
    if (param->DOT() == nullptr) {
      node->parameter = std::move(first);
    } else {
      // `{db:Identifier}.table` or `{db:Identifier}.{table:Identifier}`.
      node->database_parameter = std::move(first);
      if (auto* table = param->anyName()) {
        node->parts.push_back(name(table));
      } else if (!(node->parameter = parameter(param->queryParameter(1)))) {
        return nullptr;
      }
    }
  }
  node->alias = std::move(table_alias);
  node->alias_columns = std::move(columns);
  node->final = final;
  node->sample = sample(ctx->sampleClause());
  return node;
}

}  // namespace ferry::sql::detail
