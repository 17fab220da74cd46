/// Date and time functions whose result depends on constant arguments: a unit (`date_trunc`,
/// `toStartOfInterval`), a precision (`toDateTime64`, `now64`, `parseDateTime64BestEffort`),
/// a time zone, or the unit a function name carries (`addHours`). Results were probed with
/// chDB for every unit against Date, Date32, DateTime, DateTime64 and zoned values.
#include <algorithm>
#include <optional>
#include <string>

#include "compiler/functions/date_arithmetic.h"
#include "compiler/functions/named_rules.h"
#include "compiler/sql/expr.h"

namespace ferry::functions {
namespace {

using types::IntervalUnit;
using types::TypeKind;
using types::TypePtr;

std::optional<IntervalUnit> unitFromText(std::string_view text) {
  auto u = sql::parseIntervalUnit(text);
  if (!u) return std::nullopt;
  return static_cast<IntervalUnit>(static_cast<uint8_t>(*u));  // both enums list the units in one order
}

/// The time zone of the result: the constant string argument `tz_index` when given, else the
/// zone of the (DateTime) value.
CallResult timezoneArgument(const RuleCall& call, size_t tz_index, const TypePtr& value, std::string& tz) {
  tz = value->timezone;
  if (tz_index < call.size()) {
    const std::string* given = call.constantString(tz_index);
    if (!given) return notConstant(call, tz_index, "time zone string");
    tz = *given;
  }
  return success(nullptr);
}

bool subSecond(IntervalUnit u) {
  return u == IntervalUnit::Millisecond || u == IntervalUnit::Microsecond || u == IntervalUnit::Nanosecond;
}

/// date_trunc(unit, value[, tz]): units of a week or more give Date (Date32 from Date32 or
/// DateTime64); a day or less gives DateTime (DateTime64(0) from Date32 or DateTime64);
/// sub-second units need DateTime64 and keep their scale; Date values take no unit below a day.
CallResult dateTruncRule(const RuleCall& call) {
  if (call.size() < 2 || call.size() > 3) return wrongArgumentCount(call.name, call.size(), 2, 3);
  const std::string* unit_text = call.constantString(0);
  if (!unit_text) return notConstant(call, 0, "unit string");
  auto unit = unitFromText(*unit_text);
  if (!unit) return failure("BAD_ARGUMENTS", "unknown unit '" + *unit_text + "' of function " + std::string(call.name));
  const TypePtr& v = call.type(1);
  bool is_date = v->kind == TypeKind::Date || v->kind == TypeKind::Date32;
  bool wide = v->kind == TypeKind::Date32 || v->kind == TypeKind::DateTime64;
  if (!is_date && v->kind != TypeKind::DateTime && v->kind != TypeKind::DateTime64)
    return illegalArgumentType(call, 1, "Date, Date32, DateTime or DateTime64");
  if (*unit >= IntervalUnit::Week) return success(types::makeType(wide ? TypeKind::Date32 : TypeKind::Date));
  if (is_date && *unit != IntervalUnit::Day) return illegalArgumentType(call, 1, "DateTime for units below a day");
  if (subSecond(*unit) && v->kind != TypeKind::DateTime64)
    return illegalArgumentType(call, 1, "DateTime64 for sub-second units");
  std::string tz;
  if (CallResult r = timezoneArgument(call, 2, v, tz); !r.error_code.empty()) return r;
  if (subSecond(*unit)) return success(types::makeDateTime64(unitScale(*unit), tz));
  return success(wide ? types::makeDateTime64(0, tz) : types::makeDateTime(tz));
}

/// toStartOfInterval(value, INTERVAL n unit[, origin | tz][, tz]): a week or more gives Date,
/// a day or less DateTime (DateTime64 only for sub-second units).
CallResult startOfIntervalRule(const RuleCall& call) {
  if (call.size() < 2 || call.size() > 4) return wrongArgumentCount(call.name, call.size(), 2, 4);
  const TypePtr& v = call.type(0);
  const TypePtr& interval = call.type(1);
  if (interval->kind != TypeKind::Interval) return illegalArgumentType(call, 1, "an interval");
  IntervalUnit unit = interval->interval_unit;
  bool is_date = v->kind == TypeKind::Date || v->kind == TypeKind::Date32;
  if (!is_date && v->kind != TypeKind::DateTime && v->kind != TypeKind::DateTime64)
    return illegalArgumentType(call, 0, "Date, Date32, DateTime or DateTime64");
  // With an origin (a date or time third argument) the result is the value's own type;
  // sub-second units give DateTime64 of the unit's scale.
  if (call.size() >= 3 && !types::isStringLike(types::removeNullable(call.type(2))->kind)) {
    if (is_date) return success(v);
    std::string tz;
    if (CallResult r = timezoneArgument(call, 3, v, tz); !r.error_code.empty()) return r;
    if (subSecond(unit)) return success(types::makeDateTime64(unitScale(unit), tz));
    if (v->kind == TypeKind::DateTime64) return success(types::makeDateTime64(v->precision, tz));
    return success(types::makeDateTime(tz));
  }
  if (unit >= IntervalUnit::Week) return success(types::makeType(TypeKind::Date));
  if (is_date && unit != IntervalUnit::Day) return illegalArgumentType(call, 0, "DateTime for units below a day");
  if (subSecond(unit) && v->kind != TypeKind::DateTime64)
    return illegalArgumentType(call, 0, "DateTime64 for sub-second units");
  // The time zone is the last argument when it is a string (the third may be an origin).
  size_t tz_index = call.size();
  if (call.size() >= 3 && types::removeNullable(call.type(call.size() - 1))->kind == TypeKind::String)
    tz_index = call.size() - 1;
  std::string tz;
  if (CallResult r = timezoneArgument(call, tz_index, v, tz); !r.error_code.empty()) return r;
  if (subSecond(unit)) return success(types::makeDateTime64(unitScale(unit), tz));
  return success(types::makeDateTime(tz));
}

/// A precision argument (0..9) at `index`, `fallback` when absent.
CallResult precisionArgument(const RuleCall& call, size_t index, uint32_t fallback, uint32_t& out) {
  out = fallback;
  if (index >= call.size()) return success(nullptr);
  int64_t p = 0;
  if (!call.constantInt(index, p)) return notConstant(call, index, "precision");
  if (p < 0 || p > 9)
    return failure("ARGUMENT_OUT_OF_BOUND", "precision " + std::to_string(p) + " of " + std::string(call.name) +
                                                " is out of 0..9");
  out = static_cast<uint32_t>(p);
  return success(nullptr);
}

/// DateTime64(P[, tz]) with P at `precision_index` (default `fallback`) and tz after it.
CallResult dateTime64With(const RuleCall& call, size_t precision_index, uint32_t fallback) {
  uint32_t p = 0;
  if (CallResult r = precisionArgument(call, precision_index, fallback, p); !r.error_code.empty()) return r;
  std::string tz;
  TypePtr value = call.size() > 0 && precision_index > 0 ? call.type(0) : types::makeType(TypeKind::Nothing);
  if (CallResult r = timezoneArgument(call, precision_index + 1, value, tz); !r.error_code.empty()) return r;
  return success(types::makeDateTime64(p, tz));
}

/// A constant is converted when the query is analyzed: a BFloat16 one is not implemented there.
CallResult toDateTime64Rule(const RuleCall& call) {
  if (call.size() > 0 && call.type(0)->kind == TypeKind::BFloat16) {
    if (call.name.find("Or") != std::string_view::npos) return illegalArgumentType(call, 0, "a type other than BFloat16");
    if (call.args[0].constant)
      return failure("NOT_IMPLEMENTED", "converting a BFloat16 constant to DateTime64 is not implemented");
  }
  return dateTime64With(call, 1, 3);
}

/// toDateTime(x[, tz]) is DateTime; toDateTime(x, P[, tz]) with a constant integer P is
/// DateTime64(P).
CallResult toDateTimeRule(const RuleCall& call) {
  int64_t p = 0;
  // A Decimal constant is rejected when folded (a Decimal column converts).
  if (call.size() >= 1 && call.args[0].constant && call.type(0)->kind == TypeKind::Decimal &&
      call.name.find("Or") == std::string_view::npos && call.name.starts_with("toDateTime"))
    return failure("ILLEGAL_COLUMN", "a Decimal constant is not converted by " + std::string(call.name));
  // toDateTime(x, 0) stays DateTime; a positive precision makes it DateTime64(P).
  if (call.size() >= 2 && call.constantInt(1, p) && call.constantString(1) == nullptr) {
    if (p != 0) return dateTime64With(call, 1, 0);
    std::string tz;
    TypePtr value = call.type(0);
    if (CallResult r = timezoneArgument(call, 2, value, tz); !r.error_code.empty()) return r;
    return success(types::makeDateTime(tz));
  }
  std::string tz;
  TypePtr value = call.size() ? call.type(0) : types::makeType(TypeKind::Nothing);
  if (CallResult r = timezoneArgument(call, 1, value, tz); !r.error_code.empty()) return r;
  return success(types::makeDateTime(tz));
}
CallResult now64Rule(const RuleCall& call) { return dateTime64With(call, 0, 3); }
CallResult parseDateTime64Rule(const RuleCall& call) { return dateTime64With(call, 1, 3); }

/// add<Unit>s / subtract<Unit>s(value, n[, tz]): the unit is the rule's parameter.
CallResult dateAddRule(const RuleCall& call) {
  if (call.rule_params.size() != 1) return failure("LOGICAL_ERROR", "@date_add needs a unit");
  auto unit = unitFromText(call.rule_params[0]);
  if (!unit) return failure("LOGICAL_ERROR", "@date_add: unknown unit " + call.rule_params[0]);
  if (call.size() < 2) return wrongArgumentCount(call.name, call.size(), 2, 3);
  std::string tz;
  const std::string* tz_given = nullptr;
  if (call.size() >= 3) {
    tz_given = call.constantString(2);
    if (!tz_given) return notConstant(call, 2, "time zone string");
    TypeKind k = call.type(0)->kind;
    if (k != TypeKind::DateTime && k != TypeKind::DateTime64)
      return illegalArgumentType(call, 0, "DateTime or DateTime64 with a time zone argument");
  }
  return shiftedDateType(call, 0, *unit, tz_given);
}

/// fromUnixTimestamp(t) is DateTime; with a format (and zone) it formats, like formatDateTime.
CallResult fromUnixTimestampRule(const RuleCall& call) {
  if (call.size() >= 2) return success(types::makeType(TypeKind::String));
  return success(types::makeDateTime());
}

/// date_add / date_sub as the parser keeps them: (UNIT, n, value) with UNIT a constant string,
/// or (value, INTERVAL n UNIT) (also (INTERVAL, value) for date_add).
CallResult dateAddSyntax(const RuleCall& call, bool subtract) {
  if (call.size() == 2) {
    if (auto r = dateArithmetic(call, subtract)) return *r;
    return illegalArgumentType(call, 0, "a date and an interval");
  }
  if (call.size() != 3) return wrongArgumentCount(call.name, call.size(), 2, 3);
  const std::string* unit_text = call.constantString(0);
  if (!unit_text) return notConstant(call, 0, "unit (DAY, HOUR, ...)");
  auto unit = unitFromText(*unit_text);
  if (!unit) return failure("BAD_ARGUMENTS", "unknown unit " + *unit_text + " of " + std::string(call.name));
  auto n = types::removeNullable(call.type(1));
  if (!types::isInteger(n->kind) && !types::isFloat(n->kind) && n->kind != TypeKind::Bool)
    return illegalArgumentType(call, 1, "a number of units");
  return shiftedDateType(call, 2, *unit);
}

CallResult dateAddSyntaxRule(const RuleCall& call) { return dateAddSyntax(call, false); }
CallResult dateSubSyntaxRule(const RuleCall& call) { return dateAddSyntax(call, true); }

/// toTimeZone(value, tz): the value's type in the given zone (DateTime64 keeps its precision).
CallResult withTimezoneRule(const RuleCall& call) {
  if (call.size() != 2) return wrongArgumentCount(call.name, call.size(), 2, 2);
  const TypePtr& v = call.type(0);
  const std::string* tz = call.constantString(1);
  if (!tz) return notConstant(call, 1, "time zone string");
  if (v->kind == TypeKind::DateTime) return success(types::makeDateTime(*tz));
  if (v->kind == TypeKind::DateTime64) return success(types::makeDateTime64(v->precision, *tz));
  return illegalArgumentType(call, 0, "DateTime or DateTime64");
}

/// toStartOfSecond / Millisecond / Microsecond / Nanosecond(value[, tz]): DateTime64 only; the
/// scale is the value's, at least the unit's (the rule parameter: 0, 3, 6, 9).
CallResult startOfSubSecondRule(const RuleCall& call) {
  uint32_t unit_scale = call.rule_params.empty() ? 0 : static_cast<uint32_t>(std::stoul(call.rule_params[0]));
  const TypePtr& v = call.type(0);
  if (v->kind != TypeKind::DateTime64) return illegalArgumentType(call, 0, "DateTime64");
  std::string tz;
  if (CallResult r = timezoneArgument(call, 1, v, tz); !r.error_code.empty()) return r;
  return success(types::makeDateTime64(std::max(v->precision, unit_scale), tz));
}

/// makeDateTime(y, m, d, h, mi, s[, tz]) and makeDateTime64(y, m, d, h, mi, s[, fraction[,
/// precision[, tz]]]): the zone is a constant string after the numbers.
CallResult makeDateTimeRule(const RuleCall& call) {
  bool wide = !call.rule_params.empty() && call.rule_params[0] == "64";
  size_t tz_index = wide ? 8 : 6;
  std::string tz;
  if (CallResult r = timezoneArgument(call, tz_index, types::makeType(TypeKind::Nothing), tz); !r.error_code.empty())
    return r;
  if (!wide) return success(types::makeDateTime(tz));
  uint32_t p = 3;
  if (CallResult r = precisionArgument(call, 7, 3, p); !r.error_code.empty()) return r;
  return success(types::makeDateTime64(p, tz));
}

/// toStartOfHour / Minute / FiveMinutes / TenMinutes / FifteenMinutes(value[, tz]): DateTime
/// in the value's (or the given) zone; a constant Date or Date32 is rejected when folded.
CallResult startOfTimeRule(const RuleCall& call) {
  const TypePtr& v = call.type(0);
  if (call.args[0].constant && (v->kind == TypeKind::Date || v->kind == TypeKind::Date32))
    return illegalArgumentType(call, 0, "DateTime for a constant argument");
  std::string tz;
  if (CallResult r = timezoneArgument(call, 1, v, tz); !r.error_code.empty()) return r;
  return success(types::makeDateTime(tz));
}

constexpr NamedRuleEntry kRules[] = {
    {"start_of_time", startOfTimeRule},
    {"start_of_subsecond", startOfSubSecondRule}, {"makeDateTime", makeDateTimeRule},
    {"with_timezone", withTimezoneRule},
    {"fromUnixTimestamp", fromUnixTimestampRule}, {"date_add_syntax", dateAddSyntaxRule},
    {"date_sub_syntax", dateSubSyntaxRule},
    {"date_trunc", dateTruncRule}, {"toStartOfInterval", startOfIntervalRule},
    {"toDateTime64", toDateTime64Rule}, {"toDateTime", toDateTimeRule}, {"now64", now64Rule}, {"parseDateTime64", parseDateTime64Rule},
    {"date_add", dateAddRule},
};

}  // namespace

std::span<const NamedRuleEntry> dateTimeRules() { return kRules; }

}  // namespace ferry::functions
