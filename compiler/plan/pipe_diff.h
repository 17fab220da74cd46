/// Comparing the live and the new version of one pipe (or connection): node SQL in canonical
/// form, node types and settings, and the pipe's metadata. A pipe is only ever updated; what its
/// change does to the datasources it materializes into is the planner's business.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "compiler/project/project.h"

namespace ferry::plan {

struct NodeShape {
  std::string name;
  std::string type;         ///< "standard", "endpoint", "materialized", ...
  std::string sql;          ///< canonical SQL (canonical_text.h)
  std::string description;
  /// DATASOURCE, TARGET_DATASOURCE, COPY_SCHEDULE, COPY_MODE, DEPLOYMENT_METHOD, EXPORT_*, ...
  std::map<std::string, std::string> settings;
  const project::NodeSyntax* syntax = nullptr;
};

struct PipeShape {
  const project::Resource* resource = nullptr;
  std::vector<NodeShape> nodes;
  std::string description;
  std::vector<std::string> tokens;
  std::vector<std::string> tags;
};

PipeShape pipeShapeOf(const project::Resource& pipe);

/// The pipe's type as deployments list it: the type of its first typed node (endpoint,
/// materialized, copy, sink, stream) or "pipe".
std::string pipeType(const project::Resource& pipe);

struct PipeDiff {
  std::vector<Cause> causes;
  /// Some node's SQL changed, or a node was added or removed: the pipe's queries are different.
  bool sql_changed = false;
};

PipeDiff diffPipes(const PipeShape& live, const PipeShape& next);

/// Connections: their settings (TYPE, KAFKA_*, S3_*, ...), description and tokens.
std::vector<Cause> diffConnections(const project::Resource& live, const project::Resource& next);

}  // namespace ferry::plan
