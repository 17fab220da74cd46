/// The plan as JSON (`ferry deploy --check --format json`), the shape issue 4 fixes:
/// {"resources":[{"kind","name","path","type","decision","causes":[{"code","text"}],
///   "alter":[sql...],"alter_ops":[{...}],"backfill":{"method","sql","generated","sources"},
///   "destructive"}],"order":[...],"summary":"..."}
/// Diagnostics are added by the driver (they need the SourceManager to render positions).
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/plan/plan.h"

namespace ferry::plan {

nlohmann::json planToJson(const Plan& plan);

}  // namespace ferry::plan
