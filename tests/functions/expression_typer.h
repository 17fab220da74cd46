// A small expression typer for the function tests: literals, CAST, calls, operators, arrays,
// tuples, lambdas, CASE, INTERVAL, subscripts — enough to type the table-free expressions of
// the oracle files through ferry::functions::typeCall. The real analyzer (compiler/analyze)
// is another library; this one exists so the catalog can be tested on its own.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compiler/functions/call_typing.h"
#include "compiler/sql/ast.h"

namespace ferry::functions::test {

struct Typed {
  types::TypePtr type;                       ///< null on error
  std::optional<types::ConstantValue> constant;
  std::string error_code;                    ///< ClickHouse's name, or UNSUPPORTED for syntax this typer skips
  std::string message;
  bool ok() const { return type != nullptr; }
};

class ExpressionTyper {
 public:
  Typed type(const sql::Expr& e);

 private:
  Typed call(const std::string& name, const std::vector<const sql::Expr*>& args,
             const std::vector<const sql::Expr*>& params = {});
  Typed literal(const sql::Literal& l);
  std::map<std::string, types::TypePtr> lambda_scope_;
};

/// Parses and types one expression.
Typed typeExpression(std::string_view text);

}  // namespace ferry::functions::test
