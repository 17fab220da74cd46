/// textDocument/documentSymbol: the outline of a datafile as hierarchical DocumentSymbol[].
/// A pipe gives one Function (12) per NODE, its children the node's output columns (Field, 8)
/// when the analysis typed the node; a datasource gives one Field per SCHEMA column and one Key
/// (20) per INDEXES entry. Only what is written in the document itself is listed: nodes and
/// columns an INCLUDE brings in live in the included file.
#include "compiler/datafile/parse_datafile.h"
#include "compiler/lsp/features.h"

namespace ferry::lsp {

namespace {

enum SymbolKind : int { kField = 8, kFunction = 12, kKey = 20 };

/// Spans are in the document (its id in the project, or a private parse's): its text gives positions.
nlohmann::json symbol(const RequestContext& ctx, const std::string& name, int kind, const std::string& detail,
                      const Span& range, const Span& selection) {
  nlohmann::json j = {{"name", name.empty() ? std::string("(unnamed)") : name},
                      {"kind", kind},
                      {"range", ctx.range(range.begin, range.end)},
                      {"selectionRange", ctx.range(selection.begin, selection.end)}};
  if (!detail.empty()) j["detail"] = detail;
  return j;
}

/// The whole line of `offset` (without its line break), as the range of a node's columns.
Span lineSpan(const RequestContext& ctx, FileId doc, uint32_t offset) {
  std::string_view text = ctx.text();
  uint32_t begin = offset, end = offset;
  while (begin > 0 && text[begin - 1] != '\n' && text[begin - 1] != '\r') --begin;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  return {doc, begin, end};
}

void pipeSymbols(const RequestContext& ctx, FileId doc, const datafile::Pipe& pipe, nlohmann::json& out) {
  const analyze::PipeSchema* schema = ctx.resource ? ctx.project.analysis().pipe(ctx.resource->name) : nullptr;
  for (const auto& node : pipe.nodes) {
    if (node.span.file != doc) continue;
    auto j = symbol(ctx, node.name.text, kFunction, node.node_type == datafile::NodeType::Standard
                                                        ? std::string()
                                                        : std::string(datafile::nodeTypeName(node.node_type)),
                    node.span, node.name.span);
    auto children = nlohmann::json::array();
    if (schema)
      for (const auto& n : schema->nodes) {
        if (n.syntax->node != &node || !n.columns) continue;
        Span line = lineSpan(ctx, doc, node.name.span.begin);
        for (const auto& c : *n.columns)
          children.push_back(symbol(ctx, c.name, kField, types::toString(c.type), line, node.name.span));
      }
    j["children"] = std::move(children);
    out.push_back(std::move(j));
  }
}

void datasourceSymbols(const RequestContext& ctx, FileId doc, const datafile::Datasource& ds, nlohmann::json& out) {
  const auto* schema = ctx.resource ? ctx.project.analysis().datasource(ctx.resource->name) : nullptr;
  for (const auto& c : ds.columns) {
    if (c.span.file != doc) continue;
    std::string type = c.type.text;
    // `col DEFAULT expr` has no written type: the analysis knows the one it gets.
    if (type.empty() && schema)
      for (const auto& typed : schema->columns)
        if (typed.name == c.name.text && typed.type) type = types::toString(typed.type);
    out.push_back(symbol(ctx, c.name.text, kField, type, c.span, c.name.span));
  }
  for (const auto& index : ds.indexes) {
    if (index.span.file != doc) continue;
    std::string detail = index.expr.text + " TYPE " + index.type.text;
    if (!index.granularity.empty()) detail += " GRANULARITY " + index.granularity.text;
    out.push_back(symbol(ctx, index.name.text, kKey, detail, index.span, index.name.span));
  }
}

}  // namespace

nlohmann::json documentSymbols(const RequestContext& ctx) {
  auto out = nlohmann::json::array();
  const datafile::Datafile* file = ctx.resource ? &ctx.resource->datafile : nullptr;
  FileId doc = ctx.file;
  // An `.incl` file is no resource: a parse of its own gives its nodes.
  SourceManager include_sources;
  datafile::Datafile include;
  if (!file) {
    doc = include_sources.add(ctx.path.string(), std::string(ctx.text()));
    datafile::ParseOptions options;
    options.validate = false;
    DiagnosticSink ignored;
    include = datafile::parseDatafile(include_sources, doc, datafile::DatafileKind::Include, options, ignored);
    file = &include;
  }
  if (const auto* pipe = file->pipe()) pipeSymbols(ctx, doc, *pipe, out);
  if (const auto* ds = file->datasource()) datasourceSymbols(ctx, doc, *ds, out);
  return out;
}

}  // namespace ferry::lsp
