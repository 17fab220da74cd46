#include "compiler/plan/plan_json.h"

#include "compiler/plan/plan_text.h"

namespace ferry::plan {

namespace {

std::string_view alterKindName(AlterOp::Kind k) {
  switch (k) {
    case AlterOp::Kind::AddColumn: return "add_column";
    case AlterOp::Kind::DropColumn: return "drop_column";
    case AlterOp::Kind::ModifyColumn: return "modify_column";
    case AlterOp::Kind::ModifyDefault: return "modify_default";
    case AlterOp::Kind::ModifyTtl: return "modify_ttl";
    case AlterOp::Kind::AddIndex: return "add_index";
    case AlterOp::Kind::DropIndex: return "drop_index";
    case AlterOp::Kind::ModifyQuery: return "modify_query";
  }
  return "add_column";
}

/// Only the fields an operation of that kind uses, so that consumers need not guess.
nlohmann::json alterOpJson(const AlterOp& a) {
  nlohmann::json j{{"kind", alterKindName(a.kind)}, {"sql", a.sql}};
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  };
  put(a.kind == AlterOp::Kind::AddIndex || a.kind == AlterOp::Kind::DropIndex ? "index" : "column", a.column);
  put("type", a.type);
  put("default", a.default_expr);
  if (a.kind == AlterOp::Kind::AddColumn) j["after"] = a.after;
  put("expression", a.expression);
  put("index_type", a.index_type);
  put("granularity", a.granularity);
  return j;
}

}  // namespace

nlohmann::json planToJson(const Plan& plan) {
  auto resources = nlohmann::json::array();
  for (const auto& r : plan.resources) {
    nlohmann::json j{{"kind", project::resourceKindName(r.kind)},
                     {"name", r.name},
                     {"path", r.path},
                     {"type", r.type},
                     {"decision", decisionName(r.decision)}};
    auto causes = nlohmann::json::array();
    for (const auto& c : r.causes) causes.push_back({{"code", c.code}, {"text", c.text}});
    j["causes"] = causes;
    auto alter = nlohmann::json::array();
    auto ops = nlohmann::json::array();
    for (const auto& a : r.alter) {
      alter.push_back(a.sql);
      ops.push_back(alterOpJson(a));
    }
    j["alter"] = alter;
    j["alter_ops"] = ops;
    j["backfill"] = {{"method", backfillMethodName(r.backfill.method)},
                     {"sql", r.backfill.sql},
                     {"generated", r.backfill.generated},
                     {"sources", r.backfill.sources}};
    j["destructive"] = r.destructive;
    resources.push_back(j);
  }
  return {{"resources", resources}, {"order", plan.order}, {"summary", planSummary(plan)}};
}

}  // namespace ferry::plan
