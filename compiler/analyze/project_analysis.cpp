#include "compiler/analyze/project_analysis.h"

#include <set>

#include "compiler/analyze/project_checks.h"
#include "compiler/analyze/project_tables.h"
#include "compiler/analyze/query_analyzer.h"
#include "compiler/project/graph.h"

namespace ferry::analyze {

const DatasourceSchema* ProjectAnalysis::datasource(std::string_view name) const {
  for (const auto& d : datasources)
    if (d.name == name) return &d;
  return nullptr;
}

const PipeSchema* ProjectAnalysis::pipe(std::string_view name) const {
  for (const auto& p : pipes)
    if (p.resource->name == name) return &p;
  return nullptr;
}

namespace {

std::string firstError(const DiagnosticSink& sink) {
  for (const auto& d : sink.all())
    if (d.severity == Severity::Error) return std::string(diagName(d.id)) + ": " + d.message;
  return {};
}

/// The first error the loader reported inside a node's SQL block (syntax, template), if any.
std::string loadError(const project::NodeSyntax& n, const DiagnosticSink& sink) {
  if (!n.node->sql) return {};
  const Span& block = n.node->sql->span;
  for (const auto& d : sink.all())
    if (d.severity == Severity::Error && d.span.file == block.file && d.span.begin >= block.begin &&
        d.span.begin < block.end)
      return std::string(diagName(d.id)) + ": " + d.message;
  return {};
}

/// Why a node is not analyzed, when one of the tables it reads has no schema; empty otherwise.
/// Unknown tables are reported by the project loader (PRJ_UNKNOWN_TABLE); a table of another
/// database gets a warning here; a table that failed analysis was reported where it failed.
std::string unavailableInput(const sql::SelectStatement& stmt, const ProjectTables& tables, DiagnosticSink& sink) {
  for (const auto& ref : project::tablesRead(stmt, {})) {
    switch (tables.availability(ref.name)) {
      case ProjectTables::Availability::Known:
        continue;
      case ProjectTables::Availability::Unanalyzed:
        return "'" + ref.name + "' could not be analyzed";
      case ProjectTables::Availability::Foreign:
        sink.report(DiagId::SCH_UNKNOWN_DATABASE, ref.span,
                    "'" + ref.name + "' is in a database Ferry has no schema for; the node is not type-checked");
        return "'" + ref.name + "' has no known schema";
      case ProjectTables::Availability::Unknown:
        return "'" + ref.name + "' is not defined";
    }
  }
  return {};
}

void analyzePipe(const project::Project& project, const project::Resource& r, ProjectAnalysis& analysis,
                 DiagnosticSink& sink) {
  PipeSchema pipe;
  pipe.resource = &r;
  pipe.nodes.reserve(r.nodes.size());
  ProjectTables tables(project, analysis);
  for (const auto& n : r.nodes) {
    NodeSchema node;
    node.syntax = &n;
    node.name = n.node->name.text;
    if (auto syntax = loadError(n, sink); !syntax.empty()) {
      node.error = syntax;  // the SQL (or its template) did not parse cleanly: reported at load
    } else if (!n.sql.statement) {
      node.error = "the SQL of the node did not parse";
    } else if (auto why = unavailableInput(*n.sql.statement, tables, sink); !why.empty()) {
      node.skipped = why;  // not an error of this node: its input is missing
    } else {
      DiagnosticSink local;
      auto result = analyzeQuery(*n.sql.statement, tables, local);
      node.error = firstError(local);
      bool typed = result.ok && node.error.empty();
      for (const auto& c : result.output) typed = typed && c.type != nullptr;
      if (typed) node.columns = std::move(result.output);
      sink.append(local);
    }
    pipe.nodes.push_back(std::move(node));
    // The pipe's own nodes shadow datasources and pipes of the same name.
    const auto& added = pipe.nodes.back();
    tables.setNode(added.name, added.columns ? &*added.columns : nullptr);
  }
  analysis.pipes.push_back(std::move(pipe));

  // The node that writes into a datasource.
  const PipeSchema& done = analysis.pipes.back();
  if (r.writes && !project.find(r.writes->name)) {
    // A Classic target declared in the pipe: its columns are what the node outputs.
    for (const auto& node : done.nodes) {
      if (node.syntax->node->node_type != datafile::NodeType::Materialized || node.syntax->node->engine.empty())
        continue;
      DatasourceSchema ds;
      ds.name = r.writes->name;
      ds.resource = &r;
      ds.declared_by_pipe = true;
      ds.complete = node.columns.has_value();
      if (node.columns) ds.columns = *node.columns;
      analysis.datasources.push_back(std::move(ds));
    }
    return;
  }
  if (r.writes) {
    const auto* written = project.find(r.writes->name);
    const auto* target = written ? analysis.datasource(written->name) : nullptr;
    for (const auto& node : done.nodes) {
      auto type = node.syntax->node->node_type;
      bool materialized = type == datafile::NodeType::Materialized;
      if (!materialized && type != datafile::NodeType::Copy) continue;
      if (target && node.columns) checkTargetSchema(node, *target, materialized, sink);
    }
  }
}

}  // namespace

ProjectAnalysis analyzeProject(const project::Project& project, DiagnosticSink& sink) {
  ProjectAnalysis analysis;
  auto order = project.topologicalOrder();
  // Datasources first: their schemas are declared, so pipes can read any of them (an MV target
  // comes after its pipe in dependency order, but its schema does not depend on the pipe).
  for (size_t i : order) {
    const auto& r = *project.resources[i];
    if (r.kind != project::ResourceKind::Datasource) continue;
    analysis.datasources.push_back(datasourceSchema(r, sink));
  }
  analysis.pipes.reserve(project.resources.size());
  for (size_t i : order) {
    const auto& r = *project.resources[i];
    if (r.kind == project::ResourceKind::Pipe) analyzePipe(project, r, analysis, sink);
  }
  for (const auto& ds : analysis.datasources)
    if (!ds.declared_by_pipe) checkDatasourceEngine(ds, sink);
  return analysis;
}

ProjectAnalysis analyzeProject(const project::Project& project, DiagnosticSink& sink, AnalysisReuse& reuse) {
  ProjectAnalysis analysis;
  reuse.current.clear();
  reuse.analyzed = reuse.reused = 0;
  auto& changed = reuse.changed_names;
  auto order = project.topologicalOrder();
  auto previous = [&](const project::Resource& r) -> const ResourceAnalysis* {
    auto it = reuse.previous.find(&r);
    return it == reuse.previous.end() || changed.contains(r.name) ? nullptr : &it->second;
  };
  auto keep = [&](const project::Resource& r, ResourceAnalysis result) {
    for (const auto& d : result.diagnostics) sink.all().push_back(d);
    reuse.current[&r] = std::move(result);
  };

  // As analyzeProject above, with each resource's diagnostics kept apart; the engine checks of
  // a datasource depend on its own schema only, so they are part of its result.
  for (size_t i : order) {
    const auto& r = *project.resources[i];
    if (r.kind != project::ResourceKind::Datasource) continue;
    if (const auto* before = previous(r)) {
      analysis.datasources.push_back(before->datasources.front());
      keep(r, *before);
      ++reuse.reused;
      continue;
    }
    DiagnosticSink local;
    ResourceAnalysis result;
    result.datasources.push_back(datasourceSchema(r, local));
    checkDatasourceEngine(result.datasources.front(), local);
    result.diagnostics = std::move(local.all());
    analysis.datasources.push_back(result.datasources.front());
    keep(r, std::move(result));
    ++reuse.analyzed;
  }
  analysis.pipes.reserve(project.resources.size());
  auto uses_changed = [&](const project::Resource& r) {
    auto changed_name = [&](std::string_view name) {
      // `x_quarantine` is datasource x's too.
      constexpr std::string_view kQuarantine = "_quarantine";
      if (name.ends_with(kQuarantine)) name.remove_suffix(kQuarantine.size());
      if (changed.contains(name)) return true;
      const auto* owner = project.find(name);
      return owner && changed.contains(owner->name);
    };
    for (const auto& ref : r.reads)
      if (changed_name(ref.name)) return true;
    return r.writes && changed_name(r.writes->name);
  };
  for (size_t i : order) {
    const auto& r = *project.resources[i];
    if (r.kind != project::ResourceKind::Pipe) continue;
    if (const auto* before = previous(r); before && !uses_changed(r)) {
      analysis.pipes.push_back(*before->pipe);
      for (const auto& ds : before->datasources) analysis.datasources.push_back(ds);
      keep(r, *before);
      ++reuse.reused;
      continue;
    }
    DiagnosticSink local;
    size_t declared_before = analysis.datasources.size();
    analyzePipe(project, r, analysis, local);
    ResourceAnalysis result;
    result.pipe = analysis.pipes.back();
    for (size_t d = declared_before; d < analysis.datasources.size(); ++d) {
      result.datasources.push_back(analysis.datasources[d]);
      changed.insert(analysis.datasources[d].name);
    }
    result.diagnostics = std::move(local.all());
    keep(r, std::move(result));
    // What reads this pipe is analyzed again too.
    changed.insert(r.name);
    ++reuse.analyzed;
  }
  return analysis;
}

}  // namespace ferry::analyze
