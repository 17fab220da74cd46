/// One value outside a column: a literal of a physical plan, a query parameter, a min/max of a
/// part, a row of a small result. How each type's values travel (`fieldAt` gives exactly this,
/// `appendField` accepts it):
/// - signed integers up to 64 bits: int64_t; unsigned up to 64 bits: uint64_t; Bool: bool;
/// - (U)Int128/256: BigNumber (decimal text); Decimal of any width: BigNumber with the scale
///   applied (`12.30`); floats: double;
/// - Date/Date32: days since epoch, DateTime: seconds, DateTime64: ticks (int64/uint64);
///   IPv4: uint64; Enum: its int64 value (a name, as string, is accepted on input);
/// - String, FixedString, AggregateFunction (serialized state), UUID and IPv6 (their 16 layout
///   bytes): std::string;
/// - Nullable: Null or the value; Array and Tuple: FieldArray; Map: FieldArray of 2-element
///   FieldArrays (key, value).
/// appendField also converts between the numeric alternatives (an int64 into a Float64 column).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ferry::rt {

struct Field;
struct Null { bool operator==(const Null&) const = default; };
struct BigNumber {  ///< (U)Int128/256 and Decimal128/256 as exact decimal text (scale applied)
  std::string text;
  bool operator==(const BigNumber&) const = default;
};
using FieldArray = std::vector<Field>;  ///< Array, Tuple (elements), Map (Tuple(k, v) pairs)

struct Field {
  std::variant<Null, bool, int64_t, uint64_t, double, std::string, BigNumber, FieldArray> value;

  Field() = default;
  template <class T>
  Field(T v) : value(std::move(v)) {}
  bool isNull() const { return std::holds_alternative<Null>(value); }
  bool operator==(const Field&) const = default;
};

}  // namespace ferry::rt
