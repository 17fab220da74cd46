/// The blocking operators of the interpreter: hash aggregation, hash join, sort, window.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {

/// GROUP BY: keys -> one arena slot holding every aggregate's state.
class HashAggregation {
 public:
  explicit HashAggregation(const PlanNode& node);
  ~HashAggregation();
  HashAggregation(const HashAggregation&) = delete;
  HashAggregation& operator=(const HashAggregation&) = delete;

  void add(const Block& input, EvalContext& ctx);
  Block finish();

 private:
  AggregateState newGroup();

  const PlanNode& node_;
  std::vector<AggregateFunctionPtr> functions_;
  std::vector<size_t> offsets_;
  size_t slot_size_ = 0, slot_align_ = 16;
  std::vector<std::unique_ptr<uint8_t[]>> chunks_;
  size_t chunk_used_ = 0, chunk_size_ = 0;
  std::vector<AggregateState> groups_;
  std::vector<ColumnPtr> key_columns_;  ///< one row per group
  std::unordered_map<std::string, uint32_t> index_;
  std::unordered_map<uint64_t, uint32_t> index64_;
  bool fixed64_ = false;  ///< single fixed-width key of at most 8 bytes
};

class HashJoin {
 public:
  HashJoin(const PlanNode& node, Block right, EvalContext& ctx);
  /// Joins a block of the left side.
  Block probe(const Block& left, EvalContext& ctx);
  /// The right rows no left row matched (RIGHT/FULL), or the right rows of RIGHT SEMI/ANTI.
  Block finish(EvalContext& ctx);

 private:
  Block assemble(const Block& left, const std::vector<int64_t>& li, const std::vector<int64_t>& ri);
  std::vector<ColumnPtr> keyColumns(const std::vector<ExprPtr>& exprs, const Block& b, EvalContext& ctx, bool right);

  const PlanNode& node_;
  Block right_;
  std::vector<ColumnTypePtr> key_types_;
  std::unordered_map<std::string, std::vector<uint32_t>> table_;
  std::vector<uint8_t> right_used_;
  std::vector<uint32_t> right_first_left_;  ///< RIGHT SEMI: unused
  size_t left_width_ = 0;
};

std::vector<uint32_t> sortPermutation(const Block& block, const std::vector<SortKey>& keys, EvalContext& ctx);
/// Compares rows with `keys` already evaluated (ASC/DESC, NULLS FIRST/LAST).
int compareRows(const std::vector<ColumnPtr>& cols, const std::vector<SortKey>& keys, size_t a, size_t b);

Block runWindow(const PlanNode& node, Block input, EvalContext& ctx);

}  // namespace ferry::rt::exec
