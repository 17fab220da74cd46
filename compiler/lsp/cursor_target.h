/// What the text at a cursor names: a datasource or pipe, a node, a column, a function, a
/// directive, or some other SQL expression. Hover, definition and references all start here,
/// so that they agree on what is under the cursor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/lsp/request_context.h"

namespace ferry::lsp {

struct CursorTarget {
  enum class Kind { None, Resource, Node, Column, Function, Expression, Directive, Parameter };
  Kind kind = Kind::None;
  Span span;          ///< the text that names the target, in the document
  std::string name;   ///< resource, node, column or function name; directive name
  /// Resource: the one named. Node: the pipe that holds it. Column: the datasource that declares
  /// it (null when the column comes from a node or is unknown).
  const project::Resource* resource = nullptr;
  const datafile::Node* node = nullptr;      ///< Node: the named node; Column: the node it comes from
  const datafile::Column* column = nullptr;  ///< Column: its SCHEMA declaration, when it has one
  bool declaration = false;                  ///< the cursor is on the declaration itself
  const sql::Expr* expr = nullptr;           ///< Column/Function/Expression in SQL: the node
  types::TypePtr type;                       ///< its type, when known
  std::vector<types::TypePtr> argument_types;  ///< Function: the call's argument types
  const tpl::Parameter* parameter = nullptr;   ///< Parameter: an endpoint's template parameter
};

/// The target at byte `offset` of the request's document.
CursorTarget targetAt(const RequestContext& ctx, uint32_t offset);

/// The types of every expression of node `node_index` of `pipe` (analysis with
/// record_expression_types, each node seeing the pipe's earlier nodes).
analyze::QueryAnalysis analyzeNodeExpressions(const RequestContext& ctx, const project::Resource& pipe,
                                              size_t node_index);

/// Where a resource's name is declared: the start of its file (zero-width).
Span resourceSpan(const project::Resource& r);

}  // namespace ferry::lsp
