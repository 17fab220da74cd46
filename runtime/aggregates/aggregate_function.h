/// Aggregate functions with real, serializable states. One `AggregateFunction` object describes a
/// resolved call (`uniqState(String)`, `sumIf(UInt64, UInt8)`, `quantiles(0.5, 0.9)(Float64)`,
/// `countMerge(AggregateFunction(count))`); its states live in caller-owned memory (`stateSize`
/// bytes, `stateAlign` aligned) so the hash aggregation keeps them in an arena, as ClickHouse does.
/// The interpreter calls these functions; a JIT may later call the same entry points.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column/column.h"

namespace ferry::rt {

using AggregateState = uint8_t*;

class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;
  /// The type `finalize` appends to (for -State: the AggregateFunction(...) type itself).
  virtual ColumnTypePtr resultType() const = 0;
  virtual size_t stateSize() const = 0;
  virtual size_t stateAlign() const { return alignof(std::max_align_t); }
  /// Constructs an empty state in `place`.
  virtual void create(AggregateState place) const = 0;
  /// Frees what the state owns (heap memory of hash sets, strings ...); `place` itself is not freed.
  virtual void destroy(AggregateState place) const noexcept = 0;
  /// Adds row `row` of the argument columns (`args` in call order; const columns allowed).
  virtual void add(AggregateState place, const Column* const* args, size_t row) const = 0;
  /// Adds rows [begin, end) whose `places[i - begin]` state each row goes to (the hash
  /// aggregation's batch entry point; the default loops over add()).
  virtual void addBatch(AggregateState* places, size_t place_offset, const Column* const* args,
                        size_t begin, size_t end) const;
  /// state `to` += state `from`.
  virtual void merge(AggregateState to, const AggregateState from) const = 0;
  /// Binary form of a state (the value stored in an AggregateFunction column and in parts).
  virtual void serialize(const AggregateState place, std::string& out) const = 0;
  /// Reads a serialized state into a created state `place` (merging into what is there).
  /// Throws std::runtime_error on malformed input.
  virtual void deserialize(AggregateState place, std::string_view bytes) const = 0;
  /// Appends the final value to `to` (resultType()). For -State functions: the serialized state.
  virtual void finalize(const AggregateState place, Column& to) const = 0;
};

using AggregateFunctionPtr = std::shared_ptr<const AggregateFunction>;

/// A call to resolve: `name` with combinators as written (`uniqState`, `sumIf`, `countMerge`,
/// `minSimpleState`, `quantilesTDigest`), parameters as ClickHouse prints them, argument types.
struct AggregateCallSpec {
  std::string name;
  std::vector<std::string> params;
  std::vector<ColumnTypePtr> arg_types;
  /// The result type the compiler computed (its name is used for AggregateFunction result types
  /// so that states are labelled exactly as ClickHouse labels them).
  ColumnTypePtr result_type;
};

/// Resolves a call. Throws std::invalid_argument naming the function when it is not supported.
AggregateFunctionPtr makeAggregateFunction(const AggregateCallSpec& spec);

/// The function whose states an `AggregateFunction(f, args...)` column holds (for merges of
/// AggregatingMergeTree, `finalizeAggregation`, and `-Merge`).
AggregateFunctionPtr stateFunction(const ColumnType& aggregate_function_type);

/// RAII owner of one state (tests, small results).
class StateHolder {
 public:
  explicit StateHolder(AggregateFunctionPtr fn);
  ~StateHolder();
  StateHolder(const StateHolder&) = delete;
  StateHolder& operator=(const StateHolder&) = delete;
  AggregateState get() const { return place_; }
  const AggregateFunction& function() const { return *fn_; }

 private:
  AggregateFunctionPtr fn_;
  AggregateState place_;
};

}  // namespace ferry::rt
