#include "compiler/plan/backfill_choice.h"

#include <set>

#include "compiler/plan/canonical_text.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/ttl_duration.h"

namespace ferry::plan {

namespace {

std::string indented(const std::string& text, std::string_view indent) {
  std::string out(indent);
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

Span settingSpan(const project::Resource& r, std::string_view name) {
  if (auto* ds = r.datafile.datasource())
    if (auto* s = ds->engineSetting(name)) return s->value_span.valid() ? s->value_span : s->name_span;
  return schemaSpan(r);
}

/// "add a FORWARD_QUERY to `t` that copies its live data: ..." for the history diagnostics.
std::string forwardQueryHint(const project::Resource& live, const project::Resource& next) {
  GeneratedForwardQuery generated = generateForwardQuery(columnSpecs(live), columnSpecs(next));
  std::string name = backquoted(next.name);
  std::string hint;
  if (generated.impossible) {
    hint = "add a FORWARD_QUERY to " + name +
           " that carries its live data (Ferry cannot generate one: an aggregate state changes representation)";
  } else {
    hint = "add a FORWARD_QUERY to " + name + " to copy its live data instead of replaying the materialized view:\n" +
           "    FORWARD_QUERY >\n" + indented(generated.sql, "        ");
  }
  return hint + "\nor pass --allow-destructive-operations to accept the loss";
}

ColumnTypeLookup columnTypes(const DatasourceShape& shape) {
  return [&shape](const std::string& name) -> types::TypePtr {
    const ColumnShape* c = shape.column(name);
    return c ? c->parsed : nullptr;
  };
}

/// Replaying the MV queries over their sources only sees what the sources still hold.
void checkHistory(ResourcePlan& plan, const project::Resource& live, const project::Resource& next,
                  const DatasourceShape& next_shape, const std::vector<MvWriter>& writers, const BackfillContext& ctx) {
  Retention target = retentionOf(next.ttl, columnTypes(next_shape));
  Severity severity = destructiveSeverity(ctx.options);
  for (const auto& writer : writers) {
    for (const project::Resource* source : sourceDatasources(ctx.next, *writer.pipe)) {
      if (source == &next) continue;
      std::string replay = "rewriting " + backquoted(next.name) + " replays " + backquoted(writer.label) + " over " +
                           backquoted(source->name);
      if (keepsNoRows(*source)) {
        auto& d = ctx.sink.report(DiagId::PLAN_NULL_ENGINE_SOURCE, severity, schemaSpan(next),
                                  replay + ", a Null-engine datasource that keeps no rows: the history of " +
                                      backquoted(next.name) + " would be lost",
                                  forwardQueryHint(live, next));
        d.notes.push_back({DiagId::PLAN_NULL_ENGINE_SOURCE, Severity::Note, settingSpan(*source, "ENGINE"),
                           backquoted(source->name) + " has ENGINE Null", {}, {}});
        plan.destructive = true;
        continue;
      }
      DatasourceShape source_shape = shapeOf(*source);
      Retention kept = retentionOf(source->ttl, columnTypes(source_shape));
      if (kept.kind == Retention::Kind::Forever) continue;
      bool shorter = kept.kind == Retention::Kind::Duration &&
                     (target.kind == Retention::Kind::Forever ||
                      (target.kind == Retention::Kind::Duration && kept.seconds < target.seconds));
      bool comparable = kept.kind == Retention::Kind::Duration && target.kind != Retention::Kind::Unknown;
      std::string target_keeps =
          target.kind == Retention::Kind::Forever ? "keeps every row (no TTL)" : "keeps " + target.text;
      if (shorter) {
        auto& d = ctx.sink.report(DiagId::PLAN_SOURCE_TTL_SHORTER, severity, schemaSpan(next),
                                  replay + ", which keeps " + kept.text + " of data while " + backquoted(next.name) +
                                      " " + target_keeps + ": older rows would be lost",
                                  forwardQueryHint(live, next));
        d.notes.push_back({DiagId::PLAN_SOURCE_TTL_SHORTER, Severity::Note, settingSpan(*source, "ENGINE_TTL"),
                           "the TTL of " + backquoted(source->name), {}, {}});
        plan.destructive = true;
      } else if (!comparable) {
        auto& d = ctx.sink.report(
            DiagId::PLAN_SOURCE_TTL_SHORTER, Severity::Warning, schemaSpan(next),
            replay + ": Ferry cannot compare the TTL of " + backquoted(source->name) + " (" + kept.text +
                ") with the TTL of " + backquoted(next.name) + " (" + target.text +
                "); check that the source still holds the history the target needs",
            forwardQueryHint(live, next));
        d.notes.push_back({DiagId::PLAN_SOURCE_TTL_SHORTER, Severity::Note, settingSpan(*source, "ENGINE_TTL"),
                           "the TTL of " + backquoted(source->name), {}, {}});
      }
    }
  }
}

void forwardQueryBackfill(ResourcePlan& plan, const project::Resource& live, const project::Resource& next,
                          const BackfillContext& ctx) {
  const datafile::Datasource* ds = next.datafile.datasource();
  ForwardQueryCheck check = checkForwardQuery(next, columnSpecs(live), columnSpecs(next), ctx.sink);
  plan.backfill.method = BackfillMethod::ForwardQuery;
  plan.backfill.sql = !check.sql.empty() ? check.sql : ds->forward_query->text;
  plan.backfill.generated = false;
  plan.backfill.sources = {next.name};

  // A query kept in the file after the deployment it was written for runs again: it may
  // overwrite data with what it computed for the old schema. `SELECT *` is harmless.
  const datafile::Datasource* live_ds = live.datafile.datasource();
  if (!live_ds || !live_ds->forward_query) return;
  std::string before = canonicalSql(live.forward_query ? &*live.forward_query : nullptr, &*live_ds->forward_query);
  std::string now = canonicalSql(next.forward_query ? &*next.forward_query : nullptr, &*ds->forward_query);
  if (before != now || now == "SELECT *") return;
  ctx.sink.report(DiagId::PLAN_FORWARD_QUERY_STALE, ds->forward_query->span,
                  "the FORWARD_QUERY of " + backquoted(next.name) +
                      " is the one the live deployment already ran: it runs again over the live data",
                  "remove a FORWARD_QUERY once the deployment that needed it is promoted; keep it only if running "
                  "it again is intended");
}

void generatedBackfill(ResourcePlan& plan, const project::Resource& live, const project::Resource& next,
                       const DatasourceShape& next_shape, const BackfillContext& ctx) {
  GeneratedForwardQuery generated = generateForwardQuery(columnSpecs(live), columnSpecs(next));
  plan.backfill.method = BackfillMethod::ForwardQuery;
  plan.backfill.sql = generated.identity && generated.sql.empty() ? "SELECT *" : generated.sql;
  plan.backfill.generated = true;
  plan.backfill.sources = {next.name};
  // An aggregate state that changes representation: no query over the live table carries it.
  for (const auto& mapping : generated.columns) {
    if (mapping.kind != MappingKind::Impossible) continue;
    const ColumnShape* column = next_shape.column(mapping.column);
    ctx.sink.report(DiagId::PLAN_STATE_INCOMPATIBLE, column ? column->span : schemaSpan(next),
                    "column " + backquoted(mapping.column) + " of " + backquoted(next.name) +
                        " cannot be carried over: " + mapping.reason,
                    "re-aggregate it from the source data (a materialized view or a copy pipe), or write a "
                    "FORWARD_QUERY that accepts losing it (`defaultValueOfTypeName('T') AS col`)");
  }
  if (generated.needs_confirmation) {
    std::string hint = "review this recommended query and add it to the datasource:\n";
    hint += "    FORWARD_QUERY >\n" + indented(generated.sql, "        ");
    auto& d = ctx.sink.report(DiagId::PLAN_FORWARD_QUERY_REQUIRED, schemaSpan(next),
                              backquoted(next.name) + " changes columns in a way Ferry cannot carry over safely: "
                                                      "the rewrite needs a FORWARD_QUERY",
                              hint);
    for (const auto& mapping : generated.columns) {
      if (mapping.kind != MappingKind::Recommended) continue;
      const ColumnShape* column = next_shape.column(mapping.column);
      d.notes.push_back({DiagId::PLAN_FORWARD_QUERY_REQUIRED, Severity::Note,
                         column ? column->span : schemaSpan(next),
                         backquoted(mapping.column) + ": " + mapping.reason, {}, {}});
    }
  }
}

}  // namespace

void reportRenameHints(const std::vector<std::pair<std::string, std::string>>& hints, const project::Resource& next,
                       const DatasourceShape& next_shape, DiagnosticSink& sink) {
  for (const auto& [old_name, new_name] : hints) {
    const ColumnShape* column = next_shape.column(new_name);
    std::string type = column ? column->type : std::string();
    sink.report(DiagId::PLAN_RENAME_HINT, column ? column->span : schemaSpan(next),
                backquoted(old_name) + " was removed and " + backquoted(new_name) + " added with the same type " +
                    type + ": if it is a rename, use a FORWARD_QUERY with `" + old_name + " AS " + new_name +
                    "`; otherwise the data of " + backquoted(old_name) + " is lost");
  }
}

std::vector<const project::Resource*> sourceDatasources(const project::Project& project, const project::Resource& pipe) {
  std::vector<const project::Resource*> out;
  std::set<const project::Resource*> seen{&pipe};
  std::vector<const project::Resource*> stack{&pipe};
  while (!stack.empty()) {
    const project::Resource* p = stack.back();
    stack.pop_back();
    for (const auto& ref : p->reads) {
      const project::Resource* r = project.find(ref.name);
      if (!r || !seen.insert(r).second) continue;
      if (r->kind == project::ResourceKind::Datasource) out.push_back(r);
      else if (r->kind == project::ResourceKind::Pipe) stack.push_back(r);
    }
  }
  return out;
}

Severity destructiveSeverity(const PlanOptions& options) {
  return options.allow_destructive ? Severity::Warning : Severity::Error;
}

Backfill mvQueryBackfill(const std::vector<MvWriter>& writers) {
  Backfill b;
  b.method = BackfillMethod::MvQuery;
  for (const auto& w : writers) {
    b.sources.push_back(w.label);
    if (!b.sql.empty()) b.sql += "\n\n";
    if (w.node && w.node->node && w.node->node->sql) b.sql += w.node->node->sql->text;
  }
  return b;
}

void chooseRewriteBackfill(ResourcePlan& plan, const project::Resource& live, const project::Resource& next,
                           const DatasourceShape& next_shape, const std::vector<MvWriter>& writers,
                           const BackfillContext& ctx) {
  const datafile::Datasource* ds = next.datafile.datasource();
  if (keepsNoRows(live)) return;  // nothing stored, nothing to carry over
  if (ds && ds->forward_query) {
    forwardQueryBackfill(plan, live, next, ctx);
  } else if (!writers.empty()) {
    plan.backfill = mvQueryBackfill(writers);
    checkHistory(plan, live, next, next_shape, writers, ctx);
  } else {
    generatedBackfill(plan, live, next, next_shape, ctx);
  }
}

void chooseCreateBackfill(ResourcePlan& plan, const DatasourceShape& next_shape, const std::vector<MvWriter>& writers) {
  if (writers.empty()) return;
  if (next_shape.backfill_skip) {
    plan.backfill.method = BackfillMethod::Skip;
    return;
  }
  plan.backfill = mvQueryBackfill(writers);
}

}  // namespace ferry::plan
