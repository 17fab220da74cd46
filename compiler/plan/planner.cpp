/// The planner's walk: the new project's resources in dependency order, each compared with its
/// live version; rewrites found on the way are carried downstream through materialized views
/// (a pipe is always visited after what it reads, a datasource after the pipes writing into it).
#include "compiler/plan/planner.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "compiler/plan/backfill_choice.h"
#include "compiler/plan/canonical_text.h"
#include "compiler/plan/datasource_diff.h"
#include "compiler/plan/datasource_shape.h"
#include "compiler/plan/pipe_diff.h"
#include "compiler/plan/resource_order.h"
#include "compiler/sql/printer.h"

namespace ferry::plan {

namespace {

using project::Resource;
using project::ResourceKind;

std::string relativePath(const project::Project& project, const Resource& r) {
  auto rel = r.path.lexically_relative(project.root);
  return rel.empty() ? r.path.generic_string() : rel.generic_string();
}

/// The resource named `name` of `kind` (the one owning the name), or null.
const Resource* findResource(const project::Project* project, const std::string& name, ResourceKind kind) {
  if (!project) return nullptr;
  const Resource* r = project->find(name);
  return r && r->kind == kind ? r : nullptr;
}

/// The resource of `kind` deployed under `deployed` (its name, or `<name>__v<n>` with a Classic
/// VERSION), or null: resources of two projects are the same when their deployed names are.
/// The file of the same name is preferred, so that a project with both `x.pipe` (VERSION 0) and
/// `x__v0.pipe` (which the Classic CLI would deploy under one name) still matches itself file by file.
const Resource* findDeployed(const project::Project* project, const std::string& file_name, const std::string& deployed,
                             ResourceKind kind) {
  for (const std::string* name : {&file_name, &deployed}) {
    const Resource* r = findResource(project, *name, kind);
    if (r && r->datafile.resourceName() == deployed) return r;
  }
  return nullptr;
}

bool ownsName(const project::Project& project, const Resource& r) { return project.find(r.name) == &r; }

/// `vendor/<workspace>/...`: a datasource another workspace shares with this one (SQL names it
/// `workspace.name`). It belongs to that workspace: this deployment never changes it.
bool isShared(const Resource& r) { return r.name.find('.') != std::string::npos; }

bool deploymentMethodAlter(const datafile::Node& node) {
  if (!node.deployment_method) return false;
  std::string v = collapseWhitespace(node.deployment_method->value);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return v == "alter";
}

/// Who writes into each datasource: materialized nodes and copy nodes.
struct Writers {
  std::map<std::string, std::vector<MvWriter>, std::less<>> mv;
  std::map<std::string, std::vector<MvWriter>, std::less<>> copy;

  const std::vector<MvWriter>& mvOf(const std::string& name) const {
    static const std::vector<MvWriter> kNone;
    auto it = mv.find(name);
    return it == mv.end() ? kNone : it->second;
  }
};

Writers writersOf(const project::Project* project) {
  Writers out;
  if (!project) return out;
  for (const auto& r : project->resources) {
    if (r->kind != ResourceKind::Pipe || !ownsName(*project, *r)) continue;
    for (const auto& ns : r->nodes) {
      if (!ns.node) continue;
      const datafile::Node& node = *ns.node;
      if (node.node_type == datafile::NodeType::Materialized && node.datasource && !node.datasource->value.empty())
        out.mv[node.datasource->value].push_back({r.get(), &ns, r->name + "." + node.name.text});
      if (node.node_type == datafile::NodeType::Copy && node.target_datasource && !node.target_datasource->value.empty())
        out.copy[node.target_datasource->value].push_back({r.get(), &ns, r->name + "." + node.name.text});
    }
  }
  auto byLabel = [](const MvWriter& a, const MvWriter& b) { return a.label < b.label; };
  for (auto& [name, list] : out.mv) std::sort(list.begin(), list.end(), byLabel);
  for (auto& [name, list] : out.copy) std::sort(list.begin(), list.end(), byLabel);
  return out;
}

/// A connection's TYPE (kafka, s3, gcs, ...), or "connection".
std::string connectionType(const Resource& r) {
  if (auto* c = r.datafile.connection())
    if (auto* type = c->setting("TYPE"); type && !collapseWhitespace(type->value).empty())
      return collapseWhitespace(type->value);
  return "connection";
}

std::string datasourceType(const Writers& writers, const std::string& name) {
  if (writers.mv.count(name)) return "materialized";
  if (writers.copy.count(name)) return "copy";
  return "landing";
}

/// A datasource of both projects compared on its own (before anything upstream is known).
struct DatasourceState {
  const Resource* live = nullptr;
  DatasourceShape next_shape;
  DatasourceDiff diff;
  bool has_forward_query = false;
  /// Rewritten because of its own changes: one is not on the ALTER list, or a FORWARD_QUERY asks for it.
  bool rewrites_itself = false;
};

/// A rewritten datasource a pipe reads, directly (`via` empty) or through other pipes.
struct Upstream {
  std::string datasource;
  std::string via;
};

class Planner {
 public:
  Planner(const ProjectView& live, const ProjectView& next, const PlanOptions& options, DiagnosticSink& sink)
      : live_(live), next_(next), options_(options), sink_(sink),
        live_writers_(writersOf(live.project)), next_writers_(writersOf(next.project)) {}

  Plan run() {
    if (next_.project) {
      auto order = orderedResources(*next_.project);
      for (const Resource* r : order)
        if (r->kind == ResourceKind::Datasource) prepare(*r);
      for (const Resource* r : order) {
        switch (r->kind) {
          case ResourceKind::Datasource: datasource(*r); break;
          case ResourceKind::Pipe: pipe(*r); break;
          case ResourceKind::Connection: connection(*r); break;
        }
      }
    }
    recreateViewsOfRewrittenTargets();
    if (next_.project) {
      presentInDeploymentOrder();
      warnAlteredColumnsReadInStaging();
    }
    deletions();
    for (const auto& r : plan_.resources)
      if (r.decision != Decision::Unchanged) plan_.order.push_back(r.name);
    return std::move(plan_);
  }

 private:
  /// The live version of `next` (null when it is new); remembered so that deletions are the
  /// live resources nothing matched (a Classic `x` with VERSION 0 is matched by `x__v0`).
  const Resource* liveVersion(const Resource& next) {
    const Resource* live = findDeployed(live_.project, next.name, next.datafile.resourceName(), next.kind);
    if (live) matched_.insert(live);
    return live;
  }

  ResourcePlan start(const Resource& r, std::string type) {
    ResourcePlan rp;
    rp.kind = r.kind;
    rp.name = r.name;
    rp.path = relativePath(*next_.project, r);
    rp.type = std::move(type);
    return rp;
  }

  void prepare(const Resource& next) {
    const Resource* live = liveVersion(next);
    DatasourceState& state = states_[next.name];
    state.live = live;
    state.next_shape = shapeOf(next);
    if (!live || isShared(next)) return;
    state.diff = diffDatasources(shapeOf(*live), state.next_shape, next.name);
    requireMatchingMvChange(next, state.diff);
    const datafile::Datasource* ds = next.datafile.datasource();
    state.has_forward_query = ds && ds->forward_query;
    state.rewrites_itself = state.diff.schemaChanged() && (!state.diff.alterable || state.has_forward_query);
  }

  /// The columns of a materialized datasource are what its views write: adding, dropping or making
  /// one Nullable in place is only right together with an in-place change of the view
  /// (DEPLOYMENT_METHOD alter); otherwise the datasource is rewritten by replaying the views.
  void requireMatchingMvChange(const Resource& next, DatasourceDiff& diff) {
    const auto& writers = next_writers_.mvOf(next.name);
    if (writers.empty() || !diff.alterable) return;
    bool view_changes = false;
    for (const auto& w : writers) {
      const Resource* live_pipe = findDeployed(live_.project, w.pipe->name, w.pipe->datafile.resourceName(), ResourceKind::Pipe);
      if (!live_pipe) {
        view_changes = true;  // a new view: the rewrite says so with its own cause (mv_added)
        continue;
      }
      if (!diffPipes(pipeShapeOf(*live_pipe), pipeShapeOf(*w.pipe)).sql_changed) continue;
      if (deploymentMethodAlter(*w.node->node)) return;
      view_changes = true;  // recreated: the rewrite says so with its own cause
    }
    for (auto& cause : diff.schema_causes)
      if (cause.code == "column_added" || cause.code == "column_dropped" || cause.code == "column_nullable") {
        if (!view_changes) cause.text += " (the materialized view writing into it does not change)";
        diff.alterable = false;
      }
  }

  // ---- datasources ---------------------------------------------------------------------------

  void datasource(const Resource& next) {
    ResourcePlan rp = start(next, datasourceType(next_writers_, next.name));
    DatasourceState& state = states_[next.name];
    const auto& writers = next_writers_.mvOf(next.name);
    const datafile::Datasource* ds = next.datafile.datasource();

    if (isShared(next)) {
      plan_.resources.push_back(std::move(rp));
      return;
    }
    if (!state.live) {
      rp.decision = Decision::Create;
      rp.causes.push_back({"new", "new datasource"});
      chooseCreateBackfill(rp, state.next_shape, writers);
      if (ds && ds->forward_query && live_.project)
        sink_.report(DiagId::PLAN_FORWARD_QUERY_IGNORED, ds->forward_query->span,
                     backquoted(next.name) + " is created: there is no live data for its FORWARD_QUERY to read");
      plan_.resources.push_back(std::move(rp));
      return;
    }

    const Resource& live = *state.live;
    const DatasourceDiff& diff = state.diff;
    std::vector<Cause>& forced = forced_[next.name];
    if (diff.schemaChanged() || !forced.empty()) {
      rp.causes = diff.schema_causes;
      if (state.rewrites_itself || !forced.empty()) {
        if (diff.schemaChanged() && diff.alterable && state.has_forward_query && forced.empty())
          rp.causes.push_back({"forward_query", "a FORWARD_QUERY forces a rewrite"});
        rp.causes.insert(rp.causes.end(), forced.begin(), forced.end());
        rp.decision = Decision::Rewrite;
        BackfillContext ctx{*next_.project, options_, sink_};
        chooseRewriteBackfill(rp, live, next, state.next_shape, writers, ctx);
        rewritten_.insert(next.name);
      } else {
        rp.decision = Decision::Alter;
        rp.alter = diff.alter;
      }
      rp.causes.insert(rp.causes.end(), diff.metadata_causes.begin(), diff.metadata_causes.end());
      reportDroppedColumns(rp, live, next, state);
      if (ds && ds->backfill && state.next_shape.backfill_skip)
        sink_.report(DiagId::PLAN_BACKFILL_SKIP_IGNORED, ds->backfill->name_span,
                     backquoted(next.name) + " already exists: BACKFILL skip has no effect on its " +
                         std::string(decisionName(rp.decision)),
                     "BACKFILL skip only skips the initial backfill of a new materialized datasource; remove it");
    } else {
      rp.decision = diff.metadata_causes.empty() ? Decision::Unchanged : Decision::Metadata;
      rp.causes = diff.metadata_causes;
      noteIgnoredForwardQuery(live, next);
    }
    plan_.resources.push_back(std::move(rp));
  }

  /// Dropped columns delete data, unless the table keeps none or a FORWARD_QUERY carries them.
  void reportDroppedColumns(ResourcePlan& rp, const Resource& live, const Resource& next, const DatasourceState& state) {
    if (keepsNoRows(live)) return;
    const DatasourceDiff& diff = state.diff;
    if (!state.has_forward_query) reportRenameHints(diff.rename_hints, next, state.next_shape, sink_);
    // A user-written FORWARD_QUERY that reads a removed column carries its data (`old AS new`).
    std::set<std::string> carried;
    if (rp.decision == Decision::Rewrite && rp.backfill.method == BackfillMethod::ForwardQuery &&
        !rp.backfill.generated && next.forward_query && next.forward_query->statement)
      collectColumnNames(*next.forward_query->statement, carried);
    for (const ColumnShape& dropped : diff.dropped) {
      const ColumnShape* column = &dropped;
      if (carried.count(column->name)) continue;
      sink_.report(DiagId::PLAN_DROP_COLUMN, destructiveSeverity(options_), schemaSpan(next),
                   "column " + backquoted(column->name) + " of " + backquoted(next.name) +
                       " is dropped: its data is deleted",
                   "pass --allow-destructive-operations to drop it; if it was renamed, add a FORWARD_QUERY that "
                   "selects `old AS new`");
      rp.destructive = true;
    }
  }

  void noteIgnoredForwardQuery(const Resource& live, const Resource& next) {
    const datafile::Datasource* ds = next.datafile.datasource();
    if (!ds || !ds->forward_query) return;
    const datafile::Datasource* live_ds = live.datafile.datasource();
    std::string now = canonicalSql(next.forward_query ? &*next.forward_query : nullptr, &*ds->forward_query);
    std::string before = live_ds && live_ds->forward_query
                             ? canonicalSql(live.forward_query ? &*live.forward_query : nullptr, &*live_ds->forward_query)
                             : std::string();
    if (now == before) return;  // kept from an earlier deployment: nothing new to say
    sink_.report(DiagId::PLAN_FORWARD_QUERY_IGNORED, ds->forward_query->span,
                 backquoted(next.name) + " is not rewritten by this deployment, so its FORWARD_QUERY does not run",
                 "a FORWARD_QUERY runs only when the datasource is rewritten (a change ALTER cannot make, or a "
                 "rewrite upstream of it)");
  }

  // ---- pipes ---------------------------------------------------------------------------------

  void pipe(const Resource& next) {
    ResourcePlan rp = start(next, pipeType(next));
    const Resource* live = liveVersion(next);

    // What this pipe reads that is rewritten, or whose query changed, possibly through other pipes.
    std::optional<Upstream> upstream;
    std::string changed_pipe;
    for (const auto& ref : next.reads) {
      if (!upstream) {
        if (rewritten_.count(ref.name)) {
          upstream = Upstream{ref.name, ""};
        } else if (auto it = reaches_.find(ref.name); it != reaches_.end()) {
          upstream = Upstream{it->second.datasource, it->second.via.empty() ? ref.name : it->second.via};
        }
      }
      if (changed_pipe.empty() && query_changed_.count(ref.name)) changed_pipe = ref.name;
    }
    if (upstream) reaches_[next.name] = *upstream;

    PipeDiff diff;
    if (live) diff = diffPipes(pipeShapeOf(*live), pipeShapeOf(next));
    if ((live && diff.sql_changed) || !changed_pipe.empty()) query_changed_.insert(next.name);

    bool materializes = false;
    for (const auto& ns : next.nodes) {
      if (!ns.node || ns.node->node_type != datafile::NodeType::Materialized || !ns.node->datasource) continue;
      const std::string& target = ns.node->datasource->value;
      if (target.empty()) continue;
      materializes = true;
      std::string label = next.name + "." + ns.node->name.text;
      auto state = states_.find(target);
      if (state == states_.end() || !state->second.live) continue;  // a new target is populated when created
      bool wrote_before = false;
      for (const auto& w : live_writers_.mvOf(target)) wrote_before |= w.pipe->name == next.name;
      if (!live || !wrote_before) {
        forced_[target].push_back({"mv_added", "new materialized node " + backquoted(label) + " writes into it"});
        continue;
      }
      if (upstream) {
        forced_[target].push_back({"upstream_rewritten", "reads " + backquoted(upstream->datasource) +
                                                             " (rewritten) through " + backquoted(next.name)});
        continue;
      }
      if (!diff.sql_changed && changed_pipe.empty()) continue;
      if (deploymentMethodAlter(*ns.node) && !state->second.rewrites_itself) {
        rp.alter.push_back(modifyQuery(ns));
        checkModifyQuerySchema(ns, *live, next, label);
        continue;
      }
      std::string why = diff.sql_changed ? "materialized by " + backquoted(label) + ", whose query changed"
                                         : "materialized by " + backquoted(label) + ", which reads " +
                                               backquoted(changed_pipe) + ", whose query changed";
      forced_[target].push_back({"mv_query_changed", why});
    }

    if (!live) {
      rp.decision = Decision::Create;
      rp.causes.push_back({"new", rp.type == "pipe" ? "new pipe" : "new " + rp.type + " pipe"});
    } else {
      rp.causes = diff.causes;
      if (upstream && materializes && rp.causes.empty())
        rp.causes.push_back({"upstream_rewritten",
                             upstream->via.empty()
                                 ? "reads " + backquoted(upstream->datasource) + ", which is rewritten"
                                 : "reads " + backquoted(upstream->datasource) + " (rewritten) through " +
                                       backquoted(upstream->via)});
      rp.decision = rp.causes.empty() ? Decision::Unchanged : Decision::Update;
    }
    plan_.resources.push_back(std::move(rp));
  }

  static AlterOp modifyQuery(const project::NodeSyntax& ns) {
    AlterOp op;
    op.kind = AlterOp::Kind::ModifyQuery;
    op.column = ns.node->name.text;
    if (ns.sql.statement && !ns.sql.is_template) op.expression = sql::printStatement(*ns.sql.statement);
    else if (ns.node->sql) op.expression = ns.node->sql->text;
    op.sql = "ALTER TABLE " + tableName(ns.node->name.text) + " MODIFY QUERY " + op.expression;
    return op;
  }

  /// `DEPLOYMENT_METHOD alter` keeps the target table: the view must keep producing its columns.
  void checkModifyQuerySchema(const project::NodeSyntax& ns, const Resource& live, const Resource& next,
                              const std::string& label) {
    if (!live_.analysis || !next_.analysis) return;
    auto outputOf = [](const analyze::ProjectAnalysis& analysis, const std::string& pipe,
                       const std::string& node) -> const analyze::Schema* {
      const analyze::PipeSchema* p = analysis.pipe(pipe);
      if (!p) return nullptr;
      for (const auto& n : p->nodes)
        if (n.name == node && n.columns) return &*n.columns;
      return nullptr;
    };
    const std::string& node = ns.node->name.text;
    const analyze::Schema* before = outputOf(*live_.analysis, live.name, node);
    const analyze::Schema* after = outputOf(*next_.analysis, next.name, node);
    if (!before || !after) return;
    auto describe = [](const analyze::Schema& s) {
      std::string out;
      for (const auto& c : s) {
        if (!out.empty()) out += ", ";
        out += backquoted(c.name) + " " + types::toString(c.type);
      }
      return out;
    };
    bool same = before->size() == after->size();
    for (size_t i = 0; same && i < before->size(); ++i)
      same = (*before)[i].name == (*after)[i].name && types::equals((*before)[i].type, (*after)[i].type);
    if (same) return;
    Span span = ns.node->sql ? ns.node->sql->span : fileSpan(next);
    sink_.report(DiagId::PLAN_MODIFY_QUERY_SCHEMA, span,
                 backquoted(label) + " uses DEPLOYMENT_METHOD alter but its output columns change: (" +
                     describe(*before) + ") -> (" + describe(*after) + ")",
                 "keep the output columns, or remove DEPLOYMENT_METHOD alter so that the view is recreated and its "
                 "target rewritten");
  }

  /// A materialized view writes into one table: when its target is rewritten into a new table
  /// the view is created again over it, even if the pipe itself did not change.
  void recreateViewsOfRewrittenTargets() {
    for (auto& rp : plan_.resources) {
      // A pipe with changes of its own is recreated anyway, and says why.
      if (rp.kind != ResourceKind::Pipe || rp.decision != Decision::Unchanged) continue;
      const Resource* pipe = findResource(next_.project, rp.name, ResourceKind::Pipe);
      if (!pipe) continue;
      for (const auto& ns : pipe->nodes) {
        if (!ns.node || ns.node->node_type != datafile::NodeType::Materialized || !ns.node->datasource) continue;
        const std::string& target = ns.node->datasource->value;
        if (!rewritten_.count(target)) continue;
        rp.causes.push_back({"target_rewritten", "writes into " + backquoted(target) +
                                                     ", which is rewritten: the view is created again over the new table"});
        rp.decision = Decision::Update;
        break;
      }
    }
  }

  /// Resources in the order a deployment creates them: a view's target table before the view.
  void presentInDeploymentOrder() {
    std::map<std::pair<int, std::string>, size_t> rank;
    auto order = deploymentOrder(*next_.project);
    for (size_t i = 0; i < order.size(); ++i) rank[{kindRank(order[i]->kind), order[i]->name}] = i;
    auto rankOf = [&](const ResourcePlan& rp) {
      auto it = rank.find({kindRank(rp.kind), rp.name});
      return it == rank.end() ? order.size() : it->second;
    };
    std::stable_sort(plan_.resources.begin(), plan_.resources.end(),
                     [&](const ResourcePlan& a, const ResourcePlan& b) { return rankOf(a) < rankOf(b); });
  }

  /// ALTERs are applied at promotion, not in staging (seed 002): a view or endpoint the
  /// deployment creates or changes runs in staging over the live table, which does not have a
  /// column an ALTER adds yet. A rewrite of the datasource (forced by a FORWARD_QUERY) does.
  void warnAlteredColumnsReadInStaging() {
    std::map<std::string, std::set<std::string>, std::less<>> added;  // datasource -> columns
    for (const auto& rp : plan_.resources)
      if (rp.kind == ResourceKind::Datasource && rp.decision == Decision::Alter)
        for (const auto& op : rp.alter)
          if (op.kind == AlterOp::Kind::AddColumn) added[rp.name].insert(op.column);
    if (added.empty()) return;
    for (const auto& rp : plan_.resources) {
      if (rp.kind != ResourceKind::Pipe || (rp.decision != Decision::Create && rp.decision != Decision::Update)) continue;
      const Resource* pipe = findResource(next_.project, rp.name, ResourceKind::Pipe);
      if (!pipe) continue;
      for (const auto& ref : pipe->reads) {
        auto it = added.find(ref.name);
        if (it == added.end()) continue;
        for (const auto& ns : pipe->nodes) {
          if (!ns.sql.statement || !ns.node) continue;
          std::set<std::string> names;
          collectIdentifierParts(*ns.sql.statement, names);
          for (const auto& column : it->second) {
            if (!names.count(column)) continue;
            Span span = ns.node->sql ? ns.node->sql->span : fileSpan(*pipe);
            sink_.report(DiagId::PLAN_ALTER_NOT_IN_STAGING, span,
                         "node " + backquoted(ns.node->name.text) + " of " + backquoted(pipe->name) + " reads " +
                             backquoted(column) + ", which the ALTER of " + backquoted(ref.name) +
                             " adds only at promotion: in staging the column does not exist yet",
                         "add a FORWARD_QUERY to " + backquoted(ref.name) +
                             " so that it is rewritten (staging then has the column), or deploy the column first");
          }
        }
      }
    }
  }

  static void collectIdentifierParts(const sql::Node& node, std::set<std::string>& out) {
    if (auto* id = node.tryAs<sql::Identifier>()) {
      out.insert(id->parts.begin(), id->parts.end());
      return;
    }
    sql::forEachChild(node, [&](const sql::Node& child) { collectIdentifierParts(child, out); });
  }

  // ---- connections and deletions -------------------------------------------------------------

  void connection(const Resource& next) {
    ResourcePlan rp = start(next, connectionType(next));
    const Resource* live = liveVersion(next);
    if (!live) {
      rp.decision = Decision::Create;
      rp.causes.push_back({"new", "new connection"});
    } else {
      rp.causes = diffConnections(*live, next);
      rp.decision = rp.causes.empty() ? Decision::Unchanged : Decision::Update;
    }
    plan_.resources.push_back(std::move(rp));
  }

  void deletions() {
    if (!live_.project) return;
    std::vector<const Resource*> gone;
    for (const auto& r : live_.project->resources) {
      if (!ownsName(*live_.project, *r) || matched_.count(r.get()) || isShared(*r)) continue;
      // Classic `x` with VERSION 0 is deployed as `x__v0`: only a new resource deployed under that
      // name keeps it (`x__v0.pipe`, or `x.pipe` with VERSION 0).
      if (findDeployed(next_.project, r->name, r->datafile.resourceName(), r->kind)) continue;
      gone.push_back(r.get());
    }
    // Dependants go first: a view is dropped before its tables, a table after its readers.
    std::map<const Resource*, size_t> rank;
    auto live_order = deploymentOrder(*live_.project);
    for (size_t i = 0; i < live_order.size(); ++i) rank[live_order[i]] = i;
    std::sort(gone.begin(), gone.end(), [&](const Resource* a, const Resource* b) { return rank[a] > rank[b]; });
    for (const Resource* r : gone) {
      ResourcePlan rp;
      rp.kind = r->kind;
      rp.name = r->name;
      rp.path = relativePath(*live_.project, *r);
      rp.type = r->kind == ResourceKind::Datasource ? datasourceType(live_writers_, r->name)
                : r->kind == ResourceKind::Pipe     ? pipeType(*r)
                                                    : connectionType(*r);
      rp.decision = Decision::Delete;
      rp.destructive = true;
      std::string kind(project::resourceKindName(r->kind));
      rp.causes.push_back({"deleted", kind + " deleted"});
      sink_.report(DiagId::PLAN_DELETE_RESOURCE, destructiveSeverity(options_), fileSpan(*r),
                   kind + " " + backquoted(r->name) + " is not in the new project: the deployment deletes it" +
                       (r->kind == ResourceKind::Datasource ? " with its data" : ""),
                   "pass --allow-destructive-operations to delete it, or keep its file");
      plan_.resources.push_back(std::move(rp));
    }
  }

  const ProjectView& live_;
  const ProjectView& next_;
  const PlanOptions& options_;
  DiagnosticSink& sink_;
  Writers live_writers_;
  Writers next_writers_;
  Plan plan_;
  std::map<std::string, DatasourceState, std::less<>> states_;
  /// Why a datasource must be rewritten, from the pipes writing into it (visited before it).
  std::map<std::string, std::vector<Cause>, std::less<>> forced_;
  std::set<std::string, std::less<>> rewritten_;
  std::map<std::string, Upstream, std::less<>> reaches_;
  std::set<std::string, std::less<>> query_changed_;
  std::set<const Resource*> matched_;
};

}  // namespace

Plan planDeployment(const ProjectView& live, const ProjectView& next, const PlanOptions& options,
                    DiagnosticSink& sink) {
  return Planner(live, next, options, sink).run();
}

}  // namespace ferry::plan
