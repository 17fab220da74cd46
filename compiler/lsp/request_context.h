/// What a language feature (hover, completion, definition, ...) gets to answer one request: the
/// project as last analyzed, the document asked about, and the position encoding in force.
/// Features never see JSON-RPC; they build LSP result JSON from the project state.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/lsp/position_encoding.h"
#include "compiler/lsp/project_state.h"

namespace ferry::lsp {

struct RequestContext {
  const ProjectState& project;       ///< refreshed: analysis matches every open buffer
  std::filesystem::path path;        ///< the document's path
  FileId file = kNoFile;             ///< its current text in project.sources()
  const project::Resource* resource = nullptr;  ///< null for `.incl` files
  PositionEncoding encoding = PositionEncoding::Utf16;

  std::string_view text() const { return project.sources().file(file).text(); }
  nlohmann::json range(const Span& span) const { return rangeJson(project.sources(), span, encoding); }
  nlohmann::json range(uint32_t begin, uint32_t end) const { return rangeJson(text(), begin, end, encoding); }
  /// `{uri, range}` of a span in any file of the project.
  nlohmann::json location(const Span& span) const;
};

}  // namespace ferry::lsp
