/// The directives each datafile kind accepts, as the Forward and Classic CLIs define them.
/// Directive names are matched case-insensitively; the table holds them upper-case.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "compiler/datafile/datafile_ast.h"

namespace ferry::datafile {

enum class DirectiveId {
  Description, Schema, Indexes, Engine, EngineParam, LegacyEngineKey, Token, Tags, SharedWith,
  ForwardQuery, Backfill, Kafka, Import, ExportService, Include, Version, Source, Legacy,
  Node, Scope, Sql, Type, DatasourceRef, TargetDatasource, CopySchedule, CopyMode, DeploymentMethod,
  Export, Filter, Resource, ConnectionSetting,
};

/// Which CLI knows the directive.
enum DialectMask : uint8_t { kForwardOnly = 1, kClassicOnly = 2, kBothDialects = 3 };

enum class MultilineRule {
  Allowed,    ///< single line or `>` block
  Forbidden,  ///< Forward: "<CMD> does not support multiline arguments"
  Required,   ///< Forward: "SQL must be multiline"
  ClassicOnly,  ///< Forward rejects a block, Classic accepts it (a warning)
};

struct DirectiveSpec {
  std::string_view name;       ///< upper-case, as matched
  DirectiveId id;
  uint8_t dialects;
  MultilineRule multiline;
  std::string_view canonical;  ///< name the tree uses (aliases, legacy keys); empty = `name`
  /// What the Forward CLI says about a directive it deprecates or rejects although Classic
  /// accepts it; empty when Forward accepts it silently (or does not know it at all).
  std::string_view forward_note;

  std::string_view canonicalName() const { return canonical.empty() ? name : canonical; }
};

/// The spec of `upper_name` for `kind`, or nullptr. Include files (.incl) accept what
/// datasources and pipes accept.
const DirectiveSpec* findDirective(DatafileKind kind, std::string_view upper_name);

/// Every directive of a datasource, pipe or connection file, in table order (what the language
/// server completes). Empty for Include and Unknown: they accept the pipe's and the datasource's.
std::span<const DirectiveSpec> directivesOf(DatafileKind kind);

}  // namespace ferry::datafile
