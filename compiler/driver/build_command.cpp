/// `ferry build [PATH] [--base PATH|GITREF] [--write]`: the FORWARD_QUERY of every datasource
/// whose deployment needs one, ready to paste into its file (seed 002 "Forward query": "Run
/// `tb build` to generate the query and copy it into your .datasource file").
///
/// A datasource needs one when the plan rewrites it and
///  - its backfill is a generated forward query that is not `SELECT *` (an implicit `SELECT *`
///    is what the deployment runs anyway, so it is not printed);
///  - it is the target of materialized views whose replay would lose history (a source with a
///    shorter TTL, a Null-engine source): then even `SELECT *` is printed, because only an
///    explicit FORWARD_QUERY makes the deployment copy the live rows instead;
///  - its own FORWARD_QUERY does not fit the new schema (the check reports an error) or is left
///    from the deployment that already ran it: the block is regenerated.
///
/// `--write` puts each block that needs no confirmation into its file: it replaces the existing
/// FORWARD_QUERY block's lines or appends one after a blank line, leaving every other byte as
/// it was. A recommended query (a lossy or fallible conversion) is printed but not written: the
/// user confirms it by copying it. A query that cannot carry some column is never written.
/// Exit code 1 when some datasource needs a query that Ferry cannot generate safely (or the
/// project has errors), 2 for unreadable inputs.
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/plan_inputs.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/forward_query_block.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

/// Why a datasource gets a block.
enum class Need { Generated, History, Refresh };

std::string_view needName(Need n) {
  switch (n) {
    case Need::Generated: return "generated";
    case Need::History: return "history";
    case Need::Refresh: return "refresh";
  }
  return "generated";
}

struct BuildItem {
  const plan::ResourcePlan* plan = nullptr;
  const project::Resource* live = nullptr;
  const project::Resource* next = nullptr;
  Need need = Need::Generated;
  plan::GeneratedForwardQuery query;
  bool written = false;
  bool up_to_date = false;       ///< --write found the same block in the file already
  std::string write_error;
};

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

/// Text output shows the project's own diagnostics and the checks of a FORWARD_QUERY written in
/// a file; the rest of the plan's (history, rename hints, required queries, dropped columns) is
/// in the notes of the blocks or is `ferry deploy --check`'s to report.
bool shownInText(DiagId id) {
  switch (id) {
    case DiagId::PLAN_FORWARD_QUERY_FORM:
    case DiagId::PLAN_FORWARD_QUERY_INVALID:
    case DiagId::PLAN_FORWARD_QUERY_MISMATCH:
    case DiagId::PLAN_FORWARD_QUERY_OVERWRITES:
    case DiagId::PLAN_FORWARD_QUERY_STALE:
      return true;
    default:
      return diagName(id).substr(0, 5) != "PLAN_";
  }
}

/// The plan's own errors (a deletion, a dropped column) are `ferry deploy --check`'s to report;
/// build fails only on problems of the project itself and on queries it cannot generate.
bool isPlanDiagnostic(DiagId id) { return diagName(id).substr(0, 5) == "PLAN_"; }

std::vector<std::string> notesOf(const BuildItem& item) {
  std::vector<std::string> notes;
  if (item.need == Need::History) {
    notes.push_back("replaying the materialized views would lose history: this query copies the live rows instead");
  } else if (item.need == Need::Refresh) {
    notes.push_back("replaces a FORWARD_QUERY that does not fit the new schema or already ran");
  }
  for (const auto& m : item.query.columns) {
    if (m.kind == plan::MappingKind::Recommended) {
      notes.push_back("confirm `" + m.column + "`: " + m.reason);
    } else if (m.kind == plan::MappingKind::Impossible) {
      notes.push_back("cannot carry `" + m.column + "` (it gets its default value): " + m.reason);
    } else if (m.kind == plan::MappingKind::Dropped) {
      notes.push_back("`" + m.column + "` is removed: its data is lost");
    }
  }
  for (const auto& [from, to] : item.query.rename_hints) {
    notes.push_back("rename? `" + from + "` was removed and `" + to + "` added with the same type: select `" + from +
                    " AS " + to + "` to keep its data");
  }
  return notes;
}

bool safe(const BuildItem& item) { return !item.query.needs_confirmation && !item.query.impossible; }

void writeBlock(BuildItem& item, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    item.write_error = "cannot read " + file.string();
    return;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::optional<std::pair<uint32_t, uint32_t>> existing;
  const datafile::Datasource* ds = item.next->datafile.datasource();
  if (ds && ds->forward_query) {
    if (ds->forward_query->map.file() != item.next->datafile.file) {
      item.write_error = "its FORWARD_QUERY comes from an INCLUDE file: edit that file";
      return;
    }
    existing = plan::forwardQueryBlockRange(text, ds->forward_query->span);
    if (!existing) {
      item.write_error = "cannot find the FORWARD_QUERY line of the existing block";
      return;
    }
  }
  std::string updated = plan::withForwardQueryBlock(text, existing, item.query.sql);
  if (updated == text) {
    item.up_to_date = true;
    return;
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << updated;
  if (!out) {
    item.write_error = "cannot write " + file.string();
    return;
  }
  item.written = true;
}

std::string mappingKindName(plan::MappingKind k) {
  switch (k) {
    case plan::MappingKind::Keep: return "keep";
    case plan::MappingKind::Cast: return "cast";
    case plan::MappingKind::Added: return "added";
    case plan::MappingKind::Dropped: return "dropped";
    case plan::MappingKind::Recommended: return "recommended";
    case plan::MappingKind::Impossible: return "impossible";
  }
  return "keep";
}

}  // namespace

int runBuild(const BuildOptions& opts) {
  auto inputs = loadPlanInputs(opts.path, opts.base);
  if (!inputs) return 2;
  DiagnosticSink& sink = inputs->sink;
  plan::Plan deployment;  // the items point into it
  std::vector<BuildItem> items;
  if (inputs->live.project && inputs->next.project) {
    deployment = plan::planDeployment(inputs->liveView(), inputs->nextView(), plan::PlanOptions{}, sink);
    FileDiagnostics by_file = classify(sink);
    const auto& live_project = *inputs->live.project;
    const auto& next_project = *inputs->next.project;
    for (const auto& rp : deployment.resources) {
      if (rp.kind != project::ResourceKind::Datasource || rp.decision != plan::Decision::Rewrite) continue;
      const project::Resource* next = next_project.find(rp.name);
      const project::Resource* live = live_project.find(rp.name);
      if (!next || !live || next->kind != project::ResourceKind::Datasource ||
          live->kind != project::ResourceKind::Datasource) {
        continue;
      }
      BuildItem item;
      item.plan = &rp;
      item.live = live;
      item.next = next;
      const datafile::Datasource* ds = next->datafile.datasource();
      FileId file = next->datafile.file;
      bool has_query = ds && ds->forward_query;
      if (has_query) {
        if (!by_file.bad_query.count(file)) continue;
        item.need = Need::Refresh;
      } else if (rp.backfill.method == plan::BackfillMethod::ForwardQuery && rp.backfill.generated) {
        item.need = Need::Generated;
      } else if (rp.backfill.method == plan::BackfillMethod::MvQuery && by_file.history_lost.count(file)) {
        item.need = Need::History;
      } else {
        continue;
      }
      item.query = plan::generateForwardQuery(plan::columnSpecs(*live), plan::columnSpecs(*next));
      if (item.need == Need::Generated && item.query.identity) continue;  // the implicit SELECT *
      items.push_back(std::move(item));
    }
  }

  if (opts.write) {
    for (auto& item : items) {
      if (safe(item)) writeBlock(item, inputs->next.root / item.plan->path);
    }
  }
  sink.sort();

  bool project_errors = false;
  std::vector<ReportedDiagnostic> shown;
  for (const auto& d : sink.all()) {
    if (d.severity == Severity::Error && !isPlanDiagnostic(d.id)) project_errors = true;
    if (opts.format == OutputFormat::Text && !shownInText(d.id)) continue;
    bool live_file = d.span.file != kNoFile && d.span.file < inputs->live_file_count;
    shown.push_back({&d, live_file ? inputs->live.root : inputs->next.root});
  }
  bool unsafe = false;
  bool write_failed = false;
  for (const auto& item : items) {
    unsafe = unsafe || !safe(item);
    write_failed = write_failed || !item.write_error.empty();
  }

  if (opts.format == OutputFormat::Json) {
    nlohmann::json doc;
    doc["datasources"] = nlohmann::json::array();
    for (const auto& item : items) {
      nlohmann::json ds = {{"name", item.plan->name},
                           {"path", item.plan->path},
                           {"reason", std::string(needName(item.need))},
                           {"sql", item.query.sql},
                           {"block", plan::renderForwardQueryBlock(item.query.sql)},
                           {"needs_confirmation", item.query.needs_confirmation},
                           {"impossible", item.query.impossible},
                           {"written", item.written},
                           {"notes", notesOf(item)}};
      if (!item.write_error.empty()) ds["write_error"] = item.write_error;
      ds["columns"] = nlohmann::json::array();
      for (const auto& m : item.query.columns) {
        nlohmann::json column = {{"name", m.column},
                                 {"kind", mappingKindName(m.kind)},
                                 {"conversion", std::string(types::conversionKindName(m.conversion))},
                                 {"expression", m.expression}};
        if (!m.reason.empty()) column["reason"] = m.reason;
        ds["columns"].push_back(column);
      }
      ds["rename_hints"] = nlohmann::json::array();
      for (const auto& [from, to] : item.query.rename_hints) ds["rename_hints"].push_back({{"from", from}, {"to", to}});
      doc["datasources"].push_back(ds);
    }
    doc["diagnostics"] = nlohmann::json::parse(formatDiagnostics(shown, inputs->sources, OutputFormat::Json, false))["diagnostics"];
    doc["base"] = inputs->base_label;
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    if (!shown.empty()) std::cerr << formatDiagnostics(shown, inputs->sources, OutputFormat::Text, false);
    if (!inputs->live.project) {
      std::cout << "no live deployment to compare with (pass --base PATH|GITREF): no datasource needs a FORWARD_QUERY\n";
    } else if (items.empty()) {
      std::cout << "no datasource needs a FORWARD_QUERY\n";
    }
    bool first = true;
    for (const auto& item : items) {
      if (!first) std::cout << "\n";
      first = false;
      std::cout << "# " << item.plan->path << "\n";
      for (const auto& note : notesOf(item)) std::cout << "# " << note << "\n";
      std::cout << plan::renderForwardQueryBlock(item.query.sql) << "\n";
      if (item.written) std::cout << "# written to " << item.plan->path << "\n";
      if (item.up_to_date) std::cout << "# " << item.plan->path << " already has this FORWARD_QUERY\n";
      if (!item.write_error.empty()) std::cout << "# not written: " << item.write_error << "\n";
      if (opts.write && !safe(item)) {
        std::cout << "# not written: " << (item.query.impossible ? "Ferry cannot generate a query that carries every column; write one"
                                                                   : "confirm the recommended conversions by copying the block")
                  << "\n";
      }
    }
  }
  return project_errors || unsafe || write_failed ? 1 : 0;
}

}  // namespace ferry::driver
