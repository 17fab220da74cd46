/// Which columns each Scan of a plan must really read. A scan lists every column of its table
/// (lowering keeps positions simple), but a query usually needs a few: the others would be read,
/// checked and decompressed for nothing (all of `payload` for a count by `action`). The analysis
/// walks the plan from its output down: a column is needed when an operator's expression reads
/// it or when it passes through to a needed output. Every expression an operator evaluates counts
/// (an unneeded one still runs, and must not see stand-in values), and operators it does not
/// model (joins, DISTINCT) need all their input. Unneeded scan columns are produced as constant
/// defaults without touching their files.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "runtime/physical/physical_plan.h"

namespace ferry::rt::exec {

/// For each Scan node reachable from `root` (subqueries included): a flag per output column,
/// 1 when it must be read.
std::unordered_map<const PlanNode*, std::vector<uint8_t>> scanColumnsNeeded(const PlanNode& root);

/// `e` with every Input i replaced by Input position[i] (a scan's filter over a subset of its
/// columns).
ExprPtr remapInputs(const ExprPtr& e, const std::vector<size_t>& position);

}  // namespace ferry::rt::exec
