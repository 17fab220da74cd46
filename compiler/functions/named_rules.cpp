#include "compiler/functions/named_rules.h"

#include <vector>

namespace ferry::functions {
namespace {

const std::vector<NamedRuleEntry>& registry() {
  static const std::vector<NamedRuleEntry> all = [] {
    std::vector<NamedRuleEntry> out;
    for (auto family : {arithmeticRules, comparisonRules, conditionalRules, conversionRules, dateTimeRules, arrayRules,
                        tupleMapRules, aggregationStateRules, timeParsingRules, valueTransformRules, vectorRules,
                        collectionRules, tupleFunctionRules})
      for (const NamedRuleEntry& e : family()) out.push_back(e);
    return out;
  }();
  return all;
}

}  // namespace

NamedRule findNamedRule(std::string_view name) {
  for (const NamedRuleEntry& e : registry())
    if (e.name == name) return e.rule;
  return nullptr;
}

std::span<const NamedRuleEntry> allNamedRules() { return registry(); }

}  // namespace ferry::functions
