/// Running a lowered query against a project's store and printing its result (`ferry sql`,
/// `ferry endpoint`), and the `--param k=v` values of endpoints and copy pipes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/result_output.h"
#include "compiler/driver/store_location.h"
#include "runtime/physical/physical_plan.h"

namespace ferry::driver {

using ParamMap = std::map<std::string, std::string, std::less<>>;

/// `k=v` strings into a map (the last value of a repeated name wins). Prints the bad one to
/// stderr and returns nullopt when one has no `=`.
std::optional<ParamMap> parseParams(const std::vector<std::string>& params);

/// Executes `plan` over the latest snapshot and prints the rows to stdout. Returns the exit code:
/// 0, or 1 after printing a runtime error (`error[CODE]: message`).
int executeAndPrint(ProjectRuntime& runtime, const rt::PlanNode& plan, ResultFormat format);

/// The pipe named `name` in the project, or null after printing which pipes there are.
const project::Resource* findPipe(const project::Project& project, const std::string& name);

/// Prints a runtime failure as `error[CODE]: message` (CODE when the error has one).
void printRuntimeError(const std::exception& e);

}  // namespace ferry::driver
