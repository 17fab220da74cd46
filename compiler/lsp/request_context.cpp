#include "compiler/lsp/request_context.h"

#include "compiler/lsp/file_uri.h"

namespace ferry::lsp {

nlohmann::json RequestContext::location(const Span& span) const {
  return {{"uri", uriFromPath(project.pathOf(span.file))}, {"range", range(span)}};
}

}  // namespace ferry::lsp
