/// Comparisons (equals, less, ..., isDistinctFrom): always UInt8, but only between types
/// ClickHouse can compare: numbers with numbers, strings with strings, dates and times with
/// each other and with numbers, addresses with their integers, containers element-wise, and a
/// constant string with anything it can be parsed as. Probed pair by pair.
#include "compiler/functions/named_rules.h"
#include "compiler/functions/numeric_types.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

bool isDateLike(TypeKind k) {
  return k == TypeKind::Date || k == TypeKind::Date32 || k == TypeKind::DateTime || k == TypeKind::DateTime64;
}

bool comparable(const TypePtr& a_in, const TypePtr& b_in, bool a_constant_string, bool b_constant_string) {
  TypePtr a = types::removeNullableAndLowCardinality(a_in);
  TypePtr b = types::removeNullableAndLowCardinality(b_in);
  TypeKind ka = a->kind, kb = b->kind;
  if (ka == TypeKind::Nothing || kb == TypeKind::Nothing) return true;
  auto dynamic = [](TypeKind k) { return k == TypeKind::Dynamic || k == TypeKind::Variant; };
  if (dynamic(ka) || dynamic(kb)) return true;
  // A string literal is converted to the other side's type (a value question, not a type one).
  if ((a_constant_string && kb != TypeKind::Array && kb != TypeKind::Map) ||
      (b_constant_string && ka != TypeKind::Array && ka != TypeKind::Map))
    return true;
  auto na = numberShape(*a), nb = numberShape(*b);
  bool ia = ka == TypeKind::Interval, ib = kb == TypeKind::Interval;
  if ((na || ia) && (nb || ib)) return !((ia && nb && nb->isDecimal()) || (ib && na && na->isDecimal()));
  if (types::isStringLike(ka) && types::isStringLike(kb)) return true;
  if (isDateLike(ka) && isDateLike(kb)) return true;
  auto numberWithTime = [](const std::optional<NumberShape>& n, bool interval, TypeKind t) {
    if (t == TypeKind::DateTime) return (n && !n->isDecimal()) || interval;
    if (t == TypeKind::DateTime64) return n.has_value();
    return false;
  };
  if (numberWithTime(na, ia, kb) || numberWithTime(nb, ib, ka)) return true;
  auto ipWithNumber = [](TypeKind ip, const std::optional<NumberShape>& n, TypeKind other) {
    if (ip == TypeKind::IPv4) return (n && n->isInteger() && !n->is_signed) || other == TypeKind::IPv4 || other == TypeKind::IPv6;
    if (ip == TypeKind::IPv6) return other == TypeKind::IPv4 || other == TypeKind::IPv6;
    return false;
  };
  if (ipWithNumber(ka, nb, kb) || ipWithNumber(kb, na, ka)) return true;
  if ((ka == TypeKind::Enum8 || ka == TypeKind::Enum16) && (nb || types::isStringLike(kb) || kb == ka)) return true;
  if ((kb == TypeKind::Enum8 || kb == TypeKind::Enum16) && (na || types::isStringLike(ka))) return true;
  // Times of day compare with each other, dates with time, intervals, strings and numbers
  // (decimals only against Time64), never with dates alone.
  auto timeWith = [](TypeKind t, TypeKind other, const std::optional<NumberShape>& n) {
    if (t != TypeKind::Time && t != TypeKind::Time64) return false;
    if (other == TypeKind::Time || other == TypeKind::Time64 || other == TypeKind::DateTime ||
        other == TypeKind::DateTime64 || other == TypeKind::Interval || types::isStringLike(other))
      return true;
    return n && (!n->isDecimal() || t == TypeKind::Time64);
  };
  if (timeWith(ka, kb, nb) || timeWith(kb, ka, na)) return true;
  if (ka == TypeKind::JSON && kb == TypeKind::JSON) return true;
  if (ka == TypeKind::Array && kb == TypeKind::Array) return comparable(a->child(), b->child(), false, false);
  if (ka == TypeKind::Tuple && kb == TypeKind::Tuple) {
    if (a->children.size() != b->children.size()) return false;
    for (size_t i = 0; i < a->children.size(); ++i)
      if (!comparable(a->children[i], b->children[i], false, false)) return false;
    return true;
  }
  if (ka == kb && ka != TypeKind::Map && ka != TypeKind::AggregateFunction && ka != TypeKind::JSON) return true;
  return ka == TypeKind::Map && kb == TypeKind::Map && types::equals(a, b);
}

bool isConstantString(const RuleCall& call, size_t i) { return call.constantString(i) != nullptr; }

CallResult compareRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  if (!comparable(call.type(0), call.type(1), isConstantString(call, 0), isConstantString(call, 1)))
    return failure("NO_COMMON_TYPE", "cannot compare " + types::toString(call.type(0)) + " with " +
                                         types::toString(call.type(1)) + " in " + std::string(call.name));
  return success(types::makeType(TypeKind::UInt8));
}

/// nullIf(a, b) is `if(a = b, NULL, a)`: the two must compare; the result is Nullable(a).
CallResult nullIfRule(const RuleCall& call) {
  CallResult compared = compareRule(call);
  if (!compared.ok()) return compared;
  return success(types::makeNullableSafe(call.type(0)));
}

constexpr NamedRuleEntry kRules[] = {{"compare", compareRule}, {"nullIf", nullIfRule}};

}  // namespace

std::span<const NamedRuleEntry> comparisonRules() { return kRules; }

}  // namespace ferry::functions
