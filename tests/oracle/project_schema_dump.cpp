// Writes what tests/oracle/describe_nodes.js needs to ask ClickHouse 26.7 for the schema of every
// node of a project: the datasources (columns as written, engine settings) and the pipes in
// dependency order, each with its nodes' SQL as the project loader renders it (templates in
// Tinybird's test mode).
//
//   project_schema_dump <path> [--recursive] --out FILE
//
// A project is loaded the way `ferry explain` loads it (every datafile up to three levels down).
// With --recursive every project below <path> that `ferry check --recursive` finds is dumped,
// named by its folder relative to <path>, except one whose datafiles all belong to a project
// dumped already (a folder inside another project's tree).
//
// A node without the `%` marker is not a template for Tinybird: its SQL is given as written, even
// when it holds `{{ }}` (Ferry renders it anyway to report TPL_MISSING_MARKER and go on).
//
// Names are the ones SQL uses: the file stem (a Classic `VERSION` is not part of it), and
// `<workspace>.<name>` for a datasource shared from `vendor/<workspace>/`. `resource` is the
// name Ferry gives the resource.
//
// Output: [{project, root, datasources: [{name, resource, file, columns: [{name, type, default?}],
// engine: {ENGINE: ..., ...}}], pipes: [{name, resource, file,
// nodes: [{name, sql (null when absent), templated, node_type, target?, target_engine?}]}]}];
// `target_engine` is the engine of a materialized node's target declared inside the pipe (Classic).
// Exits 1 when nothing was found (a wrong path must not pass as "all agree").
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/project/layout.h"
#include "compiler/project/project.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json settingsJson(const std::vector<ferry::datafile::Setting>& settings) {
  json out = json::object();
  for (const auto& s : settings) out[s.name] = s.value;
  return out;
}

/// `vendor/<workspace>/...` files hold datasources shared with this workspace: SQL names them
/// `<workspace>.<name>`.
std::string sqlName(const ferry::project::Resource& r, const fs::path& relative) {
  auto it = relative.begin();
  if (it != relative.end() && *it == "vendor" && std::next(it) != relative.end() &&
      std::next(std::next(it)) != relative.end())
    return std::next(it)->string() + "." + r.datafile.name;
  return r.datafile.name;
}

json datasourceJson(const ferry::project::Resource& r, const fs::path& root) {
  fs::path file = fs::relative(r.path, root);
  json columns = json::array();
  json engine = json::object();
  if (const auto* ds = r.datafile.datasource()) {
    for (const auto& c : ds->columns) {
      json col{{"name", c.name.text}, {"type", c.type.text}};
      if (!c.default_expr.empty()) col["default"] = c.default_expr.text;
      columns.push_back(col);
    }
    engine = settingsJson(ds->engine);
  }
  return {{"name", sqlName(r, file)}, {"resource", r.name},   {"file", file.generic_string()},
          {"columns", columns},       {"engine", engine}};
}

json pipeJson(const ferry::project::Resource& r, const fs::path& root) {
  fs::path file = fs::relative(r.path, root);
  json nodes = json::array();
  for (const auto& n : r.nodes) {
    const auto& node = *n.node;
    json j{{"name", node.name.text},
           {"sql", !node.sql ? json(nullptr) : n.sql.is_template ? json(n.sql.rendered) : json(node.sql->text)},
           {"templated", n.sql.is_template},
           {"node_type", node.node_type == ferry::datafile::NodeType::Standard
                             ? json(nullptr)
                             : json(std::string(ferry::datafile::nodeTypeName(node.node_type)))}};
    if (node.node_type == ferry::datafile::NodeType::Materialized && node.datasource) {
      j["target"] = node.datasource->value;
      if (!node.engine.empty()) j["target_engine"] = settingsJson(node.engine);
    }
    nodes.push_back(j);
  }
  return {{"name", sqlName(r, file)}, {"resource", r.name}, {"file", file.generic_string()}, {"nodes", nodes}};
}

json projectJson(const ferry::project::Project& project, const std::string& name) {
  json datasources = json::array(), pipes = json::array();
  for (size_t i : project.topologicalOrder()) {
    const auto& r = *project.resources[i];
    if (r.kind == ferry::project::ResourceKind::Datasource) datasources.push_back(datasourceJson(r, project.root));
    if (r.kind == ferry::project::ResourceKind::Pipe) pipes.push_back(pipeJson(r, project.root));
  }
  return {{"project", name}, {"root", fs::absolute(project.root).string()}, {"datasources", datasources},
          {"pipes", pipes}};
}

}  // namespace

int main(int argc, char** argv) {
  fs::path path;
  std::string out_path;
  bool recursive = false, usage_error = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--recursive") recursive = true;
    else if (a == "--out" && i + 1 < argc) out_path = argv[++i];
    else if (path.empty()) path = a;
    else usage_error = true;
  }
  if (usage_error || path.empty() || out_path.empty()) {
    std::fprintf(stderr, "usage: project_schema_dump <path> [--recursive] --out FILE\n");
    return 2;
  }
  json projects = json::array();
  size_t resources = 0, nodes = 0;
  std::set<fs::path> dumped_files;
  std::vector<fs::path> roots = recursive ? ferry::project::findProjects(path) : std::vector<fs::path>{path};
  for (const auto& root : roots) {
    ferry::SourceManager sources;
    ferry::DiagnosticSink sink;
    auto project = ferry::project::loadProject(root, sources, sink);
    bool new_files = false;
    for (const auto& r : project->resources) new_files |= dumped_files.insert(fs::absolute(r->path)).second;
    if (!new_files) continue;
    fs::path folder = fs::absolute(path).lexically_normal();
    if (folder.filename().empty()) folder = folder.parent_path();  // `dir/`
    std::string name = recursive ? fs::relative(root, path).generic_string() : folder.filename().string();
    json p = projectJson(*project, name);
    resources += p["datasources"].size() + p["pipes"].size();
    for (const auto& pipe : p["pipes"]) nodes += pipe["nodes"].size();
    projects.push_back(std::move(p));
  }
  std::ofstream out(out_path, std::ios::binary);
  out << projects.dump(-1, ' ', false, json::error_handler_t::replace);
  std::printf("%s: %zu projects, %zu datasources and pipes, %zu nodes\n", path.c_str(), projects.size(), resources,
              nodes);
  return resources == 0 || !out ? 1 : 0;
}
