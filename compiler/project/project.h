/// A loaded project: every datafile parsed, the SQL inside it parsed, and the dependency graph.
///
/// Loading never stops at the first problem: each file, node, column type and engine expression
/// is parsed on its own, and every problem lands in the DiagnosticSink. What parsed is kept, so
/// later layers (analysis, planning, the language server) work on partial projects too.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/datafile/datafile_ast.h"
#include "compiler/datafile/parse_datafile.h"
#include "compiler/sql/ast.h"
#include "compiler/template/template_parameters.h"

namespace ferry::project {

/// SQL text of a datafile (node SQL, FORWARD_QUERY) after template rendering, and its tree.
struct SqlSource {
  bool is_template = false;
  std::string rendered;                          ///< the SQL the parser read
  SourceMap map;                                 ///< rendered offsets -> file offsets
  std::vector<tpl::Parameter> parameters;        ///< template parameters, in source order
  std::unique_ptr<sql::SelectStatement> statement;  ///< null when it did not parse
};

struct NodeSyntax {
  const datafile::Node* node = nullptr;
  SqlSource sql;
};

/// A column's type and DEFAULT as parsed SQL (null where absent or where they did not parse).
struct ColumnSyntax {
  const datafile::Column* column = nullptr;
  std::unique_ptr<sql::TypeExpr> type;
  sql::ExprPtr default_expr;
};

enum class ResourceKind { Datasource, Pipe, Connection };
std::string_view resourceKindName(ResourceKind k);

/// A reference from SQL to a table name, with where it was written.
struct TableReference {
  std::string name;  ///< as written: `ds` or `workspace.ds`
  Span span;
};

struct Resource {
  std::string name;
  ResourceKind kind;
  std::filesystem::path path;  ///< as found on disk
  datafile::Datafile datafile;
  // Datasources.
  std::vector<ColumnSyntax> columns;
  std::map<std::string, sql::ExprList> engine_exprs;  ///< ENGINE_SORTING_KEY ... as expression lists
  std::vector<std::unique_ptr<sql::TtlElement>> ttl;  ///< ENGINE_TTL
  std::optional<SqlSource> forward_query;
  // Pipes.
  std::vector<NodeSyntax> nodes;
  /// Tables the pipe's nodes read that are not nodes of the pipe or CTEs (datasources, pipes,
  /// shared `ws.ds`, service `tinybird.x`), in first-use order.
  std::vector<TableReference> reads;
  /// The datasource a materialized or copy node writes into.
  std::optional<TableReference> writes;
};

/// An edge of the dependency graph: `from` feeds `to` (datasource -> pipe that reads it;
/// pipe -> datasource it materializes or copies into; pipe -> pipe that reads it).
enum class EdgeKind { Reads, Materializes, Copies };

struct Edge {
  size_t from;
  size_t to;
  Span span;  ///< where the reference is written
  EdgeKind kind = EdgeKind::Reads;
};

struct LoadOptions {
  /// Only parse (datafiles, templates, SQL, types); skip names, references and the graph.
  bool syntax_only = false;
  /// Sub-folders that are projects of their own are left out (used with --recursive).
  bool stop_at_nested_projects = false;
};

class Project {
 public:
  std::filesystem::path root;
  std::vector<std::unique_ptr<Resource>> resources;
  std::vector<Edge> edges;

  const Resource* find(std::string_view name) const;
  std::optional<size_t> indexOf(std::string_view name) const;
  /// Resource indices with every resource after the ones it depends on (cycles broken
  /// arbitrarily; they are reported at load).
  std::vector<size_t> topologicalOrder() const;

 private:
  friend void linkProject(Project&, DiagnosticSink&, const LoadOptions&);
  std::map<std::string, size_t, std::less<>> by_name_;
};

/// Loads the project rooted at `root` (a folder; a single datafile is a project of one file).
std::unique_ptr<Project> loadProject(const std::filesystem::path& root, SourceManager& sources,
                                     DiagnosticSink& sink, const LoadOptions& options = {});

/// Parses one datafile of the project rooted at `root` whose text is `sources.file(id)`: its
/// datafile tree, its SQL and its name. The language server re-reads one file per edit with it.
std::unique_ptr<Resource> loadResource(const std::filesystem::path& root, const std::filesystem::path& path, FileId id,
                                       SourceManager& sources, const datafile::ParseOptions& options,
                                       DiagnosticSink& sink);

/// Indexes `project.resources` by name (reporting duplicate names) and builds the graph (each
/// resource's reads and writes, the edges, cycles). Run again after resources were replaced.
void linkProject(Project& project, DiagnosticSink& sink, const LoadOptions& options = {});

/// Parses SQL held in a datafile block: renders it first when it is a template.
SqlSource parseSqlBlock(const datafile::SqlBlock& block, DiagnosticSink& sink);

}  // namespace ferry::project
