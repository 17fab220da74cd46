/// `ferry explain`: the typed schema of every datasource and of every node of every pipe, in
/// dependency order, as the analyzer infers it (ClickHouse 26.7's types), with each pipe's
/// parameters and dependencies.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/project/project.h"
#include "compiler/analyze/project_analysis.h"
#include "compiler/types/data_type.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

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

std::string typeText(const types::TypePtr& t) { return t ? types::toString(*t) : std::string("?"); }

nlohmann::json columnsJson(const analyze::Schema& schema) {
  auto cols = nlohmann::json::array();
  for (const auto& c : schema) {
    nlohmann::json col{{"name", c.name}};
    col["type"] = c.type ? nlohmann::json(types::toString(*c.type)) : nlohmann::json(nullptr);
    cols.push_back(col);
  }
  return cols;
}

/// The engine settings of a datasource, or of the Classic materialized node that declares it.
const std::vector<datafile::Setting>& engineSettings(const analyze::DatasourceSchema& ds) {
  static const std::vector<datafile::Setting> none;
  if (const auto* d = ds.resource->datafile.datasource()) return d->engine;
  for (const auto& n : ds.resource->nodes)
    if (!n.node->engine.empty()) return n.node->engine;
  return none;
}

nlohmann::json datasourceJson(const project::Project& proj, const analyze::DatasourceSchema& ds) {
  nlohmann::json j{{"name", ds.name}, {"file", relativeTo(ds.resource->path, proj.root)}, {"columns", columnsJson(ds.columns)}};
  nlohmann::json engine = nlohmann::json::object();
  for (const auto& s : engineSettings(ds)) engine[s.name] = s.value;
  j["engine"] = engine;
  if (ds.declared_by_pipe) j["declared_by"] = ds.resource->name;
  return j;
}

nlohmann::json pipeJson(const project::Project& proj, const analyze::PipeSchema& pipe) {
  const auto& r = *pipe.resource;
  nlohmann::json j{{"name", r.name}, {"file", relativeTo(r.path, proj.root)}};
  auto nodes = nlohmann::json::array();
  for (const auto& n : pipe.nodes) {
    const auto& syntax = *n.syntax;
    nlohmann::json node{{"name", n.name}, {"type", std::string(datafile::nodeTypeName(syntax.node->node_type))}};
    node["columns"] = n.columns ? columnsJson(*n.columns) : nlohmann::json(nullptr);
    node["error"] = n.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.error);
    if (!n.skipped.empty()) node["skipped"] = n.skipped;
    auto params = nlohmann::json::array();
    for (const auto& p : syntax.sql.parameters) {
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
  return j;
}

void printColumns(std::string& out, const analyze::Schema& schema, std::string_view indent) {
  size_t width = 0;
  for (const auto& c : schema) width = std::max(width, c.name.size());
  for (const auto& c : schema) out += fmt::format("{}{:<{}}  {}\n", indent, c.name, width, typeText(c.type));
}

void printDependencies(std::string& out, const project::Project& proj, const project::Resource& r) {
  auto index = proj.indexOf(r.name);
  if (!index) return;
  std::vector<std::string> from, to;
  for (const auto& e : proj.edges) {
    if (e.to == *index) from.push_back(proj.resources[e.from]->name);
    if (e.from == *index) to.push_back(proj.resources[e.to]->name);
  }
  if (!from.empty()) out += fmt::format("  reads: {}\n", fmt::join(from, ", "));
  if (!to.empty()) out += fmt::format("  feeds: {}\n", fmt::join(to, ", "));
}

void printDatasource(std::string& out, const project::Project& proj, const analyze::DatasourceSchema& ds) {
  const auto& r = *ds.resource;
  out += fmt::format("datasource {}  ({})\n", ds.name, relativeTo(r.path, proj.root));
  if (ds.declared_by_pipe) out += fmt::format("  declared by the materialized pipe {}\n", r.name);
  for (const auto& s : engineSettings(ds)) out += fmt::format("  {} {}\n", s.name, s.value);
  printColumns(out, ds.columns, "  ");
  if (!ds.declared_by_pipe) printDependencies(out, proj, r);
}

void printPipe(std::string& out, const project::Project& proj, const analyze::PipeSchema& pipe) {
  const auto& r = *pipe.resource;
  out += fmt::format("pipe {}  ({})\n", r.name, relativeTo(r.path, proj.root));
  for (const auto& n : pipe.nodes) {
    const auto& syntax = *n.syntax;
    out += fmt::format("  node {}", n.name);
    if (syntax.node->node_type != datafile::NodeType::Standard)
      out += fmt::format(" [{}]", datafile::nodeTypeName(syntax.node->node_type));
    out += "\n";
    for (const auto& p : syntax.sql.parameters) out += "    param " + parameterText(p) + "\n";
    if (n.columns) printColumns(out, *n.columns, "    ");
    else if (!n.error.empty()) out += "    (error) " + n.error + "\n";
    else out += "    (not analyzed: " + (n.skipped.empty() ? std::string("no schema") : n.skipped) + ")\n";
  }
  printDependencies(out, proj, r);
}

}  // namespace

int runExplain(const ExplainOptions& opts) {
  SourceManager sources;
  DiagnosticSink sink;
  auto proj = project::loadProject(opts.path, sources, sink);
  auto analysis = analyze::analyzeProject(*proj, sink);
  auto wanted = [&](const project::Resource& r) { return opts.resource.empty() || r.name == opts.resource; };
  auto wanted_ds = [&](const analyze::DatasourceSchema& ds) { return opts.resource.empty() || ds.name == opts.resource; };
  if (!opts.resource.empty() && !proj->find(opts.resource))
    sink.report(DiagId::PRJ_NOT_FOUND, Span{}, "no datasource or pipe named '" + opts.resource + "'");
  sink.sort();
  std::vector<ReportedDiagnostic> diags;
  for (const auto& d : sink.all()) diags.push_back({&d, proj->root});
  if (opts.format == OutputFormat::Json) {
    auto doc = nlohmann::json::parse(formatDiagnostics(diags, sources, OutputFormat::Json, false));
    auto datasources = nlohmann::json::array();
    for (const auto& ds : analysis.datasources)
      if (wanted_ds(ds)) datasources.push_back(datasourceJson(*proj, ds));
    auto pipes = nlohmann::json::array();
    for (const auto& p : analysis.pipes)
      if (wanted(*p.resource)) pipes.push_back(pipeJson(*proj, p));
    doc["datasources"] = datasources;
    doc["pipes"] = pipes;
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cerr << formatDiagnostics(diags, sources, OutputFormat::Text, false);
    std::string out;
    for (const auto& ds : analysis.datasources) {
      if (!wanted_ds(ds)) continue;
      if (!out.empty()) out += "\n";
      printDatasource(out, *proj, ds);
    }
    for (const auto& p : analysis.pipes) {
      if (!wanted(*p.resource)) continue;
      if (!out.empty()) out += "\n";
      printPipe(out, *proj, p);
    }
    std::cout << out;
  }
  return sink.hasErrors() ? 1 : 0;
}

}  // namespace ferry::driver
