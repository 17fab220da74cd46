#include "compiler/plan/plan.h"

namespace ferry::plan {

std::string_view decisionName(Decision d) {
  switch (d) {
    case Decision::Unchanged: return "unchanged";
    case Decision::Create: return "create";
    case Decision::Delete: return "delete";
    case Decision::Metadata: return "metadata";
    case Decision::Alter: return "alter";
    case Decision::Rewrite: return "rewrite";
    case Decision::Update: return "update";
  }
  return "unchanged";
}

std::string_view backfillMethodName(BackfillMethod m) {
  switch (m) {
    case BackfillMethod::None: return "none";
    case BackfillMethod::ForwardQuery: return "forward_query";
    case BackfillMethod::MvQuery: return "mv_query";
    case BackfillMethod::Skip: return "skip";
  }
  return "none";
}

const ResourcePlan* Plan::find(std::string_view name) const {
  for (const auto& r : resources)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace ferry::plan
