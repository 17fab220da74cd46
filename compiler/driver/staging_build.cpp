#include "compiler/driver/staging_build.h"

#include <map>
#include <set>

#include "compiler/lower/lowering.h"
#include "compiler/plan/datasource_shape.h"

namespace ferry::driver {

namespace {

std::string backquoted(const std::string& name) { return "`" + name + "`"; }

bool isExactNumber(const std::string& type) {
  for (const char* prefix : {"Int", "UInt", "Decimal"})
    if (type.starts_with(prefix)) return true;
  return false;
}

bool keepsEveryRow(const plan::DatasourceShape& shape) {
  return shape.engine == "MergeTree" || shape.engine.starts_with("MergeTree(");
}

/// Lowers `sql` over the live project; when an output column's type is not the staged table's,
/// the query is wrapped in CASTs (the rows must have exactly the table's types).
rt::PlanPtr lowerForward(const std::string& sql, const rt::TableDefinition& target, PlanInputs& inputs) {
  auto plan = lower::lowerSqlQuery(sql, *inputs.live.project, *inputs.live.analysis, inputs.sink);
  if (!plan) return nullptr;
  bool mismatch = false;
  std::string select;
  for (const auto& out : plan->output) {
    const rt::ColumnSpec* column = nullptr;
    for (const auto& c : target.spec.columns)
      if (c.name == out.name) column = &c;
    if (!select.empty()) select += ", ";
    if (column && rt::typeName(*column->type) != rt::typeName(*out.type)) {
      mismatch = true;
      select += "CAST(" + backquoted(out.name) + ", '" + rt::typeName(*column->type) + "') AS " + backquoted(out.name);
    } else {
      select += backquoted(out.name);
    }
  }
  if (!mismatch) return plan;
  return lower::lowerSqlQuery("SELECT " + select + " FROM (" + sql + ")", *inputs.live.project, *inputs.live.analysis,
                              inputs.sink);
}

/// An ALTER's rows as a forward query: the columns the new schema keeps (retyped by CAST where
/// MODIFY COLUMN makes them Nullable); added columns take their DEFAULT when the rows are stored.
std::string alterForwardSql(const plan::DatasourceShape& live, const plan::DatasourceShape& next, const std::string& name) {
  std::string select;
  for (const auto& column : next.columns) {
    const plan::ColumnShape* old = live.column(column.name);
    if (!old) continue;
    if (!select.empty()) select += ", ";
    if (old->type != column.type) select += "CAST(" + backquoted(column.name) + ", '" + column.type + "') AS " + backquoted(column.name);
    else select += backquoted(column.name);
  }
  if (select.empty()) select = "1 AS " + backquoted("__ferry_no_column");
  return "SELECT " + select + " FROM " + backquoted(name);
}

/// Per partition (when the partition key is the same): row count and sums of the integer columns
/// a pass-through query keeps.
std::optional<rt::PromoteCheck> rowCheck(const plan::DatasourceShape& live, const plan::DatasourceShape& next,
                                         const std::string& name, bool pass_through, PlanInputs& inputs) {
  if (!keepsEveryRow(live) || !keepsEveryRow(next) || live.ttl != next.ttl) return std::nullopt;
  auto lp = live.keys.find("ENGINE_PARTITION_KEY"), np = next.keys.find("ENGINE_PARTITION_KEY");
  bool same_partition = lp != live.keys.end() && np != next.keys.end() && lp->second == np->second;
  std::string select = same_partition ? lp->second + " AS __partition, " : "";
  select += "count() AS __rows";
  std::string label = name + ": rows" + std::string(same_partition ? " per partition" : "");
  if (pass_through)
    for (const auto& column : next.columns) {
      const plan::ColumnShape* old = live.column(column.name);
      if (!old || old->type != column.type || !isExactNumber(column.type)) continue;
      select += ", sum(" + backquoted(column.name) + ") AS " + backquoted("__sum_" + column.name);
      label += ", sum(" + column.name + ")";
    }
  std::string sql = "SELECT " + select + " FROM " + backquoted(name) + (same_partition ? " GROUP BY __partition" : "");
  rt::PromoteCheck check;
  check.label = label;
  check.live = lower::lowerSqlQuery(sql, *inputs.live.project, *inputs.live.analysis, inputs.sink);
  check.staging = lower::lowerSqlQuery(sql, *inputs.next.project, *inputs.next.analysis, inputs.sink);
  if (!check.live || !check.staging) return std::nullopt;  // a key the runtime cannot group by: no check
  return check;
}

}  // namespace

std::optional<rt::StagingSpec> buildStagingSpec(const plan::Plan& plan, PlanInputs& inputs, const std::string& id) {
  auto lowered = lower::lowerProject(*inputs.next.project, *inputs.next.analysis, inputs.sink);
  if (!lowered.ok) return std::nullopt;
  std::map<std::string, const rt::TableDefinition*> tables;
  for (const auto& t : lowered.tables) tables[t.spec.name] = &t;
  std::set<std::string> view_targets;
  for (const auto& v : lowered.views) view_targets.insert(v.target);

  rt::StagingSpec spec;
  spec.id = id;
  std::set<std::string> staged;
  bool ok = true;
  for (const auto& r : plan.resources) {
    if (r.kind != project::ResourceKind::Datasource) continue;
    if (r.decision == plan::Decision::Unchanged || r.decision == plan::Decision::Metadata ||
        r.decision == plan::Decision::Delete)
      continue;
    auto table_it = tables.find(r.name);
    if (table_it == tables.end()) continue;
    rt::StagedTable t;
    t.name = r.name;
    const project::Resource* live_resource = inputs.live.project ? inputs.live.project->find(r.name) : nullptr;
    const project::Resource* next_resource = inputs.next.project->find(r.name);
    std::optional<plan::DatasourceShape> live_shape, next_shape;
    if (live_resource) live_shape = plan::shapeOf(*live_resource);
    if (next_resource) next_shape = plan::shapeOf(*next_resource);
    bool pass_through = false;
    if (r.decision == plan::Decision::Alter && live_shape && next_shape) {
      t.fill = rt::StagedTable::Fill::Forward;
      t.forward_source = r.name;
      t.forward = lowerForward(alterForwardSql(*live_shape, *next_shape, r.name), *table_it->second, inputs);
      t.share_files = true;
      pass_through = true;
    } else if (r.backfill.method == plan::BackfillMethod::ForwardQuery) {
      t.fill = rt::StagedTable::Fill::Forward;
      t.forward_source = r.backfill.sources.empty() ? r.name : r.backfill.sources.front();
      // A forward query is a column selection over the live table (FROM is not written).
      t.forward = lowerForward(r.backfill.sql + "\nFROM " + backquoted(t.forward_source), *table_it->second, inputs);
      pass_through = r.backfill.generated;
    } else if (r.backfill.method == plan::BackfillMethod::Skip) {
      t.fill = rt::StagedTable::Fill::Skip;
    } else if (r.backfill.method == plan::BackfillMethod::MvQuery || view_targets.count(r.name)) {
      t.fill = rt::StagedTable::Fill::Views;
    }
    if (t.fill == rt::StagedTable::Fill::Forward) {
      if (!t.forward) {
        ok = false;
        continue;
      }
      if (live_shape && next_shape)
        if (auto check = rowCheck(*live_shape, *next_shape, r.name, pass_through, inputs)) spec.checks.push_back(std::move(*check));
    }
    staged.insert(r.name);
    spec.tables.push_back(std::move(t));
  }
  // A materialized view the deployment creates or changes, or one reading a rewritten table, must
  // not write into a table live shares: its target is a new version too, filled by replaying its
  // views (the planner marks downstream rewrites; this closes the set whatever it marked).
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& v : lowered.views) {
      const plan::ResourcePlan* pipe = plan.find(v.name);
      bool changed = pipe && pipe->decision != plan::Decision::Unchanged;
      if (staged.count(v.target) || (!changed && !staged.count(v.source))) continue;
      rt::StagedTable t;
      t.name = v.target;
      t.fill = rt::StagedTable::Fill::Views;
      staged.insert(v.target);
      spec.tables.push_back(std::move(t));
      grew = true;
    }
  }
  if (!ok) return std::nullopt;
  return spec;
}

}  // namespace ferry::driver
