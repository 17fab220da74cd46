/// Shared pieces of the type parser (type_parser.cpp, json_type_parser.cpp,
/// aggregate_type_parser.cpp); not part of the library's API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/sql/type_expr.h"
#include "compiler/types/type_parser.h"

namespace ferry::types::detail {

TypeParseResult fail(std::string code, std::string message);
TypeParseResult success(TypePtr type);

/// The literal of a Value argument, nullptr for any other argument.
const sql::Literal* valueLiteral(const sql::TypeArg& arg);
/// A non-negative integer Value argument.
std::optional<uint64_t> unsignedValue(const sql::TypeArg& arg);
/// A string Value argument.
std::optional<std::string> stringValue(const sql::TypeArg& arg);

TypeParseResult jsonFromSyntax(const sql::TypeExpr& e);
TypeParseResult aggregateFunctionFromSyntax(const sql::TypeExpr& e);
TypeParseResult simpleAggregateFunctionFromSyntax(const sql::TypeExpr& e);

}  // namespace ferry::types::detail
