/// LSP positions (0-based line, character in the negotiated unit) and byte offsets. LSP counts
/// characters in UTF-16 code units unless client and server agree on UTF-8 or UTF-32 at
/// initialize; Ferry keeps UTF-8 byte offsets everywhere and converts at this boundary only.
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/base/source.h"

namespace ferry::lsp {

enum class PositionEncoding { Utf8, Utf16, Utf32 };

std::string_view encodingName(PositionEncoding e);  ///< "utf-8", "utf-16", "utf-32"

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
};

/// The position of byte `offset` of `text` (clamped to the text; an offset inside a multi-byte
/// character counts as that character's start).
Position positionOf(std::string_view text, uint32_t offset, PositionEncoding e);
/// The byte offset of a position. Past the end of its line: the line's end (before the line
/// break); past the last line: the end of the text. A UTF-16 position inside a surrogate pair
/// counts as the pair's start.
uint32_t offsetOf(std::string_view text, Position p, PositionEncoding e);

/// Position and Range as LSP JSON.
nlohmann::json positionJson(std::string_view text, uint32_t offset, PositionEncoding e);
nlohmann::json rangeJson(std::string_view text, uint32_t begin, uint32_t end, PositionEncoding e);
nlohmann::json rangeJson(const SourceManager& sources, const Span& span, PositionEncoding e);
/// Reads `{line, character}`; nullopt when malformed.
std::optional<Position> parsePosition(const nlohmann::json& j);

}  // namespace ferry::lsp
