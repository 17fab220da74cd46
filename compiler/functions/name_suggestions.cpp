/// "Did you mean": the known names closest to an unknown one, by edit distance with
/// transpositions, compared case-insensitively (ClickHouse accepts `COUNT` but not `TOSTRING`,
/// and either way the user wants the right spelling back).
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "compiler/functions/aggregate_combinators.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/functions/rule_text.h"

namespace ferry::functions {
namespace {

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up
/// early above `limit`.
size_t editDistance(std::string_view a, std::string_view b, size_t limit) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

constexpr Combinator kCombinators[] = {
    Combinator::If, Combinator::Array, Combinator::Map, Combinator::State, Combinator::Merge,
    Combinator::MergeState, Combinator::SimpleState, Combinator::OrNull, Combinator::OrDefault,
    Combinator::Distinct, Combinator::ForEach, Combinator::Resample, Combinator::ArgMin,
    Combinator::ArgMax,
};

struct Candidate {
  std::string name;
  std::string lower;
  bool combinator_form = false;  ///< `sumIf`: ranked after plain names at equal distance
};

const std::vector<Candidate>& candidates() {
  static const std::vector<Candidate> all = [] {
    std::vector<Candidate> out;
    std::unordered_set<std::string> seen;
    auto add = [&](const std::string& name, bool combinator_form) {
      if (name.empty() || name.front() == '_' || !seen.insert(name).second) return;
      out.push_back({name, lowerAscii(name), combinator_form});
    };
    for (const FunctionInfo& f : allFunctions()) {
      add(f.name, false);
      for (const std::string& alias : f.aliases) add(alias, false);
    }
    for (const FunctionInfo& f : allFunctions()) {
      if (f.kind != FunctionKind::Aggregate) continue;
      for (Combinator c : kCombinators) add(f.name + std::string(combinatorSuffix(c)), true);
    }
    return out;
  }();
  return all;
}

}  // namespace

std::vector<std::string> suggestFunctionNames(std::string_view name, size_t limit) {
  if (name.empty() || limit == 0) return {};
  std::string lower = lowerAscii(name);
  // Short names tolerate one edit, longer ones a little more: `cunt` -> `count`,
  // `toStartOfDy` -> `toStartOfDay`, `formatDateTim` -> `formatDateTime`.
  size_t threshold = std::min<size_t>(3, std::max<size_t>(1, lower.size() / 4 + (lower.size() >= 4 ? 1 : 0)));
  struct Scored {
    size_t distance;
    bool combinator_form;
    const Candidate* candidate;
  };
  std::vector<Scored> scored;
  for (const Candidate& c : candidates()) {
    size_t d = editDistance(lower, c.lower, threshold);
    if (d <= threshold && c.name != name) scored.push_back({d, c.combinator_form, &c});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.combinator_form != b.combinator_form) return !a.combinator_form;
    if (a.candidate->name.size() != b.candidate->name.size())
      return a.candidate->name.size() < b.candidate->name.size();
    return a.candidate->name < b.candidate->name;
  });
  std::vector<std::string> out;
  for (const Scored& s : scored) {
    if (out.size() == limit) break;
    out.push_back(s.candidate->name);
  }
  return out;
}

}  // namespace ferry::functions
