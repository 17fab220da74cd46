// What the differential tests need to rebuild a project in ClickHouse (chDB): every datasource
// (columns with types and DEFAULTs, engine settings) and every pipe's nodes (SQL, node type,
// target), as JSON. With `--render PIPE NAME=VALUE...` the pipe's templates are rendered with
// those request parameters (Tinybird's rendering); without, templates keep their test-mode text.
//
//   ferry_db_project_dump <project-dir> [--render PIPE [NAME=VALUE ...]]
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/datafile/datafile_ast.h"
#include "compiler/project/project.h"
#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"

using namespace ferry;

namespace {

std::string renderNode(const datafile::SqlBlock& block, const std::map<std::string, std::string, std::less<>>& values,
                       std::string& errors) {
  if (!block.is_template) return block.text;
  DiagnosticSink sink;
  tpl::Template t = tpl::parseTemplate(block.text, block.map, sink);
  tpl::RenderOptions options;
  options.values = values;
  auto rendered = tpl::renderForAnalysis(t, sink, options);
  for (const auto& d : sink.all())
    if (d.severity == Severity::Error) errors += d.message + "\n";
  return rendered.text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ferry_db_project_dump <project-dir> [--render PIPE [NAME=VALUE ...]]\n");
    return 2;
  }
  std::string render_pipe;
  std::map<std::string, std::string, std::less<>> values;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--render" && i + 1 < argc) {
      render_pipe = argv[++i];
    } else if (auto eq = arg.find('='); eq != std::string::npos) {
      values[arg.substr(0, eq)] = arg.substr(eq + 1);
    } else {
      std::fprintf(stderr, "unexpected argument %s\n", arg.c_str());
      return 2;
    }
  }
  SourceManager sources;
  DiagnosticSink sink;
  auto project = project::loadProject(argv[1], sources, sink);
  nlohmann::json datasources = nlohmann::json::array(), pipes = nlohmann::json::array();
  for (const auto& r : project->resources) {
    if (const auto* ds = r->datafile.datasource()) {
      nlohmann::json columns = nlohmann::json::array();
      for (const auto& c : ds->columns)
        columns.push_back({{"name", c.name.text}, {"type", c.type.text}, {"default", c.default_expr.text},
                           {"jsonpath", c.json_path.text}, {"codec", c.codec.text}});
      nlohmann::json engine = nlohmann::json::object();
      for (const auto& s : ds->engine) engine[s.name] = s.value;
      datasources.push_back({{"name", r->name}, {"columns", columns}, {"engine", engine}});
    }
    if (r->kind != project::ResourceKind::Pipe) continue;
    nlohmann::json nodes = nlohmann::json::array();
    std::string errors;
    for (const auto& n : r->nodes) {
      if (!n.node || !n.node->sql) continue;
      std::string sql = r->name == render_pipe ? renderNode(*n.node->sql, values, errors) : n.sql.rendered;
      nlohmann::json node{{"name", n.node->name.text}, {"type", std::string(datafile::nodeTypeName(n.node->node_type))},
                          {"sql", sql}};
      if (n.node->copy_mode) node["copy_mode"] = n.node->copy_mode->value;
      nodes.push_back(node);
    }
    nlohmann::json pipe{{"name", r->name}, {"nodes", nodes}};
    pipe["target"] = r->writes ? nlohmann::json(r->writes->name) : nlohmann::json(nullptr);
    if (!errors.empty()) pipe["render_errors"] = errors;
    pipes.push_back(pipe);
  }
  nlohmann::json doc{{"datasources", datasources}, {"pipes", pipes}};
  std::cout << doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}
