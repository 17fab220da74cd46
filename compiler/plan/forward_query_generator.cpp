// Generating a forward query: old columns mapped to new ones by name (forward_query.h).
//
// The select items are built as text, parsed, analyzed over the live table and printed by the
// project's printer, so the SQL is canonical and always parses again. The analysis is also the
// last check of the types: an item whose type is not exactly the new column's (a DEFAULT of
// another type, a function that keeps LowCardinality) is wrapped in a CAST to it.
#include <map>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/live_table.h"
#include "compiler/plan/recommended_cast.h"
#include "compiler/sql/printer.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::plan {

namespace {

using types::toString;

struct Item {
  std::string expression;  ///< without the alias
  bool aliased = true;     ///< `expression AS col` (false for a kept column written as `col`)
};

std::string itemText(const Item& item, const std::string& column) {
  return item.aliased ? item.expression + " AS " + quotedColumn(column) : item.expression;
}

std::string selectText(const std::vector<Item>& items, const std::vector<const ColumnSpec*>& columns) {
  std::string text = "SELECT ";
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + itemText(items[i], columns[i]->name);
  return text;
}

/// Types a standalone expression (SQL text) over the live columns; null when it does not type.
types::TypePtr typeOver(const std::string& sql_text, const analyze::Schema& live) {
  DiagnosticSink sink;
  auto expr = sql::parseExpression(sql_text, SourceMap(), sink);
  if (!expr || sink.hasErrors()) return nullptr;
  auto type = analyze::typeStandaloneExpression(*expr, sink, nullptr, &live);
  return sink.hasErrors() ? nullptr : type;
}

/// The item of an added column: its DEFAULT when it can be computed from the live columns,
/// otherwise the type's default value.
Item addedItem(const ColumnSpec& column, const analyze::Schema& live, std::string& reason) {
  std::string type = toString(*column.type);
  if (!column.default_expr.empty()) {
    if (auto t = typeOver(column.default_expr, live)) {
      reason = "new column: filled from its DEFAULT " + column.default_expr;
      if (toString(*t) == type) return {column.default_expr};
      return {"CAST(" + column.default_expr + ", " + typeArgument(*column.type) + ")"};
    }
    reason = "new column: its DEFAULT " + column.default_expr +
             " cannot be computed from the live columns, so it gets the default value of " + type;
  } else {
    reason = "new column: the default value of " + type;
  }
  return {"defaultValueOfTypeName(" + typeArgument(*column.type) + ")"};
}

}  // namespace

GeneratedForwardQuery generateForwardQuery(const std::vector<ColumnSpec>& live, const std::vector<ColumnSpec>& next) {
  GeneratedForwardQuery out;
  std::vector<const ColumnSpec*> old_columns, new_columns;
  for (const auto& c : live)
    if (c.type) old_columns.push_back(&c);
  for (const auto& c : next)
    if (c.type) new_columns.push_back(&c);
  std::map<std::string, const ColumnSpec*> old_by_name;
  for (const auto* c : old_columns) old_by_name.emplace(c->name, c);
  std::map<std::string, const ColumnSpec*> new_by_name;
  for (const auto* c : new_columns) new_by_name.emplace(c->name, c);

  bool identity = old_columns.size() == new_columns.size();
  for (size_t i = 0; identity && i < old_columns.size(); ++i) {
    identity = old_columns[i]->name == new_columns[i]->name &&
               toString(*old_columns[i]->type) == toString(*new_columns[i]->type);
  }
  if (identity || new_columns.empty()) {
    out.identity = identity;
    out.sql = "SELECT *";
    for (const auto* c : new_columns) {
      ColumnMapping keep;
      keep.column = c->name;
      keep.expression = types::quoteNameIfNeeded(c->name);
      out.columns.push_back(std::move(keep));
    }
    if (identity) return out;
  }

  analyze::Schema live_schema = schemaOf(live);
  ExpressionTyper type_of = [&](const std::string& sql_text) { return typeOver(sql_text, live_schema); };

  std::vector<Item> items;
  for (const auto* column : new_columns) {
    ColumnMapping mapping;
    mapping.column = column->name;
    auto old = old_by_name.find(column->name);
    Item item;
    if (old == old_by_name.end()) {
      mapping.kind = MappingKind::Added;
      item = addedItem(*column, live_schema, mapping.reason);
    } else {
      const auto& from = *old->second->type;
      const auto& to = *column->type;
      mapping.conversion = types::classifyConversion(from, to);
      auto conversion = convertExpression(quotedColumn(column->name), from, to, type_of);
      mapping.kind = conversion.kind;
      mapping.reason = conversion.reason;
      switch (conversion.kind) {
        case MappingKind::Keep: item = {quotedColumn(column->name), false}; break;
        case MappingKind::Impossible:
          item = {"defaultValueOfTypeName(" + typeArgument(to) + ")"};
          out.impossible = true;
          break;
        case MappingKind::Recommended:
          out.needs_confirmation = true;
          item = {conversion.sql};
          break;
        default: item = {conversion.sql}; break;
      }
    }
    items.push_back(std::move(item));
    out.columns.push_back(std::move(mapping));
  }

  // Rename hints: each removed column pairs with the first unpaired added column of its type.
  std::vector<bool> paired(new_columns.size(), false);
  for (const auto* old : old_columns) {
    if (new_by_name.count(old->name)) continue;
    out.columns.push_back({old->name, MappingKind::Dropped, {}, types::ConversionKind::Identical,
                           "removed column: its data is lost"});
    for (size_t i = 0; i < new_columns.size(); ++i) {
      if (paired[i] || old_by_name.count(new_columns[i]->name)) continue;
      if (toString(*new_columns[i]->type) != toString(*old->type)) continue;
      paired[i] = true;
      out.rename_hints.emplace_back(old->name, new_columns[i]->name);
      break;
    }
  }
  if (new_columns.empty()) return out;

  // Parse, type over the live table, and CAST what the analysis says is not exactly the new type.
  DiagnosticSink sink;
  LiveTable table(live_schema);
  auto stmt = sql::parseQuery(selectText(items, new_columns), SourceMap(), sink);
  if (stmt) {
    DiagnosticSink analysis_sink;
    auto analysis = analyzeOverLive(*stmt, table, "live", analysis_sink);
    bool rewrap = false;
    if (analysis.output.size() == items.size()) {
      for (size_t i = 0; i < items.size(); ++i) {
        const auto& got = analysis.output[i].type;
        if (!got || toString(*got) == toString(*new_columns[i]->type)) continue;
        items[i] = {"CAST(" + items[i].expression + ", " + typeArgument(*new_columns[i]->type) + ")"};
        rewrap = true;
      }
    }
    if (rewrap) stmt = sql::parseQuery(selectText(items, new_columns), SourceMap(), sink);
  }
  if (!stmt) {
    // Not expected (every piece is generated); keep the text so that the failure is visible.
    out.sql = selectText(items, new_columns);
    for (size_t i = 0; i < items.size(); ++i) out.columns[i].expression = itemText(items[i], new_columns[i]->name);
    return out;
  }
  const auto& select = stmt->query->as<sql::SelectQuery>();
  for (size_t i = 0; i < items.size() && i < select.select.size(); ++i) {
    out.columns[i].expression = sql::printExpr(*select.select[i]);
  }
  out.sql = sql::printStatement(*stmt, sql::PrintOptions{true, 4});
  return out;
}

}  // namespace ferry::plan
