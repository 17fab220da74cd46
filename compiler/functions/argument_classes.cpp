#include "compiler/functions/argument_classes.h"
#include "compiler/functions/rule_text.h"

#include <array>
#include <utility>

namespace ferry::functions {
namespace {

using types::TypeKind;

constexpr ArgClassSet bits(std::initializer_list<ArgClass> classes) {
  ArgClassSet set = 0;
  for (ArgClass c : classes) set |= classBit(c);
  return set;
}

constexpr ArgClassSet kUInt = bits({ArgClass::UInt8, ArgClass::UInt16, ArgClass::UInt32, ArgClass::UInt64,
                                    ArgClass::UInt128, ArgClass::UInt256});
constexpr ArgClassSet kInt = bits({ArgClass::Int8, ArgClass::Int16, ArgClass::Int32, ArgClass::Int64,
                                   ArgClass::Int128, ArgClass::Int256});
constexpr ArgClassSet kFloat = bits({ArgClass::BFloat16, ArgClass::Float32, ArgClass::Float64});
constexpr ArgClassSet kInteger = kUInt | kInt;
constexpr ArgClassSet kNative = kInteger | kFloat;
constexpr ArgClassSet kNumber = kNative | classBit(ArgClass::Decimal);
constexpr ArgClassSet kStrings = bits({ArgClass::String, ArgClass::FixedString});
constexpr ArgClassSet kDates = bits({ArgClass::Date, ArgClass::Date32});
constexpr ArgClassSet kDateTimes = bits({ArgClass::DateTime, ArgClass::DateTime64});

/// Single classes in enum order, then the shorthands (used for parsing; printing uses singles).
constexpr std::array<std::pair<std::string_view, ArgClassSet>, 50> kNames{{
    {"uint8", classBit(ArgClass::UInt8)},
    {"uint16", classBit(ArgClass::UInt16)},
    {"uint32", classBit(ArgClass::UInt32)},
    {"uint64", classBit(ArgClass::UInt64)},
    {"uint128", classBit(ArgClass::UInt128)},
    {"uint256", classBit(ArgClass::UInt256)},
    {"int8", classBit(ArgClass::Int8)},
    {"int16", classBit(ArgClass::Int16)},
    {"int32", classBit(ArgClass::Int32)},
    {"int64", classBit(ArgClass::Int64)},
    {"int128", classBit(ArgClass::Int128)},
    {"int256", classBit(ArgClass::Int256)},
    {"bfloat16", classBit(ArgClass::BFloat16)},
    {"float32", classBit(ArgClass::Float32)},
    {"float64", classBit(ArgClass::Float64)},
    {"decimal", classBit(ArgClass::Decimal)},
    {"bool", classBit(ArgClass::Bool)},
    {"string", classBit(ArgClass::String)},
    {"fixedstring", classBit(ArgClass::FixedString)},
    {"date", classBit(ArgClass::Date)},
    {"date32", classBit(ArgClass::Date32)},
    {"datetime", classBit(ArgClass::DateTime)},
    {"datetime64", classBit(ArgClass::DateTime64)},
    {"time", classBit(ArgClass::Time)},
    {"uuid", classBit(ArgClass::UUID)},
    {"ipv4", classBit(ArgClass::IPv4)},
    {"ipv6", classBit(ArgClass::IPv6)},
    {"enum", classBit(ArgClass::Enum)},
    {"array", classBit(ArgClass::Array)},
    {"tuple", classBit(ArgClass::Tuple)},
    {"map", classBit(ArgClass::Map)},
    {"json", classBit(ArgClass::JSON)},
    {"dynamic", classBit(ArgClass::Dynamic)},
    {"variant", classBit(ArgClass::Variant)},
    {"interval", classBit(ArgClass::Interval)},
    {"lambda", classBit(ArgClass::Lambda)},
    {"state", classBit(ArgClass::State)},
    {"nothing", classBit(ArgClass::Nothing)},
    {"other", classBit(ArgClass::Other)},
    {"any", kAnyClass},
    {"uint", kUInt},
    {"int", kInt},
    {"float", kFloat},
    {"integer", kInteger},
    {"native", kNative},
    {"number", kNumber},
    {"strings", kStrings},
    {"dates", kDates},
    {"datetimes", kDateTimes},
    {"temporal", kDates | kDateTimes},
}};
constexpr size_t kSingleClasses = 39;

}  // namespace

ArgClass classifyType(const types::DataType& type) {
  switch (type.kind) {
    case TypeKind::Nothing: return ArgClass::Nothing;
    case TypeKind::UInt8: return ArgClass::UInt8;
    case TypeKind::UInt16: return ArgClass::UInt16;
    case TypeKind::UInt32: return ArgClass::UInt32;
    case TypeKind::UInt64: return ArgClass::UInt64;
    case TypeKind::UInt128: return ArgClass::UInt128;
    case TypeKind::UInt256: return ArgClass::UInt256;
    case TypeKind::Int8: return ArgClass::Int8;
    case TypeKind::Int16: return ArgClass::Int16;
    case TypeKind::Int32: return ArgClass::Int32;
    case TypeKind::Int64: return ArgClass::Int64;
    case TypeKind::Int128: return ArgClass::Int128;
    case TypeKind::Int256: return ArgClass::Int256;
    case TypeKind::BFloat16: return ArgClass::BFloat16;
    case TypeKind::Float32: return ArgClass::Float32;
    case TypeKind::Float64: return ArgClass::Float64;
    case TypeKind::Decimal: return ArgClass::Decimal;
    case TypeKind::Bool: return ArgClass::Bool;
    case TypeKind::String: return ArgClass::String;
    case TypeKind::FixedString: return ArgClass::FixedString;
    case TypeKind::Date: return ArgClass::Date;
    case TypeKind::Date32: return ArgClass::Date32;
    case TypeKind::DateTime: return ArgClass::DateTime;
    case TypeKind::DateTime64: return ArgClass::DateTime64;
    case TypeKind::Time: case TypeKind::Time64: return ArgClass::Time;
    case TypeKind::UUID: return ArgClass::UUID;
    case TypeKind::IPv4: return ArgClass::IPv4;
    case TypeKind::IPv6: return ArgClass::IPv6;
    case TypeKind::Enum8: case TypeKind::Enum16: return ArgClass::Enum;
    case TypeKind::Nullable: case TypeKind::LowCardinality: return classifyType(*type.child());
    case TypeKind::Array: case TypeKind::Nested: return ArgClass::Array;
    case TypeKind::Tuple: return ArgClass::Tuple;
    case TypeKind::Map: return ArgClass::Map;
    case TypeKind::Variant: return ArgClass::Variant;
    case TypeKind::Dynamic: return ArgClass::Dynamic;
    case TypeKind::JSON: return ArgClass::JSON;
    case TypeKind::Interval: return ArgClass::Interval;
    case TypeKind::AggregateFunction: return ArgClass::State;
    case TypeKind::SimpleAggregateFunction: return classifyType(*type.child());
    case TypeKind::Function: return ArgClass::Lambda;
    case TypeKind::QBit: case TypeKind::Set: return ArgClass::Other;
  }
  return ArgClass::Other;
}

std::optional<ArgumentConstraints> parseArgumentConstraints(std::string_view text, std::string* error) {
  ArgumentConstraints out;
  text = trim(text);
  if (text.empty()) return out;
  while (true) {
    size_t comma = text.find(',');
    std::string_view spec_text = trim(text.substr(0, comma));
    ArgumentSpec spec;
    if (spec_text.starts_with("const ")) {
      spec.constant = true;
      spec_text = trim(spec_text.substr(6));
    }
    spec.classes = 0;
    bool negated = false;
    if (spec_text.starts_with("!")) {
      negated = true;
      spec_text = trim(spec_text.substr(1));
    }
    while (true) {
      size_t bar = spec_text.find('|');
      std::string_view word = trim(spec_text.substr(0, bar));
      bool found = false;
      for (const auto& [name, set] : kNames) {
        if (name == word) {
          spec.classes |= set;
          found = true;
          break;
        }
      }
      if (!found) {
        if (error) *error = "unknown argument class `" + std::string(word) + "`";
        return std::nullopt;
      }
      if (bar == std::string_view::npos) break;
      spec_text = spec_text.substr(bar + 1);
    }
    if (negated) spec.classes = ~spec.classes;
    out.positions.push_back(spec);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return out;
}

bool isCheckedClass(ArgClass c) {
  switch (c) {
    case ArgClass::Dynamic: case ArgClass::Variant: case ArgClass::Time:
    case ArgClass::State: case ArgClass::Other:
      return false;
    default:
      return true;
  }
}

std::string classSetName(ArgClassSet set) {
  if (set == kAnyClass) return "any";
  static constexpr std::string_view kPreferred[] = {"number", "native", "integer", "uint", "int", "float",
                                                    "strings", "temporal", "dates", "datetimes"};
  std::string out;
  auto add = [&](std::string_view word) {
    if (!out.empty()) out += '|';
    out += word;
  };
  for (std::string_view word : kPreferred) {
    for (const auto& [name, bits] : kNames) {
      if (name != word || (set & bits) != bits) continue;
      add(name);
      set &= ~bits;
    }
  }
  for (size_t i = 0; i < kSingleClasses; ++i)
    if (set & kNames[i].second) add(kNames[i].first);
  return out;
}

}  // namespace ferry::functions
