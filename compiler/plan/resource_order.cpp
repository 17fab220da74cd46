#include "compiler/plan/resource_order.h"

#include <queue>
#include <set>
#include <string>
#include <tuple>

namespace ferry::plan {

int kindRank(project::ResourceKind kind) {
  switch (kind) {
    case project::ResourceKind::Connection: return 0;
    case project::ResourceKind::Datasource: return 1;
    case project::ResourceKind::Pipe: return 2;
  }
  return 2;
}

namespace {

struct Arc {
  size_t from;
  size_t to;
};

/// Kahn's sort of the resources that own their names over `arcs`, smallest key first among the
/// ready ones.
std::vector<const project::Resource*> sortByArcs(const project::Project& project, const std::vector<Arc>& arcs) {
  const size_t n = project.resources.size();
  // Of resources sharing a name only the one the project resolves the name to takes part.
  std::vector<size_t> owner(n);
  std::vector<bool> kept(n, false);
  for (size_t i = 0; i < n; ++i) {
    auto j = project.indexOf(project.resources[i]->name);
    owner[i] = j ? *j : i;
    kept[i] = owner[i] == i;
  }
  std::vector<std::set<size_t>> out(n);
  std::vector<size_t> indegree(n, 0);
  for (const auto& e : arcs) {
    if (e.from >= n || e.to >= n) continue;
    size_t from = owner[e.from], to = owner[e.to];
    if (from == to || !out[from].insert(to).second) continue;
    ++indegree[to];
  }
  auto key = [&](size_t i) {
    const auto& r = *project.resources[i];
    return std::make_tuple(kindRank(r.kind), std::string_view(r.name), i);
  };
  auto later = [&](size_t a, size_t b) { return key(a) > key(b); };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> ready(later);
  std::set<std::tuple<int, std::string_view, size_t>> waiting;  // for breaking cycles
  for (size_t i = 0; i < n; ++i) {
    if (!kept[i]) continue;
    if (indegree[i] == 0) ready.push(i);
    else waiting.insert(key(i));
  }
  std::vector<bool> placed(n, false);
  std::vector<const project::Resource*> order;
  while (true) {
    if (ready.empty()) {
      // A cycle (reported at load): place its smallest resource and go on.
      while (!waiting.empty() && placed[std::get<2>(*waiting.begin())]) waiting.erase(waiting.begin());
      if (waiting.empty()) break;
      size_t v = std::get<2>(*waiting.begin());
      waiting.erase(waiting.begin());
      indegree[v] = 0;
      ready.push(v);
    }
    size_t v = ready.top();
    ready.pop();
    if (placed[v]) continue;
    placed[v] = true;
    waiting.erase(key(v));
    order.push_back(project.resources[v].get());
    for (size_t w : out[v]) {
      if (placed[w] || indegree[w] == 0) continue;
      if (--indegree[w] == 0) {
        waiting.erase(key(w));
        ready.push(w);
      }
    }
  }
  return order;
}

}  // namespace

std::vector<const project::Resource*> orderedResources(const project::Project& project) {
  std::vector<Arc> arcs;
  for (const auto& e : project.edges) arcs.push_back({e.from, e.to});
  return sortByArcs(project, arcs);
}

std::vector<const project::Resource*> deploymentOrder(const project::Project& project) {
  std::vector<Arc> arcs;
  std::vector<std::vector<size_t>> readers_of(project.resources.size());
  for (const auto& e : project.edges)
    if (e.kind == project::EdgeKind::Reads && e.to < readers_of.size()) readers_of[e.to].push_back(e.from);
  for (const auto& e : project.edges) {
    if (e.kind == project::EdgeKind::Reads) {
      arcs.push_back({e.from, e.to});
      continue;
    }
    // The target table exists before the view that writes into it, and after what the view reads.
    arcs.push_back({e.to, e.from});
    for (size_t source : readers_of[e.from]) arcs.push_back({source, e.to});
  }
  return sortByArcs(project, arcs);
}

}  // namespace ferry::plan
