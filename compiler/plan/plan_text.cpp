#include "compiler/plan/plan_text.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace ferry::plan {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// Each line of `sql` indented by `indent`; blank lines stay empty (no trailing spaces).
void appendIndented(std::string& out, std::string_view sql, std::string_view indent) {
  size_t pos = 0;
  while (pos <= sql.size()) {
    size_t end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    auto line = sql.substr(pos, end - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    if (!line.empty()) out.append(indent).append(line);
    out += '\n';
    if (end == sql.size()) break;
    pos = end + 1;
  }
}

std::string_view kindName(project::ResourceKind k) { return project::resourceKindName(k); }

}  // namespace

std::string planSummary(const Plan& plan) {
  /// Fixed order so that summaries of different plans line up.
  static constexpr std::array kOrder{Decision::Create, Decision::Rewrite, Decision::Alter, Decision::Metadata,
                                     Decision::Update, Decision::Delete};
  size_t unchanged = 0;
  for (const auto& r : plan.resources)
    if (r.decision == Decision::Unchanged) ++unchanged;
  std::vector<std::string> parts;
  for (auto d : kOrder) {
    size_t n = 0;
    for (const auto& r : plan.resources)
      if (r.decision == d) ++n;
    if (n) parts.push_back(fmt::format("{} {}", n, decisionName(d)));
  }
  if (parts.empty()) return fmt::format("plan: nothing to do ({} unchanged)", unchanged);
  parts.push_back(fmt::format("{} unchanged", unchanged));
  return fmt::format("plan: {}", fmt::join(parts, ", "));
}

std::string renderPlanText(const Plan& plan, const PlanTextOptions& options) {
  std::string out;
  for (const auto& r : plan.resources) {
    if (r.decision == Decision::Unchanged && !options.show_unchanged) continue;
    out += fmt::format("{} {}  {}\n", kindName(r.kind), r.name, upper(decisionName(r.decision)));
    for (const auto& c : r.causes) out += fmt::format("  cause: {}: {}\n", c.code, c.text);
    for (const auto& a : r.alter) out += fmt::format("  alter: {}\n", a.sql);
    if (r.backfill.method != BackfillMethod::None) {
      out += fmt::format("  backfill: {}", backfillMethodName(r.backfill.method));
      if (r.backfill.generated) out += " (generated)";
      if (!r.backfill.sources.empty()) out += fmt::format(" from {}", fmt::join(r.backfill.sources, ", "));
      out += "\n";
      if (!r.backfill.sql.empty()) appendIndented(out, r.backfill.sql, "    ");
    }
    if (r.destructive) out += "  destructive: yes\n";
  }
  if (!plan.order.empty()) {
    out += "order:\n";
    for (size_t i = 0; i < plan.order.size(); ++i) out += fmt::format("  {} {}\n", i + 1, plan.order[i]);
  }
  out += planSummary(plan) + "\n";
  return out;
}

}  // namespace ferry::plan
