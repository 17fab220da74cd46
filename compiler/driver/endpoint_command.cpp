/// `ferry endpoint PIPE [--param k=v ...] [--node NODE]`: a pipe's result as its API endpoint
/// would return it, with the request parameters rendered into its templates (checked against the
/// types the templates declare), run on the local store.
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/driver/query_run.h"
#include "compiler/lower/lowering.h"

namespace ferry::driver {

int runEndpoint(const EndpointOptions& opts) {
  auto format = parseResultFormat(opts.format);
  if (!format) {
    std::cerr << "error: unknown format '" << opts.format << "' (table, json, csv or tsv)\n";
    return 2;
  }
  auto params = parseParams(opts.params);
  if (!params) return 2;
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code, deploymentRole(opts.deployment));
  if (!runtime) return exit_code;
  if (!findPipe(*runtime->project, opts.pipe)) return 1;
  auto plan = lower::lowerPipe(*runtime->project, *runtime->analysis, opts.pipe, *params, runtime->sink, opts.node);
  bool failed = !plan || runtime->sink.hasErrors();
  runtime->printDiagnostics();
  if (failed) return 1;
  return executeAndPrint(*runtime, *plan, *format);
}

}  // namespace ferry::driver
