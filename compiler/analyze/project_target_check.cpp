/// A materialized (or copy) node writes its rows into the target datasource the way ClickHouse
/// inserts a SELECT into a `TO` table: columns are matched by name, a target column the query
/// does not produce takes its DEFAULT, an output column the target does not have is an error
/// (THERE_IS_NO_COLUMN), and each column is converted with CAST — which ClickHouse refuses at
/// CREATE for incompatible aggregate states and which may wrap or fail at insert otherwise.
#include <map>

#include "compiler/analyze/project_checks.h"
#include "compiler/sql/ast.h"
#include "compiler/types/conversion.h"

namespace ferry::analyze {

namespace {

/// Where to point: the node's SQL, or its name when the SQL has no span.
Span nodeSpan(const NodeSchema& node) {
  const auto* stmt = node.syntax->sql.statement.get();
  if (stmt && stmt->span.valid()) return stmt->span;
  return node.syntax->node->name.span;
}

/// The select item of the node's (first) SELECT that produces `column`, else the node's span.
Span columnSpan(const NodeSchema& node, std::string_view column) {
  const auto* stmt = node.syntax->sql.statement.get();
  const sql::Query* q = stmt ? stmt->query.get() : nullptr;
  while (q) {
    if (const auto* set = q->tryAs<sql::SetQuery>()) q = set->left.get();
    else if (const auto* paren = q->tryAs<sql::ParenQuery>()) q = paren->inner.get();
    else break;
  }
  if (const auto* select = q ? q->tryAs<sql::SelectQuery>() : nullptr) {
    for (const auto& item : select->select) {
      if (!item) continue;
      if (const auto* alias = item->tryAs<sql::AliasExpr>(); alias && alias->name == column) return item->span;
      if (const auto* id = item->tryAs<sql::Identifier>(); id && !id->parts.empty() && id->parts.back() == column)
        return item->span;
    }
  }
  return nodeSpan(node);
}

std::string kindWord(bool materialized) { return materialized ? "materialized node" : "copy node"; }

}  // namespace

void checkTargetSchema(const NodeSchema& node, const DatasourceSchema& target, bool materialized,
                       DiagnosticSink& sink) {
  const Schema& out = *node.columns;
  Span span = nodeSpan(node);
  std::map<std::string_view, const Column*> produced;
  for (const auto& c : out) produced.emplace(c.name, &c);
  const std::string& ds = target.resource->name;

  for (const auto& c : out) {
    const Column* t = nullptr;
    for (const auto& tc : target.columns)
      if (tc.name == c.name) t = &tc;
    if (!t) {
      sink.report(DiagId::SCH_TARGET_UNKNOWN_COLUMN, columnSpan(node, c.name),
                  kindWord(materialized) + " '" + node.name + "' outputs column '" + c.name +
                      "', which datasource '" + ds + "' does not have",
                  "rename it with AS to a column of '" + ds + "', or add the column to the datasource");
      continue;
    }
    if (!t->type || !c.type || types::equals(t->type, c.type)) continue;
    auto verdict = types::classifyConversion(*c.type, *t->type);
    Span at = columnSpan(node, c.name);
    std::string what = "column '" + c.name + "' is " + types::toString(c.type) + " in node '" + node.name +
                       "' but " + types::toString(t->type) + " in datasource '" + ds + "'";
    switch (verdict) {
      case types::ConversionKind::Identical:
      case types::ConversionKind::Lossless:
        break;
      case types::ConversionKind::Lossy:
        sink.report(DiagId::SCH_TARGET_LOSSY_CONVERSION, at, what + ": values may wrap or lose precision on insert",
                    "produce " + types::toString(t->type) + " in the query (CAST or the matching -State function)");
        break;
      case types::ConversionKind::Fallible:
        sink.report(DiagId::SCH_TARGET_LOSSY_CONVERSION, at, what + ": inserts fail on values that do not convert",
                    "produce " + types::toString(t->type) + " in the query (CAST or the matching -State function)");
        break;
      case types::ConversionKind::Impossible:
        sink.report(DiagId::SCH_TARGET_TYPE_MISMATCH, at, what + ", and ClickHouse cannot convert one to the other",
                    t->type->kind == types::TypeKind::AggregateFunction
                        ? "aggregate states only convert when the function and its state are the same; use the "
                          "-State function with arguments of the target's types"
                        : "produce " + types::toString(t->type) + " in the query");
        break;
    }
  }

  for (const auto& t : target.columns) {
    if (produced.count(t.name)) continue;
    bool has_default = false;
    for (const auto& col : target.resource->columns)
      if (col.column->name.text == t.name && col.default_expr) has_default = true;
    // Implicit columns (Kafka, DynamoDB connector columns) are not filled by queries.
    bool declared = false;
    for (const auto& col : target.resource->columns) declared = declared || col.column->name.text == t.name;
    if (!declared) continue;
    sink.report(DiagId::SCH_TARGET_MISSING_COLUMN, span,
                kindWord(materialized) + " '" + node.name + "' does not produce column '" + t.name + "' of '" + ds +
                    "': it takes " + (has_default ? "its DEFAULT" : "the default value of its type"));
  }
}

}  // namespace ferry::analyze
