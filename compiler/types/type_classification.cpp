// Kind predicates and the wrappers' legality rules (what may sit inside Nullable and
// LowCardinality in 26.7, as probed with defaultValueOfTypeName / CAST).
#include "compiler/types/data_type.h"

namespace ferry::types {

bool isUnsignedInteger(TypeKind k) {
  return k == TypeKind::UInt8 || k == TypeKind::UInt16 || k == TypeKind::UInt32 ||
         k == TypeKind::UInt64 || k == TypeKind::UInt128 || k == TypeKind::UInt256;
}

bool isSignedInteger(TypeKind k) {
  return k == TypeKind::Int8 || k == TypeKind::Int16 || k == TypeKind::Int32 ||
         k == TypeKind::Int64 || k == TypeKind::Int128 || k == TypeKind::Int256;
}

bool isInteger(TypeKind k) { return isUnsignedInteger(k) || isSignedInteger(k); }

bool isFloat(TypeKind k) {
  return k == TypeKind::BFloat16 || k == TypeKind::Float32 || k == TypeKind::Float64;
}

bool isNumber(TypeKind k) { return isInteger(k) || isFloat(k) || k == TypeKind::Decimal; }

bool isDateOrDateTime(TypeKind k) {
  return k == TypeKind::Date || k == TypeKind::Date32 || k == TypeKind::DateTime ||
         k == TypeKind::DateTime64;
}

bool isStringLike(TypeKind k) { return k == TypeKind::String || k == TypeKind::FixedString; }

uint32_t integerBits(TypeKind k) {
  switch (k) {
    case TypeKind::UInt8: case TypeKind::Int8: return 8;
    case TypeKind::UInt16: case TypeKind::Int16: return 16;
    case TypeKind::UInt32: case TypeKind::Int32: return 32;
    case TypeKind::UInt64: case TypeKind::Int64: return 64;
    case TypeKind::UInt128: case TypeKind::Int128: return 128;
    case TypeKind::UInt256: case TypeKind::Int256: return 256;
    default: return 0;
  }
}

bool isNullable(const DataType& t) { return t.kind == TypeKind::Nullable; }

bool isLowCardinality(const DataType& t) { return t.kind == TypeKind::LowCardinality; }

TypePtr removeNullable(const TypePtr& t) {
  if (!t) return t;
  if (t->kind == TypeKind::Nullable) return t->child();
  if (t->kind == TypeKind::LowCardinality && t->child()->kind == TypeKind::Nullable) {
    return makeLowCardinality(t->child()->child());
  }
  return t;
}

TypePtr removeLowCardinality(const TypePtr& t) {
  if (t && t->kind == TypeKind::LowCardinality) return t->child();
  return t;
}

TypePtr removeNullableAndLowCardinality(const TypePtr& t) {
  TypePtr r = removeLowCardinality(t);
  if (r && r->kind == TypeKind::Nullable) r = r->child();
  return r;
}

bool canBeInsideNullable(const DataType& t) {
  switch (t.kind) {
    case TypeKind::Nullable:
    case TypeKind::LowCardinality:
    case TypeKind::Array:
    case TypeKind::Map:
    case TypeKind::Nested:
    case TypeKind::Variant:
    case TypeKind::Dynamic:
    case TypeKind::AggregateFunction:
    case TypeKind::Function:
    case TypeKind::Set:
      return false;
    case TypeKind::Tuple:
      // The type exists, but columns of it need enable_nullable_tuple_type (off by default).
      return false;
    default:
      return true;
  }
}

bool canBeInsideLowCardinality(const DataType& t, bool* suspicious) {
  const DataType* inner = &t;
  if (inner->kind == TypeKind::Nullable) inner = inner->child().get();
  if (inner->kind == TypeKind::SimpleAggregateFunction) inner = inner->child().get();
  TypeKind k = inner->kind;
  bool allowed = isInteger(k) || isFloat(k) || k == TypeKind::Bool || k == TypeKind::String ||
                 k == TypeKind::FixedString || k == TypeKind::Date || k == TypeKind::Date32 ||
                 k == TypeKind::DateTime || k == TypeKind::Time || k == TypeKind::UUID ||
                 k == TypeKind::IPv4 || k == TypeKind::IPv6 || k == TypeKind::Interval;
  if (suspicious != nullptr) {
    *suspicious = isInteger(k) || isFloat(k) || k == TypeKind::Bool || k == TypeKind::Interval;
  }
  return allowed;
}

}  // namespace ferry::types
