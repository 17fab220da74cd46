/// Functions that build arrays, tuples or enums from their arguments' shapes: `transform`,
/// `nested`, `arrayZipUnaligned`, `arrayResize`, `timeSlots`, `variantType`,
/// `bitHammingDistance`, the set operations on arrays and `widthBucket`. Probed with chDB.
#include "compiler/functions/named_rules.h"
#include "compiler/functions/numeric_types.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

CallResult supertypeOf(const RuleCall& call, std::vector<TypePtr> parts) {
  std::string error;
  TypePtr t = commonSupertype(parts, &error);
  if (!t) return failure("NO_COMMON_TYPE", error.empty() ? "no common type in " + std::string(call.name) : error);
  return success(t);
}

/// transform(x, from, to[, default]): with a default, the supertype of the `to` elements and
/// the default; without, the supertype of x and the `to` elements.
CallResult transformRule(const RuleCall& call) {
  if (call.size() < 3 || call.size() > 4) return wrongArgumentCount(call.name, call.size(), 3, 4);
  if (call.type(1)->kind != TypeKind::Array) return illegalArgumentType(call, 1, "an array");
  if (call.type(2)->kind != TypeKind::Array) return illegalArgumentType(call, 2, "an array");
  TypePtr to = call.type(2)->child();
  if (call.size() == 4) return supertypeOf(call, {to, call.type(3)});
  return supertypeOf(call, {call.type(0), to});
}

/// nested(['a', 'b'], arr1, arr2): Array(Tuple(a T1, b T2)), the names a constant array.
CallResult nestedRule(const RuleCall& call) {
  if (call.size() < 2) return wrongArgumentCount(call.name, call.size(), 2, -1);
  const auto& names = call.args[0].constant;
  if (!names || names->kind != types::ConstantValue::Kind::Array || names->items.size() != call.size() - 1)
    return notConstant(call, 0, "array of one name per array");
  std::vector<TypePtr> elements;
  std::vector<std::string> element_names;
  for (size_t i = 1; i < call.size(); ++i) {
    if (call.type(i)->kind != TypeKind::Array) return illegalArgumentType(call, i, "an array");
    const auto& name = names->items[i - 1];
    if (name.kind != types::ConstantValue::Kind::String) return notConstant(call, 0, "array of strings");
    elements.push_back(call.type(i)->child());
    element_names.push_back(name.string_value);
  }
  return success(types::makeArray(types::makeTuple(std::move(elements), std::move(element_names))));
}

/// arrayZipUnaligned(a1, a2, ...): Array(Tuple(Nullable(E1), ...)): shorter arrays pad with NULL.
CallResult arrayZipUnalignedRule(const RuleCall& call) {
  std::vector<TypePtr> elements;
  for (size_t i = 0; i < call.size(); ++i) {
    if (call.type(i)->kind != TypeKind::Array) return illegalArgumentType(call, i, "an array");
    elements.push_back(types::makeNullableSafe(call.type(i)->child()));
  }
  return success(types::makeArray(types::makeTuple(std::move(elements))));
}

/// arrayResize(arr, n[, filler]): the array, its element widened to take the filler.
CallResult arrayResizeRule(const RuleCall& call) {
  if (call.size() < 2 || call.size() > 3) return wrongArgumentCount(call.name, call.size(), 2, 3);
  const TypePtr& a = call.type(0);
  if (a->kind != TypeKind::Array) return illegalArgumentType(call, 0, "an array");
  if (call.size() == 2) return success(a);
  CallResult e = supertypeOf(call, {a->child(), call.type(2)});
  if (!e.ok()) return e;
  return success(types::makeArray(e.type));
}

/// timeSlots(start, duration[, size]): Array of the start's type (zone and scale kept).
CallResult timeSlotsRule(const RuleCall& call) {
  const TypePtr& t = call.type(0);
  if (t->kind == TypeKind::DateTime) {
    if (call.type(1)->kind != TypeKind::UInt32) return illegalArgumentType(call, 1, "UInt32 seconds");
    return success(types::makeArray(t));
  }
  if (t->kind == TypeKind::DateTime64) return success(types::makeArray(t));
  return illegalArgumentType(call, 0, "DateTime or DateTime64");
}

/// variantType(v): Enum8('None' = -1, then each member of the Variant by its position).
CallResult variantTypeRule(const RuleCall& call) {
  const TypePtr& v = call.type(0);
  if (v->kind != TypeKind::Variant) return illegalArgumentType(call, 0, "a Variant");
  std::vector<types::EnumValue> values{{"None", -1}};
  for (size_t i = 0; i < v->children.size(); ++i)
    values.push_back({types::toString(v->children[i]), static_cast<int64_t>(i)});
  return success(types::makeEnum(TypeKind::Enum8, std::move(values)));
}

/// bitHammingDistance(a, b): between integers UInt8, UInt16 when the first is 256-bit (probed);
/// between Strings UInt64, between FixedStrings UInt16.
CallResult bitHammingDistanceRule(const RuleCall& call) {
  bool ints = true, strings = true, fixed = true;
  auto first = call.size() ? numberShape(*call.type(0)) : std::nullopt;
  bool big = first && first->size == 32;
  for (size_t i = 0; i < call.size(); ++i) {
    TypeKind k = call.type(i)->kind;
    ints &= types::isInteger(k) || k == TypeKind::Bool;
    strings &= k == TypeKind::String;
    fixed &= k == TypeKind::FixedString;
  }
  if (ints) return success(types::makeType(big ? TypeKind::UInt16 : TypeKind::UInt8));
  if (strings) return success(types::makeType(TypeKind::UInt64));
  if (fixed) return success(types::makeType(TypeKind::UInt16));
  return illegalArgumentType(call, 1, "two integers or two strings of one kind");
}

/// mortonDecode(n, code): a tuple of n UInt64, n a constant (or a tuple of n ranges).
CallResult mortonDecodeRule(const RuleCall& call) {
  int64_t n = 0;
  if (call.type(0)->kind == TypeKind::Tuple) n = static_cast<int64_t>(call.type(0)->children.size());
  else if (!call.constantInt(0, n)) return notConstant(call, 0, "dimension count");
  if (n < 1 || n > 8) return failure("ARGUMENT_OUT_OF_BOUND", "mortonDecode takes 1 to 8 dimensions");
  return success(types::makeTuple(std::vector<TypePtr>(static_cast<size_t>(n), types::makeType(TypeKind::UInt64))));
}

/// arrayUnion / arraySymmetricDifference(a1, a2, ...): Array of the elements' supertype.
CallResult arraySetRule(const RuleCall& call) {
  std::vector<TypePtr> elements;
  for (size_t i = 0; i < call.size(); ++i) {
    if (call.type(i)->kind != TypeKind::Array) return illegalArgumentType(call, i, "an array");
    elements.push_back(call.type(i)->child());
  }
  if (elements.empty()) return wrongArgumentCount(call.name, 0, 1, -1);
  CallResult e = supertypeOf(call, elements);
  if (!e.ok()) return e;
  return success(types::makeArray(e.type));
}

/// The element type an intersection keeps (probed): Nullable only when both sides are; of two
/// numbers the narrower (the first on a tie); tuples and arrays element by element; otherwise
/// the first.
TypePtr intersectionType(const TypePtr& a, const TypePtr& b) {
  bool na = types::isNullable(*a), nb = types::isNullable(*b);
  if (na || nb) {
    TypePtr inner = intersectionType(types::removeNullable(a), types::removeNullable(b));
    return na && nb ? types::makeNullableSafe(inner) : inner;
  }
  if (a->kind == TypeKind::Array && b->kind == TypeKind::Array)
    return types::makeArray(intersectionType(a->child(), b->child()));
  if (a->kind == TypeKind::Tuple && b->kind == TypeKind::Tuple && a->children.size() == b->children.size()) {
    std::vector<TypePtr> elements;
    for (size_t i = 0; i < a->children.size(); ++i) elements.push_back(intersectionType(a->children[i], b->children[i]));
    return types::makeTuple(std::move(elements), a->element_names);
  }
  auto sa = numberShape(*a), sb = numberShape(*b);
  if (sa && sb && !sa->isDecimal() && !sb->isDecimal() && sb->size < sa->size) return b;
  return a;
}

/// arrayIntersect(a1, a2, ...): Array of the intersection type of the elements, which must
/// have a common supertype.
CallResult arrayIntersectRule(const RuleCall& call) {
  CallResult common = arraySetRule(call);
  if (!common.ok()) return common;
  TypePtr e = call.type(0)->child();
  for (size_t i = 1; i < call.size(); ++i) e = intersectionType(e, call.type(i)->child());
  return success(types::makeArray(e));
}

/// widthBucket(x, low, high, count): the unsigned integer one size above the count's (UInt64
/// at most).
CallResult widthBucketRule(const RuleCall& call) {
  const TypePtr& count = call.type(call.size() - 1);
  auto s = numberShape(*count);
  if (!s || !s->isInteger() || s->is_signed) return illegalArgumentType(call, call.size() - 1, "an unsigned integer");
  NumberShape r;
  r.size = nextSize(s->size);
  return success(typeOfShape(r));
}

constexpr NamedRuleEntry kRules[] = {
    {"array_set", arraySetRule}, {"arrayIntersect", arrayIntersectRule}, {"widthBucket", widthBucketRule},
    {"transform", transformRule}, {"nested", nestedRule}, {"arrayZipUnaligned", arrayZipUnalignedRule},
    {"arrayResize", arrayResizeRule}, {"timeSlots", timeSlotsRule}, {"variantType", variantTypeRule},
    {"bitHammingDistance", bitHammingDistanceRule}, {"mortonDecode", mortonDecodeRule},
};

}  // namespace

std::span<const NamedRuleEntry> collectionRules() { return kRules; }

}  // namespace ferry::functions
