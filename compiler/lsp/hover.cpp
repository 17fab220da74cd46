/// Hover: what the name under the cursor is, with ClickHouse types: a datasource's schema, a
/// node's or pipe's output schema, a column's type and origin, a function's signature and
/// description (and the state type of an aggregate), any other expression's type.
#include "compiler/functions/aggregate_combinators.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/lsp/cursor_target.h"
#include "compiler/lsp/features.h"

namespace ferry::lsp {

namespace {

std::string schemaBlock(std::string_view heading, const analyze::Schema& columns) {
  std::string out = "```sql\n" + std::string(heading) + "\n";
  for (const auto& c : columns) out += "  " + c.name + " " + types::toString(c.type) + "\n";
  return out + "```";
}

std::string description(const std::optional<datafile::Setting>& d) {
  return d && !d->value.empty() ? "\n\n" + d->value : std::string();
}

std::string resourceHover(const RequestContext& ctx, const project::Resource& r) {
  const auto& analysis = ctx.project.analysis();
  if (r.kind == project::ResourceKind::Datasource) {
    const auto* ds = analysis.datasource(r.name);
    if (!ds) return "datasource `" + r.name + "`";
    const auto* decl = r.datafile.datasource();
    const auto& text = decl && decl->description ? decl->description : r.datafile.description;
    return schemaBlock("datasource " + r.name, ds->columns) + description(text);
  }
  if (r.kind == project::ResourceKind::Pipe) {
    const auto* pipe = analysis.pipe(r.name);
    const auto* out = pipe ? pipe->output() : nullptr;
    if (!out || !out->columns) return "pipe `" + r.name + "` (its output could not be typed)";
    return schemaBlock("pipe " + r.name + " (node " + out->name + ")", *out->columns) + description(r.datafile.description);
  }
  return std::string(project::resourceKindName(r.kind)) + " `" + r.name + "`";
}

std::string nodeHover(const RequestContext& ctx, const project::Resource& pipe, const datafile::Node& node) {
  const auto* schema = ctx.project.analysis().pipe(pipe.name);
  if (schema)
    for (const auto& n : schema->nodes)
      if (n.syntax->node == &node) {
        if (!n.columns) {
          std::string why = !n.error.empty() ? n.error : n.skipped;
          return "node `" + n.name + "` of pipe `" + pipe.name + "`" + (why.empty() ? "" : "\n\nnot typed: " + why);
        }
        return schemaBlock("node " + n.name + " (pipe " + pipe.name + ")", *n.columns) + description(node.description);
      }
  return "node `" + node.name.text + "` of pipe `" + pipe.name + "`";
}

std::string columnHover(const CursorTarget& t) {
  std::string out = "```sql\n" + t.name + " " + (t.type ? types::toString(t.type) : std::string("(type unknown)")) + "\n```";
  if (t.column && t.resource) {
    out += "\n\ncolumn of datasource `" + t.resource->name + "`";
    if (!t.column->json_path.empty()) out += ", from `" + t.column->json_path.text + "`";
    if (!t.column->default_expr.empty()) out += ", DEFAULT `" + t.column->default_expr.text + "`";
  } else if (t.node && t.resource) {
    out += "\n\ncolumn of node `" + t.node->name.text + "`" +
           (t.resource->kind == project::ResourceKind::Pipe ? " (pipe `" + t.resource->name + "`)" : "");
  }
  return out;
}

std::string functionHover(const CursorTarget& t) {
  const auto* info = functions::findFunction(t.name);
  std::string out;
  bool aggregate = functions::isAggregateCallName(t.name);
  std::string signature = t.name + "(";
  for (size_t i = 0; i < t.argument_types.size(); ++i)
    signature += (i ? ", " : "") + (t.argument_types[i] ? types::toString(t.argument_types[i]) : std::string("?"));
  signature += ") -> " + (t.type ? types::toString(t.type) : std::string("?"));
  out = "```sql\n" + signature + "\n```\n\n";
  if (info) {
    static constexpr const char* kKinds[] = {"function", "aggregate function", "window function", "table function"};
    // The catalog's argument and return rules are the typer's notation, not the user's: the
    // signature above shows what they give for this call.
    out += "**" + info->name + "**: " + kKinds[static_cast<int>(info->kind)];
    if (!info->description.empty()) out += "\n\n" + info->description;
  } else if (auto split = functions::resolveAggregateName(t.name); split && !split->combinators.empty()) {
    std::string chain;
    for (auto c : split->combinators) chain += (chain.empty() ? "-" : ", -") + std::string(functions::combinatorSuffix(c));
    out += "**" + t.name + "**: aggregate function `" + split->base + "` with the combinators " + chain;
    if (const auto* base = functions::findFunction(split->base); base && !base->description.empty())
      out += "\n\n" + base->description;
  }
  if (aggregate && !t.name.ends_with("State")) {
    std::vector<functions::Argument> args;
    bool typed = true;
    for (const auto& a : t.argument_types) {
      typed = typed && a != nullptr;
      args.push_back({a, std::nullopt});
    }
    if (typed) {
      auto state = functions::typeAggregateCall(t.name + "State", args);
      if (state.ok()) out += "\n\nstate (`" + t.name + "State`): `" + types::toString(state.type) + "`";
    }
  }
  return out;
}

std::string parameterHover(const CursorTarget& t) {
  const tpl::Parameter& p = *t.parameter;
  std::string out = "```sql\n" + p.name + " " + p.type + "\n```\n\nparameter of endpoint `" + t.resource->name + "`";
  if (p.default_value) out += ", default `" + p.default_value->value + "`";
  if (p.required && *p.required) out += ", required";
  if (!p.enum_values.empty()) {
    out += ", one of";
    for (size_t i = 0; i < p.enum_values.size(); ++i) out += (i ? ", `" : " `") + p.enum_values[i] + "`";
  }
  if (!p.description.empty()) out += "\n\n" + p.description;
  return out;
}

}  // namespace

nlohmann::json hover(const RequestContext& ctx, uint32_t offset) {
  CursorTarget t = targetAt(ctx, offset);
  std::string text;
  switch (t.kind) {
    case CursorTarget::Kind::None:
    case CursorTarget::Kind::Directive:
      return nullptr;
    case CursorTarget::Kind::Resource:
      text = resourceHover(ctx, *t.resource);
      break;
    case CursorTarget::Kind::Node:
      text = nodeHover(ctx, *t.resource, *t.node);
      break;
    case CursorTarget::Kind::Column:
      text = columnHover(t);
      break;
    case CursorTarget::Kind::Function:
      text = functionHover(t);
      break;
    case CursorTarget::Kind::Parameter:
      text = parameterHover(t);
      break;
    case CursorTarget::Kind::Expression:
      if (!t.type) return nullptr;
      text = "```sql\n" + types::toString(t.type) + "\n```";
      break;
  }
  return {{"contents", {{"kind", "markdown"}, {"value", text}}}, {"range", ctx.range(t.span)}};
}

}  // namespace ferry::lsp
