#include "compiler/analyze/operator_names.h"

#include <algorithm>
#include <cctype>

namespace ferry::analyze {

std::string_view binaryFunctionName(sql::BinaryOp op) {
  using sql::BinaryOp;
  switch (op) {
    case BinaryOp::Multiply: return "multiply";
    case BinaryOp::Divide: return "divide";
    case BinaryOp::Modulo:
    case BinaryOp::ModKeyword: return "modulo";
    case BinaryOp::IntDiv: return "intDiv";
    case BinaryOp::Plus: return "plus";
    case BinaryOp::Minus: return "minus";
    case BinaryOp::Concat: return "concat";
    case BinaryOp::Equals:
    case BinaryOp::DoubleEquals: return "equals";
    case BinaryOp::NotEquals:
    case BinaryOp::LessGreater: return "notEquals";
    case BinaryOp::Less: return "less";
    case BinaryOp::LessOrEquals: return "lessOrEquals";
    case BinaryOp::Greater: return "greater";
    case BinaryOp::GreaterOrEquals: return "greaterOrEquals";
    case BinaryOp::NullSafeEquals: return "isNotDistinctFrom";
    case BinaryOp::Like: return "like";
    case BinaryOp::NotLike: return "notLike";
    case BinaryOp::ILike: return "ilike";
    case BinaryOp::NotILike: return "notILike";
    case BinaryOp::Regexp: return "match";
    case BinaryOp::In: return "in";
    case BinaryOp::NotIn: return "notIn";
    case BinaryOp::GlobalIn: return "globalIn";
    case BinaryOp::GlobalNotIn: return "globalNotIn";
    case BinaryOp::IsDistinctFrom: return "isDistinctFrom";
    case BinaryOp::IsNotDistinctFrom: return "isNotDistinctFrom";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "";
}

bool isVariadicOperator(sql::BinaryOp op) {
  return op == sql::BinaryOp::And || op == sql::BinaryOp::Or || op == sql::BinaryOp::Concat;
}

std::vector<const sql::Expr*> flattenChain(const sql::BinaryExpr& e) {
  std::vector<const sql::Expr*> operands;
  if (!isVariadicOperator(e.op)) {
    operands.push_back(e.lhs.get());
    operands.push_back(e.rhs.get());
    return operands;
  }
  // Walk down the left spine while it is the same operator written without parentheses.
  std::vector<const sql::Expr*> rights;
  const sql::BinaryExpr* cur = &e;
  while (true) {
    rights.push_back(cur->rhs.get());
    const sql::Expr* lhs = cur->lhs.get();
    const auto* next = lhs ? lhs->tryAs<sql::BinaryExpr>() : nullptr;
    if (next && next->op == e.op && !next->parenthesized) {
      cur = next;
      continue;
    }
    operands.push_back(lhs);
    break;
  }
  std::reverse(rights.begin(), rights.end());
  operands.insert(operands.end(), rights.begin(), rights.end());
  return operands;
}

std::string_view intervalFunctionName(sql::IntervalUnit unit) {
  using U = sql::IntervalUnit;
  switch (unit) {
    case U::Nanosecond: return "toIntervalNanosecond";
    case U::Microsecond: return "toIntervalMicrosecond";
    case U::Millisecond: return "toIntervalMillisecond";
    case U::Second: return "toIntervalSecond";
    case U::Minute: return "toIntervalMinute";
    case U::Hour: return "toIntervalHour";
    case U::Day: return "toIntervalDay";
    case U::Week: return "toIntervalWeek";
    case U::Month: return "toIntervalMonth";
    case U::Quarter: return "toIntervalQuarter";
    case U::Year: return "toIntervalYear";
  }
  return "";
}

std::string_view extractFunctionName(sql::IntervalUnit unit) {
  using U = sql::IntervalUnit;
  switch (unit) {
    case U::Nanosecond: return "toNanosecond";
    case U::Microsecond: return "toMicrosecond";
    case U::Millisecond: return "toMillisecond";
    case U::Second: return "toSecond";
    case U::Minute: return "toMinute";
    case U::Hour: return "toHour";
    case U::Day: return "toDayOfMonth";
    case U::Week: return "toISOWeek";
    case U::Month: return "toMonth";
    case U::Quarter: return "toQuarter";
    case U::Year: return "toYear";
  }
  return "";
}

std::string_view trimFunctionName(sql::TrimSide side) {
  switch (side) {
    case sql::TrimSide::Leading: return "trimLeft";
    case sql::TrimSide::Trailing: return "trimRight";
    default: return "trimBoth";
  }
}

CallArguments callArguments(const sql::FunctionCall& call) {
  CallArguments out;
  for (const auto& a : call.args) {
    const sql::Expr* e = a.get();
    if (const auto* alias = e ? e->tryAs<sql::AliasExpr>() : nullptr; alias && alias->expr &&
                                                                      alias->expr->is<sql::Lambda>()) {
      e = alias->expr.get();
    }
    out.args.push_back(e);
  }
  size_t first_lambda = out.args.size();
  for (size_t i = 0; i < out.args.size(); ++i) {
    if (out.args[i] && out.args[i]->is<sql::Lambda>() && !out.args[i]->parenthesized) {
      first_lambda = i;
      break;
    }
  }
  if (first_lambda == 0 || first_lambda == out.args.size()) return out;
  for (size_t i = 0; i < first_lambda; ++i) {
    const auto* id = out.args[i] ? out.args[i]->tryAs<sql::Identifier>() : nullptr;
    if (!id || id->parts.size() != 1 || id->parenthesized) return out;
  }
  for (size_t i = 0; i < first_lambda; ++i) out.leading_params.push_back(out.args[i]->as<sql::Identifier>().parts[0]);
  out.args.erase(out.args.begin(), out.args.begin() + static_cast<long>(first_lambda));
  return out;
}

namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<DateCallRewrite> dateCallRewrite(const sql::FunctionCall& call) {
  if (call.has_parameters || call.distinct || call.filter || call.over || !call.over_name.empty()) return std::nullopt;
  std::string name = lowerAscii(call.name);
  bool add = name == "date_add" || name == "dateadd" || name == "timestamp_add" || name == "timestampadd";
  bool sub = name == "date_sub" || name == "datesub" || name == "timestamp_sub" || name == "timestampsub";
  bool diff = name == "datediff" || name == "date_diff" || name == "timestampdiff" || name == "timestamp_diff";
  if (!add && !sub && !diff) return std::nullopt;
  if ((add || sub) && call.args.size() == 2 && call.args[0] && call.args[1] &&
      (call.args[0]->is<sql::IntervalExpr>() || call.args[1]->is<sql::IntervalExpr>())) {
    return DateCallRewrite{add ? DateCallRewrite::Kind::AddInterval : DateCallRewrite::Kind::SubInterval,
                           sql::IntervalUnit::Day};
  }
  if (call.args.size() < 3 || (!diff && call.args.size() != 3) || call.args.size() > 4) return std::nullopt;
  const auto* id = call.args[0] ? call.args[0]->tryAs<sql::Identifier>() : nullptr;
  if (!id || id->parts.size() != 1) return std::nullopt;
  auto unit = sql::parseIntervalUnit(id->parts[0]);
  if (!unit) return std::nullopt;
  auto kind = add ? DateCallRewrite::Kind::Add : sub ? DateCallRewrite::Kind::Sub : DateCallRewrite::Kind::Diff;
  return DateCallRewrite{kind, *unit};
}

std::string unitName(sql::IntervalUnit unit) { return lowerAscii(sql::spelling(unit)); }

std::vector<std::pair<std::string, sql::IntervalUnit>> parseIntervalString(std::string_view text) {
  std::vector<std::pair<std::string, sql::IntervalUnit>> parts;
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (words.empty() || words.size() % 2 != 0) return {};
  for (size_t i = 0; i < words.size(); i += 2) {
    const std::string& amount = words[i];
    bool numeric = !amount.empty() &&
                   std::all_of(amount.begin() + (amount[0] == '-' ? 1 : 0), amount.end(),
                               [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
                   amount != "-";
    auto unit = sql::parseIntervalUnit(words[i + 1]);
    if (!numeric || !unit) return {};
    parts.emplace_back(amount, *unit);
  }
  return parts;
}

}  // namespace ferry::analyze
