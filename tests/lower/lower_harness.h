/// Shared by the lowering tests: loading a project with its analysis, and the text forms the
/// golden files hold (plans through rt::explainPlan, tables and views, diagnostics).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "compiler/analyze/project_analysis.h"
#include "compiler/base/diagnostic.h"
#include "compiler/lower/lowering.h"
#include "compiler/project/project.h"

namespace ferry::lower::test {

struct LoadedProject {
  SourceManager sources;
  DiagnosticSink load_sink;
  std::unique_ptr<project::Project> project;
  analyze::ProjectAnalysis analysis;
};

std::unique_ptr<LoadedProject> loadAnalyzed(const std::filesystem::path& root);

/// The plan, then `output: name Type, ...`.
std::string describePlan(const rt::PlanNode& plan);
/// Every table (engine, columns, keys, ingestion) and view of a lowered project.
std::string describeProject(const LoweredProject& lowered);
/// `ID: message` per diagnostic of `sink` from index `from`.
std::string describeDiagnostics(const DiagnosticSink& sink, size_t from = 0);
/// The output of a plan against a schema: empty when names and types agree, else the first
/// difference.
std::string compareOutput(const rt::PlanNode& plan, const analyze::Schema& schema);

}  // namespace ferry::lower::test
