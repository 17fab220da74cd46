#include "compiler/functions/aggregate_catalog.h"

#include <charconv>
#include <unordered_map>

#include "compiler/functions/rule_text.h"
#include "compiler/functions/catalog_table.h"
#include "compiler/functions/embedded_tables.h"

namespace ferry::functions {
namespace {

constexpr std::string_view kTable = "aggregate_functions";

std::vector<std::string_view> splitOn(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

std::optional<int> toInt(std::string_view s) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

/// The columns catalog_table.h does not know, by 1-based line number.
struct ExtraColumns {
  std::unordered_map<size_t, std::string_view> params, properties;
};

ExtraColumns readExtraColumns(std::string_view text) {
  ExtraColumns out;
  int params = -1, properties = -1;
  bool header = true;
  size_t line_no = 0;
  for (std::string_view line : splitOn(text, '\n')) {
    ++line_no;
    if (trim(line).empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields = splitOn(line, '\t');
    if (header) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (trim(fields[i]) == "params") params = static_cast<int>(i);
        if (trim(fields[i]) == "properties") properties = static_cast<int>(i);
      }
      header = false;
      continue;
    }
    if (params >= 0 && static_cast<size_t>(params) < fields.size()) out.params[line_no] = trim(fields[params]);
    if (properties >= 0 && static_cast<size_t>(properties) < fields.size())
      out.properties[line_no] = trim(fields[properties]);
  }
  return out;
}

bool parseParams(std::string_view text, AggregateFunctionDef& def) {
  if (text.empty()) return true;
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    auto n = toInt(text);
    if (!n) return false;
    def.min_params = def.max_params = *n;
    return true;
  }
  auto lo = toInt(text.substr(0, dots));
  if (!lo) return false;
  def.min_params = *lo;
  std::string_view hi = text.substr(dots + 2);
  if (hi.empty()) {
    def.max_params = -1;
    return true;
  }
  auto h = toInt(hi);
  if (!h || *h < *lo) return false;
  def.max_params = *h;
  return true;
}

bool parseProperties(std::string_view text, AggregateFunctionDef& def, std::string& error) {
  for (std::string_view word : splitOn(text, ' ')) {
    word = trim(word);
    if (word.empty()) continue;
    size_t eq = word.find('=');
    std::string_view key = word.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : word.substr(eq + 1);
    if (key == "nulls") {
      if (value == "wrap") def.nulls = NullPolicy::Wrap;
      else if (value == "default") def.nulls = NullPolicy::Default;
      else if (value == "reject") def.nulls = NullPolicy::Reject;
      else if (value == "strip") def.nulls = NullPolicy::Strip;
      else if (value == "pass") def.nulls = NullPolicy::Pass;
      else return error = "unknown null policy `" + std::string(value) + "`", false;
    } else if (key == "version") {
      auto v = toInt(value);
      if (!v || *v < 0) return error = "bad version", false;
      def.state_version = static_cast<uint32_t>(*v);
    } else if (key == "map") {
      def.map_form = std::string(value);
    } else if (key == "expands") {
      def.expands = std::string(value);
    } else if (key == "redirect") {
      size_t colon = value.find(':');
      if (colon == std::string_view::npos) return error = "redirect needs F:classes", false;
      def.redirect = std::string(value.substr(0, colon));
      auto classes = parseAggregateArguments(value.substr(colon + 1), &error);
      if (!classes) return false;
      def.redirect_when = std::move(*classes);
    } else if (key == "hide-params") {
      def.state_hides_params = true;
    } else if (key == "experimental") {
      def.experimental = true;
    } else {
      return error = "unknown property `" + std::string(word) + "`", false;
    }
  }
  return true;
}

struct Catalog {
  std::vector<AggregateFunctionDef> defs;
  std::unordered_map<std::string, size_t> exact;
  std::unordered_map<std::string, size_t> insensitive;
  std::vector<std::string> problems;
};

Catalog buildCatalog() {
  Catalog c;
  std::string_view text = embeddedTable(kTable);
  if (text.empty()) {
    c.problems.push_back(std::string(kTable) + ".tsv is not embedded");
    return c;
  }
  std::vector<TableProblem> problems;
  std::vector<TableRow> rows = parseFunctionTable(text, &problems);
  for (const TableProblem& p : problems)
    c.problems.push_back(std::string(kTable) + ".tsv:" + std::to_string(p.line) + ": " + p.message);
  ExtraColumns extra = readExtraColumns(text);
  c.defs.reserve(rows.size());
  for (TableRow& row : rows) {
    AggregateFunctionDef def;
    def.info = std::move(row.info);
    auto where = [&] {
      return std::string(kTable) + ".tsv:" + std::to_string(row.line) + ": " + def.info.name + ": ";
    };
    std::string error;
    if (auto args = parseAggregateArguments(def.info.arguments, &error)) def.arguments = std::move(*args);
    else c.problems.push_back(where() + error);
    if (def.info.returns != "?" && !def.info.returns.empty()) {
      error.clear();
      if (auto rule = parseAggregateRule(def.info.returns, &error)) def.returns = std::move(*rule);
      else c.problems.push_back(where() + error);
    }
    if (!parseParams(extra.params[row.line], def)) c.problems.push_back(where() + "bad params");
    error.clear();
    if (!parseProperties(extra.properties[row.line], def, error)) c.problems.push_back(where() + error);
    size_t index = c.defs.size();
    auto add = [&](const std::string& name, bool case_insensitive) {
      if (!c.exact.emplace(name, index).second) c.problems.push_back(where() + "`" + name + "` defined twice");
      if (case_insensitive) c.insensitive.emplace(lowerAscii(name), index);
    };
    add(def.info.name, def.info.case_insensitive);
    for (size_t a = 0; a < def.info.aliases.size(); ++a)
      add(def.info.aliases[a], row.alias_case_insensitive[a]);
    c.defs.push_back(std::move(def));
  }
  for (const AggregateFunctionDef& def : c.defs) {
    if (!def.expands.empty() && c.exact.find(def.expands) == c.exact.end()) {
      // An expansion names a base plus combinators; only its base must be a row.
      bool found = false;
      for (const auto& [name, index] : c.exact)
        if (def.expands.starts_with(name) && name != def.info.name) found = true;
      if (!found) c.problems.push_back(def.info.name + ": expands to unknown `" + def.expands + "`");
    }
  }
  return c;
}

const Catalog& catalog() {
  static const Catalog c = buildCatalog();
  return c;
}

}  // namespace

const AggregateFunctionDef* findAggregateFunction(std::string_view name) {
  const Catalog& c = catalog();
  if (auto it = c.exact.find(std::string(name)); it != c.exact.end()) return &c.defs[it->second];
  if (auto it = c.insensitive.find(lowerAscii(name)); it != c.insensitive.end()) return &c.defs[it->second];
  return nullptr;
}

std::span<const AggregateFunctionDef> allAggregateFunctions() { return catalog().defs; }

const std::vector<std::string>& aggregateCatalogProblems() { return catalog().problems; }

}  // namespace ferry::functions
