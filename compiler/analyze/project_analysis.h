/// Analysis of a whole project: the typed schema of every datasource, of every node of every
/// pipe (in dependency order, each node seeing the earlier nodes of its pipe, the datasources
/// and the output of other pipes), and the project-level checks: a materialized or copy node's
/// output against its target datasource, sorting keys, engine settings, DEFAULT expressions.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/analyze/schema.h"
#include "compiler/base/diagnostic.h"
#include "compiler/project/project.h"

namespace ferry::analyze {

struct DatasourceSchema {
  /// The datasource's name; for a Classic target declared inside its materialized pipe, the
  /// target's name (and `resource` is the pipe).
  std::string name;
  const project::Resource* resource = nullptr;
  /// Declared inside a Classic materialized pipe: the columns are the node's output.
  bool declared_by_pipe = false;
  /// Declared columns in order, then implicit ones (Kafka, DynamoDB connector columns) not declared.
  Schema columns;
  /// Every declared column has a valid type.
  bool complete = true;
};

struct NodeSchema {
  const project::NodeSyntax* syntax = nullptr;
  std::string name;
  /// The output columns; nullopt when the node could not be analyzed (a parse error, an
  /// unknown table, a semantic error).
  std::optional<Schema> columns;
  /// The first error found in this node (`ID: message`), empty when none.
  std::string error;
  /// Why the node was not analyzed although it has no error of its own (a table it reads has
  /// no schema), empty otherwise.
  std::string skipped;
};

struct PipeSchema {
  const project::Resource* resource = nullptr;
  std::vector<NodeSchema> nodes;
  /// The pipe as a table: its last node.
  const NodeSchema* output() const { return nodes.empty() ? nullptr : &nodes.back(); }
};

struct ProjectAnalysis {
  std::vector<DatasourceSchema> datasources;  ///< in dependency order
  std::vector<PipeSchema> pipes;              ///< in dependency order

  /// By resource name (a Classic versioned alias resolves through `project`).
  const DatasourceSchema* datasource(std::string_view name) const;
  const PipeSchema* pipe(std::string_view name) const;
};

/// Analyzes every resource of `project`; every problem lands in `sink`.
ProjectAnalysis analyzeProject(const project::Project& project, DiagnosticSink& sink);

/// What analyzeProject computed for one resource, and the diagnostics it reported doing so.
struct ResourceAnalysis {
  /// A datasource's schema; for a Classic pipe, the targets it declares.
  std::vector<DatasourceSchema> datasources;
  std::optional<PipeSchema> pipe;
  std::vector<Diagnostic> diagnostics;
};

/// Incremental analysis, for the language server: an edit re-analyzes the resources it can have
/// changed, and reuses the rest. A resource's result depends on its own file and on the
/// resources it names (reads, writes), so a resource is analyzed again when it was re-parsed
/// (its Resource object is new), when a name it uses changed owner or content, or when a
/// resource it reads was analyzed again; everything else is taken from `previous`.
struct AnalysisReuse {
  /// The previous run's results, keyed by resource (valid while those Resource objects live).
  std::map<const project::Resource*, ResourceAnalysis> previous;
  /// Names whose resource was re-parsed, added or removed since `previous` (old and new names).
  std::set<std::string, std::less<>> changed_names;
  /// Filled by the run: its results (the next run's `previous`) and what it did.
  std::map<const project::Resource*, ResourceAnalysis> current;
  size_t analyzed = 0;
  size_t reused = 0;
};

/// analyzeProject reusing what `reuse` allows; the diagnostics of reused resources are reported
/// to `sink` again, so the sink always holds the whole project's diagnostics.
ProjectAnalysis analyzeProject(const project::Project& project, DiagnosticSink& sink, AnalysisReuse& reuse);

}  // namespace ferry::analyze
