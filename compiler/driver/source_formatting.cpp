#include "compiler/driver/source_formatting.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "compiler/datafile/datafile_printer.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/driver/sql_formatting.h"
#include "compiler/sqlparse/sql_parser.h"

namespace ferry::driver {

namespace {

/// The comments of a text, in order: `#` or `--` outside quotes and backquotes, to the end of the
/// line. Quotes are tracked per line, as the datafile reader tokenizes per line.
std::vector<std::string_view> commentsOf(std::string_view text) {
  std::vector<std::string_view> out;
  size_t line_begin = 0;
  while (line_begin < text.size()) {
    size_t line_end = std::min(text.find('\n', line_begin), text.size());
    char quote = 0;
    for (size_t i = line_begin; i < line_end; ++i) {
      char c = text[i];
      if (quote) {
        if (c == '\\') ++i;
        else if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '#' || (c == '-' && i + 1 < line_end && text[i + 1] == '-')) {
        std::string_view comment = text.substr(i, line_end - i);
        while (!comment.empty() && std::isspace(static_cast<unsigned char>(comment.back()))) comment.remove_suffix(1);
        out.push_back(comment);
        break;
      }
    }
    line_begin = line_end + 1;
  }
  return out;
}

/// True when every comment of `original` is still in `formatted`, in the same order.
bool keepsComments(std::string_view original, std::string_view formatted) {
  auto want = commentsOf(original), have = commentsOf(formatted);
  size_t j = 0;
  for (auto c : want) {
    while (j < have.size() && have[j] != c) ++j;
    if (j == have.size()) return false;
    ++j;
  }
  return true;
}

}  // namespace

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
  std::string printed = datafile::printDatafile(doc, hooks);
  // The datafile tree keeps no comments (the CLIs drop them too): a file that has some is left
  // as written rather than losing the user's words.
  if (!keepsComments(text, printed)) {
    sink.report(DiagId::FMT_WOULD_DROP_COMMENTS, Span{id, 0, 0},
                "formatting would drop this file's comments; it is left as written",
                "remove or move the comments into DESCRIPTION to let `ferry fmt` rewrite the file");
    return text;
  }
  return printed;
}

}  // namespace ferry::driver
