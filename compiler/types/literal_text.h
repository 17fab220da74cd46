/// Constants as ClickHouse spells them inside type names: aggregate function parameters
/// (`quantiles(0.5, 1.)`, `topK(10)`), enum values, JSON settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::types {

/// A Float64 the way ClickHouse prints it: shortest round-trip digits, fixed notation for
/// decimal exponents in [-6, 21) with a trailing `.` on integral values (`1.`, `0.001`,
/// `100000000000000000000.`), otherwise `1e-7` / `1e21`; `inf`, `-inf`, `nan`.
std::string formatFloat(double value);

/// An integer literal as written (`10`, `010` (decimal), `0x1F`, `0b101`, `-5`, `1_000`) as a
/// signed value; nullopt when it is not an integer or does not fit in int64 / uint64.
struct IntegerLiteral {
  bool negative = false;
  uint64_t magnitude = 0;
};
std::optional<IntegerLiteral> parseIntegerLiteral(std::string_view text);

}  // namespace ferry::types
