/// Hand-built arguments for typeCall in unit tests: columns of a type, constants with a value,
/// constants whose value does not matter, and the printed result (or `ERROR <code>`).
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions/call_typing.h"
#include "compiler/types/type_parser.h"

namespace ferry::functions::test {

inline Argument column(const char* type) {
  Argument a;
  a.type = types::parseTypeName(type).type;
  REQUIRE(a.type != nullptr);
  return a;
}

inline Argument constantString(const char* value) {
  Argument a = column("String");
  types::ConstantValue c;
  c.kind = types::ConstantValue::Kind::String;
  c.string_value = value;
  a.constant = c;
  return a;
}

inline Argument constantUInt(uint64_t value, const char* type = "UInt8") {
  Argument a = column(type);
  types::ConstantValue c;
  c.kind = types::ConstantValue::Kind::UInt;
  c.uint_value = value;
  a.constant = c;
  return a;
}

/// A constant of `type` whose value the rule does not read (constness is what matters).
inline Argument constantOf(const char* type) {
  Argument a = column(type);
  a.constant = types::ConstantValue{};
  a.constant->kind = types::ConstantValue::Kind::Unknown;
  return a;
}

inline std::string typeOf(std::string_view name, std::vector<Argument> args) {
  CallResult r = typeCall(name, args);
  return r.ok() ? types::toString(r.type) : "ERROR " + r.error_code;
}

}  // namespace ferry::functions::test
