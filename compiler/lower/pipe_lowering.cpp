/// Pipes and ad-hoc queries: rendering with request parameters, re-analysis node by node, and
/// the resolution of FROM names to scans and inlined plans.
#include "compiler/analyze/project_tables.h"
#include "compiler/lower/lowering.h"
#include "compiler/lower/project_context.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/template/parse_template.h"
#include "compiler/template/render_template.h"

namespace ferry::lower {

namespace {

constexpr int kMaxPipeDepth = 32;

std::string firstError(const DiagnosticSink& sink) {
  for (const auto& d : sink.all())
    if (d.severity == Severity::Error) return std::string(diagName(d.id)) + ": " + d.message;
  return {};
}

/// The node's SQL rendered with `params` (as parseSqlBlock does with test values).
std::unique_ptr<sql::SelectStatement> renderNode(const datafile::SqlBlock& block, const Params& params,
                                                 DiagnosticSink& sink) {
  bool looks_templated = block.text.find("{{") != std::string::npos || block.text.find("{%") != std::string::npos;
  if (!block.is_template && !looks_templated) return sql::parseQuery(block.text, block.map, sink);
  std::string text = block.text;
  SourceMap map = block.map;
  if (!block.is_template) {
    text = "%\n" + text;
    map = map.withPrefix(2);
  }
  tpl::Template t = tpl::parseTemplate(text, map, sink);
  tpl::RenderOptions options;
  options.values = params;
  options.secrets_as_query_parameters = false;
  tpl::RenderedSql rendered = tpl::renderForAnalysis(t, sink, options);
  return sql::parseQuery(rendered.text, rendered.map, sink);
}

/// FROM names of one node: the earlier nodes of its pipe, then the project.
class NodeTables final : public TableLowering {
 public:
  NodeTables(ProjectContext& ctx, ProjectContext::PipeRun& run, size_t index) : ctx_(ctx), run_(run), index_(index) {}
  rt::PlanPtr table(const std::vector<std::string>& parts, bool final, const sql::Node* at) override {
    if (parts.size() == 1) {
      for (size_t j = index_; j-- > 0;) {
        if (run_.nodes[j].name != parts[0]) continue;
        if (final) unsupported("FINAL on a node", at);
        return ctx_.lowerNode(run_, j);
      }
    }
    return ctx_.resolve(parts, final, at);
  }

 private:
  ProjectContext& ctx_;
  ProjectContext::PipeRun& run_;
  size_t index_;
};

class ProjectOnlyTables final : public TableLowering {
 public:
  explicit ProjectOnlyTables(ProjectContext& ctx) : ctx_(ctx) {}
  rt::PlanPtr table(const std::vector<std::string>& parts, bool final, const sql::Node* at) override {
    return ctx_.resolve(parts, final, at);
  }

 private:
  ProjectContext& ctx_;
};

void reportError(DiagnosticSink& sink, const LowerError& e, const std::string& context) {
  std::string message = e.message;
  if (e.id == DiagId::LOWER_UNSUPPORTED) message = "cannot run " + message + " yet";
  if (!context.empty()) message = context + ": " + message;
  sink.report(e.id, e.span, message);
}

}  // namespace

rt::PlanPtr ProjectContext::scan(const std::string& table, const analyze::Schema& columns, bool final,
                                 const sql::Node* at) {
  auto node = makeNode(rt::PlanKind::Scan);
  node->table = table;
  node->final = final;
  for (const auto& c : columns) {
    node->columns.push_back(c.name);
    node->output.push_back({c.name, requireType(c.type, at)});
  }
  return node;
}

rt::PlanPtr ProjectContext::resolve(const std::vector<std::string>& parts, bool final, const sql::Node* at) {
  if (parts.empty()) return nullptr;
  std::string name = parts.size() == 2 ? parts[0] + "." + parts[1] : parts[0];
  if (parts.size() > 2) return nullptr;
  const auto* resource = parts.size() == 1 ? project_.find(name) : nullptr;
  const std::string& canonical = resource ? resource->name : name;
  if (const auto* ds = analysis_.datasource(canonical)) {
    if (!ds->complete) unsupported("the datasource `" + canonical + "` (a column type did not parse)", at);
    return scan(ds->name, ds->columns, final, at);
  }
  if (const auto* pipe = analysis_.pipe(canonical); pipe && resource) {
    if (final) unsupported("FINAL on a pipe", at);
    auto& run = this->pipe(*resource, nullptr);
    if (run.nodes.empty()) unsupported("the pipe `" + canonical + "` without nodes", at);
    return lowerNode(run, run.nodes.size() - 1);
  }
  const std::string suffix = "_quarantine";
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    std::string base = name.substr(0, name.size() - suffix.size());
    if (const auto* ds = analysis_.datasource(base); ds && ds->complete)
      return scan(name, analyze::quarantineSchema(ds->columns), final, at);
  }
  return nullptr;
}

ProjectContext::PipeRun& ProjectContext::pipe(const project::Resource& resource, const Params* params) {
  if (!params) {
    if (auto it = default_runs_.find(resource.name); it != default_runs_.end()) return *it->second;
  }
  auto run = std::make_unique<PipeRun>();
  run->resource = &resource;
  analyze::ProjectTables tables(project_, analysis_);
  for (const auto& n : resource.nodes) {
    NodeRun& node = run->nodes.emplace_back();
    node.name = n.node->name.text;
    node.syntax = &n;
    DiagnosticSink local;
    if (params && n.node->sql) {
      node.owned = renderNode(*n.node->sql, *params, local);
      node.statement = node.owned.get();
    } else {
      node.statement = n.sql.statement.get();
    }
    if (!node.statement) {
      node.error = firstError(local);
      if (node.error.empty()) node.error = "its SQL did not parse";
    } else {
      analyze::AnalyzeOptions options;
      options.record_resolution = true;
      node.analysis = analyze::analyzeQuery(*node.statement, tables, local, options);
      bool typed = node.analysis.ok;
      for (const auto& c : node.analysis.output) typed = typed && c.type != nullptr;
      if (typed) {
        node.schema = node.analysis.output;
      } else {
        node.error = firstError(local);
        if (node.error.empty()) node.error = "it could not be analyzed";
      }
    }
    if (params && analysis_sink) analysis_sink->append(local);
    tables.setNode(node.name, node.error.empty() ? &node.schema : nullptr);
  }
  PipeRun& out = *run;
  if (params) {
    param_runs_.push_back(std::move(run));
  } else {
    default_runs_[resource.name] = std::move(run);
  }
  return out;
}

rt::PlanPtr ProjectContext::lowerNode(PipeRun& run, size_t index) {
  NodeRun& node = run.nodes[index];
  if (node.plan) return node.plan;
  std::string where = "node `" + node.name + "` of `" + run.resource->name + "`";
  if (!node.error.empty()) throw LowerError{DiagId::LOWER_NOT_ANALYZED, where + ": " + node.error, {}};
  if (node.in_progress || depth_ > kMaxPipeDepth) unsupported(where + " reading itself");
  node.in_progress = true;
  ++depth_;
  try {
    NodeTables tables(*this, run, index);
    QueryLowerer lowerer(node.analysis, tables);
    if (!node.statement->query) unsupported("an empty query");
    node.plan = lowerer.lowerQuery(*node.statement->query).plan;
  } catch (...) {
    node.in_progress = false;
    --depth_;
    throw;
  }
  node.in_progress = false;
  --depth_;
  return node.plan;
}

rt::PlanPtr lowerSqlQuery(std::string_view sql, const project::Project& project,
                          const analyze::ProjectAnalysis& analysis, DiagnosticSink& sink) {
  auto statement = sql::parseQuery(sql, SourceMap(kNoFile, 0), sink);
  if (!statement || !statement->query) return nullptr;
  analyze::ProjectTables resolver(project, analysis);
  analyze::AnalyzeOptions options;
  options.record_resolution = true;
  auto result = analyze::analyzeQuery(*statement, resolver, sink, options);
  if (!result.ok) return nullptr;
  ProjectContext ctx(project, analysis, sink);
  try {
    ProjectOnlyTables tables(ctx);
    QueryLowerer lowerer(result, tables);
    return lowerer.lowerQuery(*statement->query).plan;
  } catch (const LowerError& e) {
    reportError(sink, e, "");
    return nullptr;
  }
}

rt::PlanPtr lowerPipe(const project::Project& project, const analyze::ProjectAnalysis& analysis,
                      std::string_view pipe, const std::map<std::string, std::string, std::less<>>& params,
                      DiagnosticSink& sink, std::string_view node) {
  const project::Resource* resource = project.find(pipe);
  if (!resource || resource->kind != project::ResourceKind::Pipe) {
    sink.report(DiagId::LOWER_UNKNOWN_PIPE, Span{}, "there is no pipe `" + std::string(pipe) + "`");
    return nullptr;
  }
  if (!checkParameters(*resource, params, sink)) return nullptr;
  ProjectContext ctx(project, analysis, sink);
  ctx.analysis_sink = &sink;
  auto& run = ctx.pipe(*resource, &params);
  if (run.nodes.empty()) {
    sink.report(DiagId::LOWER_UNKNOWN_PIPE, Span{}, "the pipe `" + std::string(pipe) + "` has no nodes");
    return nullptr;
  }
  size_t index = run.nodes.size() - 1;
  if (!node.empty()) {
    bool found = false;
    for (size_t i = 0; i < run.nodes.size(); ++i) {
      if (run.nodes[i].name == node) {
        index = i;
        found = true;
      }
    }
    if (!found) {
      sink.report(DiagId::LOWER_UNKNOWN_PIPE, Span{},
                  "the pipe `" + std::string(pipe) + "` has no node `" + std::string(node) + "`");
      return nullptr;
    }
  }
  try {
    return ctx.lowerNode(run, index);
  } catch (const LowerError& e) {
    reportError(sink, e, "");
    return nullptr;
  }
}

}  // namespace ferry::lower
