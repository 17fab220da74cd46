/// What the compiler tells the runtime about a staging deployment: which datasources get a new
/// physical table and how each is filled with the rows committed before the cut, and the checks
/// to run before promote. Everything else (tables, views) comes from the deployment's lowered
/// definitions; a datasource not listed here keeps the live physical table.
#pragma once

#include <string>
#include <vector>

#include "runtime/physical/physical_plan.h"

namespace ferry::rt {

struct StagedTable {
  std::string name;  ///< the logical datasource
  enum class Fill {
    Forward,  ///< `forward` over the live datasource `forward_source`, part by part
    Views,    ///< replays the staging views writing into it (an MV target)
    Skip,     ///< BACKFILL skip: nothing before the cut
    Empty,    ///< a new datasource nothing writes yet
  } fill = Fill::Empty;
  std::string forward_source;
  PlanPtr forward;  ///< scans `forward_source` (logical, live version's tables)
  /// An ALTER: same keys, same row order, so each new part hard-links the live part's files of
  /// every column the change keeps and writes only the columns it adds or retypes.
  bool share_files = false;
};

/// A query over live and the same over staging whose results must be equal before promote (row
/// counts per partition, sums of unchanged numeric columns: what the change preserves).
struct PromoteCheck {
  std::string label;  ///< "events: rows per partition"
  PlanPtr live, staging;
};

struct StagingSpec {
  std::string id;                    ///< the deployment id (`.ferry/deployments/<id>`)
  std::vector<StagedTable> tables;   ///< dependencies first
  std::vector<PromoteCheck> checks;
};

}  // namespace ferry::rt
