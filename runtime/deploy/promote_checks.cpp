#include "runtime/deploy/promote_checks.h"

#include <algorithm>

#include "runtime/column/value_text.h"

namespace ferry::rt {

namespace {

/// The rows as TSV lines, sorted (the checks compare sets of rows).
std::vector<std::string> rowsText(const Block& block) {
  std::vector<std::string> lines;
  for (size_t r = 0; r < block.rows; ++r) {
    std::string line;
    for (size_t c = 0; c < block.columns.size(); ++c) {
      if (c) line += '\t';
      formatValue(*block.columns[c], r, TextFormat::Tsv, line);
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string excerpt(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < 5; ++i) out += (i ? "; " : "") + lines[i];
  if (lines.size() > 5) out += "; ... (" + std::to_string(lines.size()) + " rows)";
  return out;
}

}  // namespace

std::vector<CheckFailure> runPromoteChecks(const Database& db, const std::vector<PromoteCheck>& checks) {
  std::vector<CheckFailure> failures;
  if (checks.empty()) return failures;
  auto snapshot = const_cast<Database&>(db).store().snapshot();
  auto live = db.reader(DeploymentRole::Live, snapshot);
  auto staging = db.reader(DeploymentRole::Staging, snapshot);
  for (const auto& check : checks) {
    auto a = rowsText(executeToBlock(*check.live, *live));
    auto b = rowsText(executeToBlock(*check.staging, *staging));
    if (a != b) failures.push_back({check.label, excerpt(a), excerpt(b)});
  }
  return failures;
}

}  // namespace ferry::rt
