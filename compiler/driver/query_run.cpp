#include "compiler/driver/query_run.h"

#include <unistd.h>

#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "runtime/exec/executor.h"

namespace ferry::driver {

std::optional<ParamMap> parseParams(const std::vector<std::string>& params) {
  ParamMap map;
  for (const auto& p : params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "error: --param " << p << ": expected NAME=VALUE\n";
      return std::nullopt;
    }
    map[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return map;
}

const project::Resource* findPipe(const project::Project& project, const std::string& name) {
  const auto* r = project.find(name);
  if (r && r->kind == project::ResourceKind::Pipe) return r;
  std::string known;
  for (const auto& res : project.resources)
    if (res->kind == project::ResourceKind::Pipe) known += (known.empty() ? "" : ", ") + res->name;
  std::cerr << "error[" << diagName(DiagId::PRJ_NOT_FOUND) << "]: no pipe named '" << name
            << "' in the live deployment (pipes: " << (known.empty() ? "none" : known) << ")\n";
  return nullptr;
}

void printRuntimeError(const std::exception& e) {
  if (const auto* coded = dynamic_cast<const rt::CodedError*>(&e); coded && !coded->code.empty())
    std::cerr << "error[" << coded->code << "]: " << coded->what() << "\n";
  else
    std::cerr << "error: " << e.what() << "\n";
}

int executeAndPrint(ProjectRuntime& runtime, const rt::PlanNode& plan, ResultFormat format) {
  auto start = std::chrono::steady_clock::now();
  rt::Block rows;
  try {
    auto reader = runtime.db->reader();
    rows = rt::executeToBlock(plan, *reader);
  } catch (const std::exception& e) {
    printRuntimeError(e);
    return 1;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writeResult(std::cout, plan.output, rows, format, ResultStatistics{elapsed});
  std::cout.flush();
  if (format == ResultFormat::Table && ::isatty(STDERR_FILENO))
    std::cerr << fmt::format("{} row{} in set. Elapsed: {:.3f} sec.\n", rows.rows, rows.rows == 1 ? "" : "s", elapsed);
  return 0;
}

}  // namespace ferry::driver
