// Conversions for forward queries: plain CASTs for lossless changes, recommended expressions
// for lossy and fallible ones (see recommended_cast.h for the forms and why each is chosen).
#include "compiler/plan/recommended_cast.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "compiler/types/conversion.h"

namespace ferry::plan {

using types::DataType;
using types::TypeKind;
using K = types::ConversionKind;

std::string typeArgument(const DataType& type) { return types::quoteString(types::toString(type)); }

std::string defaultValueExpression(const DataType& type) {
  if (type.kind == TypeKind::String) return "''";
  return "defaultValueOfTypeName(" + typeArgument(type) + ")";
}

std::string quotedColumn(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`' || c == '\\') out += '\\';
    out += c;
  }
  return out + "`";
}

namespace {

/// An expression carrying a value into a type. `names_type`: its outermost call names its result
/// type (CAST, accurateCast*), so it stays exact even over a LowCardinality operand.
struct Carried {
  std::string sql;
  bool names_type = false;
};

/// How a lossy or fallible change between two plain (not Nullable, LowCardinality or composite)
/// types is carried.
enum class ScalarForm {
  Accurate,    ///< accurateCastOrDefault / accurateCastOrNull
  Truncating,  ///< the same over trunc(x): Float -> integer
  Rounding,    ///< CAST: the loss is rounding or truncation the user accepts
  EnumFilter,  ///< values outside the enum become its default first
  JsonFilter,  ///< invalid JSON becomes '{}' first
};

bool isTimeKind(TypeKind k) { return k == TypeKind::Time || k == TypeKind::Time64; }

ScalarForm scalarForm(const DataType& from, const DataType& to) {
  if (to.kind == TypeKind::Enum8 || to.kind == TypeKind::Enum16) return ScalarForm::EnumFilter;
  if (to.kind == TypeKind::JSON) {
    return types::isStringLike(from.kind) ? ScalarForm::JsonFilter : ScalarForm::Rounding;
  }
  // accurateCastOrDefault turns every number a Float cannot hold exactly into 0 (0.1 into
  // Float32 included; text parses fine), and does not support Time types at all.
  if (types::isFloat(to.kind) && !types::isStringLike(from.kind)) return ScalarForm::Rounding;
  if (isTimeKind(from.kind) || isTimeKind(to.kind)) return ScalarForm::Rounding;
  if (from.kind == TypeKind::Interval || to.kind == TypeKind::Interval) return ScalarForm::Rounding;
  if (types::isFloat(from.kind) && types::isInteger(to.kind)) return ScalarForm::Truncating;
  if (!types::canBeInsideNullable(to)) return ScalarForm::Rounding;
  return ScalarForm::Accurate;
}

class Converter {
 public:
  explicit Converter(const ExpressionTyper& type_of) : type_of_(type_of) {}

  /// An expression of exactly type `to`, or nullopt when some part cannot be carried.
  std::optional<Carried> carry(const std::string& e, const DataType& from, const DataType& to, int depth) {
    if (types::toString(from) == types::toString(to)) return Carried{e, false};
    K kind = types::classifyConversion(from, to);
    if (kind == K::Identical || kind == K::Lossless) return Carried{cast(e, to), true};
    if (kind == K::Impossible) return std::nullopt;
    return recommend(e, from, to, depth);
  }

  std::optional<Carried> restate(const std::string& e, const DataType& from, const DataType& to);

  std::vector<std::string> notes;

 private:
  static std::string cast(const std::string& e, const DataType& to) { return "CAST(" + e + ", " + typeArgument(to) + ")"; }

  void note(std::string text) {
    if (std::find(notes.begin(), notes.end(), text) == notes.end()) notes.push_back(std::move(text));
  }

  static std::string param(const char* base, int depth) {
    return depth == 0 ? std::string(base) : std::string(base) + std::to_string(depth);
  }

  std::optional<Carried> recommend(const std::string& e, const DataType& from, const DataType& to, int depth);
  std::optional<Carried> nullable(const std::string& e, const DataType& from, const DataType& to, int depth);
  std::optional<Carried> composite(const std::string& e, const DataType& from, const DataType& to, int depth);
  std::optional<Carried> scalar(const std::string& e, const DataType& from, const DataType& to, bool or_null);
  std::optional<Carried> enumFilter(const std::string& e, const DataType& from, const DataType& to, bool keep_null);

  const ExpressionTyper& type_of_;
};

std::optional<Carried> Converter::recommend(const std::string& e, const DataType& from, const DataType& to, int depth) {
  // SimpleAggregateFunction stores plain values: convert the values, then name the column type.
  if (from.kind == TypeKind::SimpleAggregateFunction || to.kind == TypeKind::SimpleAggregateFunction) {
    const DataType& a = from.kind == TypeKind::SimpleAggregateFunction ? *from.child() : from;
    const DataType& b = to.kind == TypeKind::SimpleAggregateFunction ? *to.child() : to;
    auto inner = carry(e, a, b, depth);
    if (!inner) return std::nullopt;
    if (to.kind != TypeKind::SimpleAggregateFunction) return inner;
    return Carried{cast(inner->sql, to), true};
  }
  if (to.kind == TypeKind::LowCardinality) {
    auto inner = carry(e, *types::removeLowCardinality(std::make_shared<DataType>(from)), *to.child(), depth);
    if (!inner) return std::nullopt;
    return Carried{cast(inner->sql, to), true};
  }
  if (from.kind == TypeKind::LowCardinality) {
    // Functions over a LowCardinality operand may return LowCardinality: name the type unless
    // the outermost call already does.
    auto inner = carry(e, *from.child(), to, depth);
    if (!inner) return std::nullopt;
    if (inner->names_type) return inner;
    return Carried{cast(inner->sql, to), true};
  }
  if (from.kind == TypeKind::Nullable || to.kind == TypeKind::Nullable) return nullable(e, from, to, depth);
  bool from_composite = from.kind == TypeKind::Array || from.kind == TypeKind::Map || from.kind == TypeKind::Tuple;
  if (from_composite && from.kind == to.kind) return composite(e, from, to, depth);
  return scalar(e, from, to, false);
}

std::optional<Carried> Converter::nullable(const std::string& e, const DataType& from, const DataType& to, int depth) {
  const DataType& x = from.kind == TypeKind::Nullable ? *from.child() : from;
  const DataType& y = to.kind == TypeKind::Nullable ? *to.child() : to;
  bool from_null = from.kind == TypeKind::Nullable, to_null = to.kind == TypeKind::Nullable;
  if (from_null && !to_null) {
    if (types::toString(x) == types::toString(y)) {
      note("NULL becomes the default value of " + types::toString(y));
      return Carried{"ifNull(" + e + ", " + defaultValueExpression(y) + ")", false};
    }
    K inner = types::classifyConversion(x, y);
    if (inner == K::Identical || inner == K::Lossless) {
      note("NULL becomes the default value of " + types::toString(x) + " before the conversion");
      return carry("ifNull(" + e + ", " + defaultValueExpression(x) + ")", x, y, depth);
    }
  }
  ScalarForm form = scalarForm(x, y);
  if (form == ScalarForm::Accurate || form == ScalarForm::Truncating) {
    // accurateCastOrDefault maps NULL to the default as well; accurateCastOrNull keeps it.
    if (from_null && !to_null) note("NULL becomes the default value of " + types::toString(y));
    return scalar(e, x, y, to_null);
  }
  if (form == ScalarForm::EnumFilter) {
    if (to_null) return enumFilter(e, x, y, true);
    if (from_null) {
      note("NULL becomes the default value of " + types::toString(y));
      return enumFilter("ifNull(" + e + ", " + defaultValueExpression(x) + ")", x, y, false);
    }
  }
  if (from_null && !to_null) {
    note("NULL becomes the default value of " + types::toString(x) + " before the conversion");
    return carry("ifNull(" + e + ", " + defaultValueExpression(x) + ")", x, y, depth);
  }
  // Into Nullable with a rounding change: CAST rounds and keeps NULLs.
  return Carried{cast(e, to), true};
}

std::optional<Carried> Converter::composite(const std::string& e, const DataType& from, const DataType& to, int depth) {
  if (from.kind == TypeKind::Array) {
    std::string p = param("x", depth);
    auto inner = carry(p, *from.child(), *to.child(), depth + 1);
    if (!inner) return std::nullopt;
    return Carried{"arrayMap(" + p + " -> " + inner->sql + ", " + e + ")", false};
  }
  if (from.kind == TypeKind::Map) {
    std::string k = param("k", depth), v = param("v", depth);
    auto key = carry(k, *from.children[0], *to.children[0], depth + 1);
    auto value = carry(v, *from.children[1], *to.children[1], depth + 1);
    if (!key || !value) return std::nullopt;
    return Carried{"mapApply((" + k + ", " + v + ") -> (" + key->sql + ", " + value->sql + "), " + e + ")", false};
  }
  // Tuples element by element when they line up; named tuples that add or drop elements
  // convert by name through CAST (the verdict's reason says what is lost).
  if (from.children.size() == to.children.size() && from.element_names == to.element_names) {
    std::string elements;
    for (size_t i = 0; i < from.children.size(); ++i) {
      auto element = carry("tupleElement(" + e + ", " + std::to_string(i + 1) + ")", *from.children[i],
                           *to.children[i], depth + 1);
      if (!element) return std::nullopt;
      if (i) elements += ", ";
      elements += element->sql;
    }
    std::string tuple = "tuple(" + elements + ")";
    if (to.element_names.empty()) return Carried{tuple, false};
    return Carried{cast(tuple, to), true};
  }
  return Carried{cast(e, to), true};
}

std::optional<Carried> Converter::scalar(const std::string& e, const DataType& from, const DataType& to, bool or_null) {
  std::string fallback = or_null ? "NULL" : "the default value of " + types::toString(to);
  switch (scalarForm(from, to)) {
    case ScalarForm::Accurate:
      note("values that do not convert exactly become " + fallback);
      return Carried{std::string(or_null ? "accurateCastOrNull(" : "accurateCastOrDefault(") + e + ", " +
                         typeArgument(to) + ")",
                     true};
    case ScalarForm::Truncating:
      note("fractions are truncated; values out of range, NaN and Inf become " + fallback);
      return Carried{std::string(or_null ? "accurateCastOrNull(trunc(" : "accurateCastOrDefault(trunc(") + e +
                         "), " + typeArgument(to) + ")",
                     true};
    case ScalarForm::Rounding:
      // Text has no safe parse into composite types (accurateCast* refuses them).
      if (types::isStringLike(from.kind) &&
          (to.kind == TypeKind::Array || to.kind == TypeKind::Map || to.kind == TypeKind::Tuple)) {
        return std::nullopt;
      }
      // CAST has no Time64 -> Time conversion; the whole seconds convert as a number.
      if (from.kind == TypeKind::Time64 && to.kind == TypeKind::Time) {
        note("sub-second digits are dropped");
        return Carried{cast("toInt64(" + e + ")", to), true};
      }
      return Carried{or_null ? cast(e, *types::makeNullable(std::make_shared<DataType>(to))) : cast(e, to), true};
    case ScalarForm::EnumFilter:
      return enumFilter(e, from, to, false);
    case ScalarForm::JsonFilter:
      note("text that is not a JSON object becomes {}");
      return Carried{cast("if(JSONType(" + e + ") = 'Object', " + e + ", '{}')", to), true};
  }
  return std::nullopt;
}

std::optional<Carried> Converter::enumFilter(const std::string& e, const DataType& from, const DataType& to, bool keep_null) {
  if (to.enum_values.empty()) return std::nullopt;
  // ClickHouse's default of an Enum is its smallest value.
  const auto& fallback = *std::min_element(to.enum_values.begin(), to.enum_values.end(),
                                           [](const auto& a, const auto& b) { return a.value < b.value; });
  std::string list, value, otherwise;
  bool by_number = types::isInteger(from.kind);
  if (by_number) {
    for (const auto& v : to.enum_values) list += (list.empty() ? "" : ", ") + std::to_string(v.value);
    value = e;
    otherwise = std::to_string(fallback.value);
  } else if (types::isStringLike(from.kind) || from.kind == TypeKind::Enum8 || from.kind == TypeKind::Enum16) {
    for (const auto& v : to.enum_values) list += (list.empty() ? "" : ", ") + types::quoteString(v.name);
    // FixedString keeps its NUL padding and enums compare as numbers: compare the text.
    value = from.kind == TypeKind::String ? e
                                          : cast(e, keep_null ? *types::makeNullable(types::makeType(TypeKind::String))
                                                              : *types::makeType(TypeKind::String));
    otherwise = types::quoteString(fallback.name);
  } else {
    return std::nullopt;
  }
  note("values that are not elements of the enum become '" + fallback.name + "'");
  std::string cond = value + " IN (" + list + ")";
  if (keep_null) cond = "isNull(" + value + ") OR " + cond;
  types::TypePtr target = keep_null ? types::makeNullable(std::make_shared<DataType>(to)) : std::make_shared<DataType>(to);
  return Carried{cast("if(" + cond + ", " + value + ", " + otherwise + ")", *target), true};
}

/// Aggregate states whose whole content is their result: finalizing and restating them keeps it.
bool restatable(const std::string& function) {
  return function == "sum" || function == "min" || function == "max" || function == "any" || function == "anyLast";
}

std::optional<Carried> Converter::restate(const std::string& e, const DataType& from, const DataType& to) {
  if (from.kind != TypeKind::AggregateFunction || to.kind != TypeKind::AggregateFunction || !type_of_) return std::nullopt;
  if (from.aggregate.function != to.aggregate.function || !restatable(to.aggregate.function)) return std::nullopt;
  if (!from.aggregate.params.empty() || !to.aggregate.params.empty() || from.aggregate.version != to.aggregate.version) {
    return std::nullopt;
  }
  if (from.children.size() != 1 || to.children.size() != 1) return std::nullopt;
  for (const auto* arg : {&from.children[0], &to.children[0]}) {
    if ((*arg)->kind == TypeKind::Nullable || (*arg)->kind == TypeKind::LowCardinality) return std::nullopt;
  }
  std::string value = "finalizeAggregation(" + e + ")";
  auto result = type_of_(value);
  if (!result) return std::nullopt;
  auto inner = carry(value, *result, *to.children[0], 1);
  if (!inner) return std::nullopt;
  std::string sql = "initializeAggregation(" + types::quoteString(to.aggregate.function + "State") + ", " + inner->sql + ")";
  auto restated = type_of_(sql);
  if (!restated || types::toString(*restated) != types::toString(to)) return std::nullopt;
  note("each state is finalized and restated as " + to.aggregate.function + "State of " +
       types::toString(*to.children[0]) + " (confirm that no source rows are needed to rebuild it)");
  return Carried{sql, true};
}

}  // namespace

ConversionExpr convertExpression(const std::string& operand_sql, const DataType& from, const DataType& to,
                                 const ExpressionTyper& type_of) {
  if (types::toString(from) == types::toString(to)) return {MappingKind::Keep, operand_sql, {}};
  auto verdict = types::explainConversion(from, to);
  if (verdict.kind == K::Identical || verdict.kind == K::Lossless) {
    return {MappingKind::Cast, "CAST(" + operand_sql + ", " + typeArgument(to) + ")", {}};
  }
  Converter converter(type_of);
  std::optional<Carried> carried;
  if (verdict.kind == K::Impossible) {
    carried = converter.restate(operand_sql, from, to);
    if (!carried) {
      std::string reason = verdict.reason;
      if (from.kind == TypeKind::AggregateFunction || to.kind == TypeKind::AggregateFunction) {
        reason += "; re-aggregate through the MV query or write an explicit FORWARD_QUERY";
      } else {
        reason += "; write an explicit FORWARD_QUERY";
      }
      return {MappingKind::Impossible, {}, reason};
    }
  } else {
    carried = converter.carry(operand_sql, from, to, 0);
    if (!carried) {
      return {MappingKind::Impossible, {}, verdict.reason + "; some part cannot be converted: write an explicit FORWARD_QUERY"};
    }
  }
  std::string reason = verdict.reason;
  for (const auto& n : converter.notes) reason += (reason.empty() ? "" : "; ") + n;
  return {MappingKind::Recommended, carried->sql, reason};
}

}  // namespace ferry::plan
