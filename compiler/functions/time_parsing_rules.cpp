/// Functions that parse or build times whose result type depends on a constant format or scale:
/// `toTime` / `toTime64`, and the format-driven `parseDateTime*` family. Results were probed
/// with chDB (`toTypeName` over materialized strings, so no parse happens at analysis time).
#include <string>

#include "compiler/functions/named_rules.h"

namespace ferry::functions {
namespace {

using types::TypeKind;
using types::TypePtr;

/// The session time zone the format parsers name in their result (`DateTime('Etc/UTC')`):
/// ClickHouse spells the zone out for these functions, and Tinybird sessions run in UTC.
constexpr const char* kSessionTimezone = "Etc/UTC";

/// A scale argument 0..9 at `index` (a constant integer).
CallResult scaleArgument(const RuleCall& call, size_t index, uint32_t& out) {
  int64_t p = 0;
  if (!call.constantInt(index, p) || call.constantString(index)) return notConstant(call, index, "scale");
  if (p < 0 || p > 9)
    return failure("ARGUMENT_OUT_OF_BOUND", "scale " + std::to_string(p) + " of " + std::string(call.name) +
                                                " is out of 0..9");
  out = static_cast<uint32_t>(p);
  return success(nullptr);
}

/// toTime(x) is Time; toTime(x, P) is Time64(P).
CallResult toTimeRule(const RuleCall& call) {
  if (call.size() < 2) return success(types::makeType(TypeKind::Time));
  uint32_t p = 0;
  if (CallResult r = scaleArgument(call, 1, p); !r.error_code.empty()) return r;
  return success(types::makeTime64(p));
}

/// toTime64(x, P) is Time64(P).
CallResult toTime64Rule(const RuleCall& call) {
  uint32_t p = 3;
  if (call.size() >= 2)
    if (CallResult r = scaleArgument(call, 1, p); !r.error_code.empty()) return r;
  return success(types::makeTime64(p));
}

/// The fraction digits a Joda format asks for: the length of its first run of `S` outside
/// quoted text (`yyyy.SSS` gives 3), 0 without one.
uint32_t jodaFractionDigits(const std::string& format) {
  bool quoted = false;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '\'') {
      quoted = !quoted;
      continue;
    }
    if (quoted || c != 'S') continue;
    size_t j = i;
    while (j < format.size() && format[j] == 'S') ++j;
    return static_cast<uint32_t>(j - i);
  }
  return 0;
}

/// parseDateTime[64][InJodaSyntax][OrZero|OrNull](s[, format[, tz]]): DateTime, or DateTime64
/// whose scale is 6 for MySQL formats and the Joda format's fraction digits; the zone is the
/// constant third argument, else the session zone. Parameters: `mysql` | `joda`, then `64`.
CallResult parseDateTimeRule(const RuleCall& call) {
  bool joda = !call.rule_params.empty() && call.rule_params[0] == "joda";
  bool wide = call.rule_params.size() > 1 && call.rule_params[1] == "64";
  if (call.size() < 1 || call.size() > 3) return wrongArgumentCount(call.name, call.size(), 1, 3);
  uint32_t scale = joda ? 0 : 6;
  if (call.size() >= 2) {
    const std::string* format = call.constantString(1);
    if (!format) return notConstant(call, 1, "format string");
    if (joda) scale = jodaFractionDigits(*format);
    if (scale > 9)
      return failure("ARGUMENT_OUT_OF_BOUND", "fraction digits of the format of " + std::string(call.name) +
                                                  " are out of 0..9");
  }
  std::string tz = kSessionTimezone;
  if (call.size() == 3) {
    const std::string* given = call.constantString(2);
    if (!given) return notConstant(call, 2, "time zone string");
    tz = *given;
  }
  if (wide) return success(types::makeDateTime64(scale, tz));
  return success(types::makeDateTime(tz));
}

constexpr NamedRuleEntry kRules[] = {
    {"toTime", toTimeRule},
    {"toTime64", toTime64Rule},
    {"parseDateTime", parseDateTimeRule},
};

}  // namespace

std::span<const NamedRuleEntry> timeParsingRules() { return kRules; }

}  // namespace ferry::functions
