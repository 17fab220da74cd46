#include "compiler/template/template_value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ferry::tpl {

Value Value::boolean(bool v) {
  Value r;
  r.kind = ValueKind::Bool;
  r.b = v;
  return r;
}
Value Value::integer(int64_t v, std::string ch_type) {
  Value r;
  r.kind = ValueKind::Int;
  r.i = v;
  r.ch_type = std::move(ch_type);
  return r;
}
Value Value::floating(double v, std::string ch_type) {
  Value r;
  r.kind = ValueKind::Float;
  r.f = v;
  r.ch_type = std::move(ch_type);
  return r;
}
/// The values whose payload is their text: strings, SQL, comments, placeholders.
static Value withText(ValueKind kind, std::string text) {
  Value r;
  r.kind = kind;
  r.text = std::move(text);
  return r;
}
Value Value::string(std::string v) { return withText(ValueKind::String, std::move(v)); }
Value Value::sql(std::string v) { return withText(ValueKind::Sql, std::move(v)); }
Value Value::comment(std::string v) { return withText(ValueKind::Comment, std::move(v)); }
Value Value::placeholder(std::string name) { return withText(ValueKind::Placeholder, std::move(name)); }
Value Value::list(std::vector<Value> v) {
  Value r;
  r.kind = ValueKind::List;
  r.items = std::make_shared<std::vector<Value>>(std::move(v));
  return r;
}
Value Value::tuple(std::vector<Value> v) {
  Value r = list(std::move(v));
  r.kind = ValueKind::Tuple;
  return r;
}
Value Value::dict(std::vector<Value> kv) {
  Value r = list(std::move(kv));
  r.kind = ValueKind::Dict;
  return r;
}
Value Value::function(std::string name, std::shared_ptr<Value> self) {
  Value r;
  r.kind = ValueKind::Function;
  r.text = std::move(name);
  r.self = std::move(self);
  return r;
}
Value Value::unknown() {
  Value r;
  r.kind = ValueKind::Unknown;
  return r;
}

double Value::asDouble() const {
  switch (kind) {
    case ValueKind::Bool: return b ? 1 : 0;
    case ValueKind::Int: return static_cast<double>(i);
    case ValueKind::Float: return f;
    default: return 0;
  }
}

const std::vector<Value>& Value::elements() const {
  static const std::vector<Value> kEmpty;
  return items ? *items : kEmpty;
}

std::string_view typeName(const Value& v) {
  switch (v.kind) {
    case ValueKind::None: return "NoneType";
    case ValueKind::Bool: return "bool";
    case ValueKind::Int:
    case ValueKind::BigInt: return v.ch_type.empty() ? "int" : "Integer";
    case ValueKind::Float: return v.ch_type.empty() ? "float" : "Float";
    case ValueKind::String: return "str";
    case ValueKind::List: return "list";
    case ValueKind::Tuple: return "tuple";
    case ValueKind::Dict: return "dict";
    case ValueKind::Placeholder: return "Placeholder";
    case ValueKind::Sql: return "Expression";
    case ValueKind::Comment: return "Comment";
    case ValueKind::Function: return "function";
    case ValueKind::Unknown: return "unknown";
  }
  return "object";
}

std::string floatRepr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  // Shortest round-trip digits, then Python's layout: scientific when the exponent is < -4 or
  // >= 16, else positional with at least one decimal.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, end);
  size_t epos = sci.find('e');
  std::string mant = sci.substr(0, epos);
  int exp = std::stoi(sci.substr(epos + 1));
  bool neg = !mant.empty() && mant[0] == '-';
  if (neg) mant.erase(0, 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  std::string out;
  if (exp < -4 || exp >= 16) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
  } else if (exp < 0) {
    out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  } else {
    size_t int_len = static_cast<size_t>(exp) + 1;
    if (digits.size() <= int_len) {
      out = digits + std::string(int_len - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
  }
  return neg ? "-" + out : out;
}

namespace {
std::string reprString(const std::string& s) {
  char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, q);
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c == static_cast<unsigned char>(q)) {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
          char b[8];
          std::snprintf(b, sizeof b, "\\x%02x", c);
          out += b;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += q;
  return out;
}

std::string joinRepr(const std::vector<Value>& items) {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k) out += ", ";
    out += pyRepr(items[k]);
  }
  return out;
}
}  // namespace

std::string pyRepr(const Value& v) {
  switch (v.kind) {
    case ValueKind::String: return reprString(v.text);
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Float: return floatRepr(v.f);
    case ValueKind::List: return "[" + joinRepr(v.elements()) + "]";
    case ValueKind::Tuple: {
      const auto& e = v.elements();
      return "(" + joinRepr(e) + (e.size() == 1 ? ",)" : ")");
    }
    case ValueKind::Dict: {
      const auto& e = v.elements();
      std::string out = "{";
      for (size_t k = 0; k + 1 < e.size(); k += 2) {
        if (k) out += ", ";
        out += pyRepr(e[k]) + ": " + pyRepr(e[k + 1]);
      }
      return out + "}";
    }
    case ValueKind::Sql: return reprString(v.text);
    default: return pyStr(v);
  }
}

std::string pyStr(const Value& v) {
  switch (v.kind) {
    case ValueKind::None: return "None";
    case ValueKind::Bool: return v.b ? "True" : "False";
    case ValueKind::Int:
      if (!v.ch_type.empty()) return "to" + v.ch_type + "('" + std::to_string(v.i) + "')";
      return std::to_string(v.i);
    case ValueKind::BigInt:
      if (!v.ch_type.empty()) return "to" + v.ch_type + "('" + v.text + "')";
      return v.text;
    case ValueKind::Float:
      if (!v.ch_type.empty()) return "to" + v.ch_type + "('" + floatRepr(v.f) + "')";
      return floatRepr(v.f);
    case ValueKind::String:
    case ValueKind::Sql:
    case ValueKind::Comment: return v.text;
    case ValueKind::Placeholder: return "__no_value__";
    case ValueKind::Function: return "<function " + v.text + ">";
    case ValueKind::Unknown: return "NULL";
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Dict: return pyRepr(v);
  }
  return {};
}

bool truthy(const Value& v) {
  switch (v.kind) {
    case ValueKind::None: return false;
    case ValueKind::Bool: return v.b;
    case ValueKind::Int: return v.i != 0;
    case ValueKind::BigInt: return true;
    case ValueKind::Float: return v.f != 0;
    case ValueKind::String:
    case ValueKind::Sql: return !v.text.empty();
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Dict: return !v.elements().empty();
    case ValueKind::Placeholder:
    case ValueKind::Comment:
    case ValueKind::Function: return true;
    case ValueKind::Unknown: return false;
  }
  return false;
}

bool pyEquals(const Value& a, const Value& b) {
  if (a.isNumber() && b.isNumber()) {
    if (a.kind != ValueKind::Float && b.kind != ValueKind::Float) {
      int64_t x = a.kind == ValueKind::Bool ? a.b : a.i;
      int64_t y = b.kind == ValueKind::Bool ? b.b : b.i;
      return x == y;
    }
    return a.asDouble() == b.asDouble();
  }
  bool a_str = a.kind == ValueKind::String || a.kind == ValueKind::Sql;
  bool b_str = b.kind == ValueKind::String || b.kind == ValueKind::Sql;
  if (a_str && b_str) return a.text == b.text;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::None: return true;
    case ValueKind::BigInt: return a.text == b.text;
    // Placeholders compare by identity in Python; each parameter has one Placeholder object.
    case ValueKind::Placeholder: return a.text == b.text && !a.text.empty();
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Dict: {
      const auto& x = a.elements();
      const auto& y = b.elements();
      if (x.size() != y.size()) return false;
      for (size_t k = 0; k < x.size(); ++k) {
        if (!pyEquals(x[k], y[k])) return false;
      }
      return true;
    }
    case ValueKind::Function: return a.text == b.text && !a.self && !b.self;
    default: return false;
  }
}

}  // namespace ferry::tpl
