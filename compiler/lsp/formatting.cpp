/// textDocument/formatting: `ferry fmt`'s text of the document as the editor has it (the open
/// buffer, not the file on disk). The formatter parses the text again in a SourceManager of its
/// own, so the project's parse and analysis are left alone.
#include "compiler/driver/source_formatting.h"
#include "compiler/lsp/features.h"

namespace ferry::lsp {

nlohmann::json formatting(const RequestContext& ctx) {
  std::string_view text = ctx.text();
  SourceManager sources;
  FileId id = sources.add(ctx.path.string(), std::string(text));
  DiagnosticSink sink;
  auto formatted = driver::formatSource(sources, id, ctx.path, sink);
  if (!formatted) return nullptr;  // a file with errors is never rewritten
  if (*formatted == text) return nlohmann::json::array();
  // One edit over the whole document: clients diff it themselves, and the cursor stays put.
  nlohmann::json edit = {{"range", ctx.range(0, static_cast<uint32_t>(text.size()))}, {"newText", *formatted}};
  return nlohmann::json::array({edit});
}

}  // namespace ferry::lsp
