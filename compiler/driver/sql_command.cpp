/// `ferry sql "SELECT ..."`: an ad-hoc query over the project's datasources and pipes (a pipe in
/// FROM reads its last node, as Tinybird's SQL API does), run on the local store.
#include <algorithm>
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/driver/query_run.h"
#include "compiler/lower/lowering.h"

namespace ferry::driver {

namespace {

/// Diagnostics of the query itself carry offsets into the query text (it has no file): they are
/// shown as `<query>:line:col` with the line and a caret; the others as usual.
void printQueryDiagnostics(ProjectRuntime& runtime, std::string_view query) {
  runtime.sink.sort();
  for (const auto& d : runtime.sink.all()) {
    if (d.span.valid() || d.span.end == 0 || d.span.end > query.size()) {
      std::cerr << renderText(d, runtime.sources, false);
      continue;
    }
    size_t line_start = query.rfind('\n', d.span.begin == 0 ? 0 : d.span.begin - 1);
    line_start = line_start == std::string_view::npos || d.span.begin == 0 ? 0 : line_start + 1;
    size_t line_end = query.find('\n', d.span.begin);
    if (line_end == std::string_view::npos) line_end = query.size();
    size_t line = 1;
    for (size_t i = 0; i < line_start; ++i) line += query[i] == '\n';
    size_t column = d.span.begin - line_start + 1;
    size_t width = std::max<size_t>(1, std::min<size_t>(d.span.end, line_end) - d.span.begin);
    std::cerr << "<query>:" << line << ":" << column << ": " << severityName(d.severity) << ": " << d.message << " ["
              << diagName(d.id) << "]\n";
    std::cerr << "  | " << query.substr(line_start, line_end - line_start) << "\n";
    std::cerr << "  | " << std::string(column - 1, ' ') << "^" << std::string(width - 1, '~') << "\n";
    if (!d.hint.empty()) std::cerr << "  = hint: " << d.hint << "\n";
  }
  runtime.sink.clear();
}

}  // namespace

int runSql(const SqlOptions& opts) {
  auto format = parseResultFormat(opts.format);
  if (!format) {
    std::cerr << "error: unknown format '" << opts.format << "' (table, json, csv or tsv)\n";
    return 2;
  }
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code, deploymentRole(opts.deployment));
  if (!runtime) return exit_code;
  auto plan = lower::lowerSqlQuery(opts.query, *runtime->project, *runtime->analysis, runtime->sink);
  bool failed = !plan || runtime->sink.hasErrors();
  printQueryDiagnostics(*runtime, opts.query);
  if (failed) return 1;
  return executeAndPrint(*runtime, *plan, *format);
}

}  // namespace ferry::driver
