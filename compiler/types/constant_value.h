/// The value of a constant argument (a literal, or an expression the analyzer folded), as the
/// function catalog needs it: `toDecimal64(x, 2)`, `toDateTime(x, 'UTC')`, `tupleElement(t, 2)`,
/// `JSONExtract(j, 'Array(String)')`, `quantiles(0.5, 0.9)(x)` all type by a constant's value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ferry::types {

struct ConstantValue {
  /// Unknown: the expression is constant (ClickHouse folds it while analyzing the query, and
  /// some functions refuse a constant where they accept a column) but Ferry did not compute
  /// its value.
  enum class Kind : uint8_t { Null, Int, UInt, Float, String, Bool, Array, Tuple, Unknown };
  Kind kind = Kind::Null;
  int64_t int_value = 0;     ///< Int (negative values)
  uint64_t uint_value = 0;   ///< UInt (non-negative integers)
  double float_value = 0;    ///< Float
  std::string string_value;  ///< String; for integers wider than 64 bits, the decimal text
  bool bool_value = false;
  std::vector<ConstantValue> items;  ///< Array, Tuple
  /// The literal as ClickHouse prints it in a type name (`0.5`, `'abc'`, `[1, 2]`).
  std::string text;

  bool isInteger() const { return kind == Kind::Int || kind == Kind::UInt; }
  bool isNumeric() const { return isInteger() || kind == Kind::Float; }
  /// Integer value as int64 when it fits (Int, UInt <= INT64_MAX, Bool, integral Float).
  bool asInt64(int64_t& out) const;
};

}  // namespace ferry::types
