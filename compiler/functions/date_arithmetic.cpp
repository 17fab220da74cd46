#include "compiler/functions/date_arithmetic.h"

#include <algorithm>

#include "compiler/functions/numeric_types.h"

namespace ferry::functions {
namespace {

using types::IntervalUnit;
using types::TypeKind;
using types::TypePtr;

bool isTemporal(TypeKind k) {
  return k == TypeKind::Date || k == TypeKind::Date32 || k == TypeKind::DateTime || k == TypeKind::DateTime64;
}

bool isDayOrLonger(IntervalUnit unit) { return unit >= IntervalUnit::Day; }

}  // namespace

uint32_t unitScale(IntervalUnit unit) {
  switch (unit) {
    case IntervalUnit::Millisecond: return 3;
    case IntervalUnit::Microsecond: return 6;
    case IntervalUnit::Nanosecond: return 9;
    default: return 0;
  }
}

CallResult shiftedDateType(const RuleCall& call, size_t value_index, IntervalUnit unit, const std::string* timezone) {
  const TypePtr& t = call.type(value_index);
  std::string tz = timezone ? *timezone : t->timezone;
  uint32_t scale = unitScale(unit);
  switch (t->kind) {
    case TypeKind::String:
      return success(types::makeDateTime64(std::max<uint32_t>(3, scale), tz));
    case TypeKind::Date:
      if (isDayOrLonger(unit)) return success(t);
      if (scale) return illegalArgumentType(call, value_index, "DateTime or DateTime64 for sub-second units");
      return success(types::makeDateTime(tz));
    case TypeKind::Date32:
      if (isDayOrLonger(unit)) return success(t);
      return success(types::makeDateTime64(std::max<uint32_t>(3, scale), tz));
    case TypeKind::DateTime:
      if (scale) return success(types::makeDateTime64(scale, tz));
      return success(types::makeDateTime(tz));
    case TypeKind::DateTime64:
      return success(types::makeDateTime64(std::max(t->precision, scale), tz));
    default:
      return illegalArgumentType(call, value_index, "a date or date with time");
  }
}

namespace {

bool isTimeOfDay(TypeKind k) { return k == TypeKind::Time || k == TypeKind::Time64; }

/// Time and Time64 with numbers, intervals and each other (probed): a shift keeps the type
/// (sub-second intervals make Time64 of their scale); Time - Time is Int32 and a difference
/// with a Time64 is Decimal(18, P).
std::optional<CallResult> timeArithmetic(const RuleCall& call, bool subtract) {
  const TypePtr& a = call.type(0);
  const TypePtr& b = call.type(1);
  bool ta = isTimeOfDay(a->kind), tb = isTimeOfDay(b->kind);
  if (!ta && !tb) return std::nullopt;
  auto shifted = [](const TypePtr& t, IntervalUnit unit) {
    uint32_t scale = unitScale(unit);
    if (t->kind == TypeKind::Time) return scale ? types::makeTime64(scale) : t;
    return types::makeTime64(std::max(t->precision, scale));
  };
  auto offset = [](const TypePtr& t) {
    auto s = numberShape(*t);
    return s && !s->isDecimal();
  };
  if (ta && b->kind == TypeKind::Interval) return success(shifted(a, b->interval_unit));
  if (!subtract && tb && a->kind == TypeKind::Interval) return success(shifted(b, a->interval_unit));
  if (ta && offset(b)) return success(a);
  if (!subtract && tb && offset(a)) return success(b);
  if (subtract && ta && tb) {
    if (a->kind == TypeKind::Time && b->kind == TypeKind::Time) return success(types::makeType(TypeKind::Int32));
    uint32_t p = std::max(a->kind == TypeKind::Time64 ? a->precision : 0u, b->kind == TypeKind::Time64 ? b->precision : 0u);
    return success(types::makeDecimal(18, p));
  }
  return failure("ILLEGAL_TYPE_OF_ARGUMENT", "illegal types " + types::toString(a) + " and " + types::toString(b) +
                                                 " of arguments of function " + std::string(call.name));
}

}  // namespace

std::optional<CallResult> dateArithmetic(const RuleCall& call, bool subtract) {
  if (call.size() != 2) return std::nullopt;
  if (auto timed = timeArithmetic(call, subtract)) return timed;
  const TypePtr& a = call.type(0);
  const TypePtr& b = call.type(1);
  bool a_date = isTemporal(a->kind), b_date = isTemporal(b->kind);
  bool a_interval = a->kind == TypeKind::Interval, b_interval = b->kind == TypeKind::Interval;
  if (!a_date && !b_date && !a_interval && !b_interval) return std::nullopt;
  auto isOffset = [](const TypePtr& t) {
    auto s = numberShape(*t);
    return s && !s->isDecimal();
  };
  if (a_date && b_interval) return shiftedDateType(call, 0, b->interval_unit);
  if (!subtract && a_interval && b_date) return shiftedDateType(call, 1, a->interval_unit);
  if (a->kind == TypeKind::String && b_interval) return shiftedDateType(call, 0, b->interval_unit);
  if (a_date && isOffset(b)) return success(a);
  if (!subtract && b_date && isOffset(a)) return success(b);
  if (subtract && a_date && b_date) {
    if (a->kind == TypeKind::DateTime64 || b->kind == TypeKind::DateTime64) {
      uint32_t p = std::max(a->kind == TypeKind::DateTime64 ? a->precision : 0u,
                            b->kind == TypeKind::DateTime64 ? b->precision : 0u);
      return success(types::makeDecimal(18, p));
    }
    return success(types::makeType(TypeKind::Int32));
  }
  return failure("ILLEGAL_TYPE_OF_ARGUMENT", "illegal types " + types::toString(a) + " and " + types::toString(b) +
                                                 " of arguments of function " + std::string(call.name));
}

}  // namespace ferry::functions
