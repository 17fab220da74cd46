/// The `returns` column of a function table: a small language for return-type rules, so that
/// most rows are declarative and only real logic is code.
///
///   rule  := expr [";" flag {" " flag}]
///   expr  := TYPE                      a ClickHouse type, `UInt64`, `Array(String)`
///          | argN | arglast            the type of an argument (0-based)
///          | element(expr)             the element type of an array
///          | array(expr)               Array(expr)
///          | nullable(expr)            Nullable(expr) (as is when it cannot be inside Nullable)
///          | unnull(expr)              expr without Nullable
///          | tuple(expr, ...)          Tuple(expr, ...)
///          | map(expr, expr)           Map(k, v)
///          | typearg(N|last)           the type named by the constant string argument N
///          | withtz(TYPE, N)           a DateTime/DateTime64 TYPE whose time zone is the constant
///                                      string argument N when given, else that of the first
///                                      DateTime/DateTime64 argument
///          | supertype(args)           least supertype of all arguments,
///          | supertype(i, j, ...[..])  of the listed ones (`1,3..` continues with step 2)
///          | @name[(p, ...)]           a rule written in code (named_rules.h)
///   flag  := null=nothing|rule|error   a NULL argument: the result is Nullable(Nothing)
///                                      (default) / the rule sees it / the call is an error
///          | nullable=propagate|rule|error
///                                      a Nullable argument: unwrapped and the result made
///                                      Nullable (default) / the rule sees it / an error
///          | raw-nulls                 null=rule nullable=rule
///          | raw-lc                    the function sees LowCardinality arguments as they are
///                                      (default: unwrapped, and the result is LowCardinality
///                                      when every other argument is constant)
///          | lc-strip                  unwrapped, but the result never LowCardinality
///          | dynamic=nullable|dynamic  a Dynamic argument makes the result Nullable / Dynamic
///                                      (ClickHouse's default implementation for Dynamic)
/// The flags are what the probes showed (tools/propose_catalog.js), not guesses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/rule_call.h"
#include "compiler/types/data_type.h"

namespace ferry::functions {

struct RuleExpr {
  enum class Op : uint8_t {
    Fixed, Arg, Element, Array, Nullable, Unnull, Tuple, Map, TypeArg, WithTz, Supertype, Named
  };
  Op op = Op::Fixed;
  types::TypePtr type;              ///< Fixed; WithTz: the base type
  int index = 0;                    ///< Arg, TypeArg, WithTz; -1 = the last argument
  std::vector<RuleExpr> children;   ///< Element, Array, Nullable, Unnull, Tuple, Map
  bool all_args = false;            ///< Supertype(args)
  std::vector<int> indices;         ///< Supertype(i, j, ...)
  bool continues = false;           ///< Supertype(i, j..): keep the last step
  std::string name;                 ///< Named (without '@')
  std::vector<std::string> params;  ///< Named
};

enum class NullHandling : uint8_t { Default, Rule, Error };
enum class DynamicHandling : uint8_t { Rule, Nullable, Dynamic };

struct ReturnRule {
  RuleExpr expr;
  NullHandling null_arg = NullHandling::Default;       ///< NULL (Nullable(Nothing)) arguments
  NullHandling nullable_arg = NullHandling::Default;   ///< other Nullable arguments
  bool raw_lc = false;
  bool lc_strip = false;
  DynamicHandling dynamic = DynamicHandling::Rule;
};

std::optional<ReturnRule> parseReturnRule(std::string_view text, std::string* error);

/// Evaluates a rule expression against a call (arguments already unwrapped as the flags say).
CallResult evaluateRule(const RuleExpr& expr, const RuleCall& call);

}  // namespace ferry::functions
