#include "tests/plan/plantest/expectation_match.h"

#include <algorithm>

namespace ferry::plantest {

std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

bool lineMatches(std::string_view expected, std::string_view actual) {
  size_t wild = expected.find(kIgnore);
  if (wild == std::string_view::npos) return expected == actual;
  // The literal pieces between wildcards must appear in order: the first as a prefix, the last
  // as a suffix.
  std::vector<std::string_view> pieces;
  size_t pos = 0;
  while (true) {
    size_t at = expected.find(kIgnore, pos);
    if (at == std::string_view::npos) {
      pieces.push_back(expected.substr(pos));
      break;
    }
    pieces.push_back(expected.substr(pos, at - pos));
    pos = at + kIgnore.size();
  }
  const auto& first = pieces.front();
  const auto& last = pieces.back();
  if (actual.substr(0, first.size()) != first) return false;
  size_t cursor = first.size();
  for (size_t i = 1; i + 1 < pieces.size(); ++i) {
    size_t at = actual.find(pieces[i], cursor);
    if (at == std::string_view::npos) return false;
    cursor = at + pieces[i].size();
  }
  return actual.size() >= cursor + last.size() && actual.substr(actual.size() - last.size()) == last;
}

bool sectionMatches(std::string_view expected, std::string_view actual) {
  auto e = splitLines(expected);
  auto a = splitLines(actual);
  if (e.size() != a.size()) return false;
  for (size_t i = 0; i < e.size(); ++i)
    if (!lineMatches(e[i], a[i])) return false;
  return true;
}

std::string lineDiff(std::string_view expected, std::string_view actual) {
  auto e = splitLines(expected);
  auto a = splitLines(actual);
  // Longest common subsequence table (sections are small).
  std::vector<std::vector<size_t>> lcs(e.size() + 1, std::vector<size_t>(a.size() + 1, 0));
  for (size_t i = e.size(); i-- > 0;)
    for (size_t j = a.size(); j-- > 0;)
      lcs[i][j] = lineMatches(e[i], a[j]) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out;
  size_t i = 0, j = 0;
  while (i < e.size() || j < a.size()) {
    if (i < e.size() && j < a.size() && lineMatches(e[i], a[j])) {
      out += "  " + a[j] + "\n";
      ++i, ++j;
    } else if (i < e.size() && (j == a.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "- " + e[i++] + "\n";
    } else {
      out += "+ " + a[j++] + "\n";
    }
  }
  return out;
}

}  // namespace ferry::plantest
