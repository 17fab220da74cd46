#include "compiler/functions/aggregate_state_types.h"

#include <charconv>
#include <cstdlib>

#include "compiler/functions/rule_text.h"
#include "compiler/functions/aggregate_argument_classes.h"
#include "compiler/types/literal_text.h"

namespace ferry::functions {
namespace {

using types::ConstantValue;

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

ConstantValue constantFromText(std::string_view text) {
  ConstantValue v;
  v.text = std::string(text);
  text = trim(text);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    v.kind = ConstantValue::Kind::String;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      if (text[i] == '\\' && i + 2 < text.size()) ++i;
      v.string_value += text[i];
    }
    return v;
  }
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    v.kind = ConstantValue::Kind::Array;
    std::string_view inner = text.substr(1, text.size() - 2);
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i <= inner.size(); ++i) {
      if (i == inner.size() || (inner[i] == ',' && depth == 0)) {
        std::string_view item = trim(inner.substr(start, i - start));
        if (!item.empty()) v.items.push_back(constantFromText(item));
        start = i + 1;
      } else if (inner[i] == '[' || inner[i] == '(') {
        ++depth;
      } else if (inner[i] == ']' || inner[i] == ')') {
        --depth;
      }
    }
    return v;
  }
  if (auto integer = types::parseIntegerLiteral(text)) {
    if (integer->negative) {
      v.kind = ConstantValue::Kind::Int;
      v.int_value = -static_cast<int64_t>(integer->magnitude);
    } else {
      v.kind = ConstantValue::Kind::UInt;
      v.uint_value = integer->magnitude;
    }
    return v;
  }
  std::string s(text);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end && *end == '\0' && !s.empty()) {
    v.kind = ConstantValue::Kind::Float;
    v.float_value = d;
  } else {
    v.kind = ConstantValue::Kind::String;
    v.string_value = s;
  }
  return v;
}

}  // namespace

std::string parameterText(const ConstantValue& value) {
  // From the value: how the literal was written does not matter (`0.50` prints `0.5`).
  switch (value.kind) {
    case ConstantValue::Kind::Null: return value.text.empty() ? "NULL" : value.text;
    case ConstantValue::Kind::Int:
      return value.string_value.empty() ? std::to_string(value.int_value) : value.string_value;
    case ConstantValue::Kind::UInt:
      return value.string_value.empty() ? std::to_string(value.uint_value) : value.string_value;
    case ConstantValue::Kind::Float: return types::formatFloat(value.float_value);
    case ConstantValue::Kind::String:
      return quoted(value.string_value);
    case ConstantValue::Kind::Bool: return value.bool_value ? "true" : "false";
    case ConstantValue::Kind::Array:
    case ConstantValue::Kind::Tuple: {
      bool array = value.kind == ConstantValue::Kind::Array;
      std::string out = array ? "[" : "(";
      for (size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ", ";
        out += parameterText(value.items[i]);
      }
      return out + (array ? "]" : ")");
    }
    case ConstantValue::Kind::Unknown: return value.text;
  }
  return {};
}

std::vector<ConstantValue> parametersFromText(std::span<const std::string> texts) {
  std::vector<ConstantValue> out;
  for (const std::string& t : texts) out.push_back(constantFromText(t));
  return out;
}

types::TypePtr makeStateType(const AggregateFunctionDef& base, std::span<const Combinator> applied,
                             std::span<const types::TypePtr> args,
                             std::span<const ConstantValue> params, std::string_view base_name) {
  types::AggregateSignature signature;
  AggregateName name{base_name.empty() ? base.info.name : std::string(base_name), {applied.begin(), applied.end()}};
  signature.function = spellAggregateName(name);
  for (const ConstantValue& p : params) signature.params.push_back(parameterText(p));
  // The Map-argument form of sumMap & co. is `sum` + `-Map`, whose state is not versioned.
  bool map_form = !base.map_form.empty() && !args.empty() &&
                  valueType(*args[0]).kind == types::TypeKind::Map;
  if (base.state_version && !map_form && base_name.empty()) signature.version = base.state_version;
  return types::makeAggregateFunction(std::move(signature), {args.begin(), args.end()});
}

}  // namespace ferry::functions
