/// Type names -> the type model: `parseTypeName("Nullable(DateTime64(3, 'UTC'))")`. Both entry
/// points resolve aliases and canonicalize (DECIMAL -> Decimal(10, 0), Enum -> Enum8/Enum16,
/// DateTime(3) -> DateTime64(3)) and reject what ClickHouse 26.7 rejects, with the name of the
/// ClickHouse error code it gives (UNKNOWN_TYPE, ARGUMENT_OUT_OF_BOUND, ...). Nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "compiler/sql/type_expr.h"
#include "compiler/types/data_type.h"

namespace ferry::types {

struct TypeParseResult {
  TypePtr type;            ///< nullptr on error
  std::string error_code;  ///< ClickHouse error code name; SYNTAX_ERROR for unparsable text
  std::string message;

  bool ok() const { return type != nullptr; }
};

TypeParseResult parseTypeName(std::string_view text);
TypeParseResult typeFromSyntax(const sql::TypeExpr& expr);

}  // namespace ferry::types
