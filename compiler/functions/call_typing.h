/// Typing a call: given a function name (combinators included) and the types (and constant
/// values, where constant) of its arguments, the exact ClickHouse 26.7 result type, or the error
/// ClickHouse would give. The rules are data: one row per function in the catalog table; only
/// the rules that need code (arithmetic promotion, supertypes, date functions with time zones,
/// aggregate combinators) are named in the table and implemented here.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/constant_value.h"
#include "compiler/types/data_type.h"

namespace ferry::functions {

/// One argument of a call. For a lambda argument (`x -> x + 1` in `arrayMap`), `type` is a
/// `Function(param types -> result)` type built by the analyzer after it typed the body with
/// the parameter types from `lambdaParameterTypes`.
struct Argument {
  types::TypePtr type;
  std::optional<types::ConstantValue> constant;
};

struct CallResult {
  types::TypePtr type;     ///< null on error
  std::string error_code;  ///< ClickHouse's error name: ILLEGAL_TYPE_OF_ARGUMENT, UNKNOWN_FUNCTION...
                           ///< FERRY_UNTYPED: a known function the catalog has no rule for yet
                           ///< (not the user's error: the result type is unknown).
  std::string message;     ///< one line, lower-case start, for a diagnostic
  bool ok() const { return type != nullptr; }
};

/// The result of a rule that accepted the call (`type` may be null: "no error, type decided later").
CallResult success(types::TypePtr type);
/// The result of a rule that rejected the call with ClickHouse's error `code`.
CallResult failure(std::string code, std::string message);

/// Types a scalar, aggregate (with any chain of combinators) or window function call.
/// `params` are the constant parameters of a parametric aggregate (`quantiles(0.5)(x)`).
CallResult typeCall(std::string_view name, std::span<const Argument> args,
                    std::span<const types::ConstantValue> params = {});

/// For a higher-order function (`arrayMap`, `arrayFilter`, `arraySort`, `arrayFold`, ...): the
/// parameter types of the lambda at `lambda_index`, given the other arguments (whose types are
/// known; the lambda's own slot has a null type). nullopt when `name` takes no lambda there.
std::optional<std::vector<types::TypePtr>> lambdaParameterTypes(
    std::string_view name, size_t lambda_index, size_t lambda_arity, std::span<const Argument> args);

}  // namespace ferry::functions
