/// Parsing the SQL held inside datafiles: node SQL and FORWARD_QUERY (templates rendered
/// first), column types and defaults, and the ENGINE_* expressions.
#include "compiler/project/sql_blocks.h"

#include "compiler/sqlparse/sql_parser.h"
#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"

namespace ferry::project {

SqlSource parseSqlBlock(const datafile::SqlBlock& block, DiagnosticSink& sink) {
  SqlSource out;
  out.is_template = block.is_template;
  // Template tags without the `%` marker: Tinybird refuses the query (parseTemplate reports
  // TPL_MISSING_MARKER); the SQL is still rendered so that its one real problem is reported
  // and not a cascade of SQL syntax errors at every `{{`.
  bool looks_templated = block.text.find("{{") != std::string::npos || block.text.find("{%") != std::string::npos;
  if (!block.is_template && !looks_templated) {
    out.rendered = block.text;
    out.map = block.map;
  } else {
    std::string text = block.text;
    SourceMap map = block.map;
    if (!block.is_template) {
      tpl::parseTemplate(block.text, block.map, sink);  // reports TPL_MISSING_MARKER
      text = "%\n" + text;
      map = map.withPrefix(2);
    }
    tpl::Template t = tpl::parseTemplate(text, map, sink);
    out.parameters = tpl::collectParameters(t, sink);
    tpl::RenderedSql rendered = tpl::renderForAnalysis(t, sink);
    out.rendered = std::move(rendered.text);
    out.map = std::move(rendered.map);
  }
  out.statement = sql::parseQuery(out.rendered, out.map, sink);
  return out;
}

/// The SourceMap of a value whose text may sit inside quotes in its span: local offset 0 is
/// where the value's text starts in the file (or the span's start when it was rewritten, e.g.
/// by `$VAR` expansion).
static SourceMap mapOfValue(const SourceManager& sources, const std::string& value, Span span) {
  if (!span.valid()) return SourceMap(kNoFile, 0);
  std::string_view written = sources.file(span.file).slice(span);
  size_t pos = value.empty() ? std::string_view::npos : written.find(value);
  SourceMap map(span.file, span.begin + (pos == std::string_view::npos ? 0 : static_cast<uint32_t>(pos)));
  map.clampTo(span.end);
  return map;
}

ColumnSyntax parseColumn(const SourceManager& sources, const datafile::Column& column, DiagnosticSink& sink) {
  ColumnSyntax out;
  out.column = &column;
  if (!column.type.empty())
    out.type = sql::parseType(column.type.text, mapOfValue(sources, column.type.text, column.type.span), sink);
  if (!column.default_expr.empty())
    out.default_expr = sql::parseExpression(column.default_expr.text,
                                            mapOfValue(sources, column.default_expr.text, column.default_expr.span),
                                            sink);
  return out;
}

bool isExpressionSetting(std::string_view name) {
  return name == "ENGINE_SORTING_KEY" || name == "ENGINE_PARTITION_KEY" || name == "ENGINE_PRIMARY_KEY" ||
         name == "ENGINE_SAMPLING_KEY" || name == "ENGINE_TTL" || name == "ENGINE_VER" ||
         name == "ENGINE_SIGN" || name == "ENGINE_VERSION" || name == "ENGINE_IS_DELETED" ||
         name == "ENGINE_SUMMING_COLUMNS";
}

void parseEngineExpressions(const SourceManager& sources, const std::vector<datafile::Setting>& engine,
                            std::map<std::string, sql::ExprList>& out,
                            std::vector<std::unique_ptr<sql::TtlElement>>& ttl, DiagnosticSink& sink) {
  for (const auto& s : engine) {
    if (!isExpressionSetting(s.name)) continue;
    // An empty value means "no key" (`ENGINE_SORTING_KEY ""` is tuple(); an empty TTL is ignored).
    if (s.value.find_first_not_of(" \t\r\n") == std::string::npos) {
      out[s.name];
      continue;
    }
    if (s.name == "ENGINE_TTL") {
      ttl = sql::parseTtl(s.value, mapOfValue(sources, s.value, s.value_span), sink);
      continue;
    }
    out[s.name] = sql::parseExpressionList(s.value, mapOfValue(sources, s.value, s.value_span), sink);
  }
}

}  // namespace ferry::project
