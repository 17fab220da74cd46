/// Which ClickHouse function each operator and special form stands for: ClickHouse rewrites
/// `a + b` to plus(a, b), `a AND b AND c` to and(a, b, c), EXTRACT(DAY FROM d) to
/// toDayOfMonth(d), ... and both types and names the result as that call. Shared by the typer and
/// the column namer so the two always agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/sql/expr.h"

namespace ferry::analyze {

std::string_view binaryFunctionName(sql::BinaryOp op);
/// AND, OR and || chains are n-ary calls.
bool isVariadicOperator(sql::BinaryOp op);
/// The operands of `a op b op c` as ClickHouse's parser collects them: a left-nested chain of the
/// same variadic operator written without parentheses becomes one list.
std::vector<const sql::Expr*> flattenChain(const sql::BinaryExpr& e);

std::string_view intervalFunctionName(sql::IntervalUnit unit);  ///< toIntervalDay, ...
std::string_view extractFunctionName(sql::IntervalUnit unit);   ///< toDayOfMonth, ...
std::string_view trimFunctionName(sql::TrimSide side);          ///< trimBoth, trimLeft, trimRight

/// The arguments of a call as ClickHouse's parser reads them: in `f(acc, x -> body, arr)` the
/// bare names before a lambda become its leading parameters (`lambda(tuple(acc, x), body)`), and
/// `x -> e AS a` aliases the lambda, not its body.
struct CallArguments {
  std::vector<const sql::Expr*> args;
  std::vector<std::string> leading_params;  ///< merged into the first lambda's parameters
};
CallArguments callArguments(const sql::FunctionCall& call);

/// `DATE_ADD(HOUR, n, d)` is plus(d, toIntervalHour(n)), `DATE_SUB(...)` minus, and
/// `DATEDIFF(DAY, a, b)` is dateDiff('day', a, b): ClickHouse's parser rewrites these when the
/// unit is written as a keyword (also the two-argument `DATE_ADD(d, INTERVAL ...)`).
struct DateCallRewrite {
  enum class Kind : uint8_t { Add, Sub, Diff, AddInterval, SubInterval } kind;
  sql::IntervalUnit unit = sql::IntervalUnit::Day;
};
std::optional<DateCallRewrite> dateCallRewrite(const sql::FunctionCall& call);
/// "day", "month", ... (dateDiff's unit argument).
std::string unitName(sql::IntervalUnit unit);

/// `INTERVAL '2 hours'` / `INTERVAL '1 day 2 hours'`: (amount text, unit) pairs; empty when the
/// string is not of that form.
std::vector<std::pair<std::string, sql::IntervalUnit>> parseIntervalString(std::string_view text);

}  // namespace ferry::analyze
