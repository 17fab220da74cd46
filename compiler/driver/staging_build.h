/// From a deployment plan to what the runtime's staging deployment needs (rt::StagingSpec): which
/// datasources get a new physical table and how each is filled with the rows committed before the
/// cut (the plan's forward query or generated one, its MV queries replayed, BACKFILL skip), and
/// the checks compared before promote.
#pragma once

#include <optional>
#include <string>

#include "compiler/driver/plan_inputs.h"
#include "compiler/plan/plan.h"
#include "runtime/deploy/staging_spec.h"

namespace ferry::driver {

/// Null (with diagnostics in `inputs.sink`) when a forward or check query cannot be lowered.
std::optional<rt::StagingSpec> buildStagingSpec(const plan::Plan& plan, PlanInputs& inputs, const std::string& id);

}  // namespace ferry::driver
