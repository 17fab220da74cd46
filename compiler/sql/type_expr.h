/// Type expressions as written: `Nullable(String)`, `DateTime64(3, 'UTC')`, `DOUBLE PRECISION`,
/// `Enum8('a' = 1)`, `Tuple(a String)`, `JSON(a.b UInt32, SKIP c, max_dynamic_paths = 10)`,
/// `AggregateFunction(quantiles(0.5, 0.9), UInt64)`. Nothing is resolved or canonicalized here;
/// the type model (a later layer) interprets these.
#pragma once

#include <string>
#include <vector>

#include "compiler/sql/expr.h"
#include "compiler/sql/node.h"

namespace ferry::sql {

class TypeArg;

/// `name` or `name(args)`. The name is kept as written, multi-word names with single spaces
/// (`DOUBLE PRECISION`, `INT UNSIGNED`). `empty_parens` marks `Tuple()` (no args but parens);
/// a type with args always prints its parens.
class TypeExpr final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(TypeExpr)
  std::string name;
  std::vector<std::unique_ptr<TypeArg>> args;
  bool empty_parens = false;
  FERRY_SQL_FIELDS(name, args, empty_parens)
};

/// One argument of a type:
///  - Type: a nested type, also a function-like argument (`quantiles(0.5)` inside
///    AggregateFunction is a TypeExpr named "quantiles" with one Value argument);
///  - Value: a constant (`3`, `'UTC'`, `'a'` in `Enum('a')`, `[1, 2]`, `-1`);
///  - NamedValue: `key = value`; key is a string Literal (Enum element `'a' = 1`) or an
///    Identifier (`max_dynamic_paths = 10`);
///  - NamedType: `name Type` (Tuple/Nested elements, JSON typed paths; name may be a dotted
///    path `a.b`, stored unquoted as one string);
///  - Skip: `SKIP a.b` (name = the path); SkipRegexp: `SKIP REGEXP 're'` (value = the Literal).
FERRY_SQL_ENUM(TypeArgKind, Type, Value, NamedValue, NamedType, Skip, SkipRegexp)

class TypeArg final : public Node {
 public:
  FERRY_SQL_NODE_CLASS(TypeArg)
  TypeArgKind arg_kind = TypeArgKind::Type;
  std::string name;                ///< NamedType, Skip
  std::unique_ptr<TypeExpr> type;  ///< Type, NamedType
  ExprPtr key;                     ///< NamedValue
  ExprPtr value;                   ///< Value, NamedValue, SkipRegexp
  FERRY_SQL_FIELDS(arg_kind, name, type, key, value)
};

}  // namespace ferry::sql
