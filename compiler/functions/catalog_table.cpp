#include "compiler/functions/catalog_table.h"
#include "compiler/functions/rule_text.h"

#include <charconv>
#include <optional>

namespace ferry::functions {
namespace {

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

std::optional<int> parseInt(std::string_view s) {
  s = trim(s);
  int value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<FunctionKind> parseKind(std::string_view s) {
  s = trim(s);
  if (s == "scalar") return FunctionKind::Scalar;
  if (s == "aggregate") return FunctionKind::Aggregate;
  if (s == "window") return FunctionKind::Window;
  if (s == "table") return FunctionKind::Table;
  return std::nullopt;
}

/// Column positions by header name; -1 when the table has no such column.
struct Columns {
  int name = -1, aliases = -1, case_insensitive = -1, kind = -1, min_args = -1, max_args = -1,
      arguments = -1, returns = -1, description = -1;
};

Columns readHeader(std::string_view line) {
  Columns c;
  auto fields = splitFields(line);
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string_view f = trim(fields[i]);
    int idx = static_cast<int>(i);
    if (f == "name") c.name = idx;
    else if (f == "aliases") c.aliases = idx;
    else if (f == "case_insensitive") c.case_insensitive = idx;
    else if (f == "kind") c.kind = idx;
    else if (f == "min_args") c.min_args = idx;
    else if (f == "max_args") c.max_args = idx;
    else if (f == "arguments") c.arguments = idx;
    else if (f == "returns") c.returns = idx;
    else if (f == "description") c.description = idx;
  }
  return c;
}

}  // namespace

std::vector<TableRow> parseFunctionTable(std::string_view text, std::vector<TableProblem>* problems) {
  std::vector<TableRow> rows;
  auto problem = [&](size_t line, std::string message) {
    if (problems) problems->push_back({line, std::move(message)});
  };
  std::optional<Columns> columns;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (trim(line).empty() || line.front() == '#') continue;
    if (!columns) {
      columns = readHeader(line);
      if (columns->name < 0) {
        problem(line_no, "the header row has no `name` column");
        return rows;
      }
      continue;
    }
    auto fields = splitFields(line);
    auto field = [&](int idx) -> std::string_view {
      return idx >= 0 && static_cast<size_t>(idx) < fields.size() ? trim(fields[idx]) : std::string_view{};
    };
    TableRow row;
    row.line = line_no;
    FunctionInfo& info = row.info;
    info.name = std::string(field(columns->name));
    if (info.name.empty()) {
      problem(line_no, "row without a name");
      continue;
    }
    std::string_view aliases = field(columns->aliases);
    while (!aliases.empty()) {
      size_t comma = aliases.find(',');
      std::string_view alias = trim(aliases.substr(0, comma));
      aliases = comma == std::string_view::npos ? std::string_view{} : aliases.substr(comma + 1);
      if (alias.empty()) continue;
      bool ci = alias.back() == '*';
      if (ci) alias.remove_suffix(1);
      info.aliases.emplace_back(alias);
      row.alias_case_insensitive.push_back(ci);
    }
    info.case_insensitive = field(columns->case_insensitive) == "1";
    if (columns->kind >= 0) {
      auto kind = parseKind(field(columns->kind));
      if (!kind) {
        problem(line_no, "unknown kind `" + std::string(field(columns->kind)) + "`");
        continue;
      }
      info.kind = *kind;
    }
    if (columns->min_args >= 0) {
      auto v = parseInt(field(columns->min_args));
      if (!v || *v < 0) {
        problem(line_no, "bad min_args for " + info.name);
        continue;
      }
      info.min_args = *v;
    }
    if (columns->max_args >= 0) {
      auto v = parseInt(field(columns->max_args));
      if (!v || *v < -1 || (*v >= 0 && *v < info.min_args)) {
        problem(line_no, "bad max_args for " + info.name);
        continue;
      }
      info.max_args = *v;
    }
    info.arguments = std::string(field(columns->arguments));
    info.returns = std::string(field(columns->returns));
    info.description = std::string(field(columns->description));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace ferry::functions
