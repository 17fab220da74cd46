/// The tables and pipes of a project as lowering sees them (internal to compiler/lower): a
/// datasource is a Scan of the store, a pipe or node read in FROM is its lowered plan, inlined.
/// Pipes are re-analyzed node by node (with AnalyzeOptions::record_resolution) from their
/// rendered SQL: with the request's parameters for the pipe being run, with the test values of
/// the loader otherwise.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/analyze/project_analysis.h"
#include "compiler/analyze/query_analyzer.h"
#include "compiler/lower/query_lowering.h"
#include "compiler/project/project.h"

namespace ferry::lower {

using Params = std::map<std::string, std::string, std::less<>>;

class ProjectContext {
 public:
  ProjectContext(const project::Project& project, const analyze::ProjectAnalysis& analysis, DiagnosticSink& sink)
      : project_(project), analysis_(analysis), sink_(sink) {}

  struct NodeRun {
    std::string name;
    const project::NodeSyntax* syntax = nullptr;
    std::unique_ptr<sql::SelectStatement> owned;  ///< re-rendered with the request's parameters
    const sql::SelectStatement* statement = nullptr;
    analyze::QueryAnalysis analysis;
    analyze::Schema schema;
    std::string error;  ///< why it cannot be lowered (not analyzed)
    rt::PlanPtr plan;
    bool in_progress = false;
  };
  struct PipeRun {
    const project::Resource* resource = nullptr;
    std::deque<NodeRun> nodes;  ///< deque: schemas stay put while later nodes are added
  };

  /// The pipe rendered with `params` (null: the loader's test rendering, cached) and analyzed.
  PipeRun& pipe(const project::Resource& resource, const Params* params);
  /// Lowers node `index` of `run` (earlier nodes inlined). Throws LowerError.
  rt::PlanPtr lowerNode(PipeRun& run, size_t index);
  /// A name in FROM that is not a node of the reading pipe: a datasource (Scan), a quarantine
  /// table, a pipe (its last node). Null when unknown.
  rt::PlanPtr resolve(const std::vector<std::string>& parts, bool final, const sql::Node* at);
  /// The Scan of a datasource's columns.
  static rt::PlanPtr scan(const std::string& table, const analyze::Schema& columns, bool final, const sql::Node* at);

  const project::Project& project() const { return project_; }
  const analyze::ProjectAnalysis& analysis() const { return analysis_; }
  DiagnosticSink& sink() { return sink_; }
  /// Where diagnostics of re-analysis go (the requested pipe: the caller's sink).
  DiagnosticSink* analysis_sink = nullptr;

 private:
  const project::Project& project_;
  const analyze::ProjectAnalysis& analysis_;
  DiagnosticSink& sink_;
  std::map<std::string, std::unique_ptr<PipeRun>, std::less<>> default_runs_;
  std::vector<std::unique_ptr<PipeRun>> param_runs_;
  int depth_ = 0;
};

/// Checks request parameters against the types the pipe's templates declare; reports
/// LOWER_BAD_PARAMETER for each mismatch. Returns false when any was reported.
bool checkParameters(const project::Resource& pipe, const Params& params, DiagnosticSink& sink);
/// Whether `value` is a valid value of the template type `type` (Int32, UInt8, Float64, Date,
/// DateTime, String, Boolean, Array(T) ...). Unknown types accept anything.
bool parameterValueFits(std::string_view value, std::string_view type);

}  // namespace ferry::lower
