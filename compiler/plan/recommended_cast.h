/// The expression that turns a live column's values into the new column's type in a forward
/// query (clickhouse.md §3.1-3.6, each form checked in chDB 26.7 by tests/plan/oracle).
///
/// A lossless change is a plain CAST. A change CAST would make silently wrong or fail on some
/// values gets the form that says what happens to them instead:
///  - wrapping, parsing and range checks: `accurateCastOrDefault(x, 'T')` (the value that does
///    not convert becomes T's default; NULL too), or `accurateCastOrNull` into Nullable(T);
///  - Nullable(T) -> T: `ifNull(x, <default of T>)`;
///  - Float -> integer: `accurateCastOrDefault(trunc(x), 'T')` (accurateCast refuses fractions);
///  - rounding changes of numbers (Float64 -> Float32, Int64 -> Float64, Decimal -> Float) stay
///    a CAST: accurateCastOrDefault would turn every inexact value into 0 (text into a Float is
///    parsed with accurateCastOrDefault); so do Time changes, which accurateCast does not support
///    (Time64 -> Time, which CAST does not support either, goes through `toInt64`);
///  - Enum targets: `CAST(if(x IN ('a', ...), x, '<default>'), 'Enum8(...)')` (accurateCast
///    throws on unknown enum elements instead of defaulting);
///  - String -> JSON: text that is not a JSON object becomes `{}` first;
///  - String -> Array / Map / Tuple has no safe form: Impossible (an explicit query is needed);
///  - Array / Map / Tuple: the same element by element (`arrayMap`, `mapApply`, `tuple`);
///  - AggregateFunction(sum|min|max|any|anyLast, A) -> (same, B): finalize and restate,
///    `initializeAggregation('sumState', <conversion of finalizeAggregation(x)>)`.
/// Every such form is Recommended: the user must confirm it.
#pragma once

#include <functional>
#include <string>

#include "compiler/plan/forward_query.h"
#include "compiler/types/data_type.h"

namespace ferry::plan {

struct ConversionExpr {
  MappingKind kind = MappingKind::Keep;  ///< Keep, Cast, Recommended or Impossible
  /// SQL of an expression of exactly the target type over the operand; empty when Impossible.
  std::string sql;
  /// Why it is not a plain CAST and what the recommended form does with bad values.
  std::string reason;
};

/// Types an expression (SQL text) over the live table; null when it cannot. Used to learn the
/// type of `finalizeAggregation(col)` for state restatements.
using ExpressionTyper = std::function<types::TypePtr(const std::string& sql)>;

/// The conversion of `operand_sql` (an expression of type `from`) into `to`.
ConversionExpr convertExpression(const std::string& operand_sql, const types::DataType& from,
                                 const types::DataType& to, const ExpressionTyper& type_of = {});

/// `'T'` for a type: the single-quoted canonical name, as CAST's second argument.
std::string typeArgument(const types::DataType& type);
/// An expression of exactly `type` holding its default value: `''` for String, otherwise
/// `defaultValueOfTypeName('T')`.
std::string defaultValueExpression(const types::DataType& type);
/// A column name as SQL text: always backquoted (the printer drops quotes that are not needed).
std::string quotedColumn(const std::string& name);

}  // namespace ferry::plan
