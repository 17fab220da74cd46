// Checking a user-written FORWARD_QUERY (forward_query.h): its form (a column selection), that
// it runs over the live schema, that it produces the new one, and that it does not overwrite
// live values with constants.
//
// Type differences: a column whose type differs from the new one only by a lossless conversion
// (UInt32 where the new column is UInt64, String where it is LowCardinality(String)) is a
// warning, because the INSERT of the backfill casts it without changing a value; any other
// difference, a missing or extra column and a different column order are errors.
#include <set>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/live_table.h"
#include "compiler/plan/recommended_cast.h"
#include "compiler/sql/printer.h"

namespace ferry::plan {

namespace {

using types::toString;

struct Clause {
  const char* name;
  Span span;
};

/// The clauses that make a FORWARD_QUERY more than a column selection.
std::vector<Clause> extraClauses(const sql::SelectStatement& stmt) {
  std::vector<Clause> out;
  if (!stmt.query) return out;
  if (!stmt.query->is<sql::SelectQuery>()) {
    const char* what = stmt.query->is<sql::SetQuery>() ? "UNION / EXCEPT / INTERSECT" : "a query other than one SELECT";
    out.push_back({what, stmt.query->span});
    return out;
  }
  const auto& q = stmt.query->as<sql::SelectQuery>();
  if (!q.with.empty()) out.push_back({"WITH", q.with.front()->span});
  if (q.distinct) out.push_back({"DISTINCT", q.select.empty() ? q.span : q.select.front()->span});
  if (q.top) out.push_back({"TOP", q.top->span});
  if (q.from) {
    bool array_join_only = q.from->is<sql::ArrayJoinExpr>() && !q.from->as<sql::ArrayJoinExpr>().left;
    bool array_join = array_join_only || q.from->is<sql::ArrayJoinExpr>();
    bool join = q.from->is<sql::JoinExpr>();
    out.push_back({array_join ? "ARRAY JOIN" : join ? "JOIN" : "FROM", q.from->span});
  }
  if (q.prewhere) out.push_back({"PREWHERE", q.prewhere->span});
  if (q.where) out.push_back({"WHERE", q.where->span});
  if (q.group_by) out.push_back({"GROUP BY", q.group_by->span});
  if (q.having) out.push_back({"HAVING", q.having->span});
  if (!q.window.empty()) out.push_back({"WINDOW", q.window.front()->span});
  if (q.qualify) out.push_back({"QUALIFY", q.qualify->span});
  if (!q.order_by.empty()) out.push_back({"ORDER BY", q.order_by.front()->span});
  if (q.interpolate) out.push_back({"INTERPOLATE", q.span});
  if (q.limit_by) out.push_back({"LIMIT BY", q.limit_by->span});
  if (q.limit) out.push_back({"LIMIT", q.limit->span});
  if (!q.settings.empty()) out.push_back({"SETTINGS", q.settings.front()->span});
  if (stmt.into_outfile) out.push_back({"INTO OUTFILE", stmt.into_outfile->span});
  if (!stmt.format.empty()) out.push_back({"FORMAT", stmt.span});
  if (!stmt.settings.empty()) out.push_back({"SETTINGS", stmt.settings.front()->span});
  return out;
}

/// Whether an expression reads a column (an identifier that is not a lambda parameter, `*`,
/// COLUMNS(...)). Scalar subqueries read other tables, not the row: they do not count.
bool readsColumn(const sql::Node& node, std::set<std::string>& lambda_params) {
  if (node.is<sql::Identifier>()) {
    const auto& id = node.as<sql::Identifier>();
    return !(id.parts.size() == 1 && lambda_params.count(id.parts[0]));
  }
  if (node.is<sql::Asterisk>() || node.is<sql::ColumnsMatcher>()) return true;
  if (node.is<sql::SubqueryExpr>() || node.is<sql::ExistsExpr>()) return false;
  if (node.is<sql::Lambda>()) {
    const auto& lambda = node.as<sql::Lambda>();
    std::set<std::string> inner = lambda_params;
    inner.insert(lambda.params.begin(), lambda.params.end());
    return lambda.body && readsColumn(*lambda.body, inner);
  }
  bool found = false;
  sql::forEachChild(node, [&](const sql::Node& child) {
    if (!found && readsColumn(child, lambda_params)) found = true;
  });
  return found;
}

/// (output name, expression) of every select item that names its column: `expr AS name`, a
/// bare identifier, and the items of `* REPLACE (expr AS name)`.
std::vector<std::pair<std::string, const sql::Expr*>> namedItems(const sql::SelectQuery& q) {
  std::vector<std::pair<std::string, const sql::Expr*>> out;
  for (const auto& item : q.select) {
    if (item->is<sql::AliasExpr>()) {
      const auto& alias = item->as<sql::AliasExpr>();
      if (alias.expr) out.emplace_back(alias.name, alias.expr.get());
    } else if (item->is<sql::Asterisk>()) {
      for (const auto& t : item->as<sql::Asterisk>().transformers) {
        if (t->transformer != sql::TransformerKind::Replace) continue;
        for (const auto& r : t->items) {
          if (r->is<sql::AliasExpr>() && r->as<sql::AliasExpr>().expr) {
            out.emplace_back(r->as<sql::AliasExpr>().name, r->as<sql::AliasExpr>().expr.get());
          }
        }
      }
    }
  }
  return out;
}

std::string backquoted(const std::string& name) { return "`" + name + "`"; }

std::string defaultItem(const ColumnSpec& column) {
  return "defaultValueOfTypeName(" + typeArgument(*column.type) + ") AS " + types::quoteNameIfNeeded(column.name);
}

}  // namespace

ForwardQueryCheck checkForwardQuery(const project::Resource& datasource, const std::vector<ColumnSpec>& live,
                                    const std::vector<ColumnSpec>& next, DiagnosticSink& sink) {
  ForwardQueryCheck result;
  if (!datasource.forward_query || !datasource.forward_query->statement) return result;  // syntax errors: reported at load
  const auto& stmt = *datasource.forward_query->statement;
  result.sql = sql::printStatement(stmt, sql::PrintOptions{true, 4});
  size_t errors_before = sink.errorCount();

  auto extra = extraClauses(stmt);
  for (const auto& clause : extra) {
    sink.report(DiagId::PLAN_FORWARD_QUERY_FORM, clause.span.valid() ? clause.span : stmt.span,
                std::string("the FORWARD_QUERY of `") + datasource.name + "` has " + clause.name +
                    ": it must be a column selection, which runs over the whole live datasource",
                "write only `SELECT <columns>`, e.g. `SELECT *` or `SELECT a, CAST(b, 'UInt64') AS b`");
  }
  if (!extra.empty()) return result;

  const auto& query = stmt.query->as<sql::SelectQuery>();
  LiveTable table(schemaOf(live));
  DiagnosticSink analysis_sink;
  auto analysis = analyzeOverLive(stmt, table, datasource.name, analysis_sink);
  for (const auto& d : analysis_sink.all()) {
    Span span = d.span.valid() ? d.span : stmt.span;
    if (d.severity == Severity::Error) {
      auto& reported = sink.report(DiagId::PLAN_FORWARD_QUERY_INVALID, span,
                                   "the FORWARD_QUERY of `" + datasource.name + "` does not run over the live schema: " +
                                       d.message + " [" + std::string(diagName(d.id)) + "]",
                                   d.hint);
      reported.notes = d.notes;
    } else {
      sink.report(d.id, d.severity, span, d.message, d.hint).notes = d.notes;
    }
  }
  if (!analysis.ok) return result;
  result.output = analysis.output;

  // The output against the new columns: names, order, types.
  std::vector<const ColumnSpec*> new_columns;
  for (const auto& c : next)
    if (c.type) new_columns.push_back(&c);
  auto itemSpan = [&](size_t output_index) {
    if (query.select.size() == analysis.output.size() && query.select[output_index]->span.valid()) {
      return query.select[output_index]->span;
    }
    return stmt.span;
  };
  auto outputIndex = [&](const std::string& name) -> std::optional<size_t> {
    for (size_t i = 0; i < analysis.output.size(); ++i)
      if (analysis.output[i].name == name) return i;
    return std::nullopt;
  };
  bool names_match = true;
  for (const auto* column : new_columns) {
    if (outputIndex(column->name)) continue;
    names_match = false;
    sink.report(DiagId::PLAN_FORWARD_QUERY_MISMATCH, stmt.span,
                "the FORWARD_QUERY of `" + datasource.name + "` has no column " + backquoted(column->name) + " (" +
                    toString(*column->type) + "), which the new schema has",
                "select it, e.g. `" + defaultItem(*column) + "` for a new column");
  }
  for (size_t i = 0; i < analysis.output.size(); ++i) {
    const auto& name = analysis.output[i].name;
    bool known = false;
    for (const auto* column : new_columns) known = known || column->name == name;
    if (known) continue;
    names_match = false;
    sink.report(DiagId::PLAN_FORWARD_QUERY_MISMATCH, itemSpan(i),
                "the FORWARD_QUERY of `" + datasource.name + "` produces a column " + backquoted(name) +
                    ", which is not in the new schema",
                "name each select item after a new column (`expr AS name`) or leave it out");
  }
  if (names_match && analysis.output.size() == new_columns.size()) {
    for (size_t i = 0; i < new_columns.size(); ++i) {
      if (analysis.output[i].name == new_columns[i]->name) continue;
      sink.report(DiagId::PLAN_FORWARD_QUERY_MISMATCH, itemSpan(i),
                  "the FORWARD_QUERY of `" + datasource.name + "` gives column " + std::to_string(i + 1) + " as " +
                      backquoted(analysis.output[i].name) + ", but the new schema has " + backquoted(new_columns[i]->name) +
                      " there: the backfill inserts by position",
                  "select the columns in the order of the SCHEMA");
      break;
    }
  }
  for (const auto* column : new_columns) {
    auto i = outputIndex(column->name);
    if (!i || !analysis.output[*i].type) continue;
    const auto& got = *analysis.output[*i].type;
    if (toString(got) == toString(*column->type)) continue;
    auto verdict = types::explainConversion(got, *column->type);
    bool lossless = verdict.kind == types::ConversionKind::Identical || verdict.kind == types::ConversionKind::Lossless;
    std::string message = "the FORWARD_QUERY of `" + datasource.name + "` gives " + backquoted(column->name) + " the type " +
                          toString(got) + ", but the new schema has " + toString(*column->type);
    if (lossless) {
      sink.report(DiagId::PLAN_FORWARD_QUERY_MISMATCH, Severity::Warning, itemSpan(*i),
                  message + " (the backfill's INSERT casts it without loss)",
                  "write CAST(..., '" + toString(*column->type) + "') to make it exact");
    } else {
      sink.report(DiagId::PLAN_FORWARD_QUERY_MISMATCH, itemSpan(*i),
                  message + ": " + (verdict.reason.empty() ? "the conversion is not lossless" : verdict.reason),
                  "convert it explicitly, e.g. accurateCastOrDefault(..., '" + toString(*column->type) + "')");
    }
  }

  // Constants written over live values.
  std::set<std::string> live_names;
  for (const auto& c : live) live_names.insert(c.name);
  for (const auto& [name, expr] : namedItems(query)) {
    if (!live_names.count(name)) continue;
    std::set<std::string> params;
    if (readsColumn(*expr, params)) continue;
    sink.report(DiagId::PLAN_FORWARD_QUERY_OVERWRITES, expr->span.valid() ? expr->span : stmt.span,
                "the FORWARD_QUERY of `" + datasource.name + "` sets " + backquoted(name) + " to " + sql::printExpr(*expr) +
                    ", a constant: every live value of " + backquoted(name) + " is replaced",
                "if this FORWARD_QUERY is left from an earlier deployment, remove it; otherwise select the live column");
  }

  result.ok = sink.errorCount() == errors_before;
  return result;
}

}  // namespace ferry::plan
