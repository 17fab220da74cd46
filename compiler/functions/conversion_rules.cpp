/// Conversions whose result is read from constant arguments or wraps the argument's type:
/// toDecimalN(x, S), toFixedString(s, N), toLowCardinality, toNullable.
#include <string>

#include "compiler/functions/named_rules.h"
#include "compiler/functions/type_lookup.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

/// Whether `text` reads as a decimal number (sign, digits, one point, an exponent).
bool looksNumeric(const std::string& text) {
  size_t i = 0, digits = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  bool point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '.' && !point) point = true;
    else if ((c == 'e' || c == 'E') && digits) return i + 1 < text.size();
    else return false;
  }
  return digits > 0;
}

/// toDecimal32/64/128/256(x, S) and their OrNull/OrZero/OrDefault forms: Decimal(P, S) with
/// P the rule parameter and S the constant second argument. A constant argument is converted
/// when the query is analyzed, so a BFloat16 constant (not implemented) or a string that is
/// not a number fails there; the OrZero/OrNull/OrDefault forms take no BFloat16 at all.
CallResult toDecimalRule(const RuleCall& call) {
  if (call.rule_params.size() != 1) return failure("LOGICAL_ERROR", "@toDecimal needs a precision");
  uint32_t precision = static_cast<uint32_t>(std::stoul(call.rule_params[0]));
  if (call.size() < 2) return wrongArgumentCount(call.name, call.size(), 2, 3);
  bool lenient = call.name.find("Or") != std::string_view::npos;
  if (call.type(0)->kind == TypeKind::BFloat16) {
    if (lenient) return illegalArgumentType(call, 0, "a type other than BFloat16");
    if (call.args[0].constant)
      return failure("NOT_IMPLEMENTED", "converting a BFloat16 constant to a decimal is not implemented");
  }
  if (!lenient)
    if (const std::string* text = call.constantString(0); text && !looksNumeric(*text))
      return failure("CANNOT_PARSE_TEXT", "cannot parse '" + *text + "' as a decimal in " + std::string(call.name));
  int64_t scale = 0;
  if (!call.constantInt(1, scale)) return notConstant(call, 1, "scale");
  if (scale < 0 || static_cast<uint64_t>(scale) > precision)
    return failure("ARGUMENT_OUT_OF_BOUND", "scale " + std::to_string(scale) + " is out of bounds for " +
                                                std::string(call.name));
  return success(types::makeDecimal(precision, static_cast<uint32_t>(scale)));
}

CallResult toFixedStringRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  int64_t n = 0;
  if (!call.constantInt(1, n)) return notConstant(call, 1, "length");
  if (n <= 0) return failure("ILLEGAL_TYPE_OF_ARGUMENT", "FixedString length must be positive");
  return success(types::makeFixedString(static_cast<uint64_t>(n)));
}

CallResult toLowCardinalityRule(const RuleCall& call) {
  const TypePtr& t = call.type(0);
  if (t->kind == TypeKind::LowCardinality) return success(t);
  if (!types::canBeInsideLowCardinality(*t)) return illegalArgumentType(call, 0, "a type LowCardinality can hold");
  return success(types::makeLowCardinality(t));
}

/// toNullable: Nullable(T); a LowCardinality gets LowCardinality(Nullable(T)); a tuple may be
/// Nullable as a function result.
CallResult toNullableRule(const RuleCall& call) {
  if (call.type(0)->kind == TypeKind::Tuple) return success(types::makeNullable(call.type(0)));
  return success(types::makeNullableSafe(call.type(0)));
}

/// The type named by the constant string that is the last argument.
CallResult typeNamedLast(const RuleCall& call, TypePtr& out) {
  size_t last = call.size() - 1;
  const std::string* name = call.constantString(last);
  if (!name) return notConstant(call, last, "string naming a type");
  out = typeFromName(*name);
  if (!out) return failure("UNKNOWN_TYPE", "unknown type `" + *name + "` in function " + std::string(call.name));
  return success(nullptr);
}

/// JSONExtract(json, path..., 'T'): T; a Nullable argument makes it Nullable(T), which is an
/// error when T cannot be inside Nullable (LowCardinality, Array), unlike the default handling.
/// The row sees NULL, Nullable and LowCardinality arguments as they are: NULL before the type
/// name gives Nullable(Nothing), a LowCardinality(Nullable) argument is an error.
CallResult jsonExtractRule(const RuleCall& call) {
  TypePtr t;
  if (CallResult r = typeNamedLast(call, t); !r.error_code.empty()) return r;
  bool nullable = false;
  for (size_t i = 0; i + 1 < call.size(); ++i) {
    const TypePtr& a = call.type(i);
    if (a->kind == TypeKind::LowCardinality && types::isNullable(*a->child()))
      return illegalArgumentType(call, i, "a non-Nullable LowCardinality");
    TypePtr plain = types::removeLowCardinality(a);
    if (plain->kind == TypeKind::Nullable && plain->child()->kind == TypeKind::Nothing)
      return success(types::makeNullable(types::makeType(TypeKind::Nothing)));
    nullable |= types::isNullable(*plain);
  }
  if (!nullable || t->kind == TypeKind::Nullable) return success(t);
  if (t->kind == TypeKind::Tuple || types::canBeInsideNullable(*t)) return success(types::makeNullable(t));
  return failure("ILLEGAL_TYPE_OF_ARGUMENT", "the result " + types::toString(t) + " of " + std::string(call.name) +
                                                 " cannot be Nullable for a Nullable argument");
}

/// reinterpret(x, 'T'): T; an array target needs fixed-size elements (no String, Nullable or
/// nested arrays).
CallResult reinterpretRule(const RuleCall& call) {
  TypePtr t;
  if (CallResult r = typeNamedLast(call, t); !r.error_code.empty()) return r;
  if (t->kind == TypeKind::Array) {
    TypeKind e = t->child()->kind;
    if (e == TypeKind::String || e == TypeKind::Nullable || e == TypeKind::Array || e == TypeKind::LowCardinality ||
        e == TypeKind::Tuple || e == TypeKind::Map)
      return failure("ILLEGAL_TYPE_OF_ARGUMENT", "cannot reinterpret as " + types::toString(t));
  }
  return success(t);
}

/// toString(x[, tz]): String; the time zone argument only follows a DateTime or DateTime64.
CallResult toStringRule(const RuleCall& call) {
  if (call.size() == 2) {
    TypeKind k = call.type(0)->kind;
    if (k != TypeKind::DateTime && k != TypeKind::DateTime64)
      return wrongArgumentCount(call.name, call.size(), 1, 1);
  }
  return success(types::makeType(TypeKind::String));
}

/// CAST and accurateCast(x, 'T'): T. A constant is cast when the query is analyzed, where a
/// UUID converts to no number but UInt128 (NOT_IMPLEMENTED, probed).
CallResult castRule(const RuleCall& call) {
  if (call.size() < 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  const std::string* name = call.constantString(1);
  if (!name) return notConstant(call, 1, "string naming a type");
  TypePtr t = typeFromName(*name);
  if (!t) return failure("UNKNOWN_TYPE", "unknown type `" + *name + "` in function " + std::string(call.name));
  TypePtr from = types::removeNullableAndLowCardinality(call.type(0));
  TypePtr to = types::removeNullableAndLowCardinality(t);
  if (from->kind == TypeKind::UUID && call.args[0].constant && types::isNumber(to->kind) && to->kind != TypeKind::UInt128)
    return failure("NOT_IMPLEMENTED", "casting a UUID constant to " + types::toString(t) + " is not implemented");
  return success(t);
}

constexpr NamedRuleEntry kRules[] = {
    {"cast", castRule},
    {"toString", toStringRule},
    {"json_extract", jsonExtractRule}, {"reinterpret", reinterpretRule},
    {"toDecimal", toDecimalRule}, {"toFixedString", toFixedStringRule},
    {"toLowCardinality", toLowCardinalityRule}, {"toNullable", toNullableRule},
};

}  // namespace

std::span<const NamedRuleEntry> conversionRules() { return kRules; }

}  // namespace ferry::functions
