/// Functions over vectors and coordinates: `dotProduct` and `arrayDifference` (results follow the
/// arithmetic rules element by element), the colour-space conversions and the great-circle
/// distances. Probed with chDB over every integer width, Float32/Float64 and decimals.
#include <algorithm>

#include "compiler/functions/named_rules.h"
#include "compiler/functions/numeric_types.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

/// The result of the arithmetic rule `name` (plus, minus, multiply) on two types.
CallResult arithmetic(std::string_view name, const RuleCall& call, const TypePtr& a, const TypePtr& b) {
  NamedRule rule = findNamedRule(name);
  if (!rule) return failure("LOGICAL_ERROR", "no rule named @" + std::string(name));
  Argument args[2] = {{a, std::nullopt}, {b, std::nullopt}};
  RuleCall sub;
  sub.name = call.name;
  sub.info = call.info;
  sub.args = args;
  return rule(sub);
}

/// dotProduct(a, b). Tuples: the sum, left to right, of the element products as `plus` and
/// `multiply` type them (two elements at least). Arrays: the product type of the two element
/// types, one size up from the wider (floats too: BFloat16 gives Float32), except that two
/// Float32 stay Float32. Nullable elements are rejected.
CallResult dotProductRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  const TypePtr& a = call.type(0);
  const TypePtr& b = call.type(1);
  if (a->kind == TypeKind::Tuple && b->kind == TypeKind::Tuple) {
    if (a->children.size() != b->children.size() || a->children.size() < 2)
      return illegalArgumentType(call, 1, "a tuple of the size of the first, at least two elements");
    TypePtr sum;
    for (size_t i = 0; i < a->children.size(); ++i) {
      CallResult product = arithmetic("multiply", call, a->children[i], b->children[i]);
      if (!product.ok()) return product;
      if (!sum) {
        sum = product.type;
        continue;
      }
      CallResult next = arithmetic("plus", call, sum, product.type);
      if (!next.ok()) return next;
      sum = next.type;
    }
    return success(sum);
  }
  if (a->kind != TypeKind::Array) return illegalArgumentType(call, 0, "an array or a tuple");
  if (b->kind != TypeKind::Array) return illegalArgumentType(call, 1, "an array");
  const TypePtr& x = a->child();
  const TypePtr& y = b->child();
  auto sx = numberShape(*x), sy = numberShape(*y);
  if (!sx || !sy || sx->isDecimal() || sy->isDecimal()) return illegalArgumentType(call, 0, "an array of numbers");
  if (x->kind == TypeKind::Float32 && y->kind == TypeKind::Float32) return success(x);
  NumberShape r;
  if (sx->isFloat() || sy->isFloat()) {
    r.family = NumberShape::Family::Float;
    r.size = nextSize(std::max(sx->size, sy->size));
    return success(typeOfShape(r));
  }
  r.is_signed = sx->is_signed || sy->is_signed;
  r.size = nextSize(std::max(sx->size, sy->size));
  return success(typeOfShape(r));
}

/// arrayDifference(arr): Array of the difference type: integers become signed one size up
/// (capped at 64 bits; 128/256-bit ones become signed of their size), floats Float64,
/// decimals keep their type.
CallResult arrayDifferenceRule(const RuleCall& call) {
  const TypePtr& a = call.type(call.size() - 1);
  if (a->kind != TypeKind::Array) return illegalArgumentType(call, call.size() - 1, "an array");
  // With a lambda the differences are of the mapped values.
  TypePtr e = call.type(0)->kind == TypeKind::Function ? call.type(0)->children.back() : a->child();
  auto s = numberShape(*e);
  if (!s) return illegalArgumentType(call, call.size() - 1, "an array of numbers");
  if (s->isDecimal()) return success(types::makeArray(e));
  NumberShape r;
  if (s->isFloat()) {
    r.family = NumberShape::Family::Float;
    r.size = 8;
  } else {
    r.is_signed = true;
    r.size = s->isBig() ? s->size : nextSize(s->size);
  }
  return success(types::makeArray(typeOfShape(r)));
}

/// colorSRGBToOKLAB / colorOKLABToSRGB(color[, gamma]): a tuple of three numbers in, three
/// Float64 out.
CallResult colorTupleRule(const RuleCall& call) {
  const TypePtr& c = call.type(0);
  bool ok = c->kind == TypeKind::Tuple && c->children.size() == 3;
  for (size_t i = 0; ok && i < 3; ++i) ok = numberShape(*types::removeNullable(c->children[i])).has_value();
  if (!ok) return illegalArgumentType(call, 0, "a tuple of three numbers");
  TypePtr f = types::makeType(TypeKind::Float64);
  return success(types::makeTuple({f, f, f}));
}

/// greatCircleDistance / greatCircleAngle / geoDistance(lon1, lat1, lon2, lat2): Float64 when
/// a Float64 takes part, Float32 otherwise.
CallResult geoDistanceRule(const RuleCall& call) {
  for (size_t i = 0; i < call.size(); ++i) {
    auto s = numberShape(*call.type(i));
    if (!s) return illegalArgumentType(call, i, "a number");
    if (call.type(i)->kind == TypeKind::Float64) return success(call.type(i));
  }
  return success(types::makeType(TypeKind::Float32));
}

constexpr NamedRuleEntry kRules[] = {
    {"geo_distance", geoDistanceRule},
    {"color_tuple", colorTupleRule},
    {"dotProduct", dotProductRule},
    {"arrayDifference", arrayDifferenceRule},
};

}  // namespace

std::span<const NamedRuleEntry> vectorRules() { return kRules; }

}  // namespace ferry::functions
