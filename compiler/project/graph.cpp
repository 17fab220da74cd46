#include "compiler/project/graph.h"

#include <algorithm>
#include <functional>
#include <map>

namespace ferry::project {

namespace {

/// Names of the `name AS (subquery)` CTEs anywhere in the statement: they shadow tables.
void collectCteNames(const sql::Node& n, std::set<std::string, std::less<>>& out) {
  if (n.kind() == sql::NodeKind::WithItem) {
    const auto& w = static_cast<const sql::WithItem&>(n);
    if (w.item_kind == sql::WithItemKind::Subquery) out.insert(w.name);
  }
  sql::forEachChild(n, [&](const sql::Node& c) { collectCteNames(c, out); });
}

void collectTables(const sql::Node& n, const std::set<std::string, std::less<>>& hidden,
                   std::vector<TableReference>& out) {
  if (n.kind() == sql::NodeKind::TableRef) {
    const auto& t = static_cast<const sql::TableRef&>(n);
    if (!t.parts.empty()) {
      std::string name = t.parts.size() == 1 ? t.parts[0] : t.parts[0] + "." + t.parts[1];
      if (!(t.parts.size() == 1 && hidden.count(name))) out.push_back({name, t.span});
    }
  }
  sql::forEachChild(n, [&](const sql::Node& c) { collectTables(c, hidden, out); });
}

}  // namespace

std::vector<TableReference> tablesRead(const sql::SelectStatement& stmt,
                                       const std::set<std::string, std::less<>>& local) {
  std::set<std::string, std::less<>> hidden = local;
  collectCteNames(stmt, hidden);
  std::vector<TableReference> out;
  collectTables(stmt, hidden, out);
  return out;
}

void buildGraph(Project& project, DiagnosticSink& sink) {
  auto addEdge = [&](size_t from, size_t to, Span span, EdgeKind kind) {
    for (const auto& e : project.edges)
      if (e.from == from && e.to == to) return;
    project.edges.push_back({from, to, span, kind});
  };

  // Classic materialized pipes that declare their target inside the pipe (`ENGINE ...` after
  // DATASOURCE): the target is a table that pipe creates.
  std::map<std::string, size_t, std::less<>> declared_targets;
  for (size_t i = 0; i < project.resources.size(); ++i)
    for (const auto& n : project.resources[i]->nodes)
      if (n.node->datasource && !n.node->engine.empty() && !project.indexOf(n.node->datasource->value))
        declared_targets.emplace(n.node->datasource->value, i);

  for (size_t i = 0; i < project.resources.size(); ++i) {
    Resource& r = *project.resources[i];
    if (r.kind != ResourceKind::Pipe) continue;
    std::set<std::string, std::less<>> node_names;
    for (const auto& n : r.nodes) node_names.insert(n.node->name.text);
    for (const auto& n : r.nodes) {
      if (n.sql.statement)
        for (auto& ref : tablesRead(*n.sql.statement, node_names)) {
          bool seen = std::any_of(r.reads.begin(), r.reads.end(), [&](auto& x) { return x.name == ref.name; });
          if (!seen) r.reads.push_back(ref);
        }
      const datafile::Node& node = *n.node;
      const std::optional<datafile::Setting>& target =
          node.node_type == datafile::NodeType::Materialized ? node.datasource
          : node.node_type == datafile::NodeType::Copy       ? node.target_datasource
                                                             : std::optional<datafile::Setting>{};
      if (target && !target->value.empty()) r.writes = TableReference{target->value, target->value_span};
    }

    for (const auto& ref : r.reads) {
      if (auto j = project.indexOf(ref.name)) {
        if (*j != i) addEdge(*j, i, ref.span, EdgeKind::Reads);
        continue;
      }
      if (auto it = declared_targets.find(ref.name); it != declared_targets.end()) {
        if (it->second != i) addEdge(it->second, i, ref.span, EdgeKind::Reads);
        continue;
      }
      // Every datasource has a `<name>_quarantine` table holding the rows it rejected.
      constexpr std::string_view kQuarantine = "_quarantine";
      if (ref.name.ends_with(kQuarantine)) {
        auto base = project.find(std::string_view(ref.name).substr(0, ref.name.size() - kQuarantine.size()));
        if (base && base->kind == ResourceKind::Datasource) continue;
      }
      auto dot = ref.name.find('.');
      if (dot != std::string::npos) {
        // `workspace.datasource` of a shared datasource, or a service/system table.
        continue;
      }
      sink.report(DiagId::PRJ_UNKNOWN_TABLE, ref.span,
                  "'" + ref.name + "' is not a datasource, a pipe or a node of '" + r.name + "'");
    }
    if (r.writes) {
      auto j = project.indexOf(r.writes->name);
      // Classic pipes may declare their target's engine themselves (`ENGINE ...` after
      // DATASOURCE): the node's output then defines the datasource.
      bool declared_inline = std::any_of(r.nodes.begin(), r.nodes.end(), [](auto& n) { return !n.node->engine.empty(); });
      if (!j && declared_inline) {
        // nothing to link: the target is created from the node
      } else if (!j) {
        sink.report(DiagId::PRJ_UNKNOWN_TARGET, r.writes->span,
                    "datasource '" + r.writes->name + "' is not defined in this project");
      } else if (project.resources[*j]->kind != ResourceKind::Datasource) {
        sink.report(DiagId::PRJ_TARGET_NOT_DATASOURCE, r.writes->span,
                    "'" + r.writes->name + "' is a " +
                        std::string(resourceKindName(project.resources[*j]->kind)) + ", not a datasource");
      } else {
        bool copy = std::any_of(r.nodes.begin(), r.nodes.end(),
                                [](auto& n) { return n.node->node_type == datafile::NodeType::Copy; });
        addEdge(i, *j, r.writes->span, copy ? EdgeKind::Copies : EdgeKind::Materializes);
      }
    }
  }

  // Cycles: a depth-first search that reports each back edge once. Copies run on demand and may
  // read their own target (deduplicating snapshots do), so only reads and materializations count:
  // a cycle of those would make inserts trigger themselves.
  size_t n = project.resources.size();
  std::vector<int> state(n, 0);  // 0 new, 1 on the stack, 2 done
  std::vector<std::vector<const Edge*>> out(n);
  for (const auto& e : project.edges)
    if (e.kind != EdgeKind::Copies) out[e.from].push_back(&e);
  std::vector<size_t> stack;
  std::function<void(size_t)> dfs = [&](size_t v) {
    state[v] = 1;
    stack.push_back(v);
    for (const Edge* e : out[v]) {
      if (state[e->to] == 1) {
        std::string path;
        auto it = std::find(stack.begin(), stack.end(), e->to);
        for (; it != stack.end(); ++it) path += project.resources[*it]->name + " -> ";
        path += project.resources[e->to]->name;
        sink.report(DiagId::PRJ_CYCLE, e->span, "dependency cycle: " + path);
      } else if (state[e->to] == 0) {
        dfs(e->to);
      }
    }
    stack.pop_back();
    state[v] = 2;
  };
  for (size_t v = 0; v < n; ++v)
    if (state[v] == 0) dfs(v);
}

std::vector<size_t> Project::topologicalOrder() const {
  size_t n = resources.size();
  std::vector<size_t> indegree(n, 0), order;
  for (const auto& e : edges) ++indegree[e.to];
  std::vector<bool> placed(n, false);
  while (order.size() < n) {
    bool progressed = false;
    for (size_t v = 0; v < n; ++v) {
      if (placed[v] || indegree[v] != 0) continue;
      placed[v] = true;
      order.push_back(v);
      progressed = true;
      for (const auto& e : edges)
        if (e.from == v) --indegree[e.to];
    }
    if (!progressed) {  // a cycle: place the first remaining resource and go on
      for (size_t v = 0; v < n; ++v)
        if (!placed[v]) {
          placed[v] = true;
          order.push_back(v);
          for (const auto& e : edges)
            if (e.from == v && indegree[e.to] > 0) --indegree[e.to];
          break;
        }
    }
  }
  return order;
}

}  // namespace ferry::project
