/// How causes spell a change: lists joined with ", ", "(none)" for a side that has nothing, and
/// the settings that differ between two versions of a resource.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::plan {

/// What a cause shows for an absent value or an empty list.
inline constexpr std::string_view kNoValue = "(none)";

/// `items` joined with ", ", or "(none)" when empty.
std::string joinedOrNone(const std::vector<std::string>& items);

struct ChangedEntry {
  std::string key;
  std::string before;  ///< "(none)" when the key is new
  std::string after;   ///< "(none)" when the key is gone
};

/// Every key of either map whose value differs, in key order.
std::vector<ChangedEntry> changedEntries(const std::map<std::string, std::string>& before,
                                         const std::map<std::string, std::string>& after);

}  // namespace ferry::plan
