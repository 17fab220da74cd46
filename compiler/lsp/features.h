/// The language features, one file each; every function answers one LSP request from a
/// RequestContext and returns the LSP result JSON (`null` where the spec allows "nothing").
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "compiler/lsp/request_context.h"

namespace ferry::lsp {

class LivePlan;

/// textDocument/hover at byte `offset` (hover.cpp).
nlohmann::json hover(const RequestContext& ctx, uint32_t offset);
/// textDocument/definition (definition.cpp): Location[] or null.
nlohmann::json definition(const RequestContext& ctx, uint32_t offset);
/// textDocument/references (definition.cpp): Location[].
nlohmann::json references(const RequestContext& ctx, uint32_t offset, bool include_declaration);
/// textDocument/completion (completion.cpp): CompletionList.
nlohmann::json completion(const RequestContext& ctx, uint32_t offset);
/// textDocument/documentSymbol (document_symbols.cpp): DocumentSymbol[].
nlohmann::json documentSymbols(const RequestContext& ctx);
/// textDocument/formatting (formatting.cpp): TextEdit[] (empty when formatted), null on errors.
nlohmann::json formatting(const RequestContext& ctx);
/// textDocument/codeAction (code_actions.cpp): (CodeAction)[] for `params` (range, context): the
/// "did you mean" quick fixes, "Insert/Update FORWARD_QUERY" from `live` (the project's
/// LivePlan), and the "Show deployment plan" command.
nlohmann::json codeActions(const RequestContext& ctx, const nlohmann::json& params, LivePlan& live);
/// The same with a LivePlan of its own, which loads the live project on every call.
nlohmann::json codeActions(const RequestContext& ctx, const nlohmann::json& params);
/// workspace/executeCommand `ferry.plan` (plan_command.cpp): {text, plan} of the project
/// against its live local deployment (`live`, the project's LivePlan), as `ferry deploy --check`
/// computes it: `text` is what it prints (diagnostics, plan, validity), `plan` its JSON output.
nlohmann::json planCommand(const ProjectState& project, LivePlan& live);
/// The same with a LivePlan of its own, which loads the live project on every call.
nlohmann::json planCommand(const ProjectState& project);

}  // namespace ferry::lsp
