/// Numbers as ClickHouse's result-type traits see them: signedness, float or not, and byte
/// size. The arithmetic, rounding and bit rules build their result types from this view.
#pragma once

#include <cstdint>
#include <optional>

#include "compiler/types/data_type.h"

namespace ferry::functions {

struct NumberShape {
  enum class Family : uint8_t { Integer, Float, Decimal };
  Family family = Family::Integer;
  bool is_signed = false;
  uint32_t size = 1;       ///< bytes: 1..32 (BFloat16 is 2, a Decimal by its precision)
  uint32_t precision = 0;  ///< Decimal
  uint32_t scale = 0;      ///< Decimal

  bool isInteger() const { return family == Family::Integer; }
  bool isFloat() const { return family == Family::Float; }
  bool isDecimal() const { return family == Family::Decimal; }
  bool isBig() const { return size > 8; }  ///< 128/256-bit integers and decimals
};

/// The shape of a number type; Bool counts as UInt8 and, where `with_ip` is set, IPv4/IPv6 as
/// UInt32/UInt128 (arithmetic on addresses). nullopt for anything else.
std::optional<NumberShape> numberShape(const types::DataType& type, bool with_ip = false);

/// The integer or float type of a shape (size 2 float is BFloat16); Decimal shapes are rebuilt
/// from their precision and scale.
types::TypePtr typeOfShape(const NumberShape& shape);

/// Byte size one step up (8 stays 8): the growth rule of addition and multiplication.
inline uint32_t nextSize(uint32_t size) { return size < 8 ? size * 2 : size; }

/// Decimal byte size for a precision: 4 (P <= 9), 8 (<= 18), 16 (<= 38), 32.
uint32_t decimalSize(uint32_t precision);
/// The largest precision of the decimal width that holds `precision` digits: 9, 18, 38, 76.
uint32_t decimalMaxPrecision(uint32_t precision);

}  // namespace ferry::functions
