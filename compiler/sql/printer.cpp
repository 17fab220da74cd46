// Queries, clauses and the public entry points of the SQL printer.
#include "compiler/sql/printer.h"

#include <cctype>
#include <string>

#include "compiler/sql/lexical.h"
#include "compiler/sql/sql_printer.h"

namespace ferry::sql {

namespace print {

namespace {

/// UNION and EXCEPT share the loosest level; INTERSECT binds tighter; blocks are atoms.
int setPrecedence(const Query& q) {
  if (const auto* s = q.tryAs<SetQuery>()) return s->op == SetOp::Intersect ? 2 : 1;
  if (q.is<ExplainQuery>()) return 0;  // always parenthesized inside a set operation
  return 3;
}

std::string_view setOpName(SetOp op) {
  switch (op) {
    case SetOp::Union: return "UNION";
    case SetOp::Except: return "EXCEPT";
    case SetOp::Intersect: return "INTERSECT";
  }
  return "";
}

/// True when the leftmost leaf of a join tree is an ARRAY JOIN without a table (SELECT ...
/// ARRAY JOIN ... with no FROM), which is printed without the FROM keyword.
bool startsWithBareArrayJoin(const TableExpr& t) {
  if (const auto* j = t.tryAs<JoinExpr>()) return j->left && startsWithBareArrayJoin(*j->left);
  if (const auto* a = t.tryAs<ArrayJoinExpr>()) return !a->left || startsWithBareArrayJoin(*a->left);
  return false;
}

std::string_view joinKindName(JoinKind k) {
  switch (k) {
    case JoinKind::Inner: return "INNER";
    case JoinKind::Left: return "LEFT";
    case JoinKind::Right: return "RIGHT";
    case JoinKind::Full: return "FULL";
    case JoinKind::Cross: return "CROSS";
    case JoinKind::Paste: return "PASTE";
    case JoinKind::Comma: return ",";
  }
  return "";
}

}  // namespace

std::string Printer::indentText(int level) const {
  return std::string(static_cast<size_t>(level * options_.indent_width), ' ');
}

std::string Printer::subquery(const Query& q) {
  before_except_ = false;  // inside parentheses the select list no longer touches EXCEPT
  if (!options_.pretty) return "(" + query(q) + ")";
  ++indent_;
  std::string inner = query(q);
  --indent_;
  return "(\n" + indentText(indent_ + 1) + inner + "\n" + indentText(indent_) + ")";
}

std::string Printer::setOperand(const Query& q, int min_prec) {
  if (setPrecedence(q) < min_prec) return subquery(q);
  return query(q);
}

std::string Printer::query(const Query& q) {
  switch (q.kind()) {
    case NodeKind::SelectQuery: return selectQuery(q.as<SelectQuery>());
    case NodeKind::ParenQuery: return subquery(*q.as<ParenQuery>().inner);
    case NodeKind::SetQuery: {
      const auto& s = q.as<SetQuery>();
      int p = setPrecedence(q);
      std::string op(setOpName(s.op));
      if (s.quantifier == SetQuantifier::All) op += " ALL";
      if (s.quantifier == SetQuantifier::Distinct) op += " DISTINCT";
      std::string sep = options_.pretty ? "\n" + indentText(indent_) + op + "\n" + indentText(indent_)
                                        : " " + op + " ";
      before_except_ = s.op == SetOp::Except;
      std::string left = setOperand(*s.left, p);
      before_except_ = false;
      return left + sep + setOperand(*s.right, p + 1);
    }
    case NodeKind::ExplainQuery: {
      const auto& x = q.as<ExplainQuery>();
      std::string out = "EXPLAIN";
      if (!x.explain_kind.empty()) out += " " + x.explain_kind;
      if (!x.settings.empty()) out += " " + settings(x.settings).substr(std::string_view("SETTINGS ").size());
      if (x.query) out += (options_.pretty ? "\n" + indentText(indent_) : " ") + query(*x.query);
      return out;
    }
    default: return "<" + std::string(q.kindName()) + ">";
  }
}

std::string Printer::tableSuffix(const std::string& alias, const std::vector<std::string>& columns,
                                 bool final, const std::optional<SampleClause>& sample) {
  std::string out;
  if (!alias.empty()) out += " AS " + formatIdentifier(alias);
  if (!columns.empty()) {
    out += "(";
    for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + formatIdentifier(columns[i]);
    out += ")";
  }
  if (final) out += " FINAL";
  if (sample) {
    out += " SAMPLE " + expr(*sample->ratio, kAdditive);
    if (sample->offset) out += " OFFSET " + expr(*sample->offset, kAdditive);
  }
  return out;
}

std::string Printer::tableExpr(const TableExpr& t) {
  switch (t.kind()) {
    case NodeKind::TableRef: {
      const auto& r = t.as<TableRef>();
      std::string name;
      if (r.database_parameter) name = expr(*r.database_parameter, kPrimary);
      if (r.parameter) name += (name.empty() ? "" : ".") + expr(*r.parameter, kPrimary);
      for (const std::string& part : r.parts) name += (name.empty() ? "" : ".") + formatIdentifier(part);
      return name + tableSuffix(r.alias, r.alias_columns, r.final, r.sample);
    }
    case NodeKind::TableFunctionRef: {
      const auto& r = t.as<TableFunctionRef>();
      return expr(*r.call, kPrimary) + tableSuffix(r.alias, r.alias_columns, r.final, r.sample);
    }
    case NodeKind::SubqueryRef: {
      const auto& r = t.as<SubqueryRef>();
      return subquery(*r.query) + tableSuffix(r.alias, r.alias_columns, r.final, r.sample);
    }
    case NodeKind::JoinExpr: {
      const auto& j = t.as<JoinExpr>();
      std::string left = tableExpr(*j.left);
      std::string right = tableExpr(*j.right);
      if (j.right->is<JoinExpr>() || j.right->is<ArrayJoinExpr>()) right = "(" + right + ")";
      if (j.join_kind == JoinKind::Comma) return left + ", " + right;
      std::string op;
      if (j.locality == JoinLocality::Global) op += "GLOBAL ";
      if (j.locality == JoinLocality::Local) op += "LOCAL ";
      if (j.strictness != JoinStrictness::None) {
        std::string s(enumName(j.strictness));
        for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        op += s + " ";
      }
      // INNER is the default direction; ClickHouse rejects `SEMI INNER JOIN`, so never print it.
      if (j.join_kind != JoinKind::Inner) op += std::string(joinKindName(j.join_kind)) + " ";
      op += "JOIN ";
      std::string out = left + (options_.pretty ? "\n" + indentText(indent_) : " ") + op + right;
      if (j.on) out += " ON " + expr(*j.on, kLambda);
      if (!j.using_columns.empty()) out += " USING (" + exprList(j.using_columns, kLambda) + ")";
      return out;
    }
    case NodeKind::ArrayJoinExpr: {
      const auto& a = t.as<ArrayJoinExpr>();
      std::string out;
      if (a.left) out = tableExpr(*a.left) + (options_.pretty ? "\n" + indentText(indent_) : " ");
      out += a.is_left ? "LEFT ARRAY JOIN " : "ARRAY JOIN ";
      return out + exprList(a.items);
    }
    default: return "<" + std::string(t.kindName()) + ">";
  }
}

std::string Printer::withItem(const WithItem& w) {
  if (w.item_kind == WithItemKind::Subquery) {
    std::string out = formatIdentifier(w.name);
    if (!w.columns.empty()) {
      out += " (";
      for (size_t i = 0; i < w.columns.size(); ++i) out += (i ? ", " : "") + formatIdentifier(w.columns[i]);
      out += ")";
    }
    return out + " AS " + (w.query ? subquery(*w.query) : "()");
  }
  std::string out = w.expr ? expr(*w.expr, kLambda) : "";
  if (!w.name.empty()) out += " AS " + formatIdentifier(w.name);
  return out;
}

std::string Printer::groupBy(const GroupByClause& g) {
  std::string out = "GROUP BY ";
  switch (g.group_kind) {
    case GroupByKind::Exprs: out += exprList(g.exprs, kAlias); break;
    case GroupByKind::Rollup: out += "ROLLUP(" + exprList(g.exprs, kAlias) + ")"; break;
    case GroupByKind::Cube: out += "CUBE(" + exprList(g.exprs, kAlias) + ")"; break;
    case GroupByKind::All: out += "ALL"; break;
    case GroupByKind::GroupingSets: {
      out += "GROUPING SETS (";
      for (size_t i = 0; i < g.sets.size(); ++i) {
        if (i) out += ", ";
        out += "(" + exprList(g.sets[i], kAlias) + ")";
      }
      out += ")";
      break;
    }
  }
  if (g.modifier == GroupByModifier::WithRollup) out += " WITH ROLLUP";
  if (g.modifier == GroupByModifier::WithCube) out += " WITH CUBE";
  return out;
}

std::string Printer::settings(const std::vector<std::unique_ptr<SettingItem>>& items) {
  std::string out = "SETTINGS ";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += formatIdentifier(items[i]->name) + " = " + (items[i]->value ? expr(*items[i]->value, kLambda) : "");
  }
  return out;
}

std::string Printer::selectQuery(const SelectQuery& q) {
  // Only the select list itself may end right before EXCEPT; nested queries start afresh.
  bool guard_star = before_except_;
  before_except_ = false;
  std::vector<std::string> clauses;
  if (!q.with.empty()) {
    std::string c = q.with_recursive ? "WITH RECURSIVE " : "WITH ";
    for (size_t i = 0; i < q.with.size(); ++i) c += (i ? ", " : "") + withItem(*q.with[i]);
    clauses.push_back(c);
  }
  std::string select = "SELECT";
  if (q.distinct) select += " DISTINCT";
  if (!q.distinct_on.empty()) select += " ON (" + exprList(q.distinct_on, kLambda) + ")";
  if (q.top) {
    // TOP takes a bare number or a parenthesized expression.
    const auto* n = q.top->tryAs<Literal>();
    bool bare = n && !q.top->parenthesized && n->literal_kind == LiteralKind::Integer && n->value[0] != '-';
    select += " TOP " + (bare ? n->value : "(" + expr(*q.top, kLambda) + ")");
    if (q.top_with_ties) select += " WITH TIES";
  }
  bool list_ends_query = !q.from && !q.prewhere && !q.where && !q.group_by && !q.with_totals &&
                         !q.having && q.window.empty() && !q.qualify && q.order_by.empty() &&
                         !q.interpolate && !q.limit_by && !q.limit && q.settings.empty();
  auto item = [&](size_t i) {
    const Expr& e = *q.select[i];
    bool star = e.is<Asterisk>() || e.is<ColumnsMatcher>();
    return guard_star && list_ends_query && star && i + 1 == q.select.size() ? wrapped(e, true)
                                                                             : expr(e, kAlias);
  };
  if (options_.pretty && q.select.size() > 1) {
    for (size_t i = 0; i < q.select.size(); ++i)
      select += "\n" + indentText(indent_ + 1) + item(i) + (i + 1 < q.select.size() ? "," : "");
  } else {
    for (size_t i = 0; i < q.select.size(); ++i) select += (i ? ", " : " ") + item(i);
  }
  clauses.push_back(select);
  if (q.from) {
    clauses.push_back((startsWithBareArrayJoin(*q.from) ? "" : "FROM ") + tableExpr(*q.from));
  }
  if (q.prewhere) clauses.push_back("PREWHERE " + expr(*q.prewhere, kAlias));
  if (q.where) clauses.push_back("WHERE " + expr(*q.where, kAlias));
  if (q.group_by) clauses.push_back(groupBy(*q.group_by));
  if (q.with_totals) clauses.push_back("WITH TOTALS");
  if (q.having) clauses.push_back("HAVING " + expr(*q.having, kAlias));
  if (!q.window.empty()) {
    std::string c = "WINDOW ";
    for (size_t i = 0; i < q.window.size(); ++i) {
      const NamedWindow& w = *q.window[i];
      c += (i ? ", " : "") + formatIdentifier(w.name) + " AS (" + (w.spec ? windowSpec(*w.spec) : "") + ")";
    }
    clauses.push_back(c);
  }
  if (q.qualify) clauses.push_back("QUALIFY " + expr(*q.qualify, kAlias));
  if (!q.order_by.empty()) clauses.push_back("ORDER BY " + orderList(q.order_by));
  if (q.interpolate) {
    std::string c = "INTERPOLATE";
    if (!q.interpolate_items.empty()) {
      c += " (";
      for (size_t i = 0; i < q.interpolate_items.size(); ++i) {
        const InterpolateItem& it = *q.interpolate_items[i];
        c += (i ? ", " : "") + formatIdentifier(it.column);
        if (it.expr) c += " AS " + expr(*it.expr, kLambda);
      }
      c += ")";
    }
    clauses.push_back(c);
  }
  if (q.limit_by) {
    std::string c = "LIMIT " + (q.limit_by->limit ? expr(*q.limit_by->limit, kLambda) : "");
    if (q.limit_by->offset) c += " OFFSET " + expr(*q.limit_by->offset, kLambda);
    c += " BY " + (q.limit_by->by_all ? std::string("ALL") : exprList(q.limit_by->by, kAlias));
    clauses.push_back(c);
  }
  if (q.limit) {
    std::string c;
    if (q.limit->limit) {
      c = "LIMIT " + expr(*q.limit->limit, kLambda);
      if (q.limit->offset) c += " OFFSET " + expr(*q.limit->offset, kLambda);
      if (q.limit->with_ties) c += " WITH TIES";
    } else if (q.limit->offset) {
      c = "OFFSET " + expr(*q.limit->offset, kLambda);
    }
    if (!c.empty()) clauses.push_back(c);
  }
  if (!q.settings.empty()) clauses.push_back(settings(q.settings));

  std::string sep = options_.pretty ? "\n" + indentText(indent_) : " ";
  std::string out;
  for (size_t i = 0; i < clauses.size(); ++i) out += (i ? sep : "") + clauses[i];
  return out;
}

std::string Printer::statement(const SelectStatement& s) {
  std::string sep = options_.pretty ? "\n" : " ";
  std::string out = s.query ? query(*s.query) : "";
  if (s.into_outfile) {
    const IntoOutfile& o = *s.into_outfile;
    out += sep + "INTO OUTFILE " + quoteString(o.file);
    if (o.and_stdout) out += " AND STDOUT";
    if (o.append) out += " APPEND";
    if (o.truncate) out += " TRUNCATE";
    if (o.compression) {
      out += " COMPRESSION " + expr(*o.compression, kPrimary);
      if (o.level) out += " LEVEL " + expr(*o.level, kPrimary);
    }
  }
  if (!s.format.empty()) {
    // A format name is never read as an expression: keywords (`Null`) stay bare.
    bool plain = !identifierNeedsQuotes(s.format) || isReservedKeyword(s.format);
    out += sep + "FORMAT " + (plain ? s.format : formatIdentifier(s.format));
  }
  if (!s.settings.empty()) out += sep + settings(s.settings);
  return out;
}

std::string Printer::ttlElement(const TtlElement& t) {
  std::string out = t.expr ? expr(*t.expr, kLambda) : "";
  switch (t.action) {
    case TtlAction::None: break;
    case TtlAction::Delete: out += " DELETE"; break;
    case TtlAction::ToDisk: out += " TO DISK"; break;
    case TtlAction::ToVolume: out += " TO VOLUME"; break;
    case TtlAction::Recompress: out += " RECOMPRESS"; break;
    case TtlAction::GroupBy: break;
  }
  if (t.target) out += " " + expr(*t.target, kPrimary);
  if (t.where) out += " WHERE " + expr(*t.where, kLambda);
  if (t.action == TtlAction::GroupBy) {
    out += " GROUP BY " + exprList(t.group_by, kLambda);
    for (size_t i = 0; i < t.set.size(); ++i) {
      out += i ? ", " : " SET ";
      out += formatIdentifier(t.set[i]->column) + " = " +
             (t.set[i]->expr ? expr(*t.set[i]->expr, kLambda) : "");
    }
  }
  return out;
}

std::string Printer::node(const Node& n) {
  if (const auto* e = n.tryAs<Expr>()) return expr(*e, kAlias);
  if (const auto* q = n.tryAs<Query>()) return query(*q);
  if (const auto* t = n.tryAs<TableExpr>()) return tableExpr(*t);
  switch (n.kind()) {
    case NodeKind::SelectStatement: return statement(n.as<SelectStatement>());
    case NodeKind::TypeExpr: return type(n.as<TypeExpr>());
    case NodeKind::OrderItem: return orderItem(n.as<OrderItem>());
    case NodeKind::WindowSpec: return windowSpec(n.as<WindowSpec>());
    case NodeKind::WithItem: return withItem(n.as<WithItem>());
    case NodeKind::GroupByClause: return groupBy(n.as<GroupByClause>());
    case NodeKind::TtlElement: return ttlElement(n.as<TtlElement>());
    default: return "<" + std::string(n.kindName()) + ">";
  }
}

}  // namespace print

std::string printStatement(const SelectStatement& stmt, const PrintOptions& options) {
  return print::Printer(options).statement(stmt);
}
std::string printQuery(const Query& query, const PrintOptions& options) {
  return print::Printer(options).query(query);
}
std::string printExpr(const Expr& expr, const PrintOptions& options) {
  return print::Printer(options).expr(expr, print::kAlias);
}
std::string printType(const TypeExpr& type) {
  PrintOptions options;
  return print::Printer(options).type(type);
}
std::string printTtl(const std::vector<std::unique_ptr<TtlElement>>& elements,
                     const PrintOptions& options) {
  print::Printer printer(options);
  std::string out;
  for (size_t i = 0; i < elements.size(); ++i) out += (i ? ", " : "") + printer.ttlElement(*elements[i]);
  return out;
}
std::string printNode(const Node& node, const PrintOptions& options) {
  return print::Printer(options).node(node);
}

}  // namespace ferry::sql
