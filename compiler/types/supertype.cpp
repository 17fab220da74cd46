// getLeastSupertype of ClickHouse 26.7, rule by rule in ClickHouse's order: trivial cases,
// Dynamic, Nothing, then the recursive rules (Array, Tuple, Map, LowCardinality, Nullable),
// then the flat ones (JSON, strings, dates and times, intervals, decimals, numbers). Checked
// against oracle/probe_types.tsv (group supertype:if) and chDB probes.
#include "compiler/types/supertype.h"

#include <algorithm>
#include <vector>

namespace ferry::types {

namespace {

using Types = std::vector<TypePtr>;

SupertypeResult noCommonType(const Types& types, std::string_view why) {
  std::string list;
  for (const auto& t : types) {
    if (!list.empty()) list += ", ";
    list += toString(t);
  }
  std::string message = "There is no supertype for types " + list;
  if (!why.empty()) message += " because " + std::string(why);
  return SupertypeResult{nullptr, "NO_COMMON_TYPE", std::move(message), false};
}

SupertypeResult found(TypePtr t) { return SupertypeResult{std::move(t), {}, {}, false}; }

/// What ClickHouse sees below custom names: Bool is UInt8, SimpleAggregateFunction(f, T) is T.
const DataType& base(const DataType& t) {
  if (t.kind == TypeKind::SimpleAggregateFunction && !t.children.empty()) return base(*t.child());
  return t;
}

TypeKind baseKind(const DataType& t) {
  const DataType& b = base(t);
  return b.kind == TypeKind::Bool ? TypeKind::UInt8 : b.kind;
}

SupertypeResult trySupertype(const Types& types);

SupertypeResult elementWise(const Types& parts, TypePtr (*wrap)(TypePtr)) {
  auto r = trySupertype(parts);
  if (!r.ok()) return r;
  return found(wrap(r.type));
}

/// Nested(a T, ...) behaves as Array(Tuple(a T, ...)) once it is not equal to the others.
TypePtr asArray(const TypePtr& t) {
  if (t->kind != TypeKind::Nested) return t;
  return makeArray(makeTuple(t->children, t->element_names));
}

SupertypeResult arrays(const Types& types) {
  Types elements;
  for (const auto& t : types) {
    TypePtr a = asArray(t);
    if (a->kind != TypeKind::Array) return noCommonType(types, "some of them are Array and some of them are not");
    elements.push_back(a->child());
  }
  return elementWise(elements, [](TypePtr e) { return makeArray(std::move(e)); });
}

SupertypeResult tuples(const Types& types) {
  size_t size = types.front()->children.size();
  const auto& names = types.front()->element_names;
  bool same_names = !names.empty();
  for (const auto& t : types) {
    if (t->kind != TypeKind::Tuple) return noCommonType(types, "some of them are Tuple and some of them are not");
    if (t->children.size() != size) return noCommonType(types, "Tuples have different sizes");
    if (t->element_names != names) same_names = false;
  }
  std::vector<TypePtr> elements;
  for (size_t i = 0; i < size; ++i) {
    Types column;
    for (const auto& t : types) column.push_back(t->children[i]);
    auto r = trySupertype(column);
    if (!r.ok()) return r;
    elements.push_back(r.type);
  }
  return found(makeTuple(std::move(elements), same_names ? names : std::vector<std::string>{}));
}

SupertypeResult maps(const Types& types) {
  Types keys;
  Types values;
  for (const auto& t : types) {
    if (t->kind != TypeKind::Map) return noCommonType(types, "some of them are Maps and some of them are not");
    keys.push_back(t->children[0]);
    values.push_back(t->children[1]);
  }
  auto k = trySupertype(keys);
  if (!k.ok()) return k;
  auto v = trySupertype(values);
  if (!v.ok()) return v;
  return found(makeMap(k.type, v.type));
}

/// Dates and times: Date < Date32 / DateTime < DateTime64; Time/Time64 only mix with
/// DateTime/DateTime64 (giving DateTime64) and with each other.
SupertypeResult datesAndTimes(const Types& types) {
  bool date = false, date32 = false, datetime = false, datetime64 = false, time = false;
  for (const auto& t : types) {
    switch (baseKind(*t)) {
      case TypeKind::Date: date = true; break;
      case TypeKind::Date32: date32 = true; break;
      case TypeKind::DateTime: datetime = true; break;
      case TypeKind::DateTime64: datetime64 = true; break;
      case TypeKind::Time:
      case TypeKind::Time64: time = true; break;
      default: return noCommonType(types, "some of them are Date/Date32/DateTime/DateTime64 and some of them are not");
    }
  }
  auto firstOf = [&](TypeKind k) -> TypePtr {
    for (const auto& t : types) {
      if (baseKind(*t) == k) return t;
    }
    return nullptr;
  };
  if (time) {
    if (date || date32) return noCommonType(types, "some of them are Time and some of them are Date");
    uint32_t scale = 0;
    for (const auto& t : types) {
      if (t->kind == TypeKind::Time64 || t->kind == TypeKind::DateTime64) scale = std::max(scale, t->precision);
    }
    if (!datetime && !datetime64) return found(scale > 0 || firstOf(TypeKind::Time64) ? makeTime64(scale) : makeType(TypeKind::Time));
    std::string tz;
    if (auto dt = firstOf(TypeKind::DateTime)) tz = dt->timezone;
    for (const auto& t : types) {
      if (t->kind == TypeKind::DateTime64 && t->precision == scale) tz = t->timezone;
    }
    return found(makeDateTime64(scale, tz));
  }
  if (!datetime64 && !date32) return found(datetime ? firstOf(TypeKind::DateTime) : makeType(TypeKind::Date));
  if (!datetime && !datetime64) return found(firstOf(TypeKind::Date32));
  if (!datetime64) return found(makeDateTime64(0));
  // The DateTime64 with the largest scale; the last one among equals.
  TypePtr best;
  for (const auto& t : types) {
    if (t->kind == TypeKind::DateTime64 && (!best || t->precision >= best->precision)) best = t;
  }
  return found(best);
}

bool isMonthBased(IntervalUnit u) {
  return u == IntervalUnit::Month || u == IntervalUnit::Quarter || u == IntervalUnit::Year;
}

SupertypeResult intervals(const Types& types) {
  std::optional<IntervalUnit> finest;
  bool month_based = false, fixed = false;
  for (const auto& t : types) {
    TypeKind k = baseKind(*t);
    if (k == TypeKind::Interval) {
      (isMonthBased(t->interval_unit) ? month_based : fixed) = true;
      if (!finest || t->interval_unit < *finest) finest = t->interval_unit;
    } else if (!isInteger(k) && !isFloat(k)) {
      return noCommonType(types, "some of them are Interval and some of them are not");
    }
  }
  if (month_based && fixed) {
    auto r = noCommonType(types, "intervals with months and with a fixed length cannot be compared");
    r.hard_error = true;
    return r;
  }
  return found(makeInterval(*finest));
}

/// Digits an integer type needs in a Decimal (ClickHouse's leastDecimalPrecisionFor).
uint32_t decimalDigitsFor(TypeKind k) {
  switch (k) {
    case TypeKind::Int8: case TypeKind::UInt8: return 3;
    case TypeKind::Int16: case TypeKind::UInt16: return 5;
    case TypeKind::Int32: return 9;
    case TypeKind::UInt32: return 10;
    case TypeKind::Int64: return 18;
    case TypeKind::UInt64: return 20;
    default: return 0;
  }
}

SupertypeResult decimals(const Types& types) {
  // The widest integer in ClickHouse's order Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64.
  static constexpr TypeKind kOrder[] = {TypeKind::Int8,  TypeKind::UInt8,  TypeKind::Int16, TypeKind::UInt16,
                                        TypeKind::Int32, TypeKind::UInt32, TypeKind::Int64, TypeKind::UInt64};
  int max_int = -1;
  uint32_t max_scale = 0;
  uint32_t max_precision = 0;
  for (const auto& t : types) {
    TypeKind k = baseKind(*t);
    if (k == TypeKind::Decimal) {
      max_scale = std::max(max_scale, base(*t).scale);
      max_precision = std::max(max_precision, base(*t).precision);
      continue;
    }
    auto it = std::find(std::begin(kOrder), std::end(kOrder), k);
    if (it == std::end(kOrder)) return noCommonType(types, "some of them have no lossless conversion to Decimal");
    max_int = std::max(max_int, static_cast<int>(it - std::begin(kOrder)));
  }
  uint32_t needed = max_int >= 0 ? max_scale + decimalDigitsFor(kOrder[max_int]) : 0;
  needed = std::max(needed, max_precision);
  if (needed > 76) {
    return SupertypeResult{nullptr, "ARGUMENT_OUT_OF_BOUND",
                           "Cannot get a common Decimal type: precision " + std::to_string(needed) + " exceeds 76",
                           false};
  }
  uint32_t precision = needed > 38 ? 76 : needed > 18 ? 38 : needed > 9 ? 18 : 9;
  return found(makeDecimal(precision, max_scale));
}

SupertypeResult numbers(const Types& types) {
  uint32_t max_signed = 0, max_unsigned = 0, max_mantissa = 0;
  for (const auto& t : types) {
    TypeKind k = baseKind(*t);
    if (isUnsignedInteger(k)) {
      max_unsigned = std::max(max_unsigned, integerBits(k));
    } else if (isSignedInteger(k)) {
      max_signed = std::max(max_signed, integerBits(k));
    } else if (k == TypeKind::Enum8 || k == TypeKind::Enum16) {
      max_signed = std::max(max_signed, k == TypeKind::Enum8 ? 8u : 16u);
    } else if (k == TypeKind::IPv4) {
      max_unsigned = std::max(max_unsigned, 32u);
    } else if (k == TypeKind::BFloat16 || k == TypeKind::Float32 || k == TypeKind::Float64) {
      max_mantissa = std::max(max_mantissa, k == TypeKind::BFloat16 ? 8u : k == TypeKind::Float32 ? 24u : 53u);
    } else {
      return noCommonType(types, "some of them are numbers and some of them are not");
    }
  }
  uint32_t bits = std::max(max_signed, max_unsigned);
  if (max_signed > 0 && max_unsigned >= max_signed) {
    // A signed type one step wider; 64 bits do not grow into the (slow) 128-bit types.
    if (bits == 64) {
      return noCommonType(types, "some of them are signed integers and some are unsigned integers, but there is "
                                 "no signed integer type that can exactly represent all required unsigned values");
    }
    ++bits;
  }
  if (max_mantissa > 0) {
    uint32_t mantissa = std::max(bits, max_mantissa);
    if (mantissa <= 8) return found(makeType(TypeKind::BFloat16));
    if (mantissa <= 24) return found(makeType(TypeKind::Float32));
    if (mantissa <= 53) return found(makeType(TypeKind::Float64));
    return noCommonType(types, "some of them are integers and some are floating point, but there is no floating "
                               "point type that can exactly represent all required integers");
  }
  static constexpr TypeKind kSigned[] = {TypeKind::Int8, TypeKind::Int16, TypeKind::Int32,
                                         TypeKind::Int64, TypeKind::Int128, TypeKind::Int256};
  static constexpr TypeKind kUnsigned[] = {TypeKind::UInt8, TypeKind::UInt16, TypeKind::UInt32,
                                           TypeKind::UInt64, TypeKind::UInt128, TypeKind::UInt256};
  uint32_t width = 8;
  for (int i = 0; i < 6; ++i, width *= 2) {
    if (bits <= width) return found(makeType(max_signed > 0 ? kSigned[i] : kUnsigned[i]));
  }
  return noCommonType(types, "there is no integer type wide enough");
}

SupertypeResult trySupertype(const Types& types) {
  if (types.empty()) return found(makeType(TypeKind::Nothing));
  if (std::all_of(types.begin() + 1, types.end(),
                  [&](const TypePtr& t) { return clickhouseEquals(*t, *types.front()); })) {
    return found(types.front());
  }
  for (const auto& t : types) {
    if (base(*t).kind == TypeKind::Dynamic) return found(makeDynamic());
  }
  Types non_nothing;
  for (const auto& t : types) {
    if (t->kind != TypeKind::Nothing) non_nothing.push_back(t);
  }
  if (non_nothing.size() < types.size()) return trySupertype(non_nothing);

  auto any = [&](auto pred) { return std::any_of(types.begin(), types.end(), [&](const TypePtr& t) { return pred(base(*t)); }); };
  Types bases;
  for (const auto& t : types) bases.push_back(t->kind == TypeKind::SimpleAggregateFunction ? t->child() : t);
  if (bases != types) return trySupertype(bases);

  if (any([](const DataType& t) { return t.kind == TypeKind::Array || t.kind == TypeKind::Nested; })) return arrays(types);
  // Nullable(Tuple) exists, so with Nullable types around the Nullable rule goes first.
  bool have_nullable = any([](const DataType& t) { return t.kind == TypeKind::Nullable; });
  if (!have_nullable && any([](const DataType& t) { return t.kind == TypeKind::Tuple; })) return tuples(types);
  if (any([](const DataType& t) { return t.kind == TypeKind::Map; })) return maps(types);

  if (any([](const DataType& t) { return t.kind == TypeKind::LowCardinality; })) {
    // All LowCardinality keeps it; a mix with ordinary types drops it.
    bool all_low_cardinality = true;
    Types dictionary;
    for (const auto& t : types) {
      all_low_cardinality = all_low_cardinality && t->kind == TypeKind::LowCardinality;
      dictionary.push_back(removeLowCardinality(t));
    }
    auto r = trySupertype(dictionary);
    if (!r.ok() || !all_low_cardinality) return r;
    return found(makeLowCardinality(r.type));
  }

  if (have_nullable) {
    Types nested;
    for (const auto& t : types) {
      if (t->kind != TypeKind::Nullable) {
        nested.push_back(t);
      } else if (t->child()->kind != TypeKind::Nothing) {
        nested.push_back(t->child());
      }
    }
    auto r = trySupertype(nested);
    if (!r.ok()) return r;
    // Nullable(Tuple) is what ClickHouse produces here; Array, Map, Variant... cannot be wrapped.
    if (r.type->kind != TypeKind::Tuple && !canBeInsideNullable(*r.type)) {
      return noCommonType(types, "the common type of the non-NULL values cannot be inside Nullable");
    }
    return found(makeNullable(r.type));
  }

  // Flat rules.
  if (any([](const DataType& t) { return t.kind == TypeKind::JSON; })) {
    if (!std::all_of(types.begin(), types.end(), [](const TypePtr& t) { return t->kind == TypeKind::JSON; })) {
      return noCommonType(types, "some of them are JSON and some of them are not");
    }
    return found(makeJson());
  }
  if (any([](const DataType& t) { return isStringLike(t.kind); })) {
    for (const auto& t : types) {
      TypeKind k = baseKind(*t);
      if (!isStringLike(k) && k != TypeKind::Enum8 && k != TypeKind::Enum16) {
        return noCommonType(types, "some of them are String/FixedString/Enum and some of them are not");
      }
    }
    return found(makeType(TypeKind::String));
  }
  if (any([](const DataType& t) {
        return isDateOrDateTime(t.kind) || t.kind == TypeKind::Time || t.kind == TypeKind::Time64;
      })) {
    return datesAndTimes(types);
  }
  if (any([](const DataType& t) { return t.kind == TypeKind::Interval; })) return intervals(types);
  if (any([](const DataType& t) { return t.kind == TypeKind::Decimal; })) return decimals(types);
  return numbers(types);
}

/// The members of the Variant that stands in for a missing supertype.
TypePtr variantOf(const Types& types) {
  std::vector<TypePtr> members;
  for (const auto& t : types) {
    if (t->kind == TypeKind::Variant) {
      members.insert(members.end(), t->children.begin(), t->children.end());
    } else {
      members.push_back(removeNullable(t));  // LowCardinality(Nullable(T)) -> LowCardinality(T)
    }
  }
  return makeVariant(std::move(members));
}

}  // namespace

TypePtr recursiveRemoveLowCardinality(const TypePtr& t) {
  if (!t) return t;
  if (t->kind == TypeKind::LowCardinality) return recursiveRemoveLowCardinality(t->child());
  if (t->children.empty() || t->kind == TypeKind::AggregateFunction) return t;
  bool changed = false;
  std::vector<TypePtr> children;
  for (const auto& c : t->children) {
    children.push_back(recursiveRemoveLowCardinality(c));
    changed = changed || children.back() != c;
  }
  if (!changed) return t;
  auto copy = std::make_shared<DataType>(*t);
  copy->children = std::move(children);
  return copy;
}

bool clickhouseEquals(const DataType& a_in, const DataType& b_in) {
  const DataType& a = base(a_in);
  const DataType& b = base(b_in);
  if (baseKind(a) != baseKind(b)) return false;
  switch (a.kind) {
    case TypeKind::DateTime: return true;
    case TypeKind::DateTime64: return a.precision == b.precision;
    default: break;
  }
  if (a.precision != b.precision || a.scale != b.scale || a.length != b.length ||
      a.enum_values != b.enum_values || a.element_names != b.element_names ||
      a.interval_unit != b.interval_unit || a.max_types != b.max_types || a.json_params != b.json_params ||
      a.aggregate.function != b.aggregate.function || a.aggregate.params != b.aggregate.params ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!clickhouseEquals(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

SupertypeResult tryLeastSupertype(std::span<const TypePtr> types, const SupertypeOptions& options) {
  Types prepared;
  for (const auto& t : types) {
    if (!t) return SupertypeResult{nullptr, "BAD_ARGUMENTS", "leastSupertype of a missing type", true};
  }
  for (const auto& t : types) prepared.push_back(options.remove_low_cardinality ? recursiveRemoveLowCardinality(t) : t);
  auto r = trySupertype(prepared);
  if (r.ok() || !options.use_variant || r.hard_error) return r;
  return found(variantOf(prepared));
}

TypePtr leastSupertype(std::span<const TypePtr> types, const SupertypeOptions& options) {
  return tryLeastSupertype(types, options).type;
}

}  // namespace ferry::types
