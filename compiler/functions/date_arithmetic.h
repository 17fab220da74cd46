/// Dates and times moved by a number of units: `addHours(d, 1)`, `d + INTERVAL 1 HOUR`,
/// `dt - 1`, `dt - dt`. Shared by the arithmetic operators and the add*/subtract* functions.
#pragma once

#include <optional>
#include <string>

#include "compiler/functions/rule_call.h"
#include "compiler/types/data_type.h"

namespace ferry::functions {

/// The type of `value` moved by `unit`s (a String value is read as DateTime64(3)); `timezone`
/// replaces the value's time zone when not null. An error result for a value that is no date.
CallResult shiftedDateType(const RuleCall& call, size_t value_index, types::IntervalUnit unit,
                           const std::string* timezone = nullptr);

/// plus / minus where a date, a time or an interval takes part; nullopt when none does.
std::optional<CallResult> dateArithmetic(const RuleCall& call, bool subtract);

/// Fractional-second digits of a unit: 3, 6, 9 for milli/micro/nano, 0 otherwise.
uint32_t unitScale(types::IntervalUnit unit);

}  // namespace ferry::functions
