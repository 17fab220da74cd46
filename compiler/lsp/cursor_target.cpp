#include "compiler/lsp/cursor_target.h"

#include "compiler/analyze/project_tables.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/project/graph.h"
#include "compiler/sql/ast.h"

namespace ferry::lsp {

namespace {

bool covers(const Span& s, FileId file, uint32_t offset) {
  // The end counts: a cursor right after a name (where editors put it) still names it.
  return s.valid() && s.file == file && s.begin <= offset && offset <= s.end;
}

/// The smallest SQL node whose span holds `offset`.
const sql::Node* innermost(const sql::Node& root, FileId file, uint32_t offset) {
  const sql::Node* best = nullptr;
  auto visit = [&](auto& self, const sql::Node& n) -> void {
    if (covers(n.span, file, offset) && (!best || n.span.size() <= best->span.size())) best = &n;
    sql::forEachChild(n, [&](const sql::Node& child) { self(self, child); });
  };
  visit(visit, root);
  return best;
}

const analyze::Column* findColumn(const analyze::Schema& schema, std::string_view name) {
  for (const auto& c : schema)
    if (c.name == name) return &c;
  return nullptr;
}

const datafile::Column* declaredColumn(const project::Resource& r, std::string_view name) {
  if (const auto* ds = r.datafile.datasource())
    for (const auto& c : ds->columns)
      if (c.name.text == name) return &c;
  return nullptr;
}

/// A column named in a datasource's own expressions (keys, TTL, FORWARD_QUERY): its schema.
CursorTarget ownColumn(const RequestContext& ctx, const project::Resource& r, const sql::Identifier& id) {
  CursorTarget t;
  t.kind = CursorTarget::Kind::Column;
  t.span = id.span;
  t.name = id.parts.back();
  t.resource = &r;
  t.column = declaredColumn(r, t.name);
  t.expr = &id;
  if (const auto* schema = ctx.project.analysis().datasource(r.name))
    if (const auto* c = findColumn(schema->columns, t.name)) t.type = c->type;
  return t;
}

/// The node of `pipe` named `name` that comes before node `before`.
const project::NodeSyntax* earlierNode(const project::Resource& pipe, size_t before, std::string_view name) {
  for (size_t i = 0; i < before && i < pipe.nodes.size(); ++i)
    if (pipe.nodes[i].node->name.text == name) return &pipe.nodes[i];
  return nullptr;
}

/// A table name read by node `index` of `pipe`: an earlier node, or a resource.
CursorTarget tableTarget(const RequestContext& ctx, const project::Resource& pipe, size_t index, std::string name,
                         Span span) {
  CursorTarget t;
  t.span = span;
  if (const auto* n = earlierNode(pipe, index, name)) {
    t.kind = CursorTarget::Kind::Node;
    t.name = std::move(name);
    t.resource = &pipe;
    t.node = n->node;
    return t;
  }
  if (const auto* r = ctx.project.project().find(name)) {
    t.kind = CursorTarget::Kind::Resource;
    t.name = r->name;
    t.resource = r;
  }
  return t;
}

/// Where column `name` of node `index` of `pipe` comes from: the tables its query reads, in order
/// (`qualifier` first when the name was written `t.name`).
void resolveColumnOrigin(const RequestContext& ctx, const project::Resource& pipe, size_t index,
                         const sql::SelectStatement& stmt, const std::string& qualifier, CursorTarget& t) {
  std::set<std::string, std::less<>> local;
  for (size_t i = 0; i < index; ++i) local.insert(pipe.nodes[i].node->name.text);
  std::vector<std::string> tables;
  if (!qualifier.empty()) tables.push_back(qualifier);
  for (const auto& ref : project::tablesRead(stmt, {})) tables.push_back(ref.name);
  const auto& analysis = ctx.project.analysis();
  const auto* pipe_schema = analysis.pipe(pipe.name);
  for (const auto& table : tables) {
    if (const auto* n = earlierNode(pipe, index, table)) {
      size_t at = static_cast<size_t>(n - pipe.nodes.data());
      if (pipe_schema && at < pipe_schema->nodes.size() && pipe_schema->nodes[at].columns &&
          findColumn(*pipe_schema->nodes[at].columns, t.name)) {
        t.resource = &pipe;
        t.node = n->node;
        return;
      }
      continue;
    }
    const auto* r = ctx.project.project().find(table);
    if (!r) continue;
    if (r->kind == project::ResourceKind::Datasource) {
      if (const auto* c = declaredColumn(*r, t.name)) {
        t.resource = r;
        t.column = c;
        return;
      }
    } else if (const auto* p = analysis.pipe(r->name); p && p->output() && p->output()->columns &&
                                                        findColumn(*p->output()->columns, t.name)) {
      t.resource = r;
      t.node = p->output()->syntax->node;
      return;
    }
  }
}

CursorTarget sqlTarget(const RequestContext& ctx, const project::Resource& pipe, size_t index, uint32_t offset) {
  const auto& syntax = pipe.nodes[index];
  const auto& stmt = *syntax.sql.statement;
  const sql::Node* hit = innermost(stmt, ctx.file, offset);
  if (!hit) return {};
  if (const auto* ref = hit->tryAs<sql::TableRef>(); ref && !ref->parts.empty())
    return tableTarget(ctx, pipe, index, ref->parts.back(), ref->span);
  const auto* expr = hit->tryAs<sql::Expr>();
  if (!expr) return {};
  auto analysis = analyzeNodeExpressions(ctx, pipe, index);
  auto type_of = [&](const sql::Expr* e) -> types::TypePtr {
    auto it = analysis.expression_types.find(e);
    return it == analysis.expression_types.end() ? nullptr : it->second.type;
  };
  CursorTarget t;
  t.expr = expr;
  t.span = expr->span;
  t.type = type_of(expr);
  if (const auto* id = expr->tryAs<sql::Identifier>()) {
    // On `t` of `t.col`: the table.
    if (id->parts.size() > 1 && offset <= id->span.begin + id->parts.front().size()) {
      auto table = tableTarget(ctx, pipe, index, id->parts.front(),
                               Span{id->span.file, id->span.begin, id->span.begin + uint32_t(id->parts.front().size())});
      if (table.kind != CursorTarget::Kind::None) return table;
    }
    t.kind = CursorTarget::Kind::Column;
    t.name = id->parts.back();
    resolveColumnOrigin(ctx, pipe, index, stmt, id->parts.size() > 1 ? id->parts[id->parts.size() - 2] : "", t);
    return t;
  }
  if (const auto* alias = expr->tryAs<sql::AliasExpr>()) {
    // `expr AS name` with the cursor on `name`: the output column it defines.
    t.kind = CursorTarget::Kind::Column;
    t.name = alias->name;
    t.resource = &pipe;
    t.node = syntax.node;
    if (!t.type && alias->expr) t.type = type_of(alias->expr.get());
    if (t.span.end >= alias->name.size()) t.span.begin = std::max(t.span.begin, t.span.end - uint32_t(alias->name.size()));
    return t;
  }
  if (const auto* call = expr->tryAs<sql::FunctionCall>(); call && offset <= call->span.begin + call->name.size()) {
    t.kind = CursorTarget::Kind::Function;
    t.name = call->name;
    t.span = Span{call->span.file, call->span.begin, call->span.begin + uint32_t(call->name.size())};
    for (const auto& a : call->args) t.argument_types.push_back(type_of(a.get()));
    return t;
  }
  t.kind = CursorTarget::Kind::Expression;
  return t;
}

CursorTarget settingTarget(const RequestContext& ctx, const datafile::Setting& s, uint32_t offset) {
  CursorTarget t;
  if (covers(s.value_span, ctx.file, offset)) {
    if (const auto* r = ctx.project.project().find(s.value)) {
      t.kind = CursorTarget::Kind::Resource;
      t.name = r->name;
      t.resource = r;
      t.span = s.value_span;
    }
  }
  return t;
}

CursorTarget datasourceTarget(const RequestContext& ctx, const project::Resource& r, uint32_t offset) {
  const auto& ds = *r.datafile.datasource();
  for (const auto& c : ds.columns) {
    if (!covers(c.name.span, ctx.file, offset)) continue;
    CursorTarget t;
    t.kind = CursorTarget::Kind::Column;
    t.name = c.name.text;
    t.span = c.name.span;
    t.resource = &r;
    t.column = &c;
    t.declaration = true;
    if (const auto* schema = ctx.project.analysis().datasource(r.name))
      if (const auto* col = findColumn(schema->columns, t.name)) t.type = col->type;
    return t;
  }
  // Keys, TTL and the FORWARD_QUERY name the datasource's own columns.
  auto in_exprs = [&](const sql::Node& root) -> std::optional<CursorTarget> {
    const sql::Node* hit = innermost(root, ctx.file, offset);
    if (const auto* id = hit ? hit->tryAs<sql::Identifier>() : nullptr) return ownColumn(ctx, r, *id);
    return std::nullopt;
  };
  for (const auto& [name, exprs] : r.engine_exprs)
    for (const auto& e : exprs)
      if (e && covers(e->span, ctx.file, offset))
        if (auto t = in_exprs(*e)) return *t;
  for (const auto& ttl : r.ttl)
    if (ttl && covers(ttl->span, ctx.file, offset))
      if (auto t = in_exprs(*ttl)) return *t;
  if (r.forward_query && r.forward_query->statement)
    if (auto t = in_exprs(*r.forward_query->statement)) return *t;
  // The SCHEMA line itself: the datasource.
  if (ds.schema_span && covers(*ds.schema_span, ctx.file, offset)) {
    const auto& file = ctx.project.sources().file(ctx.file);
    if (file.lineCol(offset).line == file.lineCol(ds.schema_span->begin).line) {
      CursorTarget t;
      t.kind = CursorTarget::Kind::Resource;
      t.name = r.name;
      t.resource = &r;
      t.span = Span{ctx.file, ds.schema_span->begin, ds.schema_span->begin + 6};
      return t;
    }
  }
  return {};
}

CursorTarget pipeTarget(const RequestContext& ctx, const project::Resource& r, uint32_t offset) {
  for (size_t i = 0; i < r.nodes.size(); ++i) {
    const auto& n = *r.nodes[i].node;
    if (covers(n.name.span, ctx.file, offset)) {
      CursorTarget t;
      t.kind = CursorTarget::Kind::Node;
      t.name = n.name.text;
      t.span = n.name.span;
      t.resource = &r;
      t.node = &n;
      t.declaration = true;
      return t;
    }
    for (const auto* s : {&n.datasource, &n.target_datasource})
      if (*s)
        if (auto t = settingTarget(ctx, **s, offset); t.kind != CursorTarget::Kind::None) return t;
    // A template parameter (`{{ Int32(days, 30) }}`): what the endpoint accepts, not the value
    // the template was rendered with for analysis.
    for (const auto& param : r.nodes[i].sql.parameters)
      for (const auto& use : param.uses)
        if (covers(use, ctx.file, offset)) {
          CursorTarget t;
          t.kind = CursorTarget::Kind::Parameter;
          t.name = param.name;
          t.span = use;
          t.resource = &r;
          t.node = &n;
          t.parameter = &param;
          t.declaration = use == param.span;
          return t;
        }
    if (n.sql && covers(n.sql->span, ctx.file, offset) && r.nodes[i].sql.statement)
      return sqlTarget(ctx, r, i, offset);
  }
  return {};
}

}  // namespace

analyze::QueryAnalysis analyzeNodeExpressions(const RequestContext& ctx, const project::Resource& pipe,
                                              size_t node_index) {
  analyze::ProjectTables tables(ctx.project.project(), ctx.project.analysis());
  const auto* schema = ctx.project.analysis().pipe(pipe.name);
  for (size_t i = 0; i < node_index && schema && i < schema->nodes.size(); ++i)
    tables.setNode(schema->nodes[i].name, schema->nodes[i].columns ? &*schema->nodes[i].columns : nullptr);
  DiagnosticSink ignored;
  analyze::AnalyzeOptions options;
  options.record_expression_types = true;
  return analyze::analyzeQuery(*pipe.nodes[node_index].sql.statement, tables, ignored, options);
}

Span resourceSpan(const project::Resource& r) { return Span{r.datafile.file, 0, 0}; }

CursorTarget targetAt(const RequestContext& ctx, uint32_t offset) {
  if (!ctx.resource) return {};
  if (ctx.resource->datafile.datasource()) return datasourceTarget(ctx, *ctx.resource, offset);
  if (ctx.resource->datafile.pipe()) return pipeTarget(ctx, *ctx.resource, offset);
  return {};
}

}  // namespace ferry::lsp
