/// The `arguments` column of a function table: which types each argument position accepts.
///
///   arguments := spec {", " spec}        (the last spec also covers any further arguments)
///   spec      := ["const "] ["!"] class {"|" class}     (`!`: every class but these)
///   class     := uint8 | uint16 | uint32 | uint64 | uint128 | uint256 | int8 | ... | int256 |
///                bfloat16 | float32 | float64 | decimal | bool | string | fixedstring | date | date32 |
///                datetime | datetime64 | time | uuid | ipv4 | ipv6 | enum | array | tuple | map |
///                json | dynamic | variant | interval | lambda | state | other
///              | any | uint | int | float (every width) | integer (uint|int)
///              | native (integer|float) | number (native|decimal)
///              | strings (string|fixedstring) | dates (date|date32)
///              | datetimes (datetime|datetime64) | temporal (dates|datetimes)
///
/// Classes describe the type without Nullable / LowCardinality (ClickHouse unwraps those
/// before a function sees its arguments). An empty column accepts anything. Dynamic, Variant,
/// Time, aggregate states and other rare types are never rejected by a class (the probes did
/// not ask about them); NULL (`nothing`) is checked only for functions that see it. The constraints
/// come from probing (which argument types ClickHouse accepted at each position), so they are
/// a per-position over-approximation; rules that care about combinations check them in code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/data_type.h"

namespace ferry::functions {

enum class ArgClass : uint8_t {
  UInt8, UInt16, UInt32, UInt64, UInt128, UInt256, Int8, Int16, Int32, Int64, Int128, Int256,
  BFloat16, Float32, Float64, Decimal, Bool, String, FixedString, Date, Date32, DateTime, DateTime64, Time,
  UUID, IPv4, IPv6, Enum, Array, Tuple, Map, JSON, Dynamic, Variant, Interval, Lambda, State,
  Nothing, Other,
};
using ArgClassSet = uint64_t;

constexpr ArgClassSet classBit(ArgClass c) { return ArgClassSet{1} << static_cast<unsigned>(c); }
constexpr ArgClassSet kAnyClass = ~ArgClassSet{0};

/// The class of a type, Nullable and LowCardinality removed (`Nullable(Nothing)` is Nothing).
ArgClass classifyType(const types::DataType& type);

struct ArgumentSpec {
  ArgClassSet classes = kAnyClass;
  bool constant = false;  ///< ClickHouse requires a constant here (ILLEGAL_COLUMN otherwise)
};

struct ArgumentConstraints {
  std::vector<ArgumentSpec> positions;  ///< empty: anything
  const ArgumentSpec* at(size_t i) const {
    if (positions.empty()) return nullptr;
    return i < positions.size() ? &positions[i] : &positions.back();
  }
};

std::optional<ArgumentConstraints> parseArgumentConstraints(std::string_view text, std::string* error);

/// Whether arguments of class `c` are checked against the constraints at all.
bool isCheckedClass(ArgClass c);

/// Lower-case class names of a set, `|`-separated, for messages and for writing tables.
std::string classSetName(ArgClassSet set);

}  // namespace ferry::functions
