/// Datasource schemas and the checks ClickHouse makes at CREATE TABLE: key columns must be
/// comparable and (without allow_nullable_key) not Nullable, engine columns must exist and have
/// the types the engine needs, DEFAULT expressions must convert to their column's type.
#include <algorithm>
#include <cctype>

#include "compiler/analyze/project_checks.h"
#include "compiler/analyze/project_tables.h"
#include "compiler/analyze/query_analyzer.h"
#include "compiler/sql/printer.h"
#include "compiler/types/conversion.h"
#include "compiler/types/type_parser.h"

namespace ferry::analyze {

namespace {

const Column* findColumn(const Schema& s, std::string_view name) {
  for (const auto& c : s)
    if (c.name == name) return &c;
  return nullptr;
}

bool containsNullable(const types::DataType& t) {
  if (t.kind == types::TypeKind::Nullable) return true;
  if (t.kind == types::TypeKind::LowCardinality) return containsNullable(*t.child());
  return false;
}

bool isState(const types::DataType& t) { return t.kind == types::TypeKind::AggregateFunction; }

bool engineSettingEnabled(const datafile::Datasource& ds, std::string_view setting) {
  const auto* s = ds.engineSetting("ENGINE_SETTINGS");
  if (!s) return false;
  std::string v = s->value;
  v.erase(std::remove_if(v.begin(), v.end(), [](char c) { return c == ' ' || c == '\t'; }), v.end());
  std::string want = std::string(setting) + "=1";
  std::string want_true = std::string(setting) + "=true";
  return v.find(want) != std::string::npos || v.find(want_true) != std::string::npos;
}

/// The single-column name an engine setting such as ENGINE_VER holds, if it is a bare column.
const sql::Identifier* bareColumn(const sql::Expr& e) {
  if (e.kind() != sql::NodeKind::Identifier) return nullptr;
  const auto& id = static_cast<const sql::Identifier&>(e);
  return id.parts.size() == 1 ? &id : nullptr;
}

/// Key expressions: `(a, b)` and `tuple(a, b)` are lists of keys; each key is typed.
void collectKeyItems(const sql::Expr& e, std::vector<const sql::Expr*>& out) {
  if (e.kind() == sql::NodeKind::TupleExpr) {
    for (const auto& item : static_cast<const sql::TupleExpr&>(e).elements) collectKeyItems(*item, out);
    return;
  }
  if (e.kind() == sql::NodeKind::FunctionCall) {
    const auto& call = static_cast<const sql::FunctionCall&>(e);
    if (call.name == "tuple" && !call.has_parameters) {
      for (const auto& item : call.args) collectKeyItems(*item, out);
      return;
    }
  }
  out.push_back(&e);
}

void checkSortingKey(const DatasourceSchema& ds, const sql::ExprList& exprs, DiagnosticSink& sink) {
  const auto& datasource = *ds.resource->datafile.datasource();
  bool nullable_allowed = engineSettingEnabled(datasource, "allow_nullable_key");
  std::vector<const sql::Expr*> items;
  for (const auto& e : exprs) collectKeyItems(*e, items);
  for (const auto* item : items) {
    DiagnosticSink local;
    auto type = typeStandaloneExpression(*item, local, nullptr, &ds.columns);
    sink.append(local);
    if (!type) continue;
    if (isState(*type)) {
      sink.report(DiagId::SCH_STATE_IN_SORTING_KEY, item->span,
                  "'" + sql::printExpr(*item) + "' has type " + types::toString(type) +
                      ", which is not comparable and cannot be part of the sorting key",
                  "keep aggregate states out of ENGINE_SORTING_KEY");
    } else if (!nullable_allowed && containsNullable(*type) && !bareColumn(*item)) {
      // A bare Nullable column is reported by the datafile layer (DF_SORTING_KEY), as the CLI does.
      sink.report(DiagId::SCH_NULLABLE_SORTING_KEY, item->span,
                  "'" + sql::printExpr(*item) + "' is " + types::toString(type) +
                      ": the sorting key contains a Nullable column",
                  "make the column non-Nullable, wrap it in ifNull/assumeNotNull, or set "
                  "ENGINE_SETTINGS allow_nullable_key=1");
    }
  }
}

void checkKeyExpressions(const DatasourceSchema& ds, const sql::ExprList& exprs, DiagnosticSink& sink) {
  for (const auto& e : exprs) {
    DiagnosticSink local;
    typeStandaloneExpression(*e, local, nullptr, &ds.columns);
    sink.append(local);
  }
}

/// ENGINE_VER, ENGINE_SIGN, ENGINE_IS_DELETED: one column of an accepted type.
void checkEngineColumn(const DatasourceSchema& ds, const std::string& setting, const sql::ExprList& exprs,
                       DiagnosticSink& sink) {
  for (const auto& e : exprs) {
    const auto* id = bareColumn(*e);
    if (!id) continue;
    const auto* col = findColumn(ds.columns, id->parts[0]);
    if (!col) {
      sink.report(DiagId::SCH_UNKNOWN_ENGINE_COLUMN, e->span,
                  setting + " names '" + id->parts[0] + "', which is not a column of '" + ds.resource->name + "'");
      continue;
    }
    if (!col->type) continue;
    auto k = types::removeLowCardinality(col->type)->kind;
    bool ok = true;
    std::string wanted;
    if (setting == "ENGINE_SIGN") {
      ok = k == types::TypeKind::Int8;
      wanted = "Int8";
    } else if (setting == "ENGINE_IS_DELETED") {
      ok = k == types::TypeKind::UInt8 || k == types::TypeKind::Bool;
      wanted = "UInt8";
    } else {  // ENGINE_VER / ENGINE_VERSION
      ok = types::isUnsignedInteger(k) || k == types::TypeKind::Date || k == types::TypeKind::Date32 ||
           k == types::TypeKind::DateTime || k == types::TypeKind::DateTime64;
      wanted = "UInt*, Date, DateTime or DateTime64";
    }
    if (!ok)
      sink.report(DiagId::SCH_ENGINE_COLUMN_TYPE, e->span,
                  setting + " column '" + col->name + "' is " + types::toString(col->type) + "; the engine needs " +
                      wanted);
  }
}

void checkSummingColumns(const DatasourceSchema& ds, const sql::ExprList& exprs, DiagnosticSink& sink) {
  std::vector<const sql::Expr*> items;
  for (const auto& e : exprs) collectKeyItems(*e, items);
  for (const auto* e : items) {
    const auto* id = bareColumn(*e);
    if (id && !findColumn(ds.columns, id->parts[0]))
      sink.report(DiagId::SCH_UNKNOWN_ENGINE_COLUMN, e->span,
                  "ENGINE_SUMMING_COLUMNS names '" + id->parts[0] + "', which is not a column of '" +
                      ds.resource->name + "'");
  }
}

/// A string literal DEFAULT of a numeric column must parse as a number: ClickHouse evaluates
/// the CAST at CREATE TABLE (`UInt32 DEFAULT 'none'` fails with CANNOT_PARSE_TEXT).
bool constantParses(const sql::Expr& e, const types::DataType& target) {
  const auto* lit = e.tryAs<sql::Literal>();
  if (!lit || lit->literal_kind != sql::LiteralKind::String) return true;
  auto k = target.kind == types::TypeKind::LowCardinality ? target.child()->kind : target.kind;
  if (!types::isNumber(k)) return true;
  const std::string& v = lit->value;
  if (v.empty()) return false;
  size_t i = (v[0] == '-' || v[0] == '+') ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < v.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(v[i]))) digits = true;
    else if (v[i] == '.' && !dot && !types::isInteger(k)) dot = true;
    else return false;
  }
  return digits;
}

void checkDefaults(const DatasourceSchema& ds, DiagnosticSink& sink) {
  for (const auto& col : ds.resource->columns) {
    if (!col.default_expr || !col.type) continue;
    const auto* declared = findColumn(ds.columns, col.column->name.text);
    if (!declared || !declared->type) continue;
    DiagnosticSink local;
    auto type = typeStandaloneExpression(*col.default_expr, local, nullptr, &ds.columns);
    sink.append(local);
    if (!type) continue;
    auto verdict = types::classifyConversion(*type, *declared->type);
    if (verdict == types::ConversionKind::Impossible || !constantParses(*col.default_expr, *declared->type))
      sink.report(DiagId::SCH_DEFAULT_TYPE_MISMATCH, col.default_expr->span,
                  "DEFAULT of '" + declared->name + "' is " + types::toString(type) + ", which cannot be converted to " +
                      types::toString(declared->type) +
                      (verdict == types::ConversionKind::Impossible ? "" : " (the value does not parse)"));
  }
}

}  // namespace

DatasourceSchema datasourceSchema(const project::Resource& r, DiagnosticSink& sink) {
  DatasourceSchema out;
  out.name = r.name;
  out.resource = &r;
  for (const auto& col : r.columns) {
    Column c{col.column->name.text, nullptr};
    // ClickHouse refuses the table; the first column of a name is the one kept in the schema.
    if (findColumn(out.columns, c.name)) {
      sink.report(DiagId::SCH_DUPLICATE_COLUMN, col.column->name.span,
                  "column '" + c.name + "' is declared twice (ClickHouse: DUPLICATE_COLUMN)");
      continue;
    }
    if (col.type) {
      auto parsed = types::typeFromSyntax(*col.type);
      if (parsed.type) {
        c.type = parsed.type;
      } else {
        sink.report(DiagId::SCH_INVALID_TYPE, col.type->span,
                    "column '" + c.name + "': " + parsed.message + " (" + parsed.error_code + ")");
      }
    }
    out.complete = out.complete && c.type != nullptr;
    out.columns.push_back(std::move(c));
  }
  auto implicit = connectorColumns(r, out.columns);
  out.columns.insert(out.columns.end(), implicit.begin(), implicit.end());
  return out;
}

void checkDatasourceEngine(const DatasourceSchema& ds, DiagnosticSink& sink) {
  if (!ds.complete) return;  // keys over a column whose type is unknown would only cascade
  for (const auto& [setting, exprs] : ds.resource->engine_exprs) {
    if (setting == "ENGINE_SORTING_KEY") checkSortingKey(ds, exprs, sink);
    else if (setting == "ENGINE_PRIMARY_KEY") checkSortingKey(ds, exprs, sink);
    else if (setting == "ENGINE_PARTITION_KEY" || setting == "ENGINE_SAMPLING_KEY") checkKeyExpressions(ds, exprs, sink);
    else if (setting == "ENGINE_VER" || setting == "ENGINE_VERSION" || setting == "ENGINE_SIGN" ||
             setting == "ENGINE_IS_DELETED")
      checkEngineColumn(ds, setting, exprs, sink);
    else if (setting == "ENGINE_SUMMING_COLUMNS") checkSummingColumns(ds, exprs, sink);
  }
  checkDefaults(ds, sink);
}

}  // namespace ferry::analyze
