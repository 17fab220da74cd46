#include "tests/column/type_text.h"

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

namespace ferry::rt::test {

namespace {

struct TypeTextParser {
  std::string_view s;
  size_t i = 0;

  void spaces() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  [[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error("cannot parse type '" + std::string(s) + "': " + why);
  }
  std::string word() {
    spaces();
    size_t b = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    return std::string(s.substr(b, i - b));
  }
  bool eat(char c) {
    spaces();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  std::string quoted() {
    spaces();
    if (i >= s.size() || s[i] != '\'') fail("expected a quoted string");
    ++i;
    std::string out;
    while (i < s.size()) {
      if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      if (s[i] == '\'') break;
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out += s[i++];
    }
    expect('\'');
    return out;
  }
  int64_t number() {
    spaces();
    size_t b = i;
    if (i < s.size() && s[i] == '-') ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (b == i) fail("expected a number");
    return std::stoll(std::string(s.substr(b, i - b)));
  }

  ColumnTypePtr type() {
    std::string name = word();
    static const std::pair<const char*, TypeKind> simple[] = {
        {"UInt8", TypeKind::UInt8},     {"UInt16", TypeKind::UInt16},   {"UInt32", TypeKind::UInt32},
        {"UInt64", TypeKind::UInt64},   {"UInt128", TypeKind::UInt128}, {"UInt256", TypeKind::UInt256},
        {"Int8", TypeKind::Int8},       {"Int16", TypeKind::Int16},     {"Int32", TypeKind::Int32},
        {"Int64", TypeKind::Int64},     {"Int128", TypeKind::Int128},   {"Int256", TypeKind::Int256},
        {"Float32", TypeKind::Float32}, {"Float64", TypeKind::Float64}, {"Bool", TypeKind::Bool},
        {"String", TypeKind::String},   {"Date", TypeKind::Date},       {"Date32", TypeKind::Date32},
        {"UUID", TypeKind::UUID},       {"IPv4", TypeKind::IPv4},       {"IPv6", TypeKind::IPv6}};
    for (const auto& [n, kind] : simple)
      if (name == n) return makeType(kind);
    auto t = std::make_shared<ColumnType>();
    if (name == "DateTime") {
      t->kind = TypeKind::DateTime;
      if (eat('(')) {
        t->timezone = quoted();
        expect(')');
      }
    } else if (name == "DateTime64") {
      t->kind = TypeKind::DateTime64;
      expect('(');
      t->precision = uint32_t(number());
      if (eat(',')) t->timezone = quoted();
      expect(')');
    } else if (name == "Decimal") {
      expect('(');
      t->precision = uint32_t(number());
      expect(',');
      t->scale = uint32_t(number());
      expect(')');
      t->kind = t->precision <= 9 ? TypeKind::Decimal32 : t->precision <= 18 ? TypeKind::Decimal64
                : t->precision <= 38 ? TypeKind::Decimal128 : TypeKind::Decimal256;
    } else if (name == "FixedString") {
      t->kind = TypeKind::FixedString;
      expect('(');
      t->length = uint64_t(number());
      expect(')');
    } else if (name == "Enum8" || name == "Enum16") {
      t->kind = name == "Enum8" ? TypeKind::Enum8 : TypeKind::Enum16;
      expect('(');
      do {
        std::string element = quoted();
        expect('=');
        t->enum_values.emplace_back(element, number());
      } while (eat(','));
      expect(')');
    } else if (name == "Nullable" || name == "LowCardinality" || name == "Array") {
      t->kind = name == "Nullable" ? TypeKind::Nullable : name == "Array" ? TypeKind::Array : TypeKind::LowCardinality;
      expect('(');
      t->children.push_back(type());
      expect(')');
    } else if (name == "Map") {
      t->kind = TypeKind::Map;
      expect('(');
      t->children.push_back(type());
      expect(',');
      t->children.push_back(type());
      expect(')');
    } else if (name == "Tuple") {
      t->kind = TypeKind::Tuple;
      expect('(');
      do {
        size_t save = i;
        std::string first = word();
        spaces();
        bool named = !first.empty() && i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]));
        if (named) {
          t->element_names.push_back(first);
        } else {
          i = save;
        }
        t->children.push_back(type());
      } while (eat(','));
      expect(')');
    } else {
      fail("unknown type " + name);
    }
    return t;
  }
};

}  // namespace

ColumnTypePtr parseTypeText(std::string_view text) {
  TypeTextParser p{text};
  auto t = p.type();
  p.spaces();
  if (p.i != text.size()) p.fail("trailing text");
  return t;
}

}  // namespace ferry::rt::test
