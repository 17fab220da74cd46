#include "compiler/functions/numeric_types.h"

namespace ferry::functions {

using types::TypeKind;

uint32_t decimalSize(uint32_t precision) {
  return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
}

uint32_t decimalMaxPrecision(uint32_t precision) {
  return precision <= 9 ? 9 : precision <= 18 ? 18 : precision <= 38 ? 38 : 76;
}

std::optional<NumberShape> numberShape(const types::DataType& type, bool with_ip) {
  NumberShape s;
  switch (type.kind) {
    case TypeKind::Bool: case TypeKind::UInt8: s.size = 1; return s;
    case TypeKind::UInt16: s.size = 2; return s;
    case TypeKind::UInt32: s.size = 4; return s;
    case TypeKind::UInt64: s.size = 8; return s;
    case TypeKind::UInt128: s.size = 16; return s;
    case TypeKind::UInt256: s.size = 32; return s;
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Int128: case TypeKind::Int256:
      s.is_signed = true;
      s.size = types::integerBits(type.kind) / 8;
      return s;
    case TypeKind::BFloat16: case TypeKind::Float32: case TypeKind::Float64:
      s.family = NumberShape::Family::Float;
      s.is_signed = true;
      s.size = type.kind == TypeKind::BFloat16 ? 2 : type.kind == TypeKind::Float32 ? 4 : 8;
      return s;
    case TypeKind::Decimal:
      s.family = NumberShape::Family::Decimal;
      s.is_signed = true;
      s.precision = type.precision;
      s.scale = type.scale;
      s.size = decimalSize(type.precision);
      return s;
    case TypeKind::IPv4:
      if (!with_ip) return std::nullopt;
      s.size = 4;
      return s;
    case TypeKind::IPv6:
      if (!with_ip) return std::nullopt;
      s.size = 16;
      return s;
    default:
      return std::nullopt;
  }
}

types::TypePtr typeOfShape(const NumberShape& s) {
  if (s.isDecimal()) return types::makeDecimal(s.precision, s.scale);
  if (s.isFloat())
    return types::makeType(s.size <= 2 ? TypeKind::BFloat16 : s.size <= 4 ? TypeKind::Float32 : TypeKind::Float64);
  static constexpr TypeKind kUnsigned[] = {TypeKind::UInt8, TypeKind::UInt16, TypeKind::UInt32,
                                           TypeKind::UInt64, TypeKind::UInt128, TypeKind::UInt256};
  static constexpr TypeKind kSigned[] = {TypeKind::Int8, TypeKind::Int16, TypeKind::Int32,
                                         TypeKind::Int64, TypeKind::Int128, TypeKind::Int256};
  size_t i = s.size <= 1 ? 0 : s.size <= 2 ? 1 : s.size <= 4 ? 2 : s.size <= 8 ? 3 : s.size <= 16 ? 4 : 5;
  return types::makeType(s.is_signed ? kSigned[i] : kUnsigned[i]);
}

}  // namespace ferry::functions
