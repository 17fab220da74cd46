/// `ferry deploy --check`: the plan of a deployment of the project over the live one — per
/// datasource and pipe the decision, its causes, the ALTER statements, the backfill and its SQL,
/// the order — with the planner's warnings and errors, ending with a one-line summary.
#include <iostream>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/live_deployment.h"
#include "compiler/driver/plan_inputs.h"
#include "compiler/plan/plan_json.h"
#include "compiler/plan/plan_text.h"

namespace ferry::driver {

int runDeploy(const DeployOptions& opts) {
  if (!opts.check) {
    // The compiler-only build (the sanitizer build of the fuzzers) has no store.
    std::cerr << "ferry deploy: this build has no local store; only `--check` (planning) is available\n";
    return 2;
  }
  // Without --base, the plan is against the project's live local deployment when it has one.
  auto live = opts.base.empty() ? liveDeploymentFolder(opts.path) : std::nullopt;
  auto inputs = loadPlanInputs(opts.path, live ? live->string() : opts.base);
  if (!inputs) return 2;
  if (live) inputs->base_label = "live deployment " + live->filename().string();
  DiagnosticSink& sink = inputs->sink;
  if (!inputs->live.project)
    sink.report(DiagId::PLAN_NO_LIVE, Span{},
                "no live deployment to compare with (pass --base PATH|GITREF): every resource is created");
  plan::PlanOptions options;
  options.allow_destructive = opts.allow_destructive;
  auto plan = plan::planDeployment(inputs->liveView(), inputs->nextView(), options, sink);
  sink.sort();

  std::vector<ReportedDiagnostic> diags;
  for (const auto& d : sink.all()) {
    bool live_file = d.span.file != kNoFile && d.span.file < inputs->live_file_count;
    diags.push_back({&d, live_file ? inputs->live.root : inputs->next.root});
  }
  if (opts.format == OutputFormat::Json) {
    auto doc = plan::planToJson(plan);
    doc["diagnostics"] = nlohmann::json::parse(formatDiagnostics(diags, inputs->sources, OutputFormat::Json, false))["diagnostics"];
    doc["base"] = inputs->base_label;
    doc["valid"] = !sink.hasErrors();
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    plan::PlanTextOptions text_options;
    text_options.show_unchanged = opts.show_unchanged;
    std::cerr << formatDiagnostics(diags, inputs->sources, OutputFormat::Text, false);
    std::cout << plan::renderPlanText(plan, text_options);
    std::cout << (sink.hasErrors() ? "✗ Deployment is not valid\n" : "✓ Deployment is valid\n");
  }
  return sink.hasErrors() ? 1 : 0;
}

}  // namespace ferry::driver
