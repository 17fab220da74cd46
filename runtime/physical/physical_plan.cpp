#include "runtime/physical/physical_plan.h"

#include <sstream>

namespace ferry::rt {
namespace {

void printField(const Field& f, std::ostream& out) {
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, Null>) out << "NULL";
        else if constexpr (std::is_same_v<V, bool>) out << (v ? "true" : "false");
        else if constexpr (std::is_same_v<V, std::string>) out << '\'' << v << '\'';
        else if constexpr (std::is_same_v<V, BigNumber>) out << v.text;
        else if constexpr (std::is_same_v<V, FieldArray>) {
          out << '[';
          for (size_t i = 0; i < v.size(); ++i) {
            if (i) out << ", ";
            printField(v[i], out);
          }
          out << ']';
        } else out << v;
      },
      f.value);
}

void printExpr(const Expr* e, std::ostream& out) {
  if (!e) {
    out << "<null>";
    return;
  }
  switch (e->kind) {
    case ExprKind::Input: out << '#' << e->input; break;
    case ExprKind::Literal: printField(e->literal, out); break;
    case ExprKind::LambdaParam: out << '$' << e->input; break;
    case ExprKind::Lambda:
      out << "lambda(";
      if (!e->args.empty()) printExpr(e->args[0].get(), out);
      out << ')';
      break;
    case ExprKind::ScalarSubquery: out << "(scalar subquery)"; break;
    case ExprKind::SetSubquery: out << "(set subquery)"; break;
    case ExprKind::Cast:
      out << "CAST(";
      if (!e->args.empty()) printExpr(e->args[0].get(), out);
      out << ", '" << (e->type ? typeName(*e->type) : "?") << "')";
      break;
    case ExprKind::Call:
      out << e->function << '(';
      for (size_t i = 0; i < e->args.size(); ++i) {
        if (i) out << ", ";
        printExpr(e->args[i].get(), out);
      }
      out << ')';
      break;
  }
}

const char* kindName(PlanKind k) {
  switch (k) {
    case PlanKind::Scan: return "Scan";
    case PlanKind::Values: return "Values";
    case PlanKind::Numbers: return "Numbers";
    case PlanKind::Filter: return "Filter";
    case PlanKind::Project: return "Project";
    case PlanKind::Aggregate: return "Aggregate";
    case PlanKind::Join: return "Join";
    case PlanKind::Sort: return "Sort";
    case PlanKind::Limit: return "Limit";
    case PlanKind::LimitBy: return "LimitBy";
    case PlanKind::Window: return "Window";
    case PlanKind::ArrayJoin: return "ArrayJoin";
    case PlanKind::Union: return "Union";
    case PlanKind::Distinct: return "Distinct";
  }
  return "?";
}

void printExprs(const std::vector<ExprPtr>& exprs, std::ostream& out) {
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) out << ", ";
    printExpr(exprs[i].get(), out);
  }
}

void printSortKeys(const std::vector<SortKey>& keys, std::ostream& out) {
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i) out << ", ";
    printExpr(keys[i].expr.get(), out);
    out << (keys[i].descending ? " DESC" : " ASC");
    if (keys[i].nulls_first) out << " NULLS FIRST";
    if (!keys[i].with_fill) continue;
    out << " WITH FILL";
    const std::pair<const char*, const Expr*> parts[] = {
        {" FROM ", keys[i].fill_from.get()}, {" TO ", keys[i].fill_to.get()}, {" STEP ", keys[i].fill_step.get()}};
    for (const auto& [word, e] : parts) {
      if (!e) continue;
      out << word;
      printExpr(e, out);
    }
  }
}

void printNode(const PlanNode& n, int depth, std::ostream& out) {
  out << std::string(size_t(depth) * 2, ' ') << kindName(n.kind);
  switch (n.kind) {
    case PlanKind::Scan:
      out << ' ' << n.table << " [";
      for (size_t i = 0; i < n.columns.size(); ++i) out << (i ? ", " : "") << n.columns[i];
      out << ']';
      if (n.prune) {
        out << " prune ";
        printExpr(n.prune.get(), out);
      }
      if (n.final) out << " FINAL";
      break;
    case PlanKind::Values: out << ' ' << n.rows.size() << " rows"; break;
    case PlanKind::Numbers: out << " offset " << n.numbers_offset << " count " << n.numbers_count; break;
    case PlanKind::Filter:
    case PlanKind::Project:
    case PlanKind::LimitBy:
    case PlanKind::Distinct:
    case PlanKind::Union:
      if (!n.exprs.empty()) {
        out << ' ';
        printExprs(n.exprs, out);
      }
      if (n.kind == PlanKind::LimitBy) out << " limit " << n.limit << " offset " << n.offset;
      break;
    case PlanKind::Aggregate:
      out << " keys [";
      printExprs(n.exprs, out);
      out << "] aggregates [";
      for (size_t i = 0; i < n.aggregates.size(); ++i) {
        const auto& a = n.aggregates[i];
        out << (i ? ", " : "") << a.function;
        if (!a.params.empty()) {
          out << '(';
          for (size_t p = 0; p < a.params.size(); ++p) out << (p ? ", " : "") << a.params[p];
          out << ')';
        }
        out << '(';
        printExprs(a.args, out);
        out << ')';
      }
      out << ']';
      break;
    case PlanKind::Join: {
      static const char* kinds[] = {"INNER", "LEFT", "RIGHT", "FULL", "CROSS"};
      static const char* strict[] = {"ALL", "ANY", "SEMI", "ANTI", "ASOF"};
      out << ' ' << kinds[int(n.join_kind)] << ' ' << strict[int(n.strictness)] << " on [";
      printExprs(n.left_keys, out);
      out << "] = [";
      printExprs(n.right_keys, out);
      out << ']';
      if (!n.exprs.empty()) {
        out << " residual ";
        printExprs(n.exprs, out);
      }
      break;
    }
    case PlanKind::Sort:
      out << ' ';
      printSortKeys(n.sort_keys, out);
      break;
    case PlanKind::Limit:
      out << ' ' << n.limit << " offset " << n.offset;
      if (n.with_ties) out << " WITH TIES";
      break;
    case PlanKind::Window:
      out << " [";
      for (size_t i = 0; i < n.windows.size(); ++i) {
        const auto& w = n.windows[i];
        out << (i ? ", " : "") << w.function << '(';
        printExprs(w.args, out);
        out << ") OVER (PARTITION BY ";
        printExprs(w.partition_by, out);
        out << " ORDER BY ";
        printSortKeys(w.order_by, out);
        out << ')';
      }
      out << ']';
      break;
    case PlanKind::ArrayJoin:
      out << (n.left_array_join ? " LEFT" : "") << " columns";
      for (size_t c : n.array_columns) out << " #" << c;
      break;
  }
  out << " -> (";
  for (size_t i = 0; i < n.output.size(); ++i)
    out << (i ? ", " : "") << n.output[i].name << ' ' << (n.output[i].type ? typeName(*n.output[i].type) : "?");
  out << ")\n";
  for (const auto& c : n.children)
    if (c) printNode(*c, depth + 1, out);
}

}  // namespace

std::string explainPlan(const PlanNode& plan) {
  std::ostringstream out;
  printNode(plan, 0, out);
  return out.str();
}

}  // namespace ferry::rt
