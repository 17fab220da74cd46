/// Analysis of a whole project: the typed schema of every datasource, of every node of every
/// pipe (in dependency order, each node seeing the earlier nodes of its pipe, the datasources
/// and the output of other pipes), and the project-level checks: a materialized or copy node's
/// output against its target datasource, sorting keys, engine settings, DEFAULT expressions.
#pragma once

#include <map>
#include <optional>
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

}  // namespace ferry::analyze
