/// A document the editor has open: its URI, version and current text, kept in step with
/// didChange events (full text or range edits in the negotiated position encoding).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/lsp/position_encoding.h"

namespace ferry::lsp {

struct TextDocument {
  std::string uri;
  std::optional<std::filesystem::path> path;  ///< nullopt for non-`file:` URIs
  int64_t version = 0;
  std::string text;
};

/// Applies one TextDocumentContentChangeEvent (`{text}` or `{range, text}`) to `text`. Returns
/// false, leaving `text` unchanged, when the event is malformed.
bool applyContentChange(std::string& text, const nlohmann::json& change, PositionEncoding e);

}  // namespace ferry::lsp
