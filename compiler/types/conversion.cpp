// Classifying a CAST between two types by what it does to existing values (clickhouse.md
// §3.1-3.3, re-checked with chDB 26.7: CAST wraps integers, truncates fractions and scales,
// clamps dates, parses strings, matches named tuples by name, converts enums by name).
#include "compiler/types/conversion.h"

#include <algorithm>

#include "compiler/types/supertype.h"

namespace ferry::types {

namespace {

using K = ConversionKind;

ConversionVerdict verdict(K kind, std::string reason = {}) { return ConversionVerdict{kind, std::move(reason)}; }

ConversionVerdict worse(ConversionVerdict a, ConversionVerdict b) {
  return static_cast<int>(b.kind) > static_cast<int>(a.kind) ? b : a;
}

/// Identical parts of a changed type still make the whole change Lossless at least.
ConversionVerdict atLeastLossless(ConversionVerdict v, std::string reason) {
  if (v.kind == K::Identical) return verdict(K::Lossless, std::move(reason));
  return v;
}

std::string arrow(const DataType& from, const DataType& to) { return toString(from) + " -> " + toString(to); }

/// Decimal digits every value of an integer type fits in.
uint32_t integerDigits(TypeKind k) {
  switch (k) {
    case TypeKind::Bool: return 1;
    case TypeKind::UInt8: case TypeKind::Int8: return 3;
    case TypeKind::UInt16: case TypeKind::Int16: return 5;
    case TypeKind::UInt32: case TypeKind::Int32: return 10;
    case TypeKind::Int64: return 19;
    case TypeKind::UInt64: return 20;
    case TypeKind::UInt128: case TypeKind::Int128: return 39;
    case TypeKind::Int256: return 77;
    case TypeKind::UInt256: return 78;
    default: return 0;
  }
}

/// Decimal digits an integer type holds completely (every number with that many digits).
uint32_t integerCapacityDigits(TypeKind k) {
  switch (k) {
    case TypeKind::UInt8: case TypeKind::Int8: return 2;
    case TypeKind::UInt16: case TypeKind::Int16: return 4;
    case TypeKind::UInt32: case TypeKind::Int32: return 9;
    case TypeKind::Int64: return 18;
    case TypeKind::UInt64: return 19;
    case TypeKind::UInt128: case TypeKind::Int128: return 38;
    case TypeKind::UInt256: case TypeKind::Int256: return 76;
    default: return 0;
  }
}

uint32_t mantissaBits(TypeKind k) {
  return k == TypeKind::BFloat16 ? 8 : k == TypeKind::Float32 ? 24 : 53;
}

/// The integer a date/time type is stored as.
TypeKind storageOf(TypeKind k) {
  switch (k) {
    case TypeKind::Date: return TypeKind::UInt16;
    case TypeKind::Date32: return TypeKind::Int32;
    case TypeKind::DateTime: return TypeKind::UInt32;
    case TypeKind::IPv4: return TypeKind::UInt32;
    case TypeKind::Time: return TypeKind::Int32;
    case TypeKind::Interval:
    case TypeKind::DateTime64:
    case TypeKind::Time64: return TypeKind::Int64;
    case TypeKind::Bool: return TypeKind::UInt8;
    default: return k;
  }
}

ConversionVerdict integers(const DataType& from, TypeKind f, TypeKind t, const DataType& to) {
  uint32_t fb = integerBits(f), tb = integerBits(t);
  if (isSignedInteger(f) && isUnsignedInteger(t)) return verdict(K::Lossy, arrow(from, to) + " wraps negative values");
  if (isUnsignedInteger(f) && isSignedInteger(t) ? tb > fb : tb >= fb) {
    return verdict(fb == tb && f == t ? K::Identical : K::Lossless);
  }
  return verdict(K::Lossy, arrow(from, to) + " wraps values that do not fit");
}

ConversionVerdict numbers(const DataType& from, const DataType& to) {
  TypeKind f = storageOf(from.kind), t = to.kind;
  if (isInteger(f)) {
    if (isInteger(t)) return atLeastLossless(integers(from, f, t, to), "");
    if (isFloat(t)) {
      uint32_t bits = integerBits(f) - (isSignedInteger(f) ? 1 : 0);
      if (bits <= mantissaBits(t)) return verdict(K::Lossless);
      return verdict(K::Lossy, arrow(from, to) + " rounds large integers");
    }
    if (t == TypeKind::Decimal) {
      if (integerDigits(f) <= to.precision - to.scale) return verdict(K::Lossless);
      return verdict(K::Fallible, arrow(from, to) + ": values with more than " +
                                      std::to_string(to.precision - to.scale) + " integer digits overflow");
    }
  }
  if (isFloat(f)) {
    if (isFloat(t)) {
      if (mantissaBits(t) >= mantissaBits(f) && !(f == TypeKind::BFloat16 && t == TypeKind::BFloat16)) {
        return verdict(K::Lossless);
      }
      return verdict(K::Lossy, arrow(from, to) + " rounds");
    }
    if (isInteger(t) || t == TypeKind::Decimal) {
      return verdict(K::Fallible, arrow(from, to) + " truncates fractions, wraps or fails on large values, NaN and Inf");
    }
  }
  if (f == TypeKind::Decimal) {
    uint32_t int_digits = from.precision - from.scale;
    if (t == TypeKind::Decimal) {
      if (to.precision - to.scale < int_digits) {
        return verdict(K::Fallible, arrow(from, to) + ": the integer part may overflow");
      }
      if (to.scale < from.scale) return verdict(K::Lossy, arrow(from, to) + " truncates the scale");
      return verdict(K::Lossless);
    }
    if (isInteger(t)) {
      if (int_digits > integerCapacityDigits(t) || isUnsignedInteger(t)) {
        return verdict(K::Fallible, arrow(from, to) + " fails on values out of range");
      }
      if (from.scale > 0) return verdict(K::Lossy, arrow(from, to) + " truncates fractions");
      return verdict(K::Lossless);
    }
    if (isFloat(t)) return verdict(K::Lossy, arrow(from, to) + " rounds to binary floating point");
  }
  return verdict(K::Impossible, arrow(from, to) + " is not a numeric conversion");
}

bool isDateTimeLike(TypeKind k) {
  return isDateOrDateTime(k) || k == TypeKind::Time || k == TypeKind::Time64;
}

ConversionVerdict datesAndTimes(const DataType& from, const DataType& to) {
  TypeKind f = from.kind, t = to.kind;
  auto lossless = verdict(K::Lossless);
  auto lossy = [&](std::string what) { return verdict(K::Lossy, arrow(from, to) + " " + what); };
  switch (f) {
    case TypeKind::Date:
      if (t == TypeKind::Date32 || t == TypeKind::DateTime64) return lossless;
      if (t == TypeKind::DateTime) return lossy("clamps dates after 2106-02-07");
      break;
    case TypeKind::Date32:
      if (t == TypeKind::DateTime64) return lossless;
      if (t == TypeKind::Date || t == TypeKind::DateTime) return lossy("clamps dates out of range");
      break;
    case TypeKind::DateTime:
      if (t == TypeKind::DateTime) return lossless;  // same instant, another time zone
      if (t == TypeKind::DateTime64) return lossless;
      if (t == TypeKind::Date || t == TypeKind::Date32) return lossy("drops the time of day");
      if (t == TypeKind::Time || t == TypeKind::Time64) return lossy("keeps only the time of day");
      break;
    case TypeKind::DateTime64:
      if (t == TypeKind::DateTime64) {
        return to.precision >= from.precision ? lossless : lossy("drops sub-second digits");
      }
      if (t == TypeKind::DateTime) return lossy("drops the fraction and clamps the range");
      if (t == TypeKind::Date || t == TypeKind::Date32) return lossy("drops the time of day");
      if (t == TypeKind::Time || t == TypeKind::Time64) return lossy("keeps only the time of day");
      break;
    case TypeKind::Time:
      if (t == TypeKind::Time64) return lossless;
      if (t == TypeKind::DateTime || t == TypeKind::DateTime64) return lossy("reads the time as a date-time");
      break;
    case TypeKind::Time64:
      if (t == TypeKind::Time64) return to.precision >= from.precision ? lossless : lossy("drops sub-second digits");
      if (t == TypeKind::Time) return lossy("drops the fraction");
      if (t == TypeKind::DateTime || t == TypeKind::DateTime64) return lossy("reads the time as a date-time");
      break;
    default: break;
  }
  return verdict(K::Impossible, arrow(from, to) + " is not supported");
}

bool isMonthBased(IntervalUnit u) {
  return u == IntervalUnit::Month || u == IntervalUnit::Quarter || u == IntervalUnit::Year;
}

ConversionVerdict enums(const DataType& from, const DataType& to) {
  if (to.kind == TypeKind::Enum8 || to.kind == TypeKind::Enum16) {
    ConversionVerdict v = verdict(K::Lossless);
    for (const auto& value : from.enum_values) {
      auto it = std::find_if(to.enum_values.begin(), to.enum_values.end(),
                             [&](const EnumValue& e) { return e.name == value.name; });
      if (it == to.enum_values.end()) {
        v = worse(v, verdict(K::Fallible, arrow(from, to) + " fails on '" + value.name + "', which it drops"));
      } else if (it->value != value.value) {
        return verdict(K::Impossible, arrow(from, to) + " changes the value of '" + value.name + "'");
      }
    }
    return v;
  }
  if (isInteger(to.kind) || isFloat(to.kind) || to.kind == TypeKind::Decimal) {
    int64_t lo = 0, hi = 0;
    for (const auto& value : from.enum_values) {
      lo = std::min(lo, value.value);
      hi = std::max(hi, value.value);
    }
    DataType storage;
    storage.kind = from.kind == TypeKind::Enum8 ? TypeKind::Int8 : TypeKind::Int16;
    if (lo >= 0 && hi <= 255) storage.kind = TypeKind::UInt8;
    else if (lo >= 0 && hi <= 65535) storage.kind = TypeKind::UInt16;
    else if (lo >= -128 && hi <= 127) storage.kind = TypeKind::Int8;
    auto v = numbers(storage, to);
    if (v.kind != K::Identical && v.kind != K::Lossless) v.reason = arrow(from, to) + " does not hold every enum value";
    return v.kind == K::Identical ? verdict(K::Lossless) : v;
  }
  return verdict(K::Impossible, arrow(from, to) + " is not supported");
}

ConversionVerdict explain(const DataType& from, const DataType& to);

ConversionVerdict tuples(const DataType& from, const DataType& to) {
  ConversionVerdict v = verdict(K::Identical);
  if (!from.element_names.empty() && !to.element_names.empty()) {
    // Named tuples convert by name: missing elements get defaults, extra ones are dropped.
    for (size_t i = 0; i < to.children.size(); ++i) {
      auto it = std::find(from.element_names.begin(), from.element_names.end(), to.element_names[i]);
      if (it == from.element_names.end()) {
        v = worse(v, verdict(K::Lossy, arrow(from, to) + ": `" + to.element_names[i] + "` gets its default"));
        continue;
      }
      v = worse(v, explain(*from.children[static_cast<size_t>(it - from.element_names.begin())], *to.children[i]));
    }
    for (const auto& name : from.element_names) {
      if (std::find(to.element_names.begin(), to.element_names.end(), name) == to.element_names.end()) {
        v = worse(v, verdict(K::Lossy, arrow(from, to) + " drops `" + name + "`"));
      }
    }
    return atLeastLossless(v, "");
  }
  if (from.children.size() != to.children.size()) {
    return verdict(K::Impossible, arrow(from, to) + ": tuples of different sizes");
  }
  for (size_t i = 0; i < from.children.size(); ++i) v = worse(v, explain(*from.children[i], *to.children[i]));
  return atLeastLossless(v, "");
}

/// Arrays, maps, tuples (Nested is an array of named tuples).
std::optional<ConversionVerdict> composite(const DataType& from, const DataType& to) {
  auto asArray = [](const DataType& t) -> TypePtr {
    if (t.kind == TypeKind::Nested) return makeArray(makeTuple(t.children, t.element_names));
    return nullptr;
  };
  if (auto a = asArray(from)) return explain(*a, to);
  if (auto a = asArray(to)) return explain(from, *a);
  bool from_composite = from.kind == TypeKind::Array || from.kind == TypeKind::Map || from.kind == TypeKind::Tuple;
  bool to_composite = to.kind == TypeKind::Array || to.kind == TypeKind::Map || to.kind == TypeKind::Tuple;
  if (!from_composite && !to_composite) return std::nullopt;
  if (isStringLike(from.kind) || to.kind == TypeKind::String) return std::nullopt;  // parsed / formatted as text
  if (from.kind == TypeKind::Array && to.kind == TypeKind::Array) {
    return atLeastLossless(explain(*from.child(), *to.child()), "");
  }
  if (from.kind == TypeKind::Map && to.kind == TypeKind::Map) {
    return atLeastLossless(worse(explain(*from.children[0], *to.children[0]), explain(*from.children[1], *to.children[1])), "");
  }
  if (from.kind == TypeKind::Tuple && to.kind == TypeKind::Tuple) return tuples(from, to);
  // Map(K, V) <-> Array(Tuple(K, V)) convert entry by entry.
  if (from.kind == TypeKind::Map && to.kind == TypeKind::Array) {
    return atLeastLossless(explain(*makeTuple(from.children), *to.child()), "");
  }
  // A Map is an array of pairs: repeated keys are kept (checked in ClickHouse 26.7).
  if (from.kind == TypeKind::Array && to.kind == TypeKind::Map && from.child()->kind == TypeKind::Tuple) {
    return atLeastLossless(explain(*from.child(), *makeTuple(to.children)), "");
  }
  return verdict(K::Impossible, arrow(from, to) + " is not supported");
}

ConversionVerdict explain(const DataType& from, const DataType& to) {
  if (equals(from, to)) return verdict(K::Identical);

  if (from.kind == TypeKind::SimpleAggregateFunction || to.kind == TypeKind::SimpleAggregateFunction) {
    const DataType& a = from.kind == TypeKind::SimpleAggregateFunction ? *from.child() : from;
    const DataType& b = to.kind == TypeKind::SimpleAggregateFunction ? *to.child() : to;
    return atLeastLossless(explain(a, b), "the aggregate function of the column changes");
  }
  if (from.kind == TypeKind::LowCardinality || to.kind == TypeKind::LowCardinality) {
    return atLeastLossless(explain(*removeLowCardinality(std::make_shared<DataType>(from)),
                                   *removeLowCardinality(std::make_shared<DataType>(to))),
                           "only LowCardinality changes");
  }
  if (from.kind == TypeKind::Nothing) return verdict(K::Lossless);
  if (from.kind == TypeKind::Nullable && from.child()->kind == TypeKind::Nothing) {
    if (to.kind == TypeKind::Nullable) return verdict(K::Lossless);
    return verdict(K::Fallible, "NULL cannot be converted to the non-Nullable " + toString(to));
  }
  if (from.kind == TypeKind::Nullable && to.kind == TypeKind::Nullable) return explain(*from.child(), *to.child());
  if (to.kind == TypeKind::Nullable) return atLeastLossless(explain(from, *to.child()), "adds Nullable");
  if (from.kind == TypeKind::Nullable) {
    auto v = explain(*from.child(), to);
    if (v.kind == K::Impossible) return v;
    return worse(v, verdict(K::Fallible, arrow(from, to) + " fails on NULL (use ifNull or a DEFAULT)"));
  }

  if (to.kind == TypeKind::Dynamic) return verdict(K::Lossless);
  if (from.kind == TypeKind::Dynamic) return verdict(K::Fallible, arrow(from, to) + " fails on values of other types");
  if (to.kind == TypeKind::Variant) {
    auto contains = [&](const DataType& member) {
      return std::any_of(to.children.begin(), to.children.end(), [&](const TypePtr& m) { return equals(*m, member); });
    };
    bool all = from.kind == TypeKind::Variant
                   ? std::all_of(from.children.begin(), from.children.end(), [&](const TypePtr& m) { return contains(*m); })
                   : contains(from);
    if (all) return verdict(K::Lossless);
    return verdict(K::Fallible, arrow(from, to) + " must convert values to one of the variants");
  }
  if (from.kind == TypeKind::Variant) return verdict(K::Fallible, arrow(from, to) + " fails on values of other variants");

  if (from.kind == TypeKind::AggregateFunction || to.kind == TypeKind::AggregateFunction) {
    if (from.kind == TypeKind::AggregateFunction && to.kind == TypeKind::AggregateFunction &&
        aggregateStateCompatible(from, to)) {
      return verdict(K::Lossless);
    }
    if (from.kind == TypeKind::AggregateFunction && to.kind == TypeKind::String) {
      return verdict(K::Lossless);  // the serialized state
    }
    return verdict(K::Impossible, "Conversion from " + toString(from) + " to " + toString(to) +
                                      " is not supported: the aggregate states differ");
  }

  if (auto v = composite(from, to)) return *v;

  if (to.kind == TypeKind::String) return verdict(K::Lossless);  // formatted as text, parsed back the same way
  if (to.kind == TypeKind::FixedString) {
    if (from.kind == TypeKind::FixedString && from.length <= to.length) return verdict(K::Lossless);
    if (isStringLike(from.kind)) {
      return verdict(K::Fallible, arrow(from, to) + " fails on values longer than " + std::to_string(to.length) + " bytes");
    }
    return verdict(K::Impossible, "CAST AS FixedString is only implemented for String and FixedString");
  }
  if (isStringLike(from.kind)) {
    return verdict(K::Fallible, arrow(from, to) + " parses text and fails on values that do not parse");
  }
  if (to.kind == TypeKind::JSON) return verdict(K::Fallible, arrow(from, to) + " may fail to convert");
  if (from.kind == TypeKind::JSON) return verdict(K::Impossible, arrow(from, to) + " is not supported");

  if (from.kind == TypeKind::Enum8 || from.kind == TypeKind::Enum16) return enums(from, to);
  if (to.kind == TypeKind::Enum8 || to.kind == TypeKind::Enum16) {
    if (isInteger(storageOf(from.kind))) return verdict(K::Fallible, arrow(from, to) + " fails on numbers that are not enum values");
    return verdict(K::Impossible, arrow(from, to) + " is not supported");
  }

  if (from.kind == TypeKind::UUID || to.kind == TypeKind::UUID) {
    if (from.kind == TypeKind::UUID && to.kind == TypeKind::UInt128) return verdict(K::Lossless);
    return verdict(K::Impossible, "Conversion between numeric types and UUID is not supported");
  }
  if (from.kind == TypeKind::IPv6 || to.kind == TypeKind::IPv6) {
    if (from.kind == TypeKind::IPv4 && to.kind == TypeKind::IPv6) return verdict(K::Lossless);
    if (from.kind == TypeKind::IPv6 && to.kind == TypeKind::IPv4) {
      return verdict(K::Fallible, arrow(from, to) + " fails on addresses outside the IPv4-mapped block");
    }
    if (from.kind == TypeKind::IPv6 && (to.kind == TypeKind::UInt128 || to.kind == TypeKind::Int128)) {
      return verdict(K::Lossless);
    }
    return verdict(K::Impossible, arrow(from, to) + " is not supported");
  }
  if (to.kind == TypeKind::IPv4) {
    if (isInteger(from.kind)) {
      DataType u32;
      u32.kind = TypeKind::UInt32;
      auto v = numbers(from, u32);
      return v.kind == K::Identical ? verdict(K::Lossless) : verdict(v.kind, arrow(from, to) + " wraps values that do not fit");
    }
    return verdict(K::Impossible, arrow(from, to) + " is not supported");
  }

  if (from.kind == TypeKind::Interval && to.kind == TypeKind::Interval) {
    if (isMonthBased(from.interval_unit) != isMonthBased(to.interval_unit)) {
      return verdict(K::Lossy, arrow(from, to) + " approximates: months have no fixed length");
    }
    if (to.interval_unit < from.interval_unit) return verdict(K::Lossless);
    return verdict(K::Lossy, arrow(from, to) + " truncates to whole " + toString(to).substr(8));
  }

  bool from_time = isDateTimeLike(from.kind), to_time = isDateTimeLike(to.kind);
  if (from_time && to_time) return datesAndTimes(from, to);
  if (to_time || to.kind == TypeKind::Interval) {
    // Date is a UInt16 count of days and DateTime a UInt32 count of seconds: narrower unsigned
    // integers are stored as they are.
    if (isUnsignedInteger(from.kind) && ((to.kind == TypeKind::DateTime && integerBits(from.kind) <= 32) ||
                                         (to.kind == TypeKind::Date && integerBits(from.kind) <= 16))) {
      return verdict(K::Lossless);
    }
    if (isNumber(from.kind) || from.kind == TypeKind::Bool || from.kind == TypeKind::Interval) {
      return verdict(K::Lossy, arrow(from, to) + " reads numbers as day/second counts and clamps");
    }
    return verdict(K::Impossible, arrow(from, to) + " is not supported");
  }

  TypeKind f = storageOf(from.kind);
  if (to.kind == TypeKind::Bool) {
    if (from.kind == TypeKind::Bool) return verdict(K::Identical);
    if (isNumber(f)) return verdict(K::Lossy, arrow(from, to) + " turns every non-zero value into true");
    return verdict(K::Impossible, arrow(from, to) + " is not supported");
  }
  if ((isNumber(f)) && isNumber(to.kind)) {
    DataType storage = from;
    storage.kind = f;
    auto v = numbers(storage, to);
    return from.kind != f ? atLeastLossless(v, "") : v;
  }
  return verdict(K::Impossible, "Conversion from " + toString(from) + " to " + toString(to) + " is not supported");
}

}  // namespace

std::string_view conversionKindName(ConversionKind kind) {
  switch (kind) {
    case K::Identical: return "identical";
    case K::Lossless: return "lossless";
    case K::Lossy: return "lossy";
    case K::Fallible: return "fallible";
    case K::Impossible: return "impossible";
  }
  return "impossible";
}

ConversionVerdict explainConversion(const DataType& from, const DataType& to) { return explain(from, to); }

ConversionKind classifyConversion(const DataType& from, const DataType& to) { return explain(from, to).kind; }

}  // namespace ferry::types
