#include "compiler/driver/forward_query_needs.h"

#include <set>

#include "compiler/plan/forward_query_block.h"

namespace ferry::driver {

namespace {

/// Diagnostics of the plan that ask for a forward query or are about one, by datasource file.
struct FileDiagnostics {
  std::set<FileId> history_lost;  ///< PLAN_SOURCE_TTL_SHORTER / PLAN_NULL_ENGINE_SOURCE errors
  std::set<FileId> bad_query;     ///< FORWARD_QUERY errors, or a stale query
};

FileDiagnostics classify(const DiagnosticSink& sink) {
  FileDiagnostics out;
  for (const auto& d : sink.all()) {
    if (!d.span.valid()) continue;
    switch (d.id) {
      case DiagId::PLAN_SOURCE_TTL_SHORTER:
      case DiagId::PLAN_NULL_ENGINE_SOURCE:
        if (d.severity == Severity::Error) out.history_lost.insert(d.span.file);
        break;
      case DiagId::PLAN_FORWARD_QUERY_FORM:
      case DiagId::PLAN_FORWARD_QUERY_INVALID:
      case DiagId::PLAN_FORWARD_QUERY_MISMATCH:
        if (d.severity == Severity::Error) out.bad_query.insert(d.span.file);
        break;
      case DiagId::PLAN_FORWARD_QUERY_STALE: out.bad_query.insert(d.span.file); break;
      default: break;
    }
  }
  return out;
}

}  // namespace

std::string_view forwardQueryNeedName(ForwardQueryNeed n) {
  switch (n) {
    case ForwardQueryNeed::Generated: return "generated";
    case ForwardQueryNeed::History: return "history";
    case ForwardQueryNeed::Refresh: return "refresh";
  }
  return "generated";
}

std::vector<std::string> NeededForwardQuery::notes() const {
  std::vector<std::string> out;
  if (need == ForwardQueryNeed::History) {
    out.push_back("replaying the materialized views would lose history: this query copies the live rows instead");
  } else if (need == ForwardQueryNeed::Refresh) {
    out.push_back("replaces a FORWARD_QUERY that does not fit the new schema or already ran");
  }
  for (const auto& m : query.columns) {
    if (m.kind == plan::MappingKind::Recommended) {
      out.push_back("confirm `" + m.column + "`: " + m.reason);
    } else if (m.kind == plan::MappingKind::Impossible) {
      out.push_back("cannot carry `" + m.column + "` (it gets its default value): " + m.reason);
    } else if (m.kind == plan::MappingKind::Dropped) {
      out.push_back("`" + m.column + "` is removed: its data is lost");
    }
  }
  for (const auto& [from, to] : query.rename_hints) {
    out.push_back("rename? `" + from + "` was removed and `" + to + "` added with the same type: select `" + from +
                  " AS " + to + "` to keep its data");
  }
  return out;
}

std::vector<NeededForwardQuery> neededForwardQueries(const plan::Plan& deployment, const project::Project& live,
                                                     const project::Project& next,
                                                     const DiagnosticSink& plan_diagnostics) {
  std::vector<NeededForwardQuery> out;
  FileDiagnostics by_file = classify(plan_diagnostics);
  for (const auto& rp : deployment.resources) {
    if (rp.kind != project::ResourceKind::Datasource || rp.decision != plan::Decision::Rewrite) continue;
    const project::Resource* next_ds = next.find(rp.name);
    const project::Resource* live_ds = live.find(rp.name);
    if (!next_ds || !live_ds || next_ds->kind != project::ResourceKind::Datasource ||
        live_ds->kind != project::ResourceKind::Datasource) {
      continue;
    }
    NeededForwardQuery item;
    item.plan = &rp;
    item.live = live_ds;
    item.next = next_ds;
    const datafile::Datasource* ds = next_ds->datafile.datasource();
    FileId file = next_ds->datafile.file;
    bool has_query = ds && ds->forward_query;
    if (has_query) {
      if (!by_file.bad_query.count(file)) continue;
      item.need = ForwardQueryNeed::Refresh;
    } else if (rp.backfill.method == plan::BackfillMethod::ForwardQuery && rp.backfill.generated) {
      item.need = ForwardQueryNeed::Generated;
    } else if (rp.backfill.method == plan::BackfillMethod::MvQuery && by_file.history_lost.count(file)) {
      item.need = ForwardQueryNeed::History;
    } else {
      continue;
    }
    item.query = plan::generateForwardQuery(plan::columnSpecs(*live_ds), plan::columnSpecs(*next_ds));
    if (item.need == ForwardQueryNeed::Generated && item.query.identity) continue;  // the implicit SELECT *
    out.push_back(std::move(item));
  }
  return out;
}

ForwardQueryBlockPlace forwardQueryBlockPlace(std::string_view text, const project::Resource& datasource) {
  ForwardQueryBlockPlace place;
  const datafile::Datasource* ds = datasource.datafile.datasource();
  if (!ds || !ds->forward_query) return place;
  if (ds->forward_query->map.file() != datasource.datafile.file) {
    place.error = "its FORWARD_QUERY comes from an INCLUDE file: edit that file";
    return place;
  }
  place.existing = plan::forwardQueryBlockRange(text, ds->forward_query->span);
  if (!place.existing) place.error = "cannot find the FORWARD_QUERY line of the existing block";
  return place;
}

}  // namespace ferry::driver
