/// Functions that transform a value while keeping (or widening) its own type: `byteSwap`,
/// `icebergTruncate`, and `mapAdd` / `mapSubtract`, which sum map values in the widest type of
/// their kind. Results were probed with chDB for each integer width, floats, decimals, strings.
#include <algorithm>

#include "compiler/functions/named_rules.h"
#include "compiler/functions/numeric_types.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

/// byteSwap(x): integers keep their type (Bool is UInt8); floats are not implemented.
CallResult byteSwapRule(const RuleCall& call) {
  const TypePtr& t = call.type(0);
  if (t->kind == TypeKind::Bool) return success(types::makeType(TypeKind::UInt8));
  if (!types::isInteger(t->kind)) return illegalArgumentType(call, 0, "an integer");
  return success(t);
}

/// icebergTruncate(W, v): integers widen to the next signed width of at least 16 bits, capped
/// at Int64 (128/256-bit values are rejected); strings give String; decimals keep their type.
CallResult icebergTruncateRule(const RuleCall& call) {
  const TypePtr& v = call.type(1);
  if (types::isStringLike(v->kind)) return success(types::makeType(TypeKind::String));
  if (v->kind == TypeKind::Decimal) return success(v);
  auto shape = numberShape(*v);
  if (!shape || !shape->isInteger() || shape->size > 8 || v->kind == TypeKind::Bool)
    return illegalArgumentType(call, 1, "an integer up to 64 bits, a string or a decimal");
  NumberShape out;
  out.is_signed = true;
  out.size = std::min<uint32_t>(8, std::max<uint32_t>(2, shape->size * 2));
  return success(typeOfShape(out));
}

/// The value type a map sum accumulates in: UInt64, Int64 or Float64 by kind; 128/256-bit
/// integers keep their type.
TypePtr summedValueType(const TypePtr& value) {
  auto shape = numberShape(*value);
  if (!shape || shape->isDecimal() || value->kind == TypeKind::Bool) return nullptr;
  if (shape->isFloat()) return types::makeType(TypeKind::Float64);
  if (shape->isBig()) return value;
  return types::makeType(shape->is_signed ? TypeKind::Int64 : TypeKind::UInt64);
}

/// mapAdd / mapSubtract(m1, m2, ...): every argument a Map(K, V) (or a tuple of a key array and
/// a value array) with the same key type and values of one kind (all unsigned, all signed, all
/// floats); the values are summed as summedValueType.
CallResult mapSumRule(const RuleCall& call) {
  TypePtr key, value;
  bool maps = false;
  for (size_t i = 0; i < call.size(); ++i) {
    const TypePtr& t = call.type(i);
    TypePtr k, v;
    if (t->kind == TypeKind::Map) {
      k = t->children[0];
      v = t->children[1];
    } else if (t->kind == TypeKind::Tuple && t->children.size() == 2 && t->children[0]->kind == TypeKind::Array &&
               t->children[1]->kind == TypeKind::Array) {
      k = t->children[0]->child();
      v = t->children[1]->child();
    } else {
      return illegalArgumentType(call, i, "a map or a tuple of two arrays");
    }
    if (types::isFloat(k->kind) || k->kind == TypeKind::Decimal) return illegalArgumentType(call, i, "integer, string, date or UUID keys");
    if (i == 0) {
      key = k;
      value = v;
      maps = t->kind == TypeKind::Map;
    } else if (maps != (t->kind == TypeKind::Map) || !types::equals(*key, *k) ||
               !types::equals(summedValueType(value), summedValueType(v))) {
      return illegalArgumentType(call, i, "the key and value types of the first argument");
    }
  }
  TypePtr summed = summedValueType(value);
  if (!summed) return illegalArgumentType(call, 0, "numeric map values");
  if (maps) return success(types::makeMap(key, summed));
  return success(types::makeTuple({types::makeArray(key), types::makeArray(summed)}));
}

/// mapPopulateSeries(map[, max]) keeps the map type; (keys, values[, max]) gives the tuple of the two
/// arrays as they are.
CallResult mapPopulateRule(const RuleCall& call) {
  const TypePtr& first = call.type(0);
  auto integer = [](const TypePtr& t) { return types::isInteger(t->kind); };
  size_t max_index = 2;
  TypePtr result;
  if (first->kind == TypeKind::Map) {
    if (!integer(first->children[0]) || !integer(first->children[1]))
      return illegalArgumentType(call, 0, "a map of integers to integers");
    result = first;
    max_index = 1;
  } else {
    if (first->kind != TypeKind::Array || !integer(first->child()))
      return illegalArgumentType(call, 0, "a map or an array of integer keys");
    if (call.size() < 2 || call.type(1)->kind != TypeKind::Array || !integer(call.type(1)->child()))
      return illegalArgumentType(call, 1, "an array of integer values");
    const auto& keys = call.args[0].constant;
    const auto& values = call.args[1].constant;
    // Constant arrays are checked when the query is analyzed.
    if (keys && values && keys->kind == types::ConstantValue::Kind::Array &&
        values->kind == types::ConstantValue::Kind::Array && keys->items.size() != values->items.size())
      return failure("BAD_ARGUMENTS", "the key and value arrays of " + std::string(call.name) + " differ in length");
    result = types::makeTuple({first, call.type(1)});
  }
  if (call.size() > max_index + 1) return wrongArgumentCount(call.name, call.size(), 1, static_cast<int>(max_index + 1));
  if (call.size() > max_index && !integer(call.type(max_index)))
    return illegalArgumentType(call, max_index, "an integer upper bound");
  return success(result);
}

/// The bytes a fixed-size value takes in memory; 0 for anything else.
uint64_t valueBytes(const TypePtr& t) {
  switch (t->kind) {
    case TypeKind::Date: return 2;
    case TypeKind::Date32: case TypeKind::DateTime: case TypeKind::IPv4: return 4;
    case TypeKind::DateTime64: return 8;
    case TypeKind::UUID: case TypeKind::IPv6: return 16;
    default: break;
  }
  auto shape = numberShape(*t);
  return shape ? shape->size : 0;
}

/// reinterpretAsFixedString(x): FixedString of the value's byte size.
CallResult reinterpretAsFixedStringRule(const RuleCall& call) {
  uint64_t n = valueBytes(call.type(0));
  if (n == 0) return illegalArgumentType(call, 0, "a fixed-size value");
  return success(types::makeFixedString(n));
}

/// arrayExcept(a, b): the first array with LowCardinality elements read as plain values; the
/// second array must hold the same element type (Nullable aside; probed: UInt8 against UInt16,
/// `[]` or NULL elements are rejected).
CallResult arrayExceptRule(const RuleCall& call) {
  const TypePtr& a = call.type(0);
  const TypePtr& b = call.type(1);
  if (a->kind != TypeKind::Array) return illegalArgumentType(call, 0, "an array");
  if (b->kind != TypeKind::Array) return illegalArgumentType(call, 1, "an array");
  TypePtr x = types::removeLowCardinality(a->child()), y = types::removeLowCardinality(b->child());
  if (!types::equals(types::removeNullable(x), types::removeNullable(y)))
    return illegalArgumentType(call, 1, "an array of the first one's element type");
  return success(types::makeArray(x));
}

constexpr NamedRuleEntry kRules[] = {
    {"reinterpretAsFixedString", reinterpretAsFixedStringRule}, {"arrayExcept", arrayExceptRule},
    {"map_populate", mapPopulateRule},
    {"byteSwap", byteSwapRule},
    {"icebergTruncate", icebergTruncateRule},
    {"map_sum", mapSumRule},
};

}  // namespace

std::span<const NamedRuleEntry> valueTransformRules() { return kRules; }

}  // namespace ferry::functions
