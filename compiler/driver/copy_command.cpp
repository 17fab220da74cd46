/// `ferry copy run PIPE [--param k=v]`: runs a copy pipe's copy node on the latest snapshot and
/// appends its rows to the target datasource (COPY_MODE replace: replaces the target's rows
/// atomically); the target's materialized views fire on the copied rows.
#include <cctype>
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "compiler/driver/commands.h"
#include "compiler/driver/query_run.h"
#include "compiler/lower/lowering.h"

namespace ferry::driver {

int runCopy(const CopyRunOptions& opts) {
  auto params = parseParams(opts.params);
  if (!params) return 2;
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code);
  if (!runtime) return exit_code;
  const auto* pipe = findPipe(*runtime->project, opts.pipe);
  if (!pipe) return 1;
  const project::NodeSyntax* copy_node = nullptr;
  for (const auto& n : pipe->nodes)
    if (n.node && n.node->node_type == datafile::NodeType::Copy) copy_node = &n;
  if (!copy_node || !pipe->writes) {
    std::cerr << "error: pipe '" << opts.pipe << "' is not a copy pipe (it has no TYPE copy node with a TARGET_DATASOURCE)\n";
    return 1;
  }
  std::string mode = copy_node->node->copy_mode ? copy_node->node->copy_mode->value : "append";
  for (auto& c : mode) c = char(std::tolower(static_cast<unsigned char>(c)));
  bool replace = mode == "replace";
  auto plan = lower::lowerPipe(*runtime->project, *runtime->analysis, opts.pipe, *params, runtime->sink,
                               copy_node->node->name.text);
  bool failed = !plan || runtime->sink.hasErrors();
  runtime->printDiagnostics();
  if (failed) return 1;
  const std::string& target = pipe->writes->name;
  auto start = std::chrono::steady_clock::now();
  rt::AppendResult result;
  try {
    result = runtime->db->copy(*plan, target, replace);
  } catch (const std::exception& e) {
    printRuntimeError(e);
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << opts.pipe << ": " << result.stats.rows << " rows copied into " << target
            << (replace ? " (replacing its rows)" : "") << " in " << fmt::format("{:.3f}", seconds) << "s\n";
  for (const auto& [t, rows] : result.view_rows) std::cout << "  " << t << ": " << rows << " rows materialized\n";
  return 0;
}

}  // namespace ferry::driver
