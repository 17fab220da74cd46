#include "compiler/plan/change_text.h"

#include <set>

namespace ferry::plan {

std::string joinedOrNone(const std::vector<std::string>& items) {
  if (items.empty()) return std::string(kNoValue);
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

std::vector<ChangedEntry> changedEntries(const std::map<std::string, std::string>& before,
                                         const std::map<std::string, std::string>& after) {
  std::set<std::string> keys;
  for (const auto& [k, v] : before) keys.insert(k);
  for (const auto& [k, v] : after) keys.insert(k);
  std::vector<ChangedEntry> out;
  for (const auto& key : keys) {
    auto a = before.find(key);
    auto b = after.find(key);
    std::string x = a == before.end() ? std::string(kNoValue) : a->second;
    std::string y = b == after.end() ? std::string(kNoValue) : b->second;
    if (x != y) out.push_back({key, std::move(x), std::move(y)});
  }
  return out;
}

}  // namespace ferry::plan
