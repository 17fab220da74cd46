/// A runtime failure that carries ClickHouse's error code name (`TOO_MANY_PARTS`,
/// `CANNOT_PARSE_DATETIME`), so every layer reports refusals as ClickHouse would and the driver
/// prints them as `error[CODE]: message`.
#pragma once

#include <stdexcept>
#include <string>

namespace ferry::rt {

struct CodedError : std::runtime_error {
  std::string code;  ///< ClickHouse's error code name; empty when none applies
  CodedError(std::string code_name, const std::string& message)
      : std::runtime_error(message), code(std::move(code_name)) {}
};

}  // namespace ferry::rt
