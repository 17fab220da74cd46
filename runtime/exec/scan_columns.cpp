#include "runtime/exec/scan_columns.h"

namespace ferry::rt::exec {

namespace {

class NeededColumns {
 public:
  std::unordered_map<const PlanNode*, std::vector<uint8_t>> scans;

  void visit(const PlanNode& n, std::vector<uint8_t> needed) {
    needed.resize(n.output.size(), 1);
    auto child = [&](size_t i) -> const PlanNode& { return *n.children.at(i); };
    auto childNeeds = [&](size_t i) { return std::vector<uint8_t>(child(i).output.size(), 0); };
    switch (n.kind) {
      case PlanKind::Scan: {
        auto& flags = scans[&n];
        flags.resize(n.output.size(), 0);
        for (size_t i = 0; i < needed.size(); ++i) flags[i] |= needed[i];
        if (n.prune) reads(*n.prune, flags);  // the pruning filter names its columns by position
        return;
      }
      case PlanKind::Values: case PlanKind::Numbers: return;
      case PlanKind::Filter: case PlanKind::Sort: case PlanKind::Limit: case PlanKind::LimitBy:
      case PlanKind::ArrayJoin: {
        // The output is the input (filtered, ordered, cut or unfolded), plus what the operator reads.
        auto in = childNeeds(0);
        for (size_t i = 0; i < in.size() && i < needed.size(); ++i) in[i] = needed[i];
        for (const auto& e : n.exprs) reads(*e, in);
        for (const auto& k : n.sort_keys) reads(*k.expr, in);
        for (size_t c : n.array_columns)
          if (c < in.size()) in[c] = 1;
        return visit(child(0), std::move(in));
      }
      case PlanKind::Project: {
        auto in = childNeeds(0);
        for (const auto& e : n.exprs) reads(*e, in);
        return visit(child(0), std::move(in));
      }
      case PlanKind::Aggregate: {
        auto in = childNeeds(0);
        for (const auto& e : n.exprs) reads(*e, in);
        for (const auto& a : n.aggregates)
          for (const auto& e : a.args) reads(*e, in);
        return visit(child(0), std::move(in));
      }
      case PlanKind::Window: {
        // The input's columns, then one column per window function.
        auto in = childNeeds(0);
        for (size_t i = 0; i < in.size() && i < needed.size(); ++i) in[i] = needed[i];
        for (const auto& w : n.windows) {
          for (const auto& e : w.args) reads(*e, in);
          for (const auto& e : w.partition_by) reads(*e, in);
          for (const auto& k : w.order_by) reads(*k.expr, in);
        }
        return visit(child(0), std::move(in));
      }
      case PlanKind::Union:
        for (const auto& c : n.children) visit(*c, needed);
        return;
      case PlanKind::Join: case PlanKind::Distinct:
        break;
    }
    // Not modelled: every input column is needed.
    for (const auto& e : n.exprs) subqueries(*e);
    for (const auto& e : n.left_keys) subqueries(*e);
    for (const auto& e : n.right_keys) subqueries(*e);
    for (const auto& c : n.children) visit(*c, std::vector<uint8_t>(c->output.size(), 1));
  }

 private:
  /// Marks the inputs `e` reads (lambda bodies included: they may read the row's columns too)
  /// and visits its subqueries.
  void reads(const Expr& e, std::vector<uint8_t>& in) {
    if (e.kind == ExprKind::Input && e.input < in.size()) in[e.input] = 1;
    if (e.kind == ExprKind::Input && e.input >= in.size()) in.assign(in.size(), 1);  // out of model: all
    if (e.subquery) visit(*e.subquery, std::vector<uint8_t>(e.subquery->output.size(), 1));
    for (const auto& a : e.args) reads(*a, in);
  }
  void subqueries(const Expr& e) {
    if (e.subquery) visit(*e.subquery, std::vector<uint8_t>(e.subquery->output.size(), 1));
    for (const auto& a : e.args) subqueries(*a);
  }
};

}  // namespace

ExprPtr remapInputs(const ExprPtr& e, const std::vector<size_t>& position) {
  if (!e) return e;
  auto copy = std::make_shared<Expr>(*e);
  if (copy->kind == ExprKind::Input) copy->input = position.at(copy->input);
  for (auto& a : copy->args) a = remapInputs(a, position);
  return copy;
}

std::unordered_map<const PlanNode*, std::vector<uint8_t>> scanColumnsNeeded(const PlanNode& root) {
  NeededColumns analysis;
  analysis.visit(root, std::vector<uint8_t>(root.output.size(), 1));
  return std::move(analysis.scans);
}

}  // namespace ferry::rt::exec
