#include "compiler/analyze/scope.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace ferry::analyze {

void TableSource::addColumn(std::string name, types::TypePtr type) {
  if (by_name.count(name)) return;  // a duplicate name is reachable only through its first column
  by_name.emplace(name, static_cast<uint32_t>(columns.size()));
  SourceColumn c;
  c.display = name;
  c.name = std::move(name);
  c.type = std::move(type);
  columns.push_back(std::move(c));
}

void TableSource::addNestedParents() {
  std::vector<std::string> parents;
  std::unordered_map<std::string, std::pair<std::vector<types::TypePtr>, std::vector<std::string>>> members;
  for (const auto& c : columns) {
    auto dot = c.name.find('.');
    if (dot == std::string::npos || dot == 0 || !c.type || c.type->kind != types::TypeKind::Array) continue;
    std::string parent = c.name.substr(0, dot);
    if (by_name.count(parent)) continue;
    auto& m = members[parent];
    if (m.first.empty()) parents.push_back(parent);
    m.first.push_back(c.type->child());
    m.second.push_back(c.name.substr(dot + 1));
  }
  for (const auto& parent : parents) {
    auto& m = members[parent];
    addColumn(parent, types::makeArray(types::makeTuple(m.first, m.second)));
    columns.back().hidden = true;
    columns.back().in_star = false;
  }
}

const SourceColumn* TableSource::find(std::string_view name) const {
  int i = indexOf(name);
  return i < 0 ? nullptr : &columns[static_cast<size_t>(i)];
}

int TableSource::indexOf(std::string_view name) const {
  auto it = by_name.find(std::string(name));
  return it == by_name.end() ? -1 : static_cast<int>(it->second);
}

TableSource& QueryScope::addSource(std::unique_ptr<TableSource> source) {
  auto index = static_cast<uint32_t>(sources.size());
  for (uint32_t i = 0; i < source->columns.size(); ++i) {
    columns_by_name[source->columns[i].name].emplace_back(index, i);
  }
  sources.push_back(std::move(source));
  return *sources.back();
}

void QueryScope::assignDisplayNames(size_t left_sources_of_single_join) {
  if (sources.size() < 2) return;
  for (size_t s = 0; s < sources.size(); ++s) {
    auto& source = *sources[s];
    if (source.qualifier.empty()) continue;
    for (auto& column : source.columns) {
      auto it = columns_by_name.find(column.name);
      if (it == columns_by_name.end() || it->second.size() < 2) continue;
      bool clash;
      if (join_count == 1) {
        // Left side keeps plain names; the right side is qualified where the left has the name.
        if (s < left_sources_of_single_join) continue;
        clash = std::any_of(it->second.begin(), it->second.end(), [&](const auto& occurrence) {
          return occurrence.first < left_sources_of_single_join;
        });
      } else {
        clash = true;
      }
      if (clash) column.display = source.qualifier + "." + column.name;
    }
  }
}

const TableSource* QueryScope::findQualified(const std::vector<std::string>& parts, size_t n) const {
  if (n == 0 || n > parts.size()) return nullptr;
  for (const auto& source : sources) {
    if (n == 1) {
      if (!source->qualifier.empty() && source->qualifier == parts[0]) return source.get();
    } else if (n == 2 && source->table_parts.size() == 2 && source->table_parts[0] == parts[0] &&
               source->table_parts[1] == parts[1]) {
      return source.get();
    }
  }
  if (n == 1) {
    for (const auto& source : sources) {
      if (!source->table_name.empty() && source->table_name == parts[0]) return source.get();
    }
  }
  return nullptr;
}

std::vector<std::string> QueryScope::namesInScope() const {
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& n) {
    if (seen.insert(n).second) names.push_back(n);
  };
  for (const auto& [name, entry] : aliases) add(name);
  for (const auto& column : array_join) add(column.name);
  for (const auto& source : sources) {
    for (const auto& column : source->columns) add(column.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> QueryScope::windowNames() const {
  std::vector<std::string> names;
  for (const auto& [name, w] : windows) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::vector<std::string> closestNames(std::string_view name, const std::vector<std::string>& candidates,
                                      size_t limit) {
  std::vector<std::pair<size_t, std::string>> scored;
  size_t max_distance = std::max<size_t>(1, std::min<size_t>(3, name.size() / 3 + 1));
  for (const auto& c : candidates) {
    if (c == name) continue;
    if (c.size() > name.size() + max_distance || name.size() > c.size() + max_distance) continue;
    size_t d = editDistance(name, c);
    if (d <= max_distance) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (auto& [d, c] : scored) {
    if (out.size() >= limit) break;
    out.push_back(std::move(c));
  }
  return out;
}

std::string didYouMean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return {};
  std::string out = "did you mean ";
  for (size_t i = 0; i < suggestions.size(); ++i) {
    if (i) out += i + 1 == suggestions.size() ? " or " : ", ";
    out += "`" + suggestions[i] + "`";
  }
  return out + "?";
}

}  // namespace ferry::analyze
