/// `ferry explain`: what a project is made of, in dependency order. Until the analyzer exists
/// the output names of each node come from its select list as written; types are the columns'
/// declared types.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/project/project.h"
#include "compiler/sql/printer.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

/// The name ClickHouse gives a select item: its alias, a column's last name part, else its text.
std::string outputName(const sql::Expr& e) {
  if (e.kind() == sql::NodeKind::AliasExpr) return static_cast<const sql::AliasExpr&>(e).name;
  if (e.kind() == sql::NodeKind::Identifier) {
    const auto& id = static_cast<const sql::Identifier&>(e);
    if (!id.parts.empty()) return id.parts.back();
  }
  return sql::printExpr(e);
}

std::vector<std::string> outputNames(const sql::SelectStatement& stmt) {
  const sql::Query* q = stmt.query.get();
  while (q) {
    if (q->kind() == sql::NodeKind::SelectQuery) break;
    if (q->kind() == sql::NodeKind::SetQuery) q = static_cast<const sql::SetQuery*>(q)->left.get();
    else if (q->kind() == sql::NodeKind::ParenQuery) q = static_cast<const sql::ParenQuery*>(q)->inner.get();
    else return {};
  }
  std::vector<std::string> out;
  if (!q) return out;
  for (const auto& e : static_cast<const sql::SelectQuery*>(q)->select) out.push_back(outputName(*e));
  return out;
}

std::string relativeTo(const fs::path& p, const fs::path& root) {
  std::error_code ec;
  auto r = fs::relative(p, root, ec);
  return ec || r.empty() ? p.string() : r.generic_string();
}

std::string parameterText(const tpl::Parameter& p) {
  std::string s = p.name + " " + p.type;
  if (p.default_value) s += " = " + p.default_value->value;
  if (p.required && *p.required) s += " (required)";
  if (!p.description.empty()) s += " — " + p.description;
  return s;
}

nlohmann::json resourceJson(const project::Project& proj, const project::Resource& r) {
  nlohmann::json j;
  j["name"] = r.name;
  j["kind"] = std::string(project::resourceKindName(r.kind));
  j["file"] = relativeTo(r.path, proj.root);
  if (auto* ds = r.datafile.datasource()) {
    auto cols = nlohmann::json::array();
    for (const auto& c : ds->columns) {
      nlohmann::json col{{"name", c.name.text}, {"type", c.type.text}};
      if (!c.json_path.empty()) col["jsonpath"] = c.json_path.text;
      if (!c.default_expr.empty()) col["default"] = c.default_expr.text;
      cols.push_back(col);
    }
    j["columns"] = cols;
    nlohmann::json engine = nlohmann::json::object();
    for (const auto& s : ds->engine) engine[s.name] = s.value;
    j["engine"] = engine;
  }
  if (r.kind == project::ResourceKind::Pipe) {
    auto nodes = nlohmann::json::array();
    for (const auto& n : r.nodes) {
      nlohmann::json node{{"name", n.node->name.text}, {"type", std::string(datafile::nodeTypeName(n.node->node_type))}};
      node["output"] = n.sql.statement ? outputNames(*n.sql.statement) : std::vector<std::string>{};
      auto params = nlohmann::json::array();
      for (const auto& p : n.sql.parameters) {
        nlohmann::json pj{{"name", p.name}, {"type", p.type}};
        if (p.default_value) pj["default"] = p.default_value->value;
        if (p.required) pj["required"] = *p.required;
        if (!p.description.empty()) pj["description"] = p.description;
        params.push_back(pj);
      }
      node["parameters"] = params;
      nodes.push_back(node);
    }
    j["nodes"] = nodes;
    auto reads = nlohmann::json::array();
    for (const auto& t : r.reads) reads.push_back(t.name);
    j["reads"] = reads;
    if (r.writes) j["writes"] = r.writes->name;
  }
  return j;
}

void printResource(std::string& out, const project::Project& proj, size_t index) {
  const auto& r = *proj.resources[index];
  out += fmt::format("{} {}  ({})\n", project::resourceKindName(r.kind), r.name, relativeTo(r.path, proj.root));
  if (auto* ds = r.datafile.datasource()) {
    for (const auto& s : ds->engine) out += fmt::format("  {} {}\n", s.name, s.value);
    size_t width = 0;
    for (const auto& c : ds->columns) width = std::max(width, c.name.text.size());
    for (const auto& c : ds->columns) {
      out += fmt::format("  {:<{}}  {}", c.name.text, width, c.type.text);
      if (!c.json_path.empty()) out += "  json:" + c.json_path.text;
      if (!c.default_expr.empty()) out += "  DEFAULT " + c.default_expr.text;
      out += "\n";
    }
  }
  for (const auto& n : r.nodes) {
    out += fmt::format("  node {}", n.node->name.text);
    if (n.node->node_type != datafile::NodeType::Standard)
      out += fmt::format(" [{}]", datafile::nodeTypeName(n.node->node_type));
    out += "\n";
    if (n.sql.statement) {
      auto names = outputNames(*n.sql.statement);
      if (!names.empty()) out += fmt::format("    output: {}\n", fmt::join(names, ", "));
    }
    for (const auto& p : n.sql.parameters) out += "    param " + parameterText(p) + "\n";
  }
  std::vector<std::string> from, to;
  for (const auto& e : proj.edges) {
    if (e.to == index) from.push_back(proj.resources[e.from]->name);
    if (e.from == index) to.push_back(proj.resources[e.to]->name);
  }
  if (!from.empty()) out += fmt::format("  reads: {}\n", fmt::join(from, ", "));
  if (!to.empty()) out += fmt::format("  feeds: {}\n", fmt::join(to, ", "));
}

}  // namespace

int runExplain(const ExplainOptions& opts) {
  SourceManager sources;
  DiagnosticSink sink;
  auto proj = project::loadProject(opts.path, sources, sink);
  sink.sort();
  std::vector<ReportedDiagnostic> diags;
  for (const auto& d : sink.all()) diags.push_back({&d, proj->root});
  auto order = proj->topologicalOrder();
  if (opts.format == OutputFormat::Json) {
    auto doc = nlohmann::json::parse(formatDiagnostics(diags, sources, OutputFormat::Json, false));
    auto resources = nlohmann::json::array();
    for (size_t i : order) resources.push_back(resourceJson(*proj, *proj->resources[i]));
    doc["resources"] = resources;
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cerr << formatDiagnostics(diags, sources, OutputFormat::Text, false);
    std::string out;
    for (size_t i : order) {
      if (!out.empty()) out += "\n";
      printResource(out, *proj, i);
    }
    std::cout << out;
  }
  return sink.hasErrors() ? 1 : 0;
}

}  // namespace ferry::driver
