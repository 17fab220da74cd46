// AggregateFunction([version, ]f[(params)], args...) and SimpleAggregateFunction(f, T).
#include <cstdlib>

#include "compiler/types/aggregate_function_names.h"
#include "compiler/types/literal_text.h"
#include "compiler/types/type_parser_detail.h"

namespace ferry::types::detail {

using sql::Literal;
using sql::LiteralKind;
using sql::TypeArgKind;

namespace {

std::optional<std::string> literalText(const Literal& lit);

/// A constant expression's text as ClickHouse prints it back (`0.50` -> `0.5`, `010` -> `10`,
/// `[1,2]` -> `[1, 2]`); nullopt for anything that is not a literal or an array/tuple of them.
std::optional<std::string> constantText(const sql::Expr& e) {
  if (auto* lit = e.tryAs<Literal>()) return literalText(*lit);
  const sql::ExprList* items = nullptr;
  std::string open = "[", close = "]";
  if (auto* a = e.tryAs<sql::ArrayExpr>()) {
    items = &a->elements;
  } else if (auto* t = e.tryAs<sql::TupleExpr>()) {
    items = &t->elements;
    open = "(";
    close = ")";
  }
  if (items == nullptr) return std::nullopt;
  std::string out = open;
  for (size_t i = 0; i < items->size(); ++i) {
    auto text = (*items)[i] ? constantText(*(*items)[i]) : std::nullopt;
    if (!text) return std::nullopt;
    if (i > 0) out += ", ";
    out += *text;
  }
  return out + close;
}

std::optional<std::string> parameterText(const sql::TypeArg& arg) {
  if (arg.arg_kind != TypeArgKind::Value || !arg.value) return std::nullopt;
  return constantText(*arg.value);
}

std::optional<std::string> literalText(const Literal& literal) {
  const Literal* lit = &literal;
  switch (lit->literal_kind) {
    case LiteralKind::Integer: {
      auto n = parseIntegerLiteral(lit->value);
      if (!n) return formatFloat(std::strtod(lit->value.c_str(), nullptr));
      return (n->negative ? "-" : "") + std::to_string(n->magnitude);
    }
    case LiteralKind::Float: return formatFloat(std::strtod(lit->value.c_str(), nullptr));
    case LiteralKind::String: return quoteString(lit->value);
    case LiteralKind::Null: return std::string("NULL");
    case LiteralKind::Bool: return lit->value;
  }
  return std::nullopt;
}

/// The function argument (`quantiles(0.5, 0.9)`) as a canonical name and parameter texts.
TypeParseResult functionPart(const sql::TypeArg& arg, AggregateSignature& sig) {
  if (arg.arg_kind != TypeArgKind::Type || !arg.type) {
    return fail("BAD_ARGUMENTS", "Unexpected AST element passed as aggregate function name");
  }
  auto canonical = canonicalAggregateFunctionName(arg.type->name);
  if (!canonical) {
    return fail("UNKNOWN_AGGREGATE_FUNCTION", "Unknown aggregate function " + arg.type->name);
  }
  sig.function = *canonical;
  for (const auto& p : arg.type->args) {
    auto text = parameterText(*p);
    if (!text) {
      return fail("PARAMETERS_TO_AGGREGATE_FUNCTIONS_MUST_BE_LITERALS",
                  "Parameters to aggregate functions must be literals");
    }
    sig.params.push_back(std::move(*text));
  }
  return success(nullptr);
}

/// The result type of `sum` over `t`, or nullptr when sum does not take it.
TypePtr sumResult(const TypePtr& t) {
  if (t->kind == TypeKind::Nullable) {
    auto inner = sumResult(t->child());
    return inner ? makeNullable(inner) : nullptr;
  }
  TypeKind k = t->kind;
  if (isUnsignedInteger(k)) return integerBits(k) > 64 ? t : makeType(TypeKind::UInt64);
  if (isSignedInteger(k)) return integerBits(k) > 64 ? t : makeType(TypeKind::Int64);
  if (isFloat(k)) return makeType(TypeKind::Float64);
  if (k == TypeKind::Decimal) return makeDecimal(t->precision > 38 ? 76 : 38, t->scale);
  return nullptr;
}

}  // namespace

TypeParseResult aggregateFunctionFromSyntax(const sql::TypeExpr& e) {
  if (e.args.empty()) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "Data type AggregateFunction requires parameters: version(optionally), name of "
                "aggregate function and list of data types for arguments");
  }
  AggregateSignature sig;
  size_t next = 0;
  if (auto version = unsignedValue(*e.args[0])) {
    sig.version = static_cast<uint32_t>(*version);
    next = 1;
    if (e.args.size() < 2) {
      return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                  "Data type AggregateFunction requires the name of an aggregate function");
    }
  }
  if (auto r = functionPart(*e.args[next], sig); !r.error_code.empty()) return r;
  std::vector<TypePtr> args;
  for (size_t i = next + 1; i < e.args.size(); ++i) {
    if (e.args[i]->arg_kind != TypeArgKind::Type || !e.args[i]->type) {
      return fail("BAD_ARGUMENTS", "Arguments of AggregateFunction must be types");
    }
    auto t = typeFromSyntax(*e.args[i]->type);
    if (!t.ok()) return t;
    args.push_back(t.type);
  }
  return success(makeAggregateFunction(std::move(sig), std::move(args)));
}

TypeParseResult simpleAggregateFunctionFromSyntax(const sql::TypeExpr& e) {
  if (e.args.size() != 2) {
    return fail("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                "Data type SimpleAggregateFunction requires parameters: name of aggregate function "
                "and one argument data type");
  }
  AggregateSignature sig;
  if (auto r = functionPart(*e.args[0], sig); !r.error_code.empty()) return r;
  if (!isSimpleAggregateFunctionName(sig.function)) {
    return fail("BAD_ARGUMENTS", "Unsupported aggregate function " + sig.function);
  }
  if (!sig.params.empty()) {
    return fail("AGGREGATE_FUNCTION_DOESNT_ALLOW_PARAMETERS",
                "Aggregate function " + sig.function + " cannot have parameters");
  }
  if (e.args[1]->arg_kind != TypeArgKind::Type || !e.args[1]->type) {
    return fail("BAD_ARGUMENTS", "SimpleAggregateFunction needs a value type");
  }
  auto value = typeFromSyntax(*e.args[1]->type);
  if (!value.ok()) return value;
  // The stored type must be what the function returns for it: sum(UInt8) is UInt64, so
  // SimpleAggregateFunction(sum, UInt8) is rejected.
  if (sig.function == "sum") {
    auto result = sumResult(value.type);
    if (!result) {
      return fail("ILLEGAL_TYPE_OF_ARGUMENT",
                  "Illegal type " + toString(*value.type) + " of argument for aggregate function sum");
    }
    if (!equals(*result, *value.type)) {
      return fail("BAD_ARGUMENTS", "Incompatible data types between aggregate function 'sum' which returns " +
                                       toString(*result) + " and column storage type " +
                                       toString(*value.type));
    }
  }
  return success(makeSimpleAggregateFunction(sig.function, value.type));
}

}  // namespace ferry::types::detail
