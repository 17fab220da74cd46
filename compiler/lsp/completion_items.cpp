#include "compiler/lsp/completion_items.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "compiler/functions/aggregate_combinators.h"
#include "compiler/types/data_type.h"
#include "compiler/types/type_families.h"

namespace ferry::lsp::complete {

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

nlohmann::json Items::json() && {
  // Sorted through indices: an Item is five strings, too heavy to move around.
  std::vector<uint32_t> order(items_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Item& a = items_[x];
    const Item& b = items_[y];
    if (a.group != b.group) return a.group < b.group;
    if (a.order != b.order) return a.order < b.order;
    if (keys_[x] != keys_[y]) return keys_[x] < keys_[y];
    return a.label != b.label ? a.label < b.label : a.kind < b.kind;
  });
  auto out = nlohmann::json::array();
  out.get_ref<nlohmann::json::array_t&>().reserve(items_.size());
  char sort_text[24];
  for (size_t i = 0; i < order.size(); ++i) {
    Item& item = items_[order[i]];
    std::snprintf(sort_text, sizeof sort_text, "%05zu", i);
    // Member by member: an initializer list would copy every string once more.
    nlohmann::json j(nlohmann::json::value_t::object);
    j["label"] = std::move(item.label);
    j["kind"] = item.kind;
    j["sortText"] = sort_text;
    if (!item.detail.empty()) j["detail"] = std::move(item.detail);
    if (!item.documentation.empty()) j["documentation"] = std::move(item.documentation);
    if (!item.insert_text.empty()) j["insertText"] = std::move(item.insert_text);
    out.push_back(std::move(j));
  }
  return {{"isIncomplete", false}, {"items", std::move(out)}};
}

void addValue(Items& items, std::string label, std::string detail, int order, int kind) {
  items.add({std::move(label), kind, kPlaceGroup, order, std::move(detail), {}, {}});
}

std::string columnList(const analyze::Schema& columns) {
  std::string out;
  for (const auto& c : columns) out += c.name + " " + types::toString(c.type) + "\n";
  return out;
}

void addDatasourceNames(Items& items, const RequestContext& ctx, int group) {
  for (const auto& r : ctx.project.project().resources) {
    if (r->kind != project::ResourceKind::Datasource) continue;
    const auto* schema = ctx.project.analysis().datasource(r->name);
    items.add({r->name, kStruct, group, 0, "datasource", schema ? columnList(schema->columns) : std::string(), {}});
  }
}

void addTableNames(Items& items, const RequestContext& ctx, const project::NodeSyntax* node, int group) {
  addDatasourceNames(items, ctx, group);
  const auto& analysis = ctx.project.analysis();
  for (const auto& r : ctx.project.project().resources) {
    if (r->kind != project::ResourceKind::Pipe || r.get() == ctx.resource) continue;
    const auto* pipe = analysis.pipe(r->name);
    const auto* out = pipe ? pipe->output() : nullptr;
    std::string doc = out && out->columns ? columnList(*out->columns) : std::string();
    items.add({r->name, kInterface, group, 0, "pipe", std::move(doc), {}});
  }
  if (!ctx.resource || !node) return;
  const auto* pipe = analysis.pipe(ctx.resource->name);
  for (const auto& n : ctx.resource->nodes) {
    if (&n == node) break;
    if (n.node->span.file != ctx.file) continue;
    const analyze::NodeSchema* schema = nullptr;
    if (pipe)
      for (const auto& s : pipe->nodes)
        if (s.syntax == &n) schema = &s;
    items.add({n.node->name.text, kModule, group, 0, "node",
               schema && schema->columns ? columnList(*schema->columns) : std::string(), {}});
  }
}

void addColumns(Items& items, const analyze::Schema& columns, const std::string& table, int order_base) {
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto& c = columns[i];
    std::string quoted = types::quoteNameIfNeeded(c.name);
    items.add({c.name, kField, kColumnGroup, order_base + static_cast<int>(i), types::toString(c.type),
               "column of `" + table + "`", quoted != c.name ? quoted : std::string()});
  }
}

std::string functionDetail(const functions::FunctionInfo& f) {
  std::string returns = f.returns.substr(0, f.returns.find(';'));
  return "(" + f.arguments + ") → " + returns;
}

void addFunctions(Items& items, bool table_functions) {
  for (const auto& f : functions::allFunctions()) {
    bool is_table = f.kind == functions::FunctionKind::Table;
    if (is_table != table_functions) continue;
    if (items.wanted(f.name)) items.add({f.name, kFunction, kFunctionGroup, 0, functionDetail(f), f.description, {}});
    // Aliases only once something is typed: they would double an unfiltered list.
    if (!items.prefix().empty())
      for (const auto& a : f.aliases)
        if (items.wanted(a)) items.add({a, kFunction, kFunctionGroup, 0, "alias of " + f.name, f.description, {}});
  }
}

constexpr std::array kCombinators = {
    functions::Combinator::If,       functions::Combinator::State,      functions::Combinator::Merge,
    functions::Combinator::MergeState, functions::Combinator::SimpleState, functions::Combinator::Array,
    functions::Combinator::Distinct, functions::Combinator::OrNull,     functions::Combinator::OrDefault,
    functions::Combinator::ForEach,  functions::Combinator::Map,        functions::Combinator::Resample,
    functions::Combinator::ArgMin,   functions::Combinator::ArgMax,     functions::Combinator::Tuple,
};

void addCombinatorForms(Items& items, const std::string& base, const std::string& aggregate) {
  for (auto c : kCombinators) {
    std::string suffix(functions::combinatorSuffix(c));
    if (!items.wanted(base + suffix)) continue;
    items.add({base + suffix, kFunction, kCombinatorGroup, 0, aggregate + " with -" + suffix,
               "The aggregate function `" + aggregate + "` with the -" + suffix + " combinator.", {}});
  }
}

/// Aggregate functions with a combinator (`sumIf`, `uniqMerge`, `countIfState`): for the
/// aggregates the typed word starts, and for the aggregate (with combinators) the typed word
/// already spells. Not offered before anything is typed: every aggregate times every combinator
/// would bury the list.
void addCombinators(Items& items) {
  const std::string& prefix = items.prefix();
  if (prefix.empty()) return;
  for (const auto& f : functions::allFunctions())
    if (f.kind == functions::FunctionKind::Aggregate && startsWithNoCase(f.name, prefix))
      addCombinatorForms(items, f.name, f.name);
  for (size_t k = prefix.size(); k > 0; --k) {
    std::string head = prefix.substr(0, k);
    if (auto resolved = functions::resolveAggregateName(head)) {
      addCombinatorForms(items, head, resolved->base);
      break;
    }
  }
}

constexpr std::array kSqlKeywords = {
    "SELECT", "FROM", "WHERE", "PREWHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "JOIN", "LEFT JOIN",
    "ARRAY JOIN", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS NULL", "CASE", "WHEN",
    "THEN", "ELSE", "END", "DISTINCT", "WITH", "UNION ALL", "ASC", "DESC", "INTERVAL",
};

void addSqlKeywords(Items& items) {
  for (size_t i = 0; i < kSqlKeywords.size(); ++i)
    items.add({kSqlKeywords[i], kKeyword, kKeywordGroup, static_cast<int>(i), "keyword", {}, {}});
}

void addTypes(Items& items) {
  int order = 0;
  for (auto name : types::typeFamilyNames())
    items.add({std::string(name), kTypeParameter, kPlaceGroup, order++, "type", {}, {}});
}

}  // namespace ferry::lsp::complete
