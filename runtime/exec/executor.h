/// The vectorized interpreter: runs a physical plan over blocks. It is the reference
/// implementation and the fallback of the JIT: a `KernelProvider` may supply compiled code for an
/// expression or an aggregation, and the interpreter's own kernels are used for anything it does
/// not supply.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/column/coded_error.h"
#include "runtime/physical/physical_plan.h"

namespace ferry::rt {

/// Where Scan operators read from. The database implements it over a store snapshot; a
/// materialized view firing on an insert implements it to return the inserted block for the
/// view's source table.
class TableProvider {
 public:
  virtual ~TableProvider() = default;
  /// Calls `sink` with blocks holding `columns` (names, in that order) of `table`. `prune`
  /// (may be null) lets the provider skip parts that cannot match; it must not drop matching rows.
  /// `final`: rows merged with the table's engine semantics first.
  virtual void scan(const std::string& table, const std::vector<std::string>& columns,
                    const Expr* prune, bool final, const std::function<void(Block)>& sink) const = 0;
};

/// A compiled expression: fills `out` for the rows of `input`.
using ExprKernel = std::function<ColumnPtr(const Block& input)>;

/// What a JIT implements. Returning an empty function means "interpret this one".
class KernelProvider {
 public:
  virtual ~KernelProvider() = default;
  virtual ExprKernel compileExpression(const Expr& expr, const std::vector<OutputColumn>& input) = 0;
};

struct ExecOptions {
  KernelProvider* kernels = nullptr;  ///< null: interpreter only
  size_t block_rows = 65536;          ///< target rows per block between operators
  int64_t now = 0;                    ///< now()/today() in seconds since epoch (0: the wall clock)
};

/// Runs `plan` and calls `sink` with each output block (columns = plan.output). Throws
/// `ExecError` on a runtime error (ClickHouse's message and code name where one applies:
/// division by zero is not one, ClickHouse returns inf/0; CANNOT_PARSE_TEXT, TOO_LARGE_ARRAY_SIZE ...).
void execute(const PlanNode& plan, const TableProvider& tables, const ExecOptions& options,
             const std::function<void(Block)>& sink);
/// Runs `plan` and concatenates the output into one block.
Block executeToBlock(const PlanNode& plan, const TableProvider& tables, const ExecOptions& options = {});

/// Evaluates one expression over `input` (ingestion DEFAULTs, key evaluation, tests).
ColumnPtr evaluate(const Expr& expr, const Block& input, const ExecOptions& options = {});

/// A query failure, with ClickHouse's error code name when one applies (`CANNOT_PARSE_DATETIME`).
struct ExecError : CodedError {
  using CodedError::CodedError;
};

/// Whether a scalar function / window function is implemented (the compiler reports a clear
/// error before running a query that uses one that is not).
bool hasScalarFunction(std::string_view name);
bool hasWindowFunction(std::string_view name);

}  // namespace ferry::rt
