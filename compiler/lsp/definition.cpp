/// Go-to-definition and find-references across the project's files: datasource and pipe names
/// (FROM, DATASOURCE, TARGET_DATASOURCE) to their files, node names to their NODE lines, a column
/// to its SCHEMA line; references are every use of the same target.
#include "compiler/lsp/cursor_target.h"
#include "compiler/lsp/features.h"
#include "compiler/project/graph.h"
#include "compiler/sql/ast.h"

namespace ferry::lsp {

namespace {

/// Where the target is declared; invalid when it has no declaration in the project.
Span declarationOf(const CursorTarget& t) {
  switch (t.kind) {
    case CursorTarget::Kind::Resource:
      return resourceSpan(*t.resource);
    case CursorTarget::Kind::Node:
      return t.node->name.span;
    case CursorTarget::Kind::Column:
      if (t.column) return t.column->name.span;
      if (t.node) return t.node->name.span;
      return {};
    case CursorTarget::Kind::Parameter:
      return t.parameter->span;
    default:
      return {};
  }
}

template <class F>
void forEachSqlNode(const sql::Node& n, F& f) {
  f(n);
  sql::forEachChild(n, [&](const sql::Node& child) { forEachSqlNode(child, f); });
}

bool hasNodeNamed(const project::Resource& pipe, size_t before, std::string_view name) {
  for (size_t i = 0; i < before && i < pipe.nodes.size(); ++i)
    if (pipe.nodes[i].node->name.text == name) return true;
  return false;
}

/// Every FROM/JOIN use of resource `name` and every DATASOURCE / TARGET_DATASOURCE naming it.
void resourceUses(const project::Project& project, const std::string& name, std::vector<Span>& out) {
  for (const auto& r : project.resources) {
    for (size_t i = 0; i < r->nodes.size(); ++i) {
      const auto& n = r->nodes[i];
      for (const auto* s : {&n.node->datasource, &n.node->target_datasource})
        if (*s && (*s)->value == name) out.push_back((*s)->value_span);
      if (!n.sql.statement || hasNodeNamed(*r, i, name)) continue;  // a node of that name shadows it
      auto visit = [&](const sql::Node& x) {
        if (const auto* ref = x.tryAs<sql::TableRef>(); ref && !ref->parts.empty() && ref->parts.back() == name) {
          out.push_back(Span{ref->span.file, ref->span.begin, ref->span.begin + uint32_t(name.size()) +
                                                                  (ref->parts.size() > 1 ? uint32_t(ref->parts[0].size() + 1) : 0)});
        }
      };
      forEachSqlNode(*n.sql.statement, visit);
    }
  }
}

/// Later nodes of `pipe` that read node `name`.
void nodeUses(const project::Resource& pipe, const std::string& name, std::vector<Span>& out) {
  bool after = false;
  for (const auto& n : pipe.nodes) {
    if (n.node->name.text == name) {
      after = true;
      continue;
    }
    if (!after || !n.sql.statement) continue;
    auto visit = [&](const sql::Node& x) {
      if (const auto* ref = x.tryAs<sql::TableRef>(); ref && ref->parts.size() == 1 && ref->parts[0] == name)
        out.push_back(Span{ref->span.file, ref->span.begin, ref->span.begin + uint32_t(name.size())});
    };
    forEachSqlNode(*n.sql.statement, visit);
  }
}

/// Identifiers naming column `column` of datasource `ds` in the nodes that read it directly
/// (`alias.column` included), and in the datasource's own keys, TTL and FORWARD_QUERY.
void columnUses(const project::Project& project, const project::Resource& ds, const std::string& column,
                std::vector<Span>& out) {
  auto collect = [&](const sql::Node& root) {
    auto visit = [&](const sql::Node& x) {
      const auto* id = x.tryAs<sql::Identifier>();
      if (!id || id->parts.empty() || id->parts.back() != column) return;
      uint32_t begin = id->span.end >= column.size() ? id->span.end - uint32_t(column.size()) : id->span.begin;
      out.push_back(Span{id->span.file, begin, id->span.end});
    };
    forEachSqlNode(root, visit);
  };
  for (const auto& [name, exprs] : ds.engine_exprs)
    for (const auto& e : exprs)
      if (e) collect(*e);
  for (const auto& ttl : ds.ttl)
    if (ttl) collect(*ttl);
  if (ds.forward_query && ds.forward_query->statement) collect(*ds.forward_query->statement);
  for (const auto& r : project.resources)
    for (size_t i = 0; i < r->nodes.size(); ++i) {
      const auto& n = r->nodes[i];
      if (!n.sql.statement || hasNodeNamed(*r, i, ds.name)) continue;
      bool reads = false;
      for (const auto& ref : project::tablesRead(*n.sql.statement, {})) reads = reads || ref.name == ds.name;
      if (reads) collect(*n.sql.statement);
    }
}

}  // namespace

nlohmann::json definition(const RequestContext& ctx, uint32_t offset) {
  CursorTarget t = targetAt(ctx, offset);
  Span where = declarationOf(t);
  if (!where.valid()) return nullptr;
  return nlohmann::json::array({ctx.location(where)});
}

nlohmann::json references(const RequestContext& ctx, uint32_t offset, bool include_declaration) {
  CursorTarget t = targetAt(ctx, offset);
  std::vector<Span> uses;
  const auto& project = ctx.project.project();
  switch (t.kind) {
    case CursorTarget::Kind::Resource:
      resourceUses(project, t.resource->name, uses);
      break;
    case CursorTarget::Kind::Node:
      nodeUses(*t.resource, t.node->name.text, uses);
      break;
    case CursorTarget::Kind::Column:
      if (t.column && t.resource) columnUses(project, *t.resource, t.name, uses);
      break;
    case CursorTarget::Kind::Parameter:
      // Every use in the pipe (a parameter is the endpoint's, shared by its nodes).
      for (const auto& n : t.resource->nodes)
        for (const auto& p : n.sql.parameters)
          if (p.name == t.name) uses.insert(uses.end(), p.uses.begin(), p.uses.end());
      break;
    default:
      break;
  }
  auto result = nlohmann::json::array();
  Span decl = declarationOf(t);
  // The declaration is listed first when asked for, and never among the uses.
  std::erase(uses, decl);
  if (include_declaration && decl.valid()) result.push_back(ctx.location(decl));
  std::sort(uses.begin(), uses.end(), [&](const Span& a, const Span& b) {
    auto pa = ctx.project.pathOf(a.file), pb = ctx.project.pathOf(b.file);
    return pa != pb ? pa < pb : a.begin < b.begin;
  });
  uses.erase(std::unique(uses.begin(), uses.end()), uses.end());
  for (const auto& s : uses) result.push_back(ctx.location(s));
  return result;
}

}  // namespace ferry::lsp
