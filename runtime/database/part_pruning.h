/// Part pruning: whether a part can hold rows a scan's `prune` expression accepts, judged from the
/// min/max the part keeps of its partition and sorting-key values. It answers "no" only when the
/// key ranges prove it, so a pruned scan never loses a matching row; anything it does not
/// understand (functions of key columns, casts, types whose stored order differs) keeps the part.
#pragma once

#include <string>
#include <vector>

#include "runtime/physical/physical_plan.h"
#include "runtime/storage/store.h"

namespace ferry::rt {

/// For each key value of a part (the KeyEvaluator order: partition value first when the table
/// has one, then the sorting-key values), the table column it is a plain copy of, or "" when it
/// is an expression of columns.
struct KeyColumns {
  std::vector<std::string> names;
  std::vector<ColumnTypePtr> types;
};

/// `columns` are the scan's columns (prune's Input i reads columns[i]).
bool partMayMatch(const PartInfo& part, const KeyColumns& keys, const std::vector<std::string>& columns,
                  const Expr& prune);

}  // namespace ferry::rt
