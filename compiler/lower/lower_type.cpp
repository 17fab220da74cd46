/// Compiler types -> runtime types. The kinds map one to one; what differs is spelled out here:
/// Decimal splits by precision into the runtime's four widths, SimpleAggregateFunction(f, T) is
/// laid out as T with `simple_aggregate = f`, and types the runtime cannot hold give null.
#include "compiler/lower/lowering.h"

#include "compiler/types/data_type.h"

namespace ferry::lower {

namespace {

using K = types::TypeKind;
using R = rt::TypeKind;

std::optional<R> simpleKind(K kind) {
  switch (kind) {
    case K::Nothing: return R::Nothing;
    case K::UInt8: return R::UInt8;
    case K::UInt16: return R::UInt16;
    case K::UInt32: return R::UInt32;
    case K::UInt64: return R::UInt64;
    case K::UInt128: return R::UInt128;
    case K::UInt256: return R::UInt256;
    case K::Int8: return R::Int8;
    case K::Int16: return R::Int16;
    case K::Int32: return R::Int32;
    case K::Int64: return R::Int64;
    case K::Int128: return R::Int128;
    case K::Int256: return R::Int256;
    case K::Float32: return R::Float32;
    case K::Float64: return R::Float64;
    case K::Bool: return R::Bool;
    case K::String: return R::String;
    case K::FixedString: return R::FixedString;
    case K::Date: return R::Date;
    case K::Date32: return R::Date32;
    case K::DateTime: return R::DateTime;
    case K::DateTime64: return R::DateTime64;
    case K::UUID: return R::UUID;
    case K::IPv4: return R::IPv4;
    case K::IPv6: return R::IPv6;
    case K::Enum8: return R::Enum8;
    case K::Enum16: return R::Enum16;
    case K::Nullable: return R::Nullable;
    case K::LowCardinality: return R::LowCardinality;
    case K::Array: return R::Array;
    case K::Tuple: return R::Tuple;
    case K::Map: return R::Map;
    case K::AggregateFunction: return R::AggregateFunction;
    case K::Interval: return R::Interval;
    default: return std::nullopt;
  }
}

const char* unitName(types::IntervalUnit unit) {
  switch (unit) {
    case types::IntervalUnit::Nanosecond: return "Nanosecond";
    case types::IntervalUnit::Microsecond: return "Microsecond";
    case types::IntervalUnit::Millisecond: return "Millisecond";
    case types::IntervalUnit::Second: return "Second";
    case types::IntervalUnit::Minute: return "Minute";
    case types::IntervalUnit::Hour: return "Hour";
    case types::IntervalUnit::Day: return "Day";
    case types::IntervalUnit::Week: return "Week";
    case types::IntervalUnit::Month: return "Month";
    case types::IntervalUnit::Quarter: return "Quarter";
    case types::IntervalUnit::Year: return "Year";
  }
  return "Second";
}

}  // namespace

rt::ColumnTypePtr lowerType(const types::TypePtr& type) {
  if (!type) return nullptr;
  const types::DataType& t = *type;
  if (t.kind == K::SimpleAggregateFunction) {
    if (t.children.empty()) return nullptr;
    auto inner = lowerType(t.children[0]);
    if (!inner) return nullptr;
    auto out = std::make_shared<rt::ColumnType>(*inner);
    out->simple_aggregate = t.aggregate.function;
    out->name = types::toString(t);
    return out;
  }
  auto out = std::make_shared<rt::ColumnType>();
  if (t.kind == K::Decimal) {
    out->kind = t.precision <= 9 ? R::Decimal32 : t.precision <= 18 ? R::Decimal64
              : t.precision <= 38 ? R::Decimal128 : R::Decimal256;
  } else if (t.kind == K::Nested) {
    // Nested(a T, b U) as a whole is Array(Tuple(a T, b U)).
    auto tuple = std::make_shared<rt::ColumnType>();
    tuple->kind = R::Tuple;
    for (const auto& c : t.children) {
      auto lowered = lowerType(c);
      if (!lowered) return nullptr;
      tuple->children.push_back(std::move(lowered));
    }
    tuple->element_names = t.element_names;
    out->kind = R::Array;
    out->children.push_back(std::move(tuple));
    out->name = types::toString(t);
    return out;
  } else if (auto kind = simpleKind(t.kind)) {
    out->kind = *kind;
  } else {
    return nullptr;
  }
  out->precision = t.precision;
  out->scale = t.scale;
  out->length = t.length;
  out->timezone = t.timezone;
  for (const auto& e : t.enum_values) out->enum_values.emplace_back(e.name, e.value);
  for (const auto& c : t.children) {
    auto lowered = lowerType(c);
    if (!lowered) return nullptr;
    out->children.push_back(std::move(lowered));
  }
  out->element_names = t.element_names;
  if (t.kind == K::AggregateFunction) {
    out->aggregate_function = t.aggregate.function;
    out->aggregate_params = t.aggregate.params;
  }
  if (t.kind == K::Interval) out->interval_unit = unitName(t.interval_unit);
  out->name = types::toString(t);
  return out;
}

}  // namespace ferry::lower
