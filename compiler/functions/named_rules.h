/// The return-type rules written in code, by the name the tables use after `@`. Each
/// *_rules.cpp file holds one family and lists its rules; named_rules.cpp joins the lists.
#pragma once

#include <span>
#include <string_view>

#include "compiler/functions/rule_call.h"

namespace ferry::functions {

using NamedRule = CallResult (*)(const RuleCall& call);

struct NamedRuleEntry {
  std::string_view name;
  NamedRule rule;
};

/// nullptr when there is no rule of that name.
NamedRule findNamedRule(std::string_view name);
/// Every rule, for checking that a table names only rules that exist.
std::span<const NamedRuleEntry> allNamedRules();

// The families (each defined in the file of that name).
std::span<const NamedRuleEntry> arithmeticRules();
std::span<const NamedRuleEntry> comparisonRules();
std::span<const NamedRuleEntry> conditionalRules();
std::span<const NamedRuleEntry> conversionRules();
std::span<const NamedRuleEntry> dateTimeRules();
std::span<const NamedRuleEntry> arrayRules();
std::span<const NamedRuleEntry> tupleMapRules();
std::span<const NamedRuleEntry> aggregationStateRules();
std::span<const NamedRuleEntry> timeParsingRules();
std::span<const NamedRuleEntry> valueTransformRules();
std::span<const NamedRuleEntry> vectorRules();
std::span<const NamedRuleEntry> collectionRules();
std::span<const NamedRuleEntry> tupleFunctionRules();

}  // namespace ferry::functions
