/// Table functions in FROM: the columns they produce. Generators have fixed columns
/// (`numbers` -> number UInt64); functions reading data take an optional structure argument
/// (`url(u, CSV, 'a UInt8')`) and are opaque without it (ClickHouse infers their columns from
/// the data, which the analyzer cannot see).
#include <algorithm>
#include <cctype>

#include "compiler/analyze/select_analyzer.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/types/supertype.h"
#include "compiler/types/type_parser.h"

namespace ferry::analyze {

namespace {

using types::TypeKind;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

const sql::Literal* stringArg(const sql::FunctionCall& call, size_t i) {
  if (i >= call.args.size() || !call.args[i]) return nullptr;
  const auto* l = call.args[i]->tryAs<sql::Literal>();
  return l && l->literal_kind == sql::LiteralKind::String ? l : nullptr;
}

/// Table functions whose columns come from outside data (or another server).
bool isDataTableFunction(std::string_view name) {
  static const char* const kNames[] = {
      "url", "urlcluster", "file", "filecluster", "s3", "s3cluster", "gcs", "hdfs", "hdfscluster",
      "azureblobstorage", "azureblobstoragecluster", "input", "format", "mysql", "postgresql",
      "sqlite", "mongodb", "redis", "jdbc", "odbc", "iceberg", "icebergs3", "icebergazure",
      "iceberghdfs", "icebergs3cluster", "deltalake", "deltalakecluster", "hudi", "hudicluster",
      "dictionary", "executable", "merge", "remote", "remotesecure", "cluster", "clusterallreplicas",
      "fuzzjson", "fuzzquery", "loop", "mergetreeindex", "mergetreeprojection", "arrowflight",
      "ytsaurus", "paimon", "timeseriesdata", "timeseriestags", "timeseriesmetrics", "prometheusquery",
  };
  std::string l = lower(name);
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return l == n; });
}

}  // namespace

std::optional<Schema> parseStructure(std::string_view text, std::string* error) {
  Schema schema;
  std::vector<std::string> pieces;
  int depth = 0;
  char quote = 0;
  std::string cur;
  for (char c : text) {
    if (quote) {
      cur += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '`' || c == '"') quote = c;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      pieces.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!trim(cur).empty()) pieces.push_back(trim(cur));
  for (const auto& piece : pieces) {
    std::string name;
    size_t pos = 0;
    if (!piece.empty() && (piece[0] == '`' || piece[0] == '"')) {
      size_t end = piece.find(piece[0], 1);
      if (end == std::string::npos) {
        if (error) *error = "unterminated quoted name in `" + piece + "`";
        return std::nullopt;
      }
      name = piece.substr(1, end - 1);
      pos = end + 1;
    } else {
      while (pos < piece.size() && !std::isspace(static_cast<unsigned char>(piece[pos]))) ++pos;
      name = piece.substr(0, pos);
    }
    std::string type_text = trim(std::string_view(piece).substr(pos));
    if (name.empty() || type_text.empty()) {
      if (error) *error = "`" + piece + "` is not `name Type`";
      return std::nullopt;
    }
    auto parsed = types::parseTypeName(type_text);
    if (!parsed.ok()) {
      if (error) *error = "column `" + name + "`: " + parsed.message;
      return std::nullopt;
    }
    schema.push_back({name, parsed.type});
  }
  if (schema.empty()) {
    if (error) *error = "the structure lists no column";
    return std::nullopt;
  }
  return schema;
}

std::optional<Schema> tableFunctionSchema(AnalysisRun& run, QueryScope& scope, const sql::FunctionCall& call,
                                          bool& opaque) {
  opaque = false;
  std::string name = lower(call.name);
  ExpressionTyper typer(run, scope);
  auto type_args = [&] {
    for (const auto& a : call.args) {
      if (a && !a->is<sql::SubqueryExpr>()) typer.type(*a);
    }
  };
  if (name == "numbers" || name == "numbers_mt") {
    type_args();
    return Schema{{"number", types::makeType(TypeKind::UInt64)}};
  }
  if (name == "zeros" || name == "zeros_mt") {
    type_args();
    return Schema{{"zero", types::makeType(TypeKind::UInt8)}};
  }
  if (name == "generate_series" || name == "generateseries") {
    type_args();
    return Schema{{"generate_series", types::makeType(TypeKind::UInt64)}};
  }
  if (name == "viewexplain") return Schema{{"explain", types::makeType(TypeKind::String)}};
  if (name == "view" || name == "viewifpermitted") {
    if (!call.args.empty() && call.args[0] && call.args[0]->is<sql::SubqueryExpr>()) {
      const auto& sub = call.args[0]->as<sql::SubqueryExpr>();
      if (sub.query) return analyzeSubquery(run, *sub.query, &scope, true, &opaque);
    }
    opaque = true;
    return std::nullopt;
  }
  auto structure_at = [&](size_t i) -> std::optional<Schema> {
    const sql::Literal* l = stringArg(call, i);
    if (!l) return std::nullopt;
    std::string error;
    auto schema = parseStructure(l->value, &error);
    if (!schema) run.sink.report(DiagId::SEM_BAD_ARGUMENTS, l->span, "bad structure: " + error);
    return schema;
  };
  if (name == "generaterandom" || name == "null" || name == "input") {
    if (auto s = structure_at(0)) return s;
    opaque = true;
    return std::nullopt;
  }
  if (name == "values") {
    // `values('a UInt8, b String', rows...)` or `values(rows...)` with columns c1, c2, ...
    size_t first_row = 0;
    if (call.args.size() > 1 && stringArg(call, 0)) {
      std::string error;
      if (auto s = parseStructure(stringArg(call, 0)->value, &error)) {
        type_args();
        return s;
      }
    }
    std::vector<std::vector<types::TypePtr>> columns;
    for (size_t i = first_row; i < call.args.size(); ++i) {
      if (!call.args[i]) continue;
      ResolvedPtr row = typer.type(*call.args[i]);
      if (!row->type) return Schema{};
      std::vector<types::TypePtr> values;
      if (row->type->kind == TypeKind::Tuple && call.args[i]->is<sql::TupleExpr>()) {
        values = row->type->children;
      } else {
        values.push_back(row->type);
      }
      if (columns.empty()) columns.resize(values.size());
      for (size_t c = 0; c < values.size() && c < columns.size(); ++c) columns[c].push_back(values[c]);
    }
    Schema schema;
    for (size_t c = 0; c < columns.size(); ++c) {
      types::TypePtr type = types::tryLeastSupertype(columns[c]).type;
      schema.push_back({"c" + std::to_string(c + 1), type});
    }
    return schema;
  }
  if (name == "format" && call.args.size() >= 3) {
    if (auto s = structure_at(1)) return s;
  }
  if (isDataTableFunction(name)) {
    // A structure argument, when given, is a string that reads as `name Type, ...`.
    for (size_t i = call.args.size(); i-- > 1;) {
      const sql::Literal* l = stringArg(call, i);
      if (!l || l->value.find(' ') == std::string::npos) continue;
      std::string error;
      if (auto s = parseStructure(l->value, &error)) return s;
    }
    if ((name == "remote" || name == "remotesecure" || name == "cluster" || name == "clusterallreplicas" ||
         name == "loop") &&
        !call.args.empty()) {
      // remote('addr', db.t) / remote('addr', db, t) / loop(t): the table's own columns.
      std::vector<std::string> parts;
      for (size_t i = name == "loop" ? 0 : 1; i < call.args.size() && parts.size() < 2; ++i) {
        const auto* a = call.args[i].get();
        if (const auto* id = a ? a->tryAs<sql::Identifier>() : nullptr) {
          parts.insert(parts.end(), id->parts.begin(), id->parts.end());
        } else if (const auto* l = stringArg(call, i)) {
          parts.push_back(l->value);
        } else {
          break;
        }
      }
      if (!parts.empty()) {
        if (auto schema = findTableSchema(run, scope, parts)) return schema;
      }
    }
    opaque = true;
    return std::nullopt;
  }
  if (const auto* info = functions::findFunction(call.name); info && info->kind == functions::FunctionKind::Table) {
    opaque = true;
  }
  return std::nullopt;
}

}  // namespace ferry::analyze
