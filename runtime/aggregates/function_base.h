/// The scaffolding shared by the aggregate functions of this folder: a leaf function is a class
/// with a plain `Data` state and five hooks; `LeafFunction` turns it into an `AggregateFunction`
/// (placement construction in caller memory, versioned serialization, deserialize-then-merge).
#pragma once

#include <new>
#include <string>
#include <vector>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/aggregates/state_io.h"
#include "runtime/aggregates/value_codec.h"

namespace ferry::rt::agg {

template <class Data>
inline Data& dataOf(AggregateState place) {
  return *std::launder(reinterpret_cast<Data*>(place));
}

/// Derived provides:
///   void addRow(Data&, const Column* const* args, size_t row) const;
///   void mergeData(Data& to, const Data& from) const;
///   void write(const Data&, StateWriter&) const;
///   void read(Data&, StateReader&) const;           // into a fresh Data
///   void finalizeData(const Data&, Column& to) const;
template <class Data, class Derived>
class LeafFunction : public AggregateFunction {
 public:
  explicit LeafFunction(ColumnTypePtr result_type) : result_type_(std::move(result_type)) {}
  ColumnTypePtr resultType() const override { return result_type_; }
  size_t stateSize() const override { return sizeof(Data); }
  size_t stateAlign() const override { return alignof(Data); }
  void create(AggregateState place) const override { new (place) Data(); }
  void destroy(AggregateState place) const noexcept override { dataOf<Data>(place).~Data(); }
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    self().addRow(dataOf<Data>(place), args, row);
  }
  void merge(AggregateState to, const AggregateState from) const override {
    self().mergeData(dataOf<Data>(to), dataOf<Data>(from));
  }
  void serialize(const AggregateState place, std::string& out) const override {
    StateWriter w(out);
    w.u8(kStateFormatVersion);
    self().write(dataOf<Data>(place), w);
  }
  void deserialize(AggregateState place, std::string_view bytes) const override {
    StateReader r(bytes);
    r.version();
    Data fresh;
    self().read(fresh, r);
    r.expectEnd();
    self().mergeData(dataOf<Data>(place), fresh);
  }
  void finalize(const AggregateState place, Column& to) const override {
    self().finalizeData(dataOf<Data>(place), to);
  }

 protected:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
  ColumnTypePtr result_type_;
};

/// A resolved call before combinators: the base name (aliases resolved), parameters, argument
/// types with Nullable stripped (the null adapter handles NULLs), and the expected result type
/// (null: the function computes ClickHouse's).
struct LeafCall {
  std::string name;
  std::vector<std::string> params;
  std::vector<ColumnTypePtr> arg_types;
  ColumnTypePtr result_type;
};

/// Leaf factories by family; each returns null when `call.name` is not one of its functions.
AggregateFunctionPtr makeBasicFunction(const LeafCall& call);     // count sum avg min max any ...
AggregateFunctionPtr makeDistinctCountFunction(const LeafCall& call);  // uniq*
AggregateFunctionPtr makeQuantileFunction(const LeafCall& call);  // quantile* median*
AggregateFunctionPtr makeCollectFunction(const LeafCall& call);   // groupArray groupUniqArray topK sumMap

/// Helpers for result types.
ColumnTypePtr stripNullable(const ColumnTypePtr& type);
ColumnTypePtr makeNamedType(TypeKind kind);
double parseLevel(const std::string& text);
uint64_t parseUnsignedParam(const std::string& text, const std::string& function);

}  // namespace ferry::rt::agg
