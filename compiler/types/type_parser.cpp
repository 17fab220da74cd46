// Interpreting a parsed type expression (compiler/sql/type_expr.h) as a DataType, with the
// argument rules and error codes of ClickHouse 26.7's DataTypeFactory.
#include "compiler/types/type_parser.h"

#include <algorithm>
#include <set>
#include <utility>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"
#include "compiler/sqlparse/sql_parser.h"
#include "compiler/types/aggregate_function_names.h"
#include "compiler/types/literal_text.h"
#include "compiler/types/type_families.h"
#include "compiler/types/type_parser_detail.h"

namespace ferry::types {

using sql::Literal;
using sql::LiteralKind;
using sql::TypeArg;
using sql::TypeArgKind;
using sql::TypeExpr;

namespace detail {

TypeParseResult fail(std::string code, std::string message) {
  return TypeParseResult{nullptr, std::move(code), std::move(message)};
}

TypeParseResult success(TypePtr type) { return TypeParseResult{std::move(type), {}, {}}; }

const Literal* valueLiteral(const TypeArg& arg) {
  if (arg.arg_kind != TypeArgKind::Value || !arg.value) return nullptr;
  return arg.value->tryAs<Literal>();
}

std::optional<uint64_t> unsignedValue(const TypeArg& arg) {
  const Literal* lit = valueLiteral(arg);
  if (lit == nullptr || lit->literal_kind != LiteralKind::Integer) return std::nullopt;
  auto parsed = parseIntegerLiteral(lit->value);
  if (!parsed || parsed->negative) return std::nullopt;
  return parsed->magnitude;
}

std::optional<std::string> stringValue(const TypeArg& arg) {
  const Literal* lit = valueLiteral(arg);
  if (lit == nullptr || lit->literal_kind != LiteralKind::String) return std::nullopt;
  return lit->value;
}

}  // namespace detail

using namespace detail;

namespace {

TypeParseResult noArguments(const TypeExpr& e, const TypeFamily& f) {
  if (!e.args.empty()) {
    return fail("DATA_TYPE_CANNOT_HAVE_ARGUMENTS",
                "Data type " + std::string(f.canonical) + " cannot have arguments");
  }
  return success(makeType(f.kind));
}

TypeParseResult number(const TypeExpr& e, const TypeFamily& f) {
  // MySQL-style display widths (`INT(11)`, `DOUBLE(10, 2)`) are accepted and ignored.
  for (const auto& arg : e.args) {
    const Literal* lit = valueLiteral(*arg);
    if (lit == nullptr || (lit->literal_kind != LiteralKind::Integer && lit->literal_kind != LiteralKind::Float)) {
      return fail("SYNTAX_ERROR", std::string(f.canonical) + " may only have numeric arguments");
    }
  }
  return success(makeType(f.kind));
}

TypeParseResult string(const TypeExpr& e) {
  if (e.args.size() > 1 || (e.args.size() == 1 && !unsignedValue(*e.args[0]))) {
    return fail("UNEXPECTED_AST_STRUCTURE",
                "String data type family may have only a number (positive integer) as its argument");
  }
  return success(makeType(TypeKind::String));
}

TypeParseResult decimalScale(uint32_t precision, const TypeArg* scale_arg) {
  uint64_t scale = 0;
  if (scale_arg != nullptr) {
    auto s = unsignedValue(*scale_arg);
    if (!s) return fail("ILLEGAL_TYPE_OF_ARGUMENT", "Decimal argument scale is invalid");
    scale = *s;
  }
  if (scale > precision) {
    return fail("ARGUMENT_OUT_OF_BOUND",
                "Negative scales and scales larger than precision are not supported");
  }
  return success(makeDecimal(precision, static_cast<uint32_t>(scale)));
}

TypeParseResult decimal(const TypeExpr& e) {
  if (e.args.empty()) return success(makeDecimal(10, 0));
  if (e.args.size() > 2) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "Decimal data type family must have precision and optional scale arguments");
  }
  auto p = unsignedValue(*e.args[0]);
  if (!p) return fail("ILLEGAL_TYPE_OF_ARGUMENT", "Decimal argument precision is invalid");
  if (*p < 1 || *p > 76) {
    return fail("ARGUMENT_OUT_OF_BOUND",
                "Wrong precision: it must be between 1 and 76, got " + std::to_string(*p));
  }
  return decimalScale(static_cast<uint32_t>(*p), e.args.size() == 2 ? e.args[1].get() : nullptr);
}

TypeParseResult decimalN(const TypeExpr& e, const TypeFamily& f) {
  if (e.args.size() != 1) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                std::string(f.canonical) + " data type family must have exactly one arguments: scale");
  }
  return decimalScale(f.precision, e.args[0].get());
}

TypeParseResult fixedString(const TypeExpr& e) {
  if (e.args.size() != 1) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "FixedString data type family must have exactly one argument - size in bytes");
  }
  auto n = unsignedValue(*e.args[0]);
  if (!n || *n == 0) {
    return fail("UNEXPECTED_AST_STRUCTURE",
                "FixedString data type family must have a number (positive integer) as its argument");
  }
  return success(makeFixedString(*n));
}

TypeParseResult dateTime64(uint64_t precision, const TypeExpr& e, size_t tz_index) {
  if (precision > 9) {
    return fail("ARGUMENT_OUT_OF_BOUND", "Scale " + std::to_string(precision) +
                                             " is too large for DateTime64. Maximum is up to nanoseconds (9)");
  }
  // ClickHouse ignores a second argument that is not a string (`DateTime64(3, 4)`).
  std::string tz;
  if (e.args.size() > tz_index) {
    if (auto s = stringValue(*e.args[tz_index])) tz = *s;
  }
  return success(makeDateTime64(static_cast<uint32_t>(precision), std::move(tz)));
}

TypeParseResult dateTime(const TypeExpr& e, bool allow_precision) {
  if (e.args.empty()) return success(makeDateTime());
  if (auto tz = stringValue(*e.args[0])) return success(makeDateTime(*tz));
  if (auto p = unsignedValue(*e.args[0]); p && allow_precision) {
    // `DateTime(0[, tz])` is DateTime itself; any other precision makes a DateTime64.
    if (*p == 0) {
      std::string tz;
      if (e.args.size() > 1)
        if (auto s = stringValue(*e.args[1])) tz = *s;
      return success(makeDateTime(std::move(tz)));
    }
    return dateTime64(*p, e, 1);
  }
  return fail("ILLEGAL_TYPE_OF_ARGUMENT",
              "Parameter #0 'timezone' for DateTime has wrong type, expected String literal");
}

TypeParseResult dateTime64Family(const TypeExpr& e) {
  if (e.args.empty()) return success(makeDateTime64(3));
  auto p = unsignedValue(*e.args[0]);
  if (!p) {
    return fail("ILLEGAL_TYPE_OF_ARGUMENT",
                "Parameter #0 'scale' for DateTime64 has wrong type, expected UInt64 literal");
  }
  return dateTime64(*p, e, 1);
}

TypeParseResult time64(const TypeExpr& e, bool bare_is_time) {
  if (e.args.empty()) return success(bare_is_time ? makeType(TypeKind::Time) : makeTime64(3));
  auto p = unsignedValue(*e.args[0]);
  if (!p) {
    if (stringValue(*e.args[0])) {
      return fail("ILLEGAL_TYPE_OF_ARGUMENT", "Specifying timezone for Time type is not allowed");
    }
    return fail("ILLEGAL_TYPE_OF_ARGUMENT",
                "Parameter #0 'scale' for Time64 has wrong type, expected UInt64 literal");
  }
  if (*p > 9) {
    return fail("BAD_ARGUMENTS",
                "DataTypeTime64 scale " + std::to_string(*p) + " is too large, maximum is 9");
  }
  if (e.args.size() > 1 && stringValue(*e.args[1])) {
    return fail("ILLEGAL_TYPE_OF_ARGUMENT", "Specifying timezone for Time64 type is not allowed");
  }
  return success(makeTime64(static_cast<uint32_t>(*p)));
}

TypeParseResult enumType(const TypeExpr& e, FamilyKind family) {
  if (e.args.empty()) return fail("EMPTY_DATA_PASSED", "Enum data type cannot be empty");
  std::vector<EnumValue> values;
  bool first_has_value = false;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const TypeArg& arg = *e.args[i];
    EnumValue v;
    bool has_value = false;
    if (auto name = stringValue(arg)) {
      v.name = *name;
    } else if (arg.arg_kind == TypeArgKind::NamedValue && arg.key && arg.value &&
               arg.key->is<Literal>() && arg.key->as<Literal>().literal_kind == LiteralKind::String &&
               arg.value->is<Literal>() && arg.value->as<Literal>().literal_kind == LiteralKind::Integer) {
      v.name = arg.key->as<Literal>().value;
      auto parsed = parseIntegerLiteral(arg.value->as<Literal>().value);
      if (!parsed || parsed->magnitude > 0x7fffffffffffffffULL) {
        return fail("ARGUMENT_OUT_OF_BOUND", "Value for element '" + v.name + "' exceeds range of Enum16");
      }
      v.value = parsed->negative ? -static_cast<int64_t>(parsed->magnitude)
                                 : static_cast<int64_t>(parsed->magnitude);
      has_value = true;
    } else {
      return fail("UNEXPECTED_AST_STRUCTURE",
                  "Elements of Enum data type must be of form: 'name' = number or 'name', where name "
                  "is string literal and number is an integer");
    }
    if (i == 0) first_has_value = has_value;
    // Unnumbered elements continue from the previous one (the first gets 1); once the first
    // is unnumbered, all must be.
    if (!has_value) {
      v.value = i == 0 ? 1 : values.back().value + 1;
    } else if (i > 0 && !first_has_value) {
      return fail("UNEXPECTED_AST_STRUCTURE",
                  "All elements of Enum data type must be of form: 'name' = number or 'name', where "
                  "name is string literal and number is an integer");
    }
    values.push_back(std::move(v));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (values[i].name == values[j].name) {
        return fail("SYNTAX_ERROR", "Duplicate names in enum: " + quoteString(values[i].name));
      }
      if (values[i].value == values[j].value) {
        return fail("SYNTAX_ERROR", "Duplicate values in enum: " + quoteString(values[i].name) + " = " +
                                        std::to_string(values[i].value) + " and " +
                                        quoteString(values[j].name));
      }
    }
  }
  auto fits = [&](int64_t lo, int64_t hi) {
    return std::all_of(values.begin(), values.end(),
                       [&](const EnumValue& v) { return v.value >= lo && v.value <= hi; });
  };
  TypeKind kind = TypeKind::Enum16;
  if (family == FamilyKind::Enum8 || (family == FamilyKind::Enum && fits(-128, 127))) kind = TypeKind::Enum8;
  bool in_range = kind == TypeKind::Enum8 ? fits(-128, 127) : fits(-32768, 32767);
  if (!in_range) {
    return fail("ARGUMENT_OUT_OF_BOUND", std::string("Enum value exceeds range of ") +
                                             (kind == TypeKind::Enum8 ? "Enum8" : "Enum16"));
  }
  return success(makeEnum(kind, std::move(values)));
}

/// The single nested type of Nullable/LowCardinality/Array.
TypeParseResult singleTypeArgument(const TypeExpr& e, std::string_view family, std::string_view what) {
  if (e.args.size() != 1 || e.args[0]->arg_kind != TypeArgKind::Type || !e.args[0]->type) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                std::string(family) + " data type family must have exactly one argument - " + std::string(what));
  }
  return typeFromSyntax(*e.args[0]->type);
}

TypeParseResult nullable(const TypeExpr& e) {
  auto inner = singleTypeArgument(e, "Nullable", "nested type");
  if (!inner.ok()) return inner;
  // Nullable(Tuple(...)) is a valid type (its columns need enable_nullable_tuple_type).
  if (inner.type->kind != TypeKind::Tuple && !canBeInsideNullable(*inner.type)) {
    return fail("ILLEGAL_TYPE_OF_ARGUMENT",
                "Nested type " + toString(*inner.type) + " cannot be inside Nullable type");
  }
  auto t = std::make_shared<DataType>();
  t->kind = TypeKind::Nullable;
  t->children.push_back(inner.type);
  return success(std::move(t));
}

TypeParseResult lowCardinality(const TypeExpr& e) {
  auto inner = singleTypeArgument(e, "LowCardinality", "type of elements");
  if (!inner.ok()) return inner;
  if (!canBeInsideLowCardinality(*inner.type)) {
    return fail("ILLEGAL_TYPE_OF_ARGUMENT",
                "DataTypeLowCardinality is supported only for numbers, strings, Date or DateTime, but got " +
                    toString(*inner.type));
  }
  return success(makeLowCardinality(inner.type));
}

TypeParseResult array(const TypeExpr& e) {
  auto inner = singleTypeArgument(e, "Array", "type of elements");
  if (!inner.ok()) return inner;
  return success(makeArray(inner.type));
}

/// Tuple and Nested elements: all named or (Tuple only) none.
TypeParseResult elements(const TypeExpr& e, bool nested) {
  std::vector<TypePtr> types;
  std::vector<std::string> names;
  size_t named = 0;
  for (const auto& arg : e.args) {
    if ((arg->arg_kind != TypeArgKind::Type && arg->arg_kind != TypeArgKind::NamedType) || !arg->type) {
      return fail("UNEXPECTED_AST_STRUCTURE", "Tuple/Nested elements must be types");
    }
    auto t = typeFromSyntax(*arg->type);
    if (!t.ok()) return t;
    types.push_back(t.type);
    names.push_back(arg->arg_kind == TypeArgKind::NamedType ? arg->name : std::string());
    if (arg->arg_kind == TypeArgKind::NamedType) ++named;
  }
  if (nested) {
    if (types.empty()) return fail("EMPTY_DATA_PASSED", "Nested cannot be empty");
    if (named != types.size()) return fail("SYNTAX_ERROR", "Nested elements must be named");
  } else if (named != 0 && named != types.size()) {
    return fail("BAD_ARGUMENTS", "Names are specified not for all elements of Tuple type");
  }
  std::set<std::string> seen;
  for (const auto& n : names) {
    if (named == 0) break;
    if (!nested && n == "null") {
      return fail("BAD_ARGUMENTS", "Tuple element name 'null' is reserved");
    }
    if (!seen.insert(n).second) {
      return fail("DUPLICATE_COLUMN", "Names of tuple elements must be unique. Duplicate name: " + n);
    }
  }
  if (nested) return success(makeNested(std::move(types), std::move(names)));
  if (named == 0) names.clear();
  return success(makeTuple(std::move(types), std::move(names)));
}

TypeParseResult map(const TypeExpr& e) {
  if (e.args.size() != 2 || e.args[0]->arg_kind != TypeArgKind::Type ||
      e.args[1]->arg_kind != TypeArgKind::Type) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "Map data type family must have two arguments: key and value types");
  }
  auto key = typeFromSyntax(*e.args[0]->type);
  if (!key.ok()) return key;
  auto value = typeFromSyntax(*e.args[1]->type);
  if (!value.ok()) return value;
  if (removeLowCardinality(key.type)->kind == TypeKind::Nullable) {
    return fail("BAD_ARGUMENTS", "Map cannot have a key of type " + toString(*key.type));
  }
  return success(makeMap(key.type, value.type));
}

TypeParseResult variant(const TypeExpr& e) {
  std::vector<TypePtr> members;
  for (const auto& arg : e.args) {
    if (arg->arg_kind != TypeArgKind::Type || !arg->type) {
      return fail("UNEXPECTED_AST_STRUCTURE", "Variant arguments must be types");
    }
    auto t = typeFromSyntax(*arg->type);
    if (!t.ok()) return t;
    if (removeLowCardinality(t.type)->kind == TypeKind::Nullable) {
      return fail("BAD_ARGUMENTS", "Nullable/LowCardinality(Nullable) types are not allowed inside Variant type");
    }
    if (t.type->kind == TypeKind::Variant && t.type->custom_name.empty()) {
      return fail("BAD_ARGUMENTS", "Nested Variant types are not allowed");
    }
    if (t.type->kind == TypeKind::Dynamic) {
      return fail("BAD_ARGUMENTS", "Dynamic type is not allowed inside Variant type");
    }
    members.push_back(t.type);
  }
  auto t = makeVariant(std::move(members));
  if (t->children.empty()) {
    return fail("BAD_ARGUMENTS", "Variant type should have at least one nested type");
  }
  if (t->children.size() > 255) {
    return fail("BAD_ARGUMENTS", "Variant type with more than 255 nested types is not allowed");
  }
  return success(std::move(t));
}

TypeParseResult dynamic(const TypeExpr& e) {
  if (e.args.empty()) return success(makeDynamic());
  if (e.args.size() > 1) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "Dynamic data type can have only one optional argument - the maximum number of "
                "dynamic types in a form 'Dynamic(max_types=N)");
  }
  const TypeArg& arg = *e.args[0];
  auto* key = arg.key ? arg.key->tryAs<sql::Identifier>() : nullptr;
  if (arg.arg_kind != TypeArgKind::NamedValue || key == nullptr || key->parts.size() != 1 ||
      key->parts[0] != "max_types") {
    return fail("UNEXPECTED_AST_STRUCTURE",
                "Dynamic data type argument should be in a form 'max_types=N'");
  }
  auto* lit = arg.value ? arg.value->tryAs<Literal>() : nullptr;
  std::optional<IntegerLiteral> n;
  if (lit != nullptr && lit->literal_kind == LiteralKind::Integer) n = parseIntegerLiteral(lit->value);
  if (!n || n->negative || n->magnitude > 254) {
    return fail("UNEXPECTED_AST_STRUCTURE",
                "'max_types' argument for Dynamic type should be a positive integer between 0 and 254");
  }
  return success(makeDynamic(static_cast<uint32_t>(n->magnitude)));
}

TypeParseResult qbit(const TypeExpr& e) {
  if (e.args.size() < 2 || e.args.size() > 3 || e.args[0]->arg_kind != TypeArgKind::Type) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "QBit data type family must have two or three arguments: type of vector elements, "
                "their number, and optionally the stride");
  }
  auto element = typeFromSyntax(*e.args[0]->type);
  if (!element.ok()) return element;
  TypeKind k = element.type->kind;
  if (k != TypeKind::Int8 && k != TypeKind::BFloat16 && k != TypeKind::Float32 && k != TypeKind::Float64) {
    return fail("ILLEGAL_TYPE_OF_ARGUMENT",
                "QBit data type only supports Int8, BFloat16, Float32, or Float64 as element type. Got: " +
                    toString(*element.type));
  }
  auto n = unsignedValue(*e.args[1]);
  if (!n || *n == 0) {
    return fail("UNEXPECTED_AST_STRUCTURE",
                "QBit data type must have a number (positive integer) as its second argument");
  }
  return success(makeQBit(element.type, *n));
}

}  // namespace

TypeParseResult typeFromSyntax(const TypeExpr& e) {
  auto family = lookupTypeFamily(e.name);
  if (!family) return fail("UNKNOWN_TYPE", "Unknown data type family: " + e.name);
  const TypeFamily& f = *family;
  switch (f.family) {
    case FamilyKind::Plain: return noArguments(e, f);
    case FamilyKind::Number: return number(e, f);
    case FamilyKind::String: return string(e);
    case FamilyKind::Decimal: return decimal(e);
    case FamilyKind::DecimalN: return decimalN(e, f);
    case FamilyKind::FixedString: return fixedString(e);
    case FamilyKind::DateTime: return dateTime(e, true);
    case FamilyKind::DateTime32: return dateTime(e, false);
    case FamilyKind::DateTime64: return dateTime64Family(e);
    case FamilyKind::Time: return time64(e, true);
    case FamilyKind::Time64: return time64(e, false);
    case FamilyKind::Enum:
    case FamilyKind::Enum8:
    case FamilyKind::Enum16: return enumType(e, f.family);
    case FamilyKind::Nullable: return nullable(e);
    case FamilyKind::LowCardinality: return lowCardinality(e);
    case FamilyKind::Array: return array(e);
    case FamilyKind::Tuple: return elements(e, false);
    case FamilyKind::Nested: return elements(e, true);
    case FamilyKind::Map: return map(e);
    case FamilyKind::Variant: return variant(e);
    case FamilyKind::Dynamic: return dynamic(e);
    case FamilyKind::Json: return jsonFromSyntax(e);
    case FamilyKind::Interval:
      if (!e.args.empty()) return noArguments(e, f);
      return success(makeInterval(f.unit));
    case FamilyKind::AggregateFunction: return aggregateFunctionFromSyntax(e);
    case FamilyKind::SimpleAggregateFunction: return simpleAggregateFunctionFromSyntax(e);
    case FamilyKind::QBit: return qbit(e);
    case FamilyKind::Geo:
      if (!e.args.empty()) return noArguments(e, f);
      return success(makeGeoType(f.canonical));
  }
  return fail("UNKNOWN_TYPE", "Unknown data type family: " + e.name);
}

TypeParseResult parseTypeName(std::string_view text) {
  DiagnosticSink sink;
  auto expr = sql::parseType(text, SourceMap(0, 0), sink);
  if (!expr) {
    std::string message = "Syntax error in type name";
    if (!sink.all().empty()) message = sink.all().front().message;
    return fail("SYNTAX_ERROR", std::move(message));
  }
  return typeFromSyntax(*expr);
}

}  // namespace ferry::types
