/// The checks run before promote: each PromoteCheck's query over live and over staging, on one
/// snapshot (appends reach both versions in one commit, so any snapshot is consistent), must give
/// the same rows.
#pragma once

#include <string>
#include <vector>

#include "runtime/database/database.h"
#include "runtime/deploy/staging_spec.h"

namespace ferry::rt {

struct CheckFailure {
  std::string label;
  std::string live, staging;  ///< the differing results (first rows, as text)
};

/// Runs every check; returns the ones whose results differ.
std::vector<CheckFailure> runPromoteChecks(const Database& db, const std::vector<PromoteCheck>& checks);

}  // namespace ferry::rt
