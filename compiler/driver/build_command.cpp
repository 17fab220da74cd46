/// `ferry build [PATH] [--base PATH|GITREF] [--write]`: the FORWARD_QUERY of every datasource
/// whose deployment needs one, ready to paste into its file (seed 002 "Forward query": "Run
/// `tb build` to generate the query and copy it into your .datasource file").
///
/// Which datasources need one, and why, is forward_query_needs.h's decision (the language
/// server's "Insert FORWARD_QUERY" code action makes the same one).
///
/// `--write` puts each block that needs no confirmation into its file: it replaces the existing
/// FORWARD_QUERY block's lines or appends one after a blank line, leaving every other byte as
/// it was. A recommended query (a lossy or fallible conversion) is printed but not written: the
/// user confirms it by copying it. A query that cannot carry some column is never written.
/// Exit code 1 when some datasource needs a query that Ferry cannot generate safely (or the
/// project has errors), 2 for unreadable inputs.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/forward_query_needs.h"
#include "compiler/driver/live_deployment.h"
#include "compiler/driver/plan_inputs.h"
#include "compiler/plan/forward_query.h"
#include "compiler/plan/forward_query_block.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

struct BuildItem {
  NeededForwardQuery block;
  bool written = false;
  bool up_to_date = false;       ///< --write found the same block in the file already
  std::string write_error;
};

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

void writeBlock(BuildItem& item, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    item.write_error = "cannot read " + file.string();
    return;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  ForwardQueryBlockPlace place = forwardQueryBlockPlace(text, *item.block.next);
  if (!place.error.empty()) {
    item.write_error = place.error;
    return;
  }
  std::string updated = plan::withForwardQueryBlock(text, place.existing, item.block.query.sql);
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
  // As `deploy --check`: without --base, the live local deployment is the base.
  auto live = opts.base.empty() ? liveDeploymentFolder(opts.path.empty() ? "." : opts.path) : std::nullopt;
  auto inputs = loadPlanInputs(opts.path, live ? live->string() : opts.base);
  if (!inputs) return 2;
  DiagnosticSink& sink = inputs->sink;
  plan::Plan deployment;  // the items point into it
  std::vector<BuildItem> items;
  if (inputs->live.project && inputs->next.project) {
    deployment = plan::planDeployment(inputs->liveView(), inputs->nextView(), plan::PlanOptions{}, sink);
    for (auto& block : neededForwardQueries(deployment, *inputs->live.project, *inputs->next.project, sink))
      items.push_back(BuildItem{std::move(block), false, false, {}});
  }

  if (opts.write) {
    for (auto& item : items) {
      if (item.block.safe()) writeBlock(item, inputs->next.root / item.block.plan->path);
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
    unsafe = unsafe || !item.block.safe();
    write_failed = write_failed || !item.write_error.empty();
  }

  if (opts.format == OutputFormat::Json) {
    nlohmann::json doc;
    doc["datasources"] = nlohmann::json::array();
    for (const auto& item : items) {
      const NeededForwardQuery& block = item.block;
      nlohmann::json ds = {{"name", block.plan->name},
                           {"path", block.plan->path},
                           {"reason", std::string(forwardQueryNeedName(block.need))},
                           {"sql", block.query.sql},
                           {"block", plan::renderForwardQueryBlock(block.query.sql)},
                           {"needs_confirmation", block.query.needs_confirmation},
                           {"impossible", block.query.impossible},
                           {"written", item.written},
                           {"notes", block.notes()}};
      if (!item.write_error.empty()) ds["write_error"] = item.write_error;
      ds["columns"] = nlohmann::json::array();
      for (const auto& m : block.query.columns) {
        nlohmann::json column = {{"name", m.column},
                                 {"kind", mappingKindName(m.kind)},
                                 {"conversion", std::string(types::conversionKindName(m.conversion))},
                                 {"expression", m.expression}};
        if (!m.reason.empty()) column["reason"] = m.reason;
        ds["columns"].push_back(column);
      }
      ds["rename_hints"] = nlohmann::json::array();
      for (const auto& [from, to] : block.query.rename_hints) ds["rename_hints"].push_back({{"from", from}, {"to", to}});
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
      const NeededForwardQuery& block = item.block;
      if (!first) std::cout << "\n";
      first = false;
      std::cout << "# " << block.plan->path << "\n";
      for (const auto& note : block.notes()) std::cout << "# " << note << "\n";
      std::cout << plan::renderForwardQueryBlock(block.query.sql) << "\n";
      if (item.written) std::cout << "# written to " << block.plan->path << "\n";
      if (item.up_to_date) std::cout << "# " << block.plan->path << " already has this FORWARD_QUERY\n";
      if (!item.write_error.empty()) std::cout << "# not written: " << item.write_error << "\n";
      if (opts.write && !block.safe()) {
        std::cout << "# not written: " << (block.query.impossible ? "Ferry cannot generate a query that carries every column; write one"
                                                                   : "confirm the recommended conversions by copying the block")
                  << "\n";
      }
    }
  }
  return project_errors || unsafe || write_failed ? 1 : 0;
}

}  // namespace ferry::driver
