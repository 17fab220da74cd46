#include "compiler/plan/pipe_diff.h"

#include <cctype>
#include <set>

#include "compiler/plan/canonical_text.h"
#include "compiler/plan/change_text.h"
#include "compiler/plan/datasource_diff.h"
#include "compiler/plan/datasource_shape.h"

namespace ferry::plan {

namespace {


void putSetting(std::map<std::string, std::string>& out, const std::optional<datafile::Setting>& s) {
  if (s) out[s->name] = collapseWhitespace(s->value);
}


void diffSettings(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& after,
                  const std::string& prefix, const std::string& code, std::vector<Cause>& out) {
  for (const auto& c : changedEntries(before, after)) out.push_back({code, prefix + c.key + ": " + c.before + " -> " + c.after});
}

}  // namespace

std::string pipeType(const project::Resource& pipe) {
  for (const auto& n : pipe.nodes)
    if (n.node && n.node->node_type != datafile::NodeType::Standard && n.node->node_type != datafile::NodeType::Invalid)
      return std::string(datafile::nodeTypeName(n.node->node_type));
  return "pipe";
}

PipeShape pipeShapeOf(const project::Resource& pipe) {
  PipeShape shape;
  shape.resource = &pipe;
  for (const auto& syntax : pipe.nodes) {
    if (!syntax.node) continue;
    const datafile::Node& node = *syntax.node;
    NodeShape n;
    n.name = node.name.text;
    n.type = std::string(datafile::nodeTypeName(node.node_type));
    n.sql = node.sql ? canonicalSql(&syntax.sql, &*node.sql) : std::string();
    if (node.description) n.description = collapseWhitespace(node.description->value);
    putSetting(n.settings, node.datasource);
    putSetting(n.settings, node.target_datasource);
    putSetting(n.settings, node.copy_schedule);
    putSetting(n.settings, node.copy_mode);
    putSetting(n.settings, node.deployment_method);
    putSetting(n.settings, node.filter);
    for (const auto& s : node.export_settings) n.settings[s.name] = collapseWhitespace(s.value);
    for (const auto& s : node.engine) n.settings[s.name] = collapseWhitespace(s.value);
    for (const auto& s : node.other) n.settings[s.name] = collapseWhitespace(s.value);
    if (auto it = n.settings.find("DEPLOYMENT_METHOD"); it != n.settings.end())
      for (auto& c : it->second) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    n.syntax = &syntax;
    shape.nodes.push_back(std::move(n));
  }
  if (pipe.datafile.description) shape.description = collapseWhitespace(pipe.datafile.description->value);
  shape.tokens = tokenList(pipe.datafile);
  shape.tags = tagList(pipe.datafile);
  return shape;
}

PipeDiff diffPipes(const PipeShape& live, const PipeShape& next) {
  PipeDiff out;
  // Nodes are matched by name; a name written twice (an error the loader reports) matches its
  // k-th use in the other version, so that a pipe still equals itself.
  auto occurrence = [](const PipeShape& shape, size_t index) {
    size_t k = 0;
    for (size_t i = 0; i < index; ++i) k += shape.nodes[i].name == shape.nodes[index].name;
    return k;
  };
  auto nth = [](const PipeShape& shape, const std::string& name, size_t k) -> const NodeShape* {
    for (const auto& n : shape.nodes)
      if (n.name == name && k-- == 0) return &n;
    return nullptr;
  };
  for (size_t i = 0; i < live.nodes.size(); ++i)
    if (!nth(next, live.nodes[i].name, occurrence(live, i))) {
      out.causes.push_back({"node_removed", "node " + backquoted(live.nodes[i].name) + " removed"});
      out.sql_changed = true;
    }
  for (size_t i = 0; i < next.nodes.size(); ++i) {
    const NodeShape& n = next.nodes[i];
    const NodeShape* before = nth(live, n.name, occurrence(next, i));
    std::string name = "node " + backquoted(n.name);
    if (!before) {
      out.causes.push_back({"node_added", name + " added"});
      out.sql_changed = true;
      continue;
    }
    if (before->sql != n.sql) {
      out.causes.push_back({"node_sql", name + ": SQL changed"});
      out.sql_changed = true;
    }
    if (before->type != n.type) out.causes.push_back({"node_type", name + " TYPE: " + before->type + " -> " + n.type});
    diffSettings(before->settings, n.settings, name + " ", "node_settings", out.causes);
    if (before->description != n.description) out.causes.push_back({"description", name + " DESCRIPTION changed"});
  }
  if (live.description != next.description)
    out.causes.push_back({"description", live.description.empty()   ? "DESCRIPTION added"
                                         : next.description.empty() ? "DESCRIPTION removed"
                                                                    : "DESCRIPTION changed"});
  if (live.tokens != next.tokens) out.causes.push_back({"tokens", describeTokenChanges(live.tokens, next.tokens)});
  if (live.tags != next.tags) out.causes.push_back({"tags", "TAGS: " + joinedOrNone(live.tags) + " -> " + joinedOrNone(next.tags)});
  return out;
}

std::vector<Cause> diffConnections(const project::Resource& live, const project::Resource& next) {
  std::vector<Cause> out;
  auto settingsOf = [](const project::Resource& r) {
    std::map<std::string, std::string> m;
    if (auto* c = r.datafile.connection())
      for (const auto& s : c->settings) m[s.name] = collapseWhitespace(s.written);
    return m;
  };
  diffSettings(settingsOf(live), settingsOf(next), "", "settings", out);
  std::string a = live.datafile.description ? collapseWhitespace(live.datafile.description->value) : "";
  std::string b = next.datafile.description ? collapseWhitespace(next.datafile.description->value) : "";
  if (a != b) out.push_back({"description", "DESCRIPTION changed"});
  auto ta = tokenList(live.datafile), tb = tokenList(next.datafile);
  if (ta != tb) out.push_back({"tokens", describeTokenChanges(ta, tb)});
  return out;
}

}  // namespace ferry::plan
