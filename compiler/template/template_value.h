/// Runtime values of the template renderer: a small model of the Python objects Tinybird's
/// templates compute with, including the CLI's test-mode Placeholder. Internal to ferry_template.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ferry::tpl {

enum class ValueKind {
  None,
  Bool,
  Int,          ///< `ch_type` set: Tinybird's Integer (prints as toInt32('5'))
  BigInt,       ///< an integer beyond int64, kept as digits
  Float,        ///< `ch_type` set: Tinybird's Float (prints as toFloat64('1.5'))
  String,
  List,
  Tuple,
  Dict,         ///< items hold key, value, key, value, ...
  Placeholder,  ///< a parameter without a value in test mode (`text` = its name)
  Sql,          ///< Tinybird's Expression / Symbol: SQL text printed verbatim
  Comment,      ///< Tinybird's Comment (what error() returns in test mode)
  Function,     ///< a callable: `text` = function name; `self` = receiver of a bound method
  Unknown,      ///< the result of a failed evaluation (already reported)
};

struct Value {
  ValueKind kind = ValueKind::None;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string text;     ///< String / BigInt digits / Sql / Comment / Placeholder name / Function name
  std::string ch_type;  ///< Int/Float: the ClickHouse type of a typed number
  std::shared_ptr<std::vector<Value>> items;
  std::shared_ptr<Value> self;

  static Value none() { return Value{}; }
  static Value boolean(bool v);
  static Value integer(int64_t v, std::string ch_type = {});
  static Value floating(double v, std::string ch_type = {});
  static Value string(std::string v);
  static Value sql(std::string v);
  static Value comment(std::string v);
  static Value placeholder(std::string name);
  static Value list(std::vector<Value> v);
  static Value tuple(std::vector<Value> v);
  static Value dict(std::vector<Value> kv);
  static Value function(std::string name, std::shared_ptr<Value> self = nullptr);
  static Value unknown();

  bool isNumber() const { return kind == ValueKind::Int || kind == ValueKind::Float || kind == ValueKind::Bool; }
  bool isSequence() const { return kind == ValueKind::List || kind == ValueKind::Tuple; }
  /// The value as a double (numbers and bools only).
  double asDouble() const;
  const std::vector<Value>& elements() const;
};

std::string_view typeName(const Value& v);
/// Python's str() / repr() of the value.
std::string pyStr(const Value& v);
std::string pyRepr(const Value& v);
/// Python's repr() of a float ("0.0", "1.5", "1e+20").
std::string floatRepr(double d);
/// Python truthiness (a Placeholder is truthy: it is an object without __bool__/__len__).
bool truthy(const Value& v);
/// Python ==.
bool pyEquals(const Value& a, const Value& b);

}  // namespace ferry::tpl
