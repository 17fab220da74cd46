/// Helpers of the aggregate tests: typed columns from Fields, running a function over columns
/// (in one pass, or split into parts whose states are serialized, read back and merged), and the
/// ClickHouse text of a result.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/column/value_text.h"

namespace ferry::rt::test {

inline ColumnTypePtr decimalType(TypeKind kind, uint32_t precision, uint32_t scale) {
  auto t = std::make_shared<ColumnType>();
  t->kind = kind;
  t->precision = precision;
  t->scale = scale;
  t->name = "Decimal(" + std::to_string(precision) + ", " + std::to_string(scale) + ")";
  return t;
}

inline ColumnPtr columnOf(ColumnTypePtr type, const std::vector<Field>& values) {
  ColumnPtr c = makeColumn(std::move(type));
  for (const auto& v : values) appendField(*c, v);
  return c;
}

inline AggregateFunctionPtr function(std::string name, std::vector<ColumnTypePtr> args,
                                     std::vector<std::string> params = {}, ColumnTypePtr result = nullptr) {
  return makeAggregateFunction({std::move(name), std::move(params), std::move(args), std::move(result)});
}

inline std::vector<const Column*> pointers(const std::vector<ColumnPtr>& columns) {
  std::vector<const Column*> out;
  for (const auto& c : columns) out.push_back(c.get());
  return out;
}

inline size_t rowCount(const std::vector<ColumnPtr>& columns) { return columns.empty() ? 0 : columns[0]->rows; }

/// Adds rows [begin, end) to `place`.
inline void addRows(const AggregateFunction& fn, AggregateState place, const std::vector<ColumnPtr>& columns,
                    size_t begin, size_t end) {
  auto args = pointers(columns);
  for (size_t i = begin; i < end; ++i) fn.add(place, args.data(), i);
}

inline ColumnPtr finalizeToColumn(const AggregateFunction& fn, AggregateState place) {
  ColumnPtr out = makeColumn(fn.resultType());
  fn.finalize(place, *out);
  return out;
}

inline std::string text(const Column& column, size_t row = 0) {
  std::string out;
  formatValue(column, row, TextFormat::Tsv, out);
  return out;
}

/// The result of one pass over all rows, as TSV text. `rows` overrides the row count (count()).
inline ColumnPtr runOnceColumn(const AggregateFunctionPtr& fn, const std::vector<ColumnPtr>& columns, size_t rows) {
  StateHolder state(fn);
  if (columns.empty()) {
    for (size_t i = 0; i < rows; ++i) fn->add(state.get(), nullptr, i);
  } else {
    addRows(*fn, state.get(), columns, 0, rows);
  }
  return finalizeToColumn(*fn, state.get());
}

inline std::string runOnce(const AggregateFunctionPtr& fn, const std::vector<ColumnPtr>& columns, size_t rows) {
  return text(*runOnceColumn(fn, columns, rows));
}

/// The result of the same rows split at `cuts`: each part aggregated alone, serialized, read into
/// a fresh state, and merged in order.
inline ColumnPtr runSplitColumn(const AggregateFunctionPtr& fn, const std::vector<ColumnPtr>& columns, size_t rows,
                                 const std::vector<size_t>& cuts) {
  StateHolder total(fn);
  size_t begin = 0;
  for (size_t p = 0; p <= cuts.size(); ++p) {
    size_t end = p < cuts.size() ? cuts[p] : rows;
    StateHolder part(fn);
    if (columns.empty()) {
      for (size_t i = begin; i < end; ++i) fn->add(part.get(), nullptr, i);
    } else {
      addRows(*fn, part.get(), columns, begin, end);
    }
    std::string bytes;
    fn->serialize(part.get(), bytes);
    StateHolder copy(fn);
    fn->deserialize(copy.get(), bytes);
    fn->merge(total.get(), copy.get());
    begin = end;
  }
  return finalizeToColumn(*fn, total.get());
}

inline std::string runSplit(const AggregateFunctionPtr& fn, const std::vector<ColumnPtr>& columns, size_t rows,
                            const std::vector<size_t>& cuts) {
  return text(*runSplitColumn(fn, columns, rows, cuts));
}

}  // namespace ferry::rt::test
