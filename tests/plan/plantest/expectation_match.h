/// Comparing an expectation section with what the runner produced: line by line, where
/// `<ignore>` in an expected line matches any run of characters, and a readable diff when
/// they differ.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ferry::plantest {

inline constexpr std::string_view kIgnore = "<ignore>";

std::vector<std::string> splitLines(std::string_view text);
/// `expected` may hold `<ignore>` wildcards; otherwise the lines must be equal.
bool lineMatches(std::string_view expected, std::string_view actual);
bool sectionMatches(std::string_view expected, std::string_view actual);
/// A line diff (`-` expected only, `+` actual only, ` ` both), matching lines with lineMatches.
std::string lineDiff(std::string_view expected, std::string_view actual);

}  // namespace ferry::plantest
