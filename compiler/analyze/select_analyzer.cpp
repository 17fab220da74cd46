#include "compiler/analyze/select_analyzer.h"

#include <algorithm>

#include "compiler/analyze/column_names.h"
#include "compiler/analyze/literal_types.h"
#include "compiler/types/supertype.h"

namespace ferry::analyze {

namespace {

constexpr int kMaxQueryDepth = 200;

const sql::SelectQuery* leftmostSelect(const sql::Query* q) {
  while (q) {
    if (const auto* s = q->tryAs<sql::SelectQuery>()) return s;
    if (const auto* set = q->tryAs<sql::SetQuery>()) {
      q = set->left.get();
    } else if (const auto* paren = q->tryAs<sql::ParenQuery>()) {
      q = paren->inner.get();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

}  // namespace

void registerWithItems(const sql::SelectQuery& query, QueryScope& scope) {
  scope.with_recursive = query.with_recursive;
  for (const auto& item : query.with) {
    if (!item) continue;
    if (item->item_kind == sql::WithItemKind::Subquery) {
      if (!item->name.empty()) scope.ctes[item->name] = item.get();
      continue;
    }
    if (item->name.empty() || !item->expr) continue;
    AliasEntry entry;
    entry.name = item->name;
    entry.expr = item->expr.get();
    entry.from_with = true;
    scope.aliases[item->name] = std::move(entry);
  }
}

Schema analyzeSubquery(AnalysisRun& run, const sql::Query& query, QueryScope* parent, bool from_subquery,
                       bool* opaque) {
  if (run.depth > kMaxQueryDepth * 8) {
    if (!run.reported_too_deep) {
      run.reported_too_deep = true;
      run.sink.report(DiagId::SEM_TOO_DEEPLY_NESTED, query.span, "subqueries nest too deeply to be analyzed");
    }
    return {};
  }
  run.depth += 8;
  Schema out;
  if (const auto* select = query.tryAs<sql::SelectQuery>()) {
    SelectAnalyzer analyzer(run, *select, parent, from_subquery);
    out = analyzer.analyze();
    if (opaque && analyzer.opaqueOutput()) *opaque = true;
  } else if (const auto* paren = query.tryAs<sql::ParenQuery>()) {
    if (paren->inner) out = analyzeSubquery(run, *paren->inner, parent, from_subquery, opaque);
  } else if (const auto* top = query.tryAs<sql::SetQuery>()) {
    // `a UNION ALL b UNION ALL c ...` is a left-deep chain that may be thousands long: walk its
    // spine iteratively, the leftmost operand first, then fold in each right operand.
    std::vector<const sql::SetQuery*> spine;
    const sql::Query* leftmost = &query;
    while (const auto* set = leftmost->tryAs<sql::SetQuery>()) {
      spine.push_back(set);
      if (!set->left) break;
      leftmost = set->left.get();
    }
    out = leftmost->is<sql::SetQuery>() ? Schema{} : analyzeSubquery(run, *leftmost, parent, from_subquery, opaque);
    // `WITH x AS ... SELECT .. UNION ALL SELECT ..`: the first SELECT's WITH serves every branch.
    QueryScope with_scope(parent);
    with_scope.parent_sees_with_only = from_subquery;
    QueryScope* right_parent = parent;
    if (const sql::SelectQuery* first = leftmostSelect(top->left.get()); first && !first->with.empty()) {
      registerWithItems(*first, with_scope);
      right_parent = &with_scope;
    }
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      const sql::SetQuery* set = *it;
      Schema right = set->right ? analyzeSubquery(run, *set->right, right_parent, from_subquery, opaque) : Schema{};
      if (out.size() != right.size()) {
        run.sink.report(DiagId::SEM_SET_OPERATION_MISMATCH, set->span,
                        "the queries of " + std::string(sql::enumName(set->op)) + " return " +
                            std::to_string(out.size()) + " and " + std::to_string(right.size()) + " columns");
        continue;
      }
      for (size_t i = 0; i < out.size(); ++i) {
        if (!out[i].type || !right[i].type) {
          out[i].type = nullptr;
          continue;
        }
        types::TypePtr both[] = {out[i].type, right[i].type};
        auto left_type = out[i].type;
        out[i].type = types::tryLeastSupertype(both).type;
        if (!out[i].type) {
          run.sink.report(DiagId::SEM_SET_OPERATION_MISMATCH, set->span,
                          "column " + std::to_string(i + 1) + " (`" + out[i].name + "`) is " +
                              types::toString(left_type) + " on one side and " + types::toString(right[i].type) +
                              " on the other, with no common type");
        }
      }
    }
  } else if (const auto* explain = query.tryAs<sql::ExplainQuery>()) {
    auto string = types::makeType(types::TypeKind::String);
    auto u64 = types::makeType(types::TypeKind::UInt64);
    if (explain->explain_kind == "ESTIMATE") {
      out = {{"database", string}, {"table", string}, {"parts", u64}, {"rows", u64}, {"marks", u64}};
    } else {
      out.push_back({"explain", string});
    }
  }
  run.depth -= 8;
  return out;
}

SelectAnalyzer::SelectAnalyzer(AnalysisRun& run, const sql::SelectQuery& query, QueryScope* parent,
                               bool from_subquery)
    : run_(run), query_(query), scope_(parent), typer_(run, scope_) {
  scope_.parent_sees_with_only = from_subquery;
}

void SelectAnalyzer::registerWith() { registerWithItems(query_, scope_); }

void collectAliasesIn(const sql::Node& node, QueryScope& scope, DiagnosticSink& sink) {
  if (node.is<sql::SubqueryExpr>() || node.is<sql::ExistsExpr>() || node.is<sql::Lambda>() ||
      node.is<sql::ColumnTransformer>()) {
    return;
  }
  if (const auto* alias = node.tryAs<sql::AliasExpr>(); alias && alias->expr) {
    auto [it, inserted] = scope.aliases.try_emplace(alias->name);
    AliasEntry& entry = it->second;
    if (inserted || entry.from_with) {
      entry = AliasEntry{};
      entry.name = alias->name;
      entry.expr = alias->expr.get();
    } else if (entry.expr != alias->expr.get() && !sql::equalIgnoringSpans(*entry.expr, *alias->expr)) {
      sink.report(DiagId::SEM_DUPLICATE_ALIAS, alias->span,
                       "alias `" + alias->name + "` already names another expression");
    }
  }
  sql::forEachChild(node, [&](const sql::Node& child) { collectAliasesIn(child, scope, sink); });
}

void SelectAnalyzer::collectAliases() {
  auto collect = [&](const sql::Node& node) { analyze::collectAliasesIn(node, scope_, run_.sink); };
  for (const auto& item : query_.with) {
    if (item && item->expr) collect(*item->expr);
  }
  for (const auto& e : query_.select) {
    if (e) collect(*e);
  }
  for (const auto& e : query_.distinct_on) {
    if (e) collect(*e);
  }
  for (const sql::Expr* e : {query_.prewhere.get(), query_.where.get(), query_.having.get(), query_.qualify.get()}) {
    if (e) collect(*e);
  }
  if (query_.group_by) collect(*query_.group_by);
  for (const auto& o : query_.order_by) {
    if (o) collect(*o);
  }
  if (query_.limit_by) collect(*query_.limit_by);
  for (const auto& w : query_.window) {
    if (w) collect(*w);
  }
}

ResolvedPtr SelectAnalyzer::positional(const sql::Expr& e, std::string_view clause) {
  const auto* lit = e.tryAs<sql::Literal>();
  if (!lit || lit->literal_kind != sql::LiteralKind::Integer || e.parenthesized) return nullptr;
  TypedConstant c = typeLiteral(*lit);
  int64_t n = 0;
  if (!c.value.asInt64(n) || n == 0) return nullptr;
  int64_t count = static_cast<int64_t>(items_.size());
  int64_t index = n > 0 ? n - 1 : count + n;
  if (index < 0 || index >= count) {
    run_.sink.report(DiagId::SEM_BAD_GROUP_BY, e.span,
                     "position " + std::to_string(n) + " in " + std::string(clause) + " is out of range: the query has " +
                         std::to_string(count) + " columns");
    return ExpressionTyper::unknown(&e);
  }
  run_.record(e, items_[static_cast<size_t>(index)].expr);
  return items_[static_cast<size_t>(index)].expr;
}

void SelectAnalyzer::typeGroupBy() {
  if (!query_.group_by) return;
  const auto& g = *query_.group_by;
  auto add = [&](const sql::ExprList& exprs) {
    for (const auto& e : exprs) {
      if (!e) continue;
      ResolvedPtr r = positional(*e, "GROUP BY");
      if (!r) r = typer_.type(*e);
      checkNoAggregates(r, "GROUP BY");
      group_keys_.push_back(r);
      // `GROUP BY (a, b)` groups by a and b.
      if (r->kind == ResolvedKind::Function && r->function == "tuple") {
        for (const auto& element : r->args) group_keys_.push_back(element);
      }
    }
  };
  switch (g.group_kind) {
    case sql::GroupByKind::All:
      group_by_all_ = true;
      for (const auto& item : items_) {
        if (item.expr && !item.expr->has_aggregate && item.expr->kind != ResolvedKind::Aggregate &&
            !item.expr->has_window && item.expr->kind != ResolvedKind::Window) {
          group_keys_.push_back(item.expr);
        }
      }
      break;
    case sql::GroupByKind::GroupingSets:
      for (const auto& set : g.sets) add(set);
      break;
    default: add(g.exprs); break;
  }
}

void SelectAnalyzer::typeOrderBy() {
  for (const auto& item : query_.order_by) {
    if (!item || !item->expr) {  // ORDER BY ALL sorts by the select list
      order_by_.push_back(nullptr);
      order_fill_.emplace_back();
      continue;
    }
    ResolvedPtr r = positional(*item->expr, "ORDER BY");
    if (!r) r = typer_.type(*item->expr);
    checked_.push_back(r);
    order_by_.push_back(r);
    std::array<ResolvedPtr, 3> fill;
    const sql::Expr* parts[] = {item->fill_from.get(), item->fill_to.get(), item->fill_step.get()};
    for (size_t k = 0; k < 3; ++k)
      if (parts[k]) fill[k] = typer_.type(*parts[k]);
    if (item->fill_staleness) typer_.type(*item->fill_staleness);
    order_fill_.push_back(std::move(fill));
  }
}

Schema SelectAnalyzer::analyze() {
  registerWith();
  collectAliases();
  buildFrom();
  typeJoinConditions();

  for (const auto& w : query_.window) {
    if (!w || !w->spec) continue;
    NamedWindowInfo info;
    info.spec = w->spec.get();
    typer_.typeWindowSpec(*w->spec, info.parts);
    scope_.windows[w->name] = std::move(info);
  }

  for (const auto& e : query_.select) {
    if (!e) continue;
    if (ExpressionTyper::isMatcher(*e)) {
      for (auto& c : typer_.expandMatcher(*e)) items_.push_back({std::move(c.name), std::move(c.expr), e.get()});
      continue;
    }
    if (const auto* aliased = e->tryAs<sql::AliasExpr>(); aliased && aliased->expr &&
                                                          aliased->expr->is<sql::FunctionCall>() &&
                                                          ExpressionTyper::isMatcher(*aliased->expr)) {
      // `untuple(t) AS x` names its columns x.1, x.2 (or x.name).
      for (auto& c : typer_.expandMatcher(*aliased->expr, aliased->name))
        items_.push_back({std::move(c.name), std::move(c.expr), e.get()});
      continue;
    }
    ResolvedPtr r = typer_.type(*e);
    items_.push_back({projectionName(*e, &run_.name_hints), r, e.get()});
  }
  for (const auto& e : query_.distinct_on) {
    if (e) distinct_on_.push_back(typer_.type(*e));
  }
  // WITH expressions nothing used are still checked.
  for (const auto& item : query_.with) {
    if (!item || item->item_kind != sql::WithItemKind::Expr || item->name.empty()) continue;
    auto it = scope_.aliases.find(item->name);
    if (it != scope_.aliases.end() && it->second.state == ResolveState::Pending) typer_.resolveAlias(it->second);
  }

  for (auto [e, clause] : {std::pair{query_.prewhere.get(), "PREWHERE"}, std::pair{query_.where.get(), "WHERE"}}) {
    if (!e) continue;
    ResolvedPtr r = typer_.type(*e);
    (e == query_.prewhere.get() ? prewhere_ : where_) = r;
    checkNoAggregates(r, clause);
    checkFilter(r, clause);
  }
  typeGroupBy();
  for (auto [e, clause] : {std::pair{query_.having.get(), "HAVING"}, std::pair{query_.qualify.get(), "QUALIFY"}}) {
    if (!e) continue;
    ResolvedPtr r = typer_.type(*e);
    (e == query_.having.get() ? having_ : qualify_) = r;
    checkFilter(r, clause);
    checked_.push_back(r);
  }
  typeOrderBy();
  if (query_.limit_by) {
    for (const auto& e : query_.limit_by->by) {
      if (!e) continue;
      ResolvedPtr r = positional(*e, "LIMIT BY");
      if (!r) r = typer_.type(*e);
      limit_by_.push_back(r);
    }
  }
  checkAggregation();
  if (run_.result && run_.options.record_resolution) recordResolution();

  Schema out;
  out.reserve(items_.size());
  for (const auto& item : items_) out.push_back({item.name, item.expr ? item.expr->type : nullptr});
  return out;
}

void SelectAnalyzer::recordResolution() {
  auto out = std::make_shared<SelectResolution>();
  out->query = &query_;
  for (const auto& source : scope_.sources) {
    ResolvedSource s;
    s.id = source->id;
    s.ast = source->ast;
    s.cte = source->cte;
    for (const auto& c : source->columns) s.columns.push_back({c.name, c.type});
    out->sources.push_back(std::move(s));
  }
  for (const auto& name : scope_.using_order) {
    const UsingColumn& u = scope_.using_columns[name];
    out->using_columns.push_back({u.name, u.id, u.type});
  }
  for (const auto& a : scope_.array_join) {
    ResolvedArrayJoin r;
    r.name = a.name;
    r.id = a.id;
    r.item = a.item;
    if (a.resolved) {
      r.element = a.resolved->type;
      if (!a.resolved->args.empty()) r.array = a.resolved->args[0];
    }
    out->array_join.push_back(std::move(r));
  }
  for (const auto& item : items_) out->items.push_back({item.name, item.expr});
  out->prewhere = prewhere_;
  out->where = where_;
  out->having = having_;
  out->qualify = qualify_;
  out->group_keys = group_keys_;
  out->order_by = order_by_;
  out->order_fill = order_fill_;
  out->limit_by = limit_by_;
  out->distinct_on = distinct_on_;
  for (const auto& [join, on] : join_on_) out->join_on[join] = on;
  for (const auto& [name, info] : scope_.windows) out->windows[name] = info.parts;
  run_.result->selects[&query_] = std::move(out);
}

}  // namespace ferry::analyze
