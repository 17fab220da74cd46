/// The aggregation rules of ClickHouse 26.7's analyzer: no aggregate (or window function) in
/// WHERE / PREWHERE / GROUP BY / JOIN ON (ILLEGAL_AGGREGATION); and in an aggregating query (one
/// with GROUP BY, or an aggregate in SELECT / HAVING / ORDER BY / QUALIFY) every column used
/// outside an aggregate function must be part of a GROUP BY key (NOT_AN_AGGREGATE). Keys are
/// matched on resolved trees, so `toDate(ts) AS d ... GROUP BY d` and `GROUP BY toDate(ts)` work
/// alike.
#include <unordered_set>

#include "compiler/analyze/select_analyzer.h"

namespace ferry::analyze {

namespace {

class AggregationChecker {
 public:
  AggregationChecker(DiagnosticSink& sink, const std::vector<ResolvedPtr>& keys) : sink_(sink) {
    for (const auto& k : keys) {
      if (k) keys_.insert(k->hash);
    }
  }

  void check(const ResolvedPtr& node) {
    if (!node || !node->has_column) return;
    if (keys_.count(node->hash)) return;
    if (!visited_.insert(node.get()).second) return;
    switch (node->kind) {
      case ResolvedKind::Aggregate: return;
      case ResolvedKind::Column:
        if (reported_.insert(node->hash).second) {
          sink_.report(DiagId::SEM_NOT_AN_AGGREGATE, node->ast ? node->ast->span : Span{},
                       "column `" + node->column_name +
                           "` is neither inside an aggregate function nor a GROUP BY key",
                       "add it to GROUP BY, or wrap it in an aggregate function such as any()");
        }
        return;
      default:
        for (const auto& a : node->args) check(a);
        return;
    }
  }

 private:
  DiagnosticSink& sink_;
  std::unordered_set<uint64_t> keys_;
  std::unordered_set<const ResolvedExpr*> visited_;
  std::unordered_set<uint64_t> reported_;
};

}  // namespace

void SelectAnalyzer::checkNoAggregates(const ResolvedPtr& r, std::string_view clause) {
  if (!r) return;
  if (r->kind == ResolvedKind::Aggregate || r->has_aggregate) {
    const ResolvedExpr* a = findNode(*r, [](const ResolvedExpr& n) { return n.kind == ResolvedKind::Aggregate; });
    if (a) {
      run_.sink.report(DiagId::SEM_AGGREGATE_IN_WHERE, a->ast ? a->ast->span : Span{},
                       "aggregate function `" + a->function + "` is not allowed in " + std::string(clause));
      return;
    }
  }
  if (r->kind == ResolvedKind::Window || r->has_window) {
    const ResolvedExpr* w = findNode(*r, [](const ResolvedExpr& n) { return n.kind == ResolvedKind::Window; });
    if (w) {
      run_.sink.report(DiagId::SEM_WINDOW_MISUSE, w->ast ? w->ast->span : Span{},
                       "window function `" + w->function + "` is not allowed in " + std::string(clause));
    }
  }
}

void SelectAnalyzer::checkFilter(const ResolvedPtr& r, std::string_view clause) {
  if (!r || !r->type) return;
  types::TypePtr t = r->type;
  if (t->kind == types::TypeKind::LowCardinality) t = t->child();
  if (t->kind == types::TypeKind::Nullable) t = t->child();
  types::TypeKind k = t->kind;
  bool ok = k == types::TypeKind::Nothing || k == types::TypeKind::Bool || k == types::TypeKind::Float32 ||
            k == types::TypeKind::Float64 || (types::isInteger(k) && types::integerBits(k) <= 64);
  if (ok) return;
  run_.sink.report(DiagId::SEM_BAD_FILTER, r->ast ? r->ast->span : Span{},
                   "a " + std::string(clause) + " condition of type " + types::toString(r->type) +
                       " cannot filter rows (it must be a number or Bool, possibly Nullable)");
}

void SelectAnalyzer::checkAggregation() {
  bool aggregating = query_.group_by != nullptr;
  auto aggregates = [](const ResolvedPtr& r) {
    return r && (r->has_aggregate || r->kind == ResolvedKind::Aggregate);
  };
  for (const auto& item : items_) aggregating = aggregating || aggregates(item.expr);
  for (const auto& r : checked_) aggregating = aggregating || aggregates(r);
  if (!aggregating) return;
  std::vector<ResolvedPtr> exprs;
  for (const auto& item : items_) exprs.push_back(item.expr);
  exprs.insert(exprs.end(), checked_.begin(), checked_.end());
  checkGroupedExpressions(run_.sink, group_keys_, exprs);
}

void checkGroupedExpressions(DiagnosticSink& sink, const std::vector<ResolvedPtr>& keys,
                             const std::vector<ResolvedPtr>& exprs) {
  AggregationChecker checker(sink, keys);
  for (const auto& e : exprs) checker.check(e);
}

}  // namespace ferry::analyze
