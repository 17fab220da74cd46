/// Literal typing with ClickHouse's rule (the smallest type that holds the value) and the
/// literal spellings ClickHouse uses in column names (`1.`, `1e21`, `'a\'b'`).
#pragma once

#include <string>
#include <string_view>

#include "compiler/sql/expr.h"
#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::analyze {

struct TypedConstant {
  types::TypePtr type;
  types::ConstantValue value;
};

/// `1` -> UInt8, `-1` -> Int8, `256` -> UInt16, `0xFF..` beyond 64 bits -> Float64, `1.5` ->
/// Float64, `'x'` -> String, NULL -> Nullable(Nothing), true -> Bool.
TypedConstant typeLiteral(const sql::Literal& literal);

/// The smallest integer type holding a value: UInt8..UInt64 for non-negative values, Int8..Int64
/// for negative ones.
types::TypePtr smallestIntegerType(bool negative, uint64_t magnitude);

/// A Float64 value as ClickHouse prints it in a column name: shortest round-trip digits, fixed
/// notation with a trailing `.` for integral values (`1.`, `100000.`), scientific notation
/// without `+` outside [1e-6, 1e21) (`1e-7`, `1e21`), `inf`, `-inf`, `nan`.
std::string formatFloatForName(double value);

/// A string quoted as ClickHouse quotes it in names and type parameters: `'a\'b'`, `'a\\b'`.
std::string quoteStringForName(std::string_view s);

/// The constant's text as ClickHouse prints it inside a column name (`1`, `-1`, `1.5`, `'x'`,
/// `NULL`, `true`, `[1, 2]`, `(1, 'a')`).
std::string constantText(const types::ConstantValue& value);

}  // namespace ferry::analyze
