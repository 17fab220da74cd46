#include "compiler/driver/source_formatting.h"

#include "compiler/datafile/datafile_printer.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/driver/sql_formatting.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::driver {

std::optional<std::string> formatSource(SourceManager& sources, FileId id, const std::filesystem::path& path,
                                        DiagnosticSink& sink) {
  const std::string& text = sources.file(id).text();
  size_t before = sink.errorCount();
  if (path.extension() == ".sql") {
    sql::parseScript(text, SourceMap(id, 0), sink);
    if (sink.errorCount() > before) return std::nullopt;
    return formatScript(text);
  }
  datafile::ParseOptions po;
  po.name = datafile::stemFromPath(path.string());
  auto doc = datafile::parseDatafile(sources, id, datafile::kindFromPath(path.string()), po, sink);
  if (sink.errorCount() > before) return std::nullopt;
  datafile::PrintHooks hooks;
  hooks.format_sql = [](std::string_view sql, bool is_template) -> std::optional<std::string> {
    if (is_template) return std::nullopt;  // template tags are not SQL: kept as written
    return formatSelect(sql);
  };
  hooks.format_type = [](std::string_view t) { return formatType(t); };
  hooks.format_expr = [](std::string_view e) { return formatExpression(e); };
  return datafile::printDatafile(doc, hooks);
}

}  // namespace ferry::driver
