#include "compiler/sql/ast.h"

#include <array>
#include <cctype>
#include <string>

namespace ferry::sql {

#define FERRY_SQL_NODE(Name, Base) \
  Name::Name() : Base(kKind) {}    \
  Name::~Name() = default;
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE

std::string_view kindName(NodeKind kind) {
  static constexpr std::string_view kNames[] = {
#define FERRY_SQL_NODE(Name, Base) #Name,
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE
  };
  return kNames[static_cast<size_t>(kind)];
}

namespace detail {
std::string_view nthName(std::string_view list, size_t i) {
  size_t pos = 0;
  for (;;) {
    while (pos < list.size() && (list[pos] == ' ' || list[pos] == '\n' || list[pos] == ',')) ++pos;
    size_t end = pos;
    while (end < list.size() && list[end] != ',' && list[end] != ' ' && list[end] != '\n') ++end;
    if (i == 0 || end >= list.size()) return list.substr(pos, end - pos);
    --i;
    pos = end;
  }
}
}  // namespace detail

std::string_view spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::Multiply: return "*";
    case BinaryOp::Divide: return "/";
    case BinaryOp::Modulo: return "%";
    case BinaryOp::ModKeyword: return "MOD";
    case BinaryOp::IntDiv: return "DIV";
    case BinaryOp::Plus: return "+";
    case BinaryOp::Minus: return "-";
    case BinaryOp::Concat: return "||";
    case BinaryOp::Equals: return "=";
    case BinaryOp::DoubleEquals: return "==";
    case BinaryOp::NotEquals: return "!=";
    case BinaryOp::LessGreater: return "<>";
    case BinaryOp::Less: return "<";
    case BinaryOp::LessOrEquals: return "<=";
    case BinaryOp::Greater: return ">";
    case BinaryOp::GreaterOrEquals: return ">=";
    case BinaryOp::NullSafeEquals: return "<=>";
    case BinaryOp::Like: return "LIKE";
    case BinaryOp::NotLike: return "NOT LIKE";
    case BinaryOp::ILike: return "ILIKE";
    case BinaryOp::NotILike: return "NOT ILIKE";
    case BinaryOp::Regexp: return "REGEXP";
    case BinaryOp::In: return "IN";
    case BinaryOp::NotIn: return "NOT IN";
    case BinaryOp::GlobalIn: return "GLOBAL IN";
    case BinaryOp::GlobalNotIn: return "GLOBAL NOT IN";
    case BinaryOp::IsDistinctFrom: return "IS DISTINCT FROM";
    case BinaryOp::IsNotDistinctFrom: return "IS NOT DISTINCT FROM";
    case BinaryOp::And: return "AND";
    case BinaryOp::Or: return "OR";
  }
  return "?";
}

std::string_view spelling(IntervalUnit unit) {
  static constexpr std::string_view kNames[] = {"NANOSECOND", "MICROSECOND", "MILLISECOND",
                                                "SECOND",     "MINUTE",      "HOUR",
                                                "DAY",        "WEEK",        "MONTH",
                                                "QUARTER",    "YEAR"};
  return kNames[static_cast<size_t>(unit)];
}

std::optional<IntervalUnit> parseIntervalUnit(std::string_view word) {
  std::string w;
  for (char c : word) w += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (w.rfind("SQL_TSI_", 0) == 0) w = w.substr(8);
  struct Entry {
    std::string_view spelling;
    IntervalUnit unit;
  };
  static constexpr Entry kExtra[] = {
      {"NS", IntervalUnit::Nanosecond}, {"US", IntervalUnit::Microsecond},
      {"MS", IntervalUnit::Millisecond}, {"S", IntervalUnit::Second},
      {"SS", IntervalUnit::Second},     {"MI", IntervalUnit::Minute},
      {"N", IntervalUnit::Minute},      {"H", IntervalUnit::Hour},
      {"HH", IntervalUnit::Hour},       {"D", IntervalUnit::Day},
      {"DD", IntervalUnit::Day},        {"WK", IntervalUnit::Week},
      {"WW", IntervalUnit::Week},       {"MM", IntervalUnit::Month},
      {"M", IntervalUnit::Month},       {"QQ", IntervalUnit::Quarter},
      {"Q", IntervalUnit::Quarter},     {"YY", IntervalUnit::Year},
      {"YYYY", IntervalUnit::Year},
  };
  for (const Entry& e : kExtra)
    if (w == e.spelling) return e.unit;
  for (size_t i = 0; i <= static_cast<size_t>(IntervalUnit::Year); ++i) {
    auto unit = static_cast<IntervalUnit>(i);
    std::string_view name = spelling(unit);
    if (w == name || (w.size() == name.size() + 1 && w.back() == 'S' && w.compare(0, name.size(), name) == 0))
      return unit;
  }
  return std::nullopt;
}

}  // namespace ferry::sql
