#include "compiler/plan/ttl_duration.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "compiler/sql/printer.h"

namespace ferry::plan {

namespace {

constexpr double kDay = 86400;

std::optional<double> unitSeconds(sql::IntervalUnit unit) {
  switch (unit) {
    case sql::IntervalUnit::Nanosecond: return 1e-9;
    case sql::IntervalUnit::Microsecond: return 1e-6;
    case sql::IntervalUnit::Millisecond: return 1e-3;
    case sql::IntervalUnit::Second: return 1;
    case sql::IntervalUnit::Minute: return 60;
    case sql::IntervalUnit::Hour: return 3600;
    case sql::IntervalUnit::Day: return kDay;
    case sql::IntervalUnit::Week: return 7 * kDay;
    case sql::IntervalUnit::Month: return 30 * kDay;
    case sql::IntervalUnit::Quarter: return 91 * kDay;
    case sql::IntervalUnit::Year: return 365 * kDay;
  }
  return std::nullopt;
}

std::optional<double> numberOf(const sql::Expr& e) {
  auto* lit = e.tryAs<sql::Literal>();
  if (!lit || (lit->literal_kind != sql::LiteralKind::Integer && lit->literal_kind != sql::LiteralKind::Float))
    return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(lit->value.data(), lit->value.data() + lit->value.size(), v);
  if (ec != std::errc() || ptr != lit->value.data() + lit->value.size()) return std::nullopt;
  return v;
}

/// A piece of a TTL expression: the time column (possibly converted), an interval, a plain number.
struct Term {
  enum class Kind { Invalid, Base, Interval, Number } kind = Kind::Invalid;
  double seconds = 0;     ///< Base: the offset added so far; Interval: its length; Number: the value
  double number_unit = 0; ///< Base: seconds a plain number adds (86400 for a Date, 1 for a DateTime, 0 unknown)
};

/// Functions of the time column that return a Date (a number added to them counts days) or a
/// DateTime (seconds).
double baseUnitOfFunction(std::string_view name) {
  static constexpr std::string_view kDateResults[] = {
      "toDate", "toDate32", "toStartOfMonth", "toStartOfQuarter", "toStartOfYear", "toMonday",
      "toStartOfWeek", "toLastDayOfMonth", "toStartOfISOYear", "toLastDayOfWeek"};
  static constexpr std::string_view kDateTimeResults[] = {
      "toDateTime", "toDateTime64", "toStartOfDay", "toStartOfHour", "toStartOfMinute",
      "toStartOfFiveMinutes", "toStartOfFiveMinute", "toStartOfTenMinutes", "toStartOfFifteenMinutes",
      "toStartOfSecond", "toStartOfInterval", "fromUnixTimestamp", "toDateTimeOrZero"};
  for (auto n : kDateResults)
    if (n == name) return kDay;
  for (auto n : kDateTimeResults)
    if (n == name) return 1;
  return 0;
}

std::optional<sql::IntervalUnit> intervalFunctionUnit(std::string_view name) {
  constexpr std::string_view kPrefix = "toInterval";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  return sql::parseIntervalUnit(name.substr(kPrefix.size()));
}

Term evaluate(const sql::Expr& e, const ColumnTypeLookup& column_type) {
  Term t;
  if (auto* id = e.tryAs<sql::Identifier>()) {
    t.kind = Term::Kind::Base;
    types::TypePtr type = id->parts.empty() || !column_type ? nullptr : column_type(id->parts.back());
    if (type) {
      auto bare = types::removeNullableAndLowCardinality(type);
      if (bare->kind == types::TypeKind::Date || bare->kind == types::TypeKind::Date32) t.number_unit = kDay;
      else if (bare->kind == types::TypeKind::DateTime || bare->kind == types::TypeKind::DateTime64) t.number_unit = 1;
    }
    return t;
  }
  if (auto n = numberOf(e)) {
    t.kind = Term::Kind::Number;
    t.seconds = *n;
    return t;
  }
  if (auto* interval = e.tryAs<sql::IntervalExpr>()) {
    if (!interval->value) return t;
    std::optional<double> n = numberOf(*interval->value);
    std::optional<sql::IntervalUnit> unit = interval->unit;
    if (!unit) {
      // `INTERVAL '7 day'`: the number and the unit inside the string.
      auto* lit = interval->value->tryAs<sql::Literal>();
      if (!lit || lit->literal_kind != sql::LiteralKind::String) return t;
      std::string_view s = lit->value;
      size_t space = s.find(' ');
      if (space == std::string_view::npos) return t;
      double v = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + space, v);
      if (ec != std::errc() || ptr != s.data() + space) return t;
      n = v;
      unit = sql::parseIntervalUnit(s.substr(space + 1));
    }
    if (!n || !unit) return t;
    t.kind = Term::Kind::Interval;
    t.seconds = *n * *unitSeconds(*unit);
    return t;
  }
  if (auto* call = e.tryAs<sql::FunctionCall>()) {
    if (auto unit = intervalFunctionUnit(call->name)) {
      if (call->args.size() != 1 || !call->args[0]) return t;
      auto n = numberOf(*call->args[0]);
      if (!n) return t;
      t.kind = Term::Kind::Interval;
      t.seconds = *n * *unitSeconds(*unit);
      return t;
    }
    if (call->args.empty() || !call->args[0]) return t;
    Term inner = evaluate(*call->args[0], column_type);
    if (inner.kind != Term::Kind::Base || inner.seconds != 0) return t;
    t.kind = Term::Kind::Base;
    t.number_unit = baseUnitOfFunction(call->name);
    return t;
  }
  if (auto* bin = e.tryAs<sql::BinaryExpr>()) {
    if (!bin->lhs || !bin->rhs) return t;
    if (bin->op != sql::BinaryOp::Plus && bin->op != sql::BinaryOp::Minus) return t;
    Term a = evaluate(*bin->lhs, column_type);
    Term b = evaluate(*bin->rhs, column_type);
    double sign = bin->op == sql::BinaryOp::Minus ? -1 : 1;
    using K = Term::Kind;
    if (a.kind == K::Base && (b.kind == K::Interval || b.kind == K::Number)) {
      double add = b.kind == K::Interval ? b.seconds : b.seconds * a.number_unit;
      if (b.kind == K::Number && a.number_unit == 0) return t;
      a.seconds += sign * add;
      return a;
    }
    if (b.kind == K::Base && sign > 0 && (a.kind == K::Interval || a.kind == K::Number)) {
      double add = a.kind == K::Interval ? a.seconds : a.seconds * b.number_unit;
      if (a.kind == K::Number && b.number_unit == 0) return t;
      b.seconds += add;
      return b;
    }
    if (a.kind == b.kind && (a.kind == K::Interval || a.kind == K::Number)) {
      a.seconds += sign * b.seconds;
      return a;
    }
    return t;
  }
  return t;
}

}  // namespace

Retention retentionOf(const std::vector<std::unique_ptr<sql::TtlElement>>& ttl, const ColumnTypeLookup& column_type) {
  Retention out;
  out.text = "no TTL";
  std::optional<double> shortest;
  for (const auto& element : ttl) {
    if (!element) continue;
    bool deletes = element->action == sql::TtlAction::None || element->action == sql::TtlAction::Delete;
    bool rolls_up = element->action == sql::TtlAction::GroupBy;
    if (!deletes && !rolls_up) continue;  // moves and recompression keep the rows
    Term term = element->expr && !element->where && deletes ? evaluate(*element->expr, column_type) : Term{};
    if (term.kind != Term::Kind::Base) {
      out.kind = Retention::Kind::Unknown;
      out.text = sql::printNode(*element);
      return out;
    }
    if (!shortest || term.seconds < *shortest) shortest = term.seconds;
  }
  if (shortest) {
    out.kind = Retention::Kind::Duration;
    out.seconds = *shortest;
    out.text = formatDuration(*shortest);
  }
  return out;
}

std::string formatDuration(double seconds) {
  auto plural = [](double n, std::string_view unit) {
    std::string number = n == std::floor(n) ? std::to_string(static_cast<long long>(n)) : std::to_string(n);
    return number + " " + std::string(unit) + (n == 1 ? "" : "s");
  };
  if (seconds != 0 && std::fmod(seconds, kDay) == 0) return plural(seconds / kDay, "day");
  if (seconds != 0 && std::fmod(seconds, 3600) == 0) return plural(seconds / 3600, "hour");
  if (seconds != 0 && std::fmod(seconds, 60) == 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

}  // namespace ferry::plan
