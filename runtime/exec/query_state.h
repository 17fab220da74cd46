/// Per-execution state of a query: results of subqueries (run once), IN sets, compiled kernels.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_set>

#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {

struct InSet {
  std::unordered_set<std::string> keys;
  bool has_null = false;
};

struct QueryState {
  int64_t now = 0;
  std::map<const PlanNode*, Block> subqueries;
  std::map<const Expr*, std::shared_ptr<const InSet>> in_sets;
  std::map<const Expr*, ExprKernel> kernels;
};

/// Evaluates a lambda body over `elements` rows: `params` are the parameter columns, and
/// `element_rows[i]` is the outer row element i belongs to (outer inputs are replicated).
ColumnPtr evalLambda(const Expr& lambda, const std::vector<ColumnPtr>& params, size_t elements,
                     const std::vector<uint32_t>& element_rows, EvalContext& ctx);
/// Evaluates a top-level expression of an operator over `input` (asks the kernel provider first).
ColumnPtr evalTop(const Expr& e, const Block& input, EvalContext& ctx);

}  // namespace ferry::rt::exec
