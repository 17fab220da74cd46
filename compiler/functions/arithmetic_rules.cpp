/// Arithmetic result types (ClickHouse's NumberTraits): the binary operators plus, minus,
/// multiply, divide, intDiv, modulo, least/greatest, the bit operators, and the unary negate /
/// abs. Checked against the arith:* and unary grids of ../shared/oracle/probe_types.tsv.
#include <algorithm>
#include <optional>

#include "compiler/functions/date_arithmetic.h"
#include "compiler/functions/named_rules.h"
#include "compiler/functions/numeric_types.h"
#include "compiler/functions/tuple_arithmetic.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;
using Family = NumberShape::Family;

CallResult bothNumbers(const RuleCall& call, NumberShape& a, NumberShape& b, bool with_ip = true) {
  auto sa = numberShape(*call.type(0), with_ip);
  if (!sa) return illegalArgumentType(call, 0, "a number");
  auto sb = numberShape(*call.type(1), with_ip);
  if (!sb) return illegalArgumentType(call, 1, "a number");
  a = *sa;
  b = *sb;
  return success(nullptr);
}

CallResult incompatible(const RuleCall& call) {
  return failure("ILLEGAL_TYPE_OF_ARGUMENT", "illegal types " + types::toString(call.type(0)) + " and " +
                                                 types::toString(call.type(1)) + " of arguments of function " +
                                                 std::string(call.name));
}

/// BFloat16 never meets a 128/256-bit integer or decimal; Float32/64 never meet a big integer
/// in +, -, * (they do meet big decimals).
bool floatMeetsBig(const NumberShape& a, const NumberShape& b, bool decimals_too) {
  auto clash = [&](const NumberShape& f, const NumberShape& o) {
    if (!f.isFloat() || !o.isBig()) return false;
    if (o.isInteger()) return true;
    return decimals_too || f.size == 2;
  };
  return clash(a, b) || clash(b, a);
}

/// plus / minus / multiply on numbers (dates are handled by the callers).
CallResult additive(const RuleCall& call, const NumberShape& a, const NumberShape& b, bool subtract, bool multiply) {
  if (a.isDecimal() || b.isDecimal()) {
    if (a.isFloat() || b.isFloat()) {
      if (floatMeetsBig(a, b, false)) return incompatible(call);
      return success(types::makeType(TypeKind::Float64));
    }
    if (a.isDecimal() && b.isDecimal()) {
      // Two decimals take the widest precision of the wider one's width: Decimal(9, 2) +
      // Decimal(10, 2) is Decimal(18, 2) (probed).
      uint32_t p = decimalMaxPrecision(std::max(a.precision, b.precision));
      uint32_t s = multiply ? a.scale + b.scale : std::max(a.scale, b.scale);
      if (s > p)
        return failure("ARGUMENT_OUT_OF_BOUND", "the result scale of " + std::string(call.name) + " exceeds its precision");
      return success(types::makeDecimal(p, s));
    }
    return success(types::makeDecimal(a.isDecimal() ? a.precision : b.precision, a.isDecimal() ? a.scale : b.scale));
  }
  if (floatMeetsBig(a, b, true)) return incompatible(call);
  NumberShape r;
  uint32_t size = std::max(a.size, b.size);
  if (a.isFloat() || b.isFloat()) {
    r.family = Family::Float;
    r.size = nextSize(size);
    return success(typeOfShape(r));
  }
  r.is_signed = a.is_signed || b.is_signed || subtract;
  r.size = size > 8 ? size : nextSize(size);
  return success(typeOfShape(r));
}

/// Multiplication and division between a number and an array (or two arrays) work
/// element-wise: `2 * [1, 2]` is Array(UInt16). nullopt when no array takes part.
template <class Rule>
std::optional<CallResult> elementwise(const RuleCall& call, Rule rule) {
  if (call.size() != 2) return std::nullopt;
  bool a = call.type(0)->kind == TypeKind::Array, b = call.type(1)->kind == TypeKind::Array;
  if (!a && !b) return std::nullopt;
  std::vector<Argument> args(call.args.begin(), call.args.end());
  if (a) args[0].type = args[0].type->child();
  if (b) args[1].type = args[1].type->child();
  RuleCall inner = call;
  inner.args = args;
  CallResult r = rule(inner);
  if (r.ok()) r.type = types::makeArray(r.type);
  return r;
}

CallResult arithmetic(const RuleCall& call, bool subtract, bool multiply) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  // Only multiplication spreads over arrays (`[1, 2] + 1` is an error).
  // The elements go through the registered rule, so arrays of tuples multiply too.
  if (multiply)
    if (auto r = elementwise(call, [&](const RuleCall& c) {
          NamedRule rule = findNamedRule("multiply");
          return rule ? rule(c) : arithmetic(c, subtract, multiply);
        }))
      return *r;
  if (!multiply) {
    if (auto dated = dateArithmetic(call, subtract)) return *dated;
  }
  NumberShape a, b;
  if (CallResult r = bothNumbers(call, a, b); !r.error_code.empty()) return r;
  return additive(call, a, b, subtract, multiply);
}

CallResult plusRule(const RuleCall& call) { return arithmetic(call, false, false); }
CallResult minusRule(const RuleCall& call) { return arithmetic(call, true, false); }
CallResult multiplyRule(const RuleCall& call) {
  // Addresses multiply only with integers.
  auto ip = [](const TypePtr& t) { return t->kind == TypeKind::IPv4 || t->kind == TypeKind::IPv6; };
  if (call.size() == 2 && (ip(call.type(0)) || ip(call.type(1)))) {
    auto other = numberShape(*call.type(ip(call.type(0)) ? 1 : 0), true);
    if (!other || !other->isInteger()) return incompatible(call);
  }
  return arithmetic(call, false, true);
}

/// BFloat16 never meets a 128/256-bit integer or decimal in any operator.
bool bfloatMeetsBig(const NumberShape& a, const NumberShape& b) {
  return (a.isFloat() && a.size == 2 && b.isBig()) || (b.isFloat() && b.size == 2 && a.isBig());
}

/// Decimal division (/, intDiv, %) rescales the dividend by the divisor's scale, so a divisor
/// with more fractional digits is out of bounds.
CallResult decimalDivisionScale(const RuleCall& call, const NumberShape& a, const NumberShape& b) {
  if (a.isDecimal() && b.isDecimal() && b.scale > a.scale)
    return failure("ARGUMENT_OUT_OF_BOUND", "decimal division of " + types::toString(call.type(0)) + " by " +
                                                types::toString(call.type(1)) + " exceeds the scale");
  return success(nullptr);
}

CallResult divideRule(const RuleCall& call) {
  if (auto r = elementwise(call, divideRule)) return *r;
  NumberShape a, b;
  if (CallResult r = bothNumbers(call, a, b, true); !r.error_code.empty()) return r;
  if (bfloatMeetsBig(a, b)) return incompatible(call);
  if (CallResult r = decimalDivisionScale(call, a, b); !r.error_code.empty()) return r;
  if (a.isDecimal() || b.isDecimal()) {
    if (a.isFloat() || b.isFloat()) return success(types::makeType(TypeKind::Float64));
    if (a.isDecimal() && b.isDecimal()) return success(types::makeDecimal(decimalMaxPrecision(std::max(a.precision, b.precision)), a.scale));
    const NumberShape& d = a.isDecimal() ? a : b;
    return success(types::makeDecimal(d.precision, d.scale));
  }
  return success(types::makeType(TypeKind::Float64));
}

/// intDiv: the left operand's width, signed when either side is; floats and decimals on the
/// left give the signed integer of their size.
CallResult intDivRule(const RuleCall& call) {
  if (auto r = elementwise(call, intDivRule)) return *r;
  NumberShape a, b;
  if (CallResult r = bothNumbers(call, a, b, true); !r.error_code.empty()) return r;
  if (bfloatMeetsBig(a, b)) return incompatible(call);
  if (CallResult r = decimalDivisionScale(call, a, b); !r.error_code.empty()) return r;
  NumberShape r;
  r.size = a.size;
  r.is_signed = a.is_signed || b.is_signed;
  return success(typeOfShape(r));
}

/// modulo: an unsigned dividend gives the unsigned type of the divisor's width; a signed one
/// the signed type one step wider than the divisor (at most 64 bits unless the divisor is
/// big); floats give Float64; decimals keep the decimal.
/// The integer `%` reads a Date, DateTime or Time as: `%` takes them as dividends (probed;
/// Date32, DateTime64 and Time64 are rejected).
TypePtr storedInteger(TypeKind k) {
  if (k == TypeKind::Date) return types::makeType(TypeKind::UInt16);
  if (k == TypeKind::DateTime) return types::makeType(TypeKind::UInt32);
  // Time is signed underneath, but `%` takes it as unsigned (toTime(12) % 7 is UInt8).
  if (k == TypeKind::Time) return types::makeType(TypeKind::UInt32);
  return nullptr;
}

CallResult moduloRule(const RuleCall& call) {
  if (auto r = elementwise(call, moduloRule)) return *r;
  bool dates = call.rule_params.empty() || call.rule_params[0] != "numbers";
  if (call.size() == 2 && dates)
    if (TypePtr stored = storedInteger(call.type(0)->kind)) {
      std::vector<Argument> args(call.args.begin(), call.args.end());
      args[0].type = stored;
      args[0].constant.reset();
      RuleCall inner = call;
      inner.args = args;
      return moduloRule(inner);
    }
  NumberShape a, b;
  if (CallResult r = bothNumbers(call, a, b, true); !r.error_code.empty()) return r;
  if (bfloatMeetsBig(a, b)) return incompatible(call);
  if (CallResult r = decimalDivisionScale(call, a, b); !r.error_code.empty()) return r;
  if (a.isDecimal() || b.isDecimal()) {
    if (a.isFloat() || b.isFloat()) return success(types::makeType(TypeKind::Float64));
    if (a.isDecimal() && b.isDecimal())
      return success(types::makeDecimal(decimalMaxPrecision(std::max(a.precision, b.precision)), std::max(a.scale, b.scale)));
    const NumberShape& d = a.isDecimal() ? a : b;
    return success(types::makeDecimal(d.precision, d.scale));
  }
  if (a.isFloat() || b.isFloat()) return success(types::makeType(TypeKind::Float64));
  NumberShape r;
  if (!a.is_signed) {
    r.size = b.size;
  } else {
    r.is_signed = true;
    r.size = b.size > 8 ? b.size : std::min<uint32_t>(8, b.size * 2);
  }
  return success(typeOfShape(r));
}

/// The least/greatest type of two numbers; nullopt when ClickHouse refuses the pair.
std::optional<NumberShape> leastGreatestPair(const NumberShape& a, const NumberShape& b) {
  if (a.isDecimal() || b.isDecimal()) {
    if (a.isFloat() || b.isFloat()) {
      if (bfloatMeetsBig(a, b)) return std::nullopt;
      NumberShape f;
      f.family = Family::Float;
      f.size = 8;
      return f;
    }
    if (a.isDecimal() && b.isDecimal()) {
      NumberShape d = a;
      d.precision = decimalMaxPrecision(std::max(a.precision, b.precision));
      d.scale = std::max(a.scale, b.scale);
      d.size = decimalSize(d.precision);
      return d;
    }
    return a.isDecimal() ? a : b;
  }
  if (a.isFloat() || b.isFloat()) {
    const NumberShape& other = a.isFloat() ? b : a;
    if (other.isInteger() && other.size >= 8) return std::nullopt;
    NumberShape f;
    f.family = Family::Float;
    f.size = other.isFloat() ? std::max(a.size, b.size) : std::max(a.isFloat() ? a.size : b.size, nextSize(other.size));
    return f;
  }
  NumberShape r;
  if (a.is_signed == b.is_signed) {
    r.is_signed = a.is_signed;
    r.size = std::max(a.size, b.size);
    return r;
  }
  const NumberShape& u = a.is_signed ? b : a;
  const NumberShape& i = a.is_signed ? a : b;
  if (u.size >= 32) return std::nullopt;
  r.is_signed = true;
  r.size = u.size < i.size ? i.size : (u.size == 8 && i.size == 8 ? 8 : u.size * 2);
  return r;
}

CallResult leastGreatestRule(const RuleCall& call) {
  if (call.size() == 0) return wrongArgumentCount(call.name, 0, 1, -1);
  std::optional<NumberShape> acc = numberShape(*call.type(0));
  bool numbers = acc.has_value();
  // UInt64 against Int64 has no common type, except in the two-argument form, which compares
  // them directly: greatest is UInt64, least Int64 (probed).
  bool u64 = false, i64 = false;
  for (size_t i = 0; i < call.size(); ++i) {
    u64 |= call.type(i)->kind == TypeKind::UInt64;
    i64 |= call.type(i)->kind == TypeKind::Int64;
  }
  if (u64 && i64) {
    if (call.size() != 2) return incompatible(call);
    bool greatest = call.name.size() >= 8 && (call.name[0] == 'g' || call.name[0] == 'G');
    return success(types::makeType(greatest ? TypeKind::UInt64 : TypeKind::Int64));
  }
  for (size_t i = 1; numbers && i < call.size(); ++i) {
    auto s = numberShape(*call.type(i));
    if (!s) {
      numbers = false;
      break;
    }
    acc = leastGreatestPair(*acc, *s);
    if (!acc) return incompatible(call);
  }
  if (numbers) {
    bool all_bool = true;
    for (size_t i = 0; i < call.size(); ++i) all_bool &= call.type(i)->kind == TypeKind::Bool;
    return success(all_bool ? types::makeType(TypeKind::Bool) : typeOfShape(*acc));
  }
  std::vector<TypePtr> list;
  for (size_t i = 0; i < call.size(); ++i) list.push_back(call.type(i));
  std::string error;
  TypePtr t = commonSupertype(list, &error);
  if (!t || t->kind == TypeKind::Variant)
    return failure("ILLEGAL_TYPE_OF_ARGUMENT", "no common type for the arguments of " + std::string(call.name));
  return success(t);
}

/// Two integer arguments give an integer that is signed when either is, of the wider size.
/// `ip_as_integer`: an IPv4 / IPv6 counts as its integer; `first` names what argument 0 may be.
CallResult integerPairRule(const RuleCall& call, bool ip_as_integer, const char* first) {
  NumberShape a, b;
  if (CallResult r = bothNumbers(call, a, b, ip_as_integer); !r.error_code.empty()) return r;
  if (!a.isInteger()) return illegalArgumentType(call, 0, first);
  if (!b.isInteger()) return illegalArgumentType(call, 1, "an integer");
  NumberShape r;
  r.is_signed = a.is_signed || b.is_signed;
  r.size = std::max(a.size, b.size);
  return success(typeOfShape(r));
}

/// bitAnd / bitOr / bitXor: integers only.
CallResult bitBinaryRule(const RuleCall& call) { return integerPairRule(call, false, "an integer"); }

/// bitShiftLeft / bitShiftRight: strings shift as they are; numbers follow bitAnd (an IPv4 /
/// IPv6 counts as its integer).
CallResult bitShiftRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  if (types::isStringLike(call.type(0)->kind)) {
    auto n = numberShape(*call.type(1));
    if (!n || !n->isInteger()) return illegalArgumentType(call, 1, "an integer");
    return success(call.type(0));
  }
  return integerPairRule(call, true, "an integer or a string");
}

/// bitCount: UInt8 for numbers up to 128 bits, UInt16 for 256-bit ones, UInt64 for strings.
CallResult bitCountRule(const RuleCall& call) {
  if (types::isStringLike(call.type(0)->kind)) return success(types::makeType(TypeKind::UInt64));
  auto s = numberShape(*call.type(0));
  if (!s || s->isDecimal()) return illegalArgumentType(call, 0, "a number or a string");
  return success(types::makeType(s->size > 16 ? TypeKind::UInt16 : TypeKind::UInt8));
}

/// bitNot: integers keep their type (Bool gives UInt8); a float gives the signed integer of its
/// size.
CallResult bitNotRule(const RuleCall& call) {
  auto s = numberShape(*call.type(0));
  if (types::isStringLike(call.type(0)->kind)) return success(call.type(0));
  if (!s || s->isDecimal() || (s->isFloat() && s->size == 2)) return illegalArgumentType(call, 0, "an integer or a float");
  if (s->isFloat()) {
    NumberShape r;
    r.is_signed = true;
    r.size = s->size;
    return success(typeOfShape(r));
  }
  return success(typeOfShape(*s));
}

CallResult negateRule(const RuleCall& call) {
  if (call.type(0)->kind == TypeKind::Interval) return success(call.type(0));
  auto s = numberShape(*call.type(0));
  if (!s) return illegalArgumentType(call, 0, "a number");
  if (s->isFloat() && s->size == 2) return illegalArgumentType(call, 0, "a number other than BFloat16");
  if (s->isInteger() && !s->is_signed) {
    NumberShape r = *s;
    r.is_signed = true;
    r.size = s->size > 8 ? s->size : nextSize(s->size);
    return success(typeOfShape(r));
  }
  if (call.type(0)->kind == TypeKind::Bool) return success(types::makeType(TypeKind::Int16));
  return success(call.type(0));
}

CallResult absRule(const RuleCall& call) {
  auto s = numberShape(*call.type(0));
  if (!s) return illegalArgumentType(call, 0, "a number");
  if (s->isFloat() && s->size == 2) return illegalArgumentType(call, 0, "a number other than BFloat16");
  if (s->isInteger()) {
    NumberShape r = *s;
    r.is_signed = false;
    return success(typeOfShape(r));
  }
  return success(call.type(0));
}

/// The operators with tuples (and interval sums) handled element-wise first.
template <NamedRule Rule, TupleOperatorKind Kind>
CallResult withTuples(const RuleCall& call) {
  if (auto r = tupleArithmetic(call, withTuples<Rule, Kind>, Kind)) return *r;
  return Rule(call);
}

/// positiveModulo(a, b): as `%`, but an integer result is the unsigned integer of the
/// divisor's width (probed: Int64 by Int16 gives UInt16).
CallResult positiveModuloRule(const RuleCall& call) {
  CallResult r = moduloRule(call);
  if (!r.ok() || call.size() != 2) return r;
  auto result = numberShape(*r.type);
  auto divisor = numberShape(*call.type(1));
  if (!result || !result->isInteger() || !divisor || !divisor->isInteger()) return r;
  NumberShape u;
  u.size = divisor->size;
  return success(typeOfShape(u));
}

constexpr NamedRuleEntry kRules[] = {
    {"positiveModulo", positiveModuloRule},
    {"modulo_or_zero", moduloRule},
    {"plus", withTuples<plusRule, TupleOperatorKind::Additive>},
    {"minus", withTuples<minusRule, TupleOperatorKind::Additive>},
    {"multiply", withTuples<multiplyRule, TupleOperatorKind::Multiplicative>},
    {"divide", withTuples<divideRule, TupleOperatorKind::Division>},
    {"intDiv", withTuples<intDivRule, TupleOperatorKind::Division>},
    {"modulo", withTuples<moduloRule, TupleOperatorKind::Division>}, {"least_greatest", leastGreatestRule},
    {"bit_binary", bitBinaryRule}, {"bit_shift", bitShiftRule}, {"bitCount", bitCountRule}, {"bitNot", bitNotRule}, {"negate", withTuples<negateRule, TupleOperatorKind::Unary>}, {"abs", absRule},
};

}  // namespace

std::span<const NamedRuleEntry> arithmeticRules() { return kRules; }

}  // namespace ferry::functions
