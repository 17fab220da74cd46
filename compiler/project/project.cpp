#include "compiler/base/file_text.h"
#include "compiler/project/project.h"

#include <fstream>
#include <sstream>

#include "compiler/datafile/parse_datafile.h"
#include "compiler/project/graph.h"
#include "compiler/project/layout.h"
#include "compiler/project/sql_blocks.h"

namespace fs = std::filesystem;

namespace ferry::project {

std::string_view resourceKindName(ResourceKind k) {
  switch (k) {
    case ResourceKind::Datasource: return "datasource";
    case ResourceKind::Pipe: return "pipe";
    case ResourceKind::Connection: return "connection";
  }
  return "datasource";
}

const Resource* Project::find(std::string_view name) const {
  auto i = indexOf(name);
  return i ? resources[*i].get() : nullptr;
}

std::optional<size_t> Project::indexOf(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

/// Parses the SQL pieces of one datafile into `r`.
static void parseSql(const SourceManager& sources, Resource& r, DiagnosticSink& sink) {
  if (auto* ds = r.datafile.datasource()) {
    for (const auto& c : ds->columns) r.columns.push_back(parseColumn(sources, c, sink));
    parseEngineExpressions(sources, ds->engine, r.engine_exprs, r.ttl, sink);
    if (ds->forward_query) r.forward_query = parseSqlBlock(*ds->forward_query, sink);
  } else if (auto* pipe = r.datafile.pipe()) {
    for (const auto& node : pipe->nodes) {
      NodeSyntax ns;
      ns.node = &node;
      if (node.sql) ns.sql = parseSqlBlock(*node.sql, sink);
      r.nodes.push_back(std::move(ns));
      // Classic pipes may declare their MV target's engine inline.
      parseEngineExpressions(sources, node.engine, r.engine_exprs, r.ttl, sink);
    }
  }
}

std::unique_ptr<Project> loadProject(const fs::path& root, SourceManager& sources, DiagnosticSink& sink,
                                     const LoadOptions& options) {
  auto project = std::make_unique<Project>();
  project->root = root;
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_regular_file(root, ec)) {
    project->root = root.parent_path();
    files.push_back(root);
  } else if (fs::is_directory(root, ec)) {
    files = projectFiles(root, options.stop_at_nested_projects);
  } else {
    sink.report(DiagId::PRJ_NOT_FOUND, Span{}, "no such file or directory: " + root.string());
    return project;
  }

  datafile::ParseOptions parse_options;
  parse_options.environment = datafile::processEnvironment();
  parse_options.read_file = datafile::diskReader();
  for (const auto& path : files) {
    auto text = readFileText(path);
    if (!text) {
      sink.report(DiagId::IO_CANNOT_READ, Span{}, "cannot read " + path.string());
      continue;
    }
    FileId id = sources.add(path.string(), std::move(*text));
    project->resources.push_back(loadResource(project->root, path, id, sources, parse_options, sink));
  }
  linkProject(*project, sink, options);
  return project;
}

std::unique_ptr<Resource> loadResource(const fs::path& root, const fs::path& path, FileId id, SourceManager& sources,
                                       const datafile::ParseOptions& options, DiagnosticSink& sink) {
  auto kind = datafile::kindFromPath(path.string());
  auto res = std::make_unique<Resource>();
  datafile::ParseOptions parse_options = options;
  parse_options.name = datafile::stemFromPath(path.string());
  res->datafile = datafile::parseDatafile(sources, id, kind, parse_options, sink);
  // Resources are named by their file stem, as SQL names them; a Classic `VERSION n` adds the
  // name `<stem>__vn` as an alias (linkProject) unless a file has that stem.
  res->name = res->datafile.name;
  // `vendor/<workspace>/.../x.datasource` is a datasource shared by another workspace: SQL
  // names it `<workspace>.x`.
  {
    auto rel = path.lexically_relative(root);
    auto it = rel.begin();
    if (it != rel.end() && *it == "vendor" && ++it != rel.end() && std::next(it) != rel.end())
      res->name = it->string() + "." + res->datafile.name;
  }
  res->path = path;
  res->kind = kind == datafile::DatafileKind::Datasource ? ResourceKind::Datasource
              : kind == datafile::DatafileKind::Connection ? ResourceKind::Connection
                                                            : ResourceKind::Pipe;
  parseSql(sources, *res, sink);
  return res;
}

void linkProject(Project& project, DiagnosticSink& sink, const LoadOptions& options) {
  project.by_name_.clear();
  project.edges.clear();
  for (auto& r : project.resources) {
    r->reads.clear();
    r->writes.reset();
  }
  // A scratch pipe under playgrounds/ is not deployed: on a name clash the other resource wins.
  auto is_playground = [](const Resource& r) {
    for (const auto& part : r.path.parent_path())
      if (part == "playgrounds") return true;
    return false;
  };
  for (size_t i = 0; i < project.resources.size(); ++i) {
    const auto& r = *project.resources[i];
    auto [it, inserted] = project.by_name_.emplace(r.name, i);
    if (inserted || options.syntax_only) continue;
    const auto& first = *project.resources[it->second];
    bool playground = is_playground(r) || is_playground(first);
    if (playground && is_playground(first) && !is_playground(r)) it->second = i;
    auto& d = sink.report(DiagId::PRJ_DUPLICATE_NAME, playground ? Severity::Warning : Severity::Error,
                          Span{r.datafile.file, 0, 0},
                          "resource name '" + r.name + "' is already used by " + first.path.filename().string(),
                          playground ? "playground pipes are not deployed; the other resource keeps the name"
                                     : "top level object names must be unique across datasources, pipes and connections");
    d.notes.push_back(Diagnostic{DiagId::PRJ_DUPLICATE_NAME, Severity::Note, Span{first.datafile.file, 0, 0},
                                 "first defined here", {}, {}});
  }
  for (size_t i = 0; i < project.resources.size(); ++i) {
    auto versioned = project.resources[i]->datafile.resourceName();
    if (versioned != project.resources[i]->name) project.by_name_.emplace(versioned, i);
  }
  if (!options.syntax_only) buildGraph(project, sink);
}

}  // namespace ferry::project
