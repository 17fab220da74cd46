#include "compiler/functions/rule_call.h"

namespace ferry::functions {

const std::string* RuleCall::constantString(size_t i) const {
  if (i >= args.size() || !args[i].constant) return nullptr;
  // A folded toDate('...') may carry its text, but only a String argument is a string.
  types::TypePtr t = types::removeNullableAndLowCardinality(args[i].type);
  if (t->kind != types::TypeKind::String && t->kind != types::TypeKind::FixedString) return nullptr;
  const auto& c = *args[i].constant;
  return c.kind == types::ConstantValue::Kind::String ? &c.string_value : nullptr;
}

bool RuleCall::constantInt(size_t i, int64_t& out) const {
  if (i >= args.size() || !args[i].constant) return false;
  return args[i].constant->asInt64(out);
}

CallResult illegalArgumentType(const RuleCall& call, size_t index, std::string_view expected) {
  if (index >= call.size())
    return failure("NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "function " + std::string(call.name) + " needs argument " +
                                                           std::to_string(index + 1));
  std::string message = "illegal type " + types::toString(call.type(index)) + " of argument " +
                        std::to_string(index + 1) + " of function " + std::string(call.name);
  if (!expected.empty()) message += ", expected " + std::string(expected);
  return failure("ILLEGAL_TYPE_OF_ARGUMENT", std::move(message));
}

CallResult notConstant(const RuleCall& call, size_t index, std::string_view what) {
  return failure("ILLEGAL_COLUMN", "argument " + std::to_string(index + 1) + " of function " +
                                       std::string(call.name) + " must be a constant " + std::string(what));
}

CallResult wrongArgumentCount(std::string_view name, size_t given, int min_args, int max_args) {
  std::string expected;
  if (max_args == min_args) expected = std::to_string(min_args);
  else if (max_args < 0) expected = "at least " + std::to_string(min_args);
  else expected = std::to_string(min_args) + " to " + std::to_string(max_args);
  return failure("NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                 "function " + std::string(name) + " takes " + expected + " argument" +
                     (expected == "1" ? "" : "s") + ", " + std::to_string(given) + " given");
}

}  // namespace ferry::functions
