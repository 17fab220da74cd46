#include "tests/lower/lower_harness.h"

#include "compiler/types/data_type.h"

namespace ferry::lower::test {

std::unique_ptr<LoadedProject> loadAnalyzed(const std::filesystem::path& root) {
  auto out = std::make_unique<LoadedProject>();
  out->project = project::loadProject(root, out->sources, out->load_sink);
  if (out->project) out->analysis = analyze::analyzeProject(*out->project, out->load_sink);
  return out;
}

std::string describePlan(const rt::PlanNode& plan) {
  std::string out = rt::explainPlan(plan);
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "output:";
  for (size_t i = 0; i < plan.output.size(); ++i) {
    const auto& c = plan.output[i];
    out += (i ? ", " : " ") + c.name + " " + (c.type ? rt::typeName(*c.type) : "?");
  }
  return out + "\n";
}

namespace {

const char* engineName(rt::EngineKind k) {
  switch (k) {
    case rt::EngineKind::MergeTree: return "MergeTree";
    case rt::EngineKind::ReplacingMergeTree: return "ReplacingMergeTree";
    case rt::EngineKind::SummingMergeTree: return "SummingMergeTree";
    case rt::EngineKind::AggregatingMergeTree: return "AggregatingMergeTree";
    case rt::EngineKind::CollapsingMergeTree: return "CollapsingMergeTree";
    case rt::EngineKind::VersionedCollapsingMergeTree: return "VersionedCollapsingMergeTree";
    case rt::EngineKind::Null: return "Null";
  }
  return "?";
}

/// Expressions shown through explainPlan: a Project holding them.
std::string describeExprs(const std::vector<rt::ExprPtr>& exprs) {
  rt::PlanNode p;
  p.kind = rt::PlanKind::Project;
  p.exprs = exprs;
  std::string text = rt::explainPlan(p);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

std::string describeProject(const LoweredProject& lowered) {
  std::string out;
  for (const auto& t : lowered.tables) {
    const auto& s = t.spec;
    out += "table " + s.name + " " + engineName(s.engine.kind);
    if (!s.engine.version_column.empty()) out += " ver=" + s.engine.version_column;
    if (!s.engine.is_deleted_column.empty()) out += " is_deleted=" + s.engine.is_deleted_column;
    if (!s.engine.sign_column.empty()) out += " sign=" + s.engine.sign_column;
    for (const auto& c : s.engine.summing_columns) out += " sum=" + c;
    out += "\n";
    for (size_t i = 0; i < s.columns.size(); ++i) {
      const auto& c = s.columns[i];
      out += "  column " + c.name + " " + rt::typeName(*c.type);
      if (!c.type->simple_aggregate.empty()) out += " simple=" + c.type->simple_aggregate;
      if (!c.type->aggregate_function.empty()) out += " state=" + c.type->aggregate_function;
      if (!c.codec.empty()) out += " codec=" + c.codec;
      if (i < t.ingest_columns.size()) {
        const auto& ic = t.ingest_columns[i];
        if (!ic.jsonpath.empty()) out += " json=" + ic.jsonpath;
        if (ic.default_expr) out += " default=" + describeExprs({ic.default_expr});
      }
      out += "\n";
    }
    out += "  keys: partition=" + std::string(s.has_partition_key ? "yes" : "no") +
           " sorting=" + std::to_string(s.sorting_key_size) + " ttl=" + (s.has_ttl ? "yes" : "no");
    for (const auto& n : s.sorting_key_names) out += " [" + n + "]";
    out += "\n";
    if (!t.key_exprs.empty()) out += "  " + describeExprs(t.key_exprs) + "\n";
  }
  for (const auto& v : lowered.views) {
    out += "view " + v.name + ": " + v.source + " -> " + v.target + "\n";
    out += describePlan(*v.plan);
  }
  return out;
}

std::string describeDiagnostics(const DiagnosticSink& sink, size_t from) {
  std::string out;
  for (size_t i = from; i < sink.all().size(); ++i) {
    const auto& d = sink.all()[i];
    out += std::string(diagName(d.id)) + ": " + d.message + "\n";
  }
  return out;
}

std::string compareOutput(const rt::PlanNode& plan, const analyze::Schema& schema) {
  if (plan.output.size() != schema.size())
    return "the plan has " + std::to_string(plan.output.size()) + " columns, the analyzer " + std::to_string(schema.size());
  for (size_t i = 0; i < schema.size(); ++i) {
    const auto& c = plan.output[i];
    std::string expected = types::toString(schema[i].type);
    std::string got = c.type ? rt::typeName(*c.type) : "?";
    if (c.name != schema[i].name) return "column " + std::to_string(i + 1) + " is `" + c.name + "`, the analyzer says `" + schema[i].name + "`";
    if (got != expected) return "column `" + c.name + "` is " + got + ", the analyzer says " + expected;
  }
  return {};
}

}  // namespace ferry::lower::test
