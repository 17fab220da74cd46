#include "compiler/plan/datasource_shape.h"

#include <algorithm>

#include "compiler/plan/canonical_text.h"
#include "compiler/sql/printer.h"
#include "compiler/types/type_parser.h"

namespace ferry::plan {

namespace {

bool isKeySetting(std::string_view name) {
  return name == "ENGINE_SORTING_KEY" || name == "ENGINE_PARTITION_KEY" || name == "ENGINE_PRIMARY_KEY" ||
         name == "ENGINE_SAMPLING_KEY";
}

void sortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

/// `index_granularity = 8192, merge_with_ttl_timeout=3600` -> sorted `a=1, b=2`.
std::string canonicalEngineSettings(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  int depth = 0;
  char quote = 0;
  auto flush = [&](size_t end) {
    std::string item;
    for (char c : text.substr(start, end - start))
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') item += c;
    if (!item.empty()) items.push_back(std::move(item));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      flush(i);
      start = i + 1;
    }
  }
  flush(text.size());
  std::sort(items.begin(), items.end());
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

const ColumnShape* DatasourceShape::column(std::string_view name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

const IndexShape* DatasourceShape::index(std::string_view name) const {
  for (const auto& i : indexes)
    if (i.name == name) return &i;
  return nullptr;
}

std::optional<std::string> DatasourceShape::effectivePrimaryKey() const {
  if (auto it = keys.find("ENGINE_PRIMARY_KEY"); it != keys.end()) return it->second;
  if (auto it = keys.find("ENGINE_SORTING_KEY"); it != keys.end()) return it->second;
  return std::nullopt;
}

std::vector<std::string> tokenList(const datafile::Datafile& file) {
  std::vector<std::string> out;
  for (const auto& t : file.tokens) out.push_back(t.name.text + " " + t.permission.text);
  sortUnique(out);
  return out;
}

std::vector<std::string> tagList(const datafile::Datafile& file) {
  std::vector<std::string> out;
  for (const auto& s : file.tags) {
    std::string_view rest = s.value;
    while (true) {
      size_t comma = rest.find(',');
      std::string entry = collapseWhitespace(rest.substr(0, comma));
      if (!entry.empty()) out.push_back(std::move(entry));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  sortUnique(out);
  return out;
}

std::vector<std::string> sharedWithList(const datafile::Datafile& file) {
  std::vector<std::string> out;
  for (const auto& s : file.shared_with) out.push_back(s.text);
  sortUnique(out);
  return out;
}

bool keepsNoRows(const project::Resource& datasource) {
  const datafile::Datasource* ds = datasource.datafile.datasource();
  const datafile::Setting* engine = ds ? ds->engineSetting("ENGINE") : nullptr;
  return engine && collapseWhitespace(engine->value) == "Null";
}

Span fileSpan(const project::Resource& resource) { return Span{resource.datafile.file, 0, 0}; }

Span schemaSpan(const project::Resource& datasource) {
  if (auto* ds = datasource.datafile.datasource(); ds && ds->schema_span) return *ds->schema_span;
  return fileSpan(datasource);
}

DatasourceShape shapeOf(const project::Resource& resource) {
  DatasourceShape shape;
  shape.resource = &resource;
  const datafile::Datasource* ds = resource.datafile.datasource();
  if (!ds) return shape;

  for (size_t i = 0; i < ds->columns.size(); ++i) {
    const datafile::Column& c = ds->columns[i];
    if (shape.column(c.name.text)) continue;  // a duplicate (SCH_DUPLICATE_COLUMN): the first one counts
    const project::ColumnSyntax* syntax = i < resource.columns.size() ? &resource.columns[i] : nullptr;
    ColumnShape col;
    col.name = c.name.text;
    col.span = c.span;
    if (syntax && syntax->type) {
      auto parsed = types::typeFromSyntax(*syntax->type);
      if (parsed.ok()) {
        col.parsed = parsed.type;
        col.type = types::toString(parsed.type);
      }
    }
    if (col.type.empty()) col.type = collapseWhitespace(c.type.text);
    if (!c.default_expr.empty())
      col.default_expr = canonicalExpr(syntax ? syntax->default_expr.get() : nullptr, c.default_expr.text);
    if (!c.materialized.empty()) col.materialized = canonicalExpressionText(c.materialized.text);
    if (!c.codec.empty()) col.codec = collapseWhitespace(c.codec.text);
    col.json_path = c.json_path.text;
    shape.columns.push_back(std::move(col));
  }
  auto addUses = [&](const std::set<std::string>& columns, const std::string& user) {
    for (const auto& c : columns) shape.uses[c].insert(user);
  };
  for (const auto& syntax : resource.columns)
    if (syntax.default_expr && syntax.column) {
      std::set<std::string> used;
      collectColumnNames(*syntax.default_expr, used);
      used.erase(syntax.column->name.text);
      addUses(used, "DEFAULT of " + backquoted(syntax.column->name.text));
    }

  for (const auto& index : ds->indexes) {
    IndexShape is;
    is.name = index.name.text;
    std::set<std::string> used;
    is.expr = canonicalExpressionText(index.expr.text, &used);
    addUses(used, "INDEX " + backquoted(index.name.text));
    is.type = canonicalExpressionText(index.type.text);
    is.granularity = collapseWhitespace(index.granularity.text);
    if (is.granularity.empty()) is.granularity = "1";
    is.span = index.span;
    shape.indexes.push_back(std::move(is));
  }

  shape.engine = "MergeTree";
  for (const auto& s : ds->engine) {
    if (s.name == "ENGINE") {
      std::string engine = collapseWhitespace(s.value);
      if (!engine.empty()) shape.engine = engine;
      continue;
    }
    if (s.name == "ENGINE_TTL") {
      shape.ttl = resource.ttl.empty() ? collapseWhitespace(s.value) : canonicalTtl(resource.ttl);
      shape.ttl_text = resource.ttl.empty() ? shape.ttl : sql::printTtl(resource.ttl);
      continue;
    }
    auto expr = resource.engine_exprs.find(s.name);
    if (isKeySetting(s.name)) {
      shape.keys[s.name] =
          expr != resource.engine_exprs.end() ? canonicalKey(expr->second, s.value) : collapseWhitespace(s.value);
    } else if (s.name == "ENGINE_SETTINGS") {
      shape.engine_settings[s.name] = canonicalEngineSettings(s.value);
    } else {
      shape.engine_settings[s.name] =
          expr != resource.engine_exprs.end() ? canonicalKey(expr->second, s.value) : collapseWhitespace(s.value);
    }
  }
  for (const auto& [name, list] : resource.engine_exprs) {
    std::set<std::string> used;
    for (const auto& e : list)
      if (e) collectColumnNames(*e, used);
    addUses(used, name);
  }
  {
    std::set<std::string> used;
    for (const auto& element : resource.ttl)
      if (element) collectColumnNames(*element, used);
    addUses(used, "ENGINE_TTL");
  }

  if (resource.datafile.description) shape.description = collapseWhitespace(resource.datafile.description->value);
  shape.tokens = tokenList(resource.datafile);
  shape.tags = tagList(resource.datafile);
  shape.shared_with = sharedWithList(resource.datafile);
  for (const auto& s : ds->kafka) shape.ingestion[s.name] = collapseWhitespace(s.value);
  for (const auto& s : ds->import_settings) shape.ingestion[s.name] = collapseWhitespace(s.value);
  if (ds->forward_query)
    shape.forward_query = canonicalSql(resource.forward_query ? &*resource.forward_query : nullptr, &*ds->forward_query);
  if (ds->backfill) shape.backfill_skip = collapseWhitespace(ds->backfill->value) == "skip";
  return shape;
}

}  // namespace ferry::plan
