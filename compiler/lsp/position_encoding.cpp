#include "compiler/lsp/position_encoding.h"

#include <algorithm>

namespace ferry::lsp {

std::string_view encodingName(PositionEncoding e) {
  switch (e) {
    case PositionEncoding::Utf8: return "utf-8";
    case PositionEncoding::Utf16: return "utf-16";
    case PositionEncoding::Utf32: return "utf-32";
  }
  return "utf-16";
}

namespace {

/// Bytes of the UTF-8 sequence that starts with `lead` (1 for stray continuation bytes, so that
/// invalid text still advances).
uint32_t sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

/// Units one character of `bytes` UTF-8 bytes counts for.
uint32_t units(uint32_t bytes, PositionEncoding e) {
  switch (e) {
    case PositionEncoding::Utf8: return bytes;
    case PositionEncoding::Utf16: return bytes == 4 ? 2 : 1;
    case PositionEncoding::Utf32: return 1;
  }
  return 1;
}

uint32_t lineStartOf(std::string_view text, uint32_t line, uint32_t& current_line) {
  uint32_t pos = 0;
  current_line = 0;
  while (current_line < line) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = static_cast<uint32_t>(nl + 1);
    ++current_line;
  }
  return pos;
}

}  // namespace

Position positionOf(std::string_view text, uint32_t offset, PositionEncoding e) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  Position p;
  uint32_t line_start = 0;
  for (uint32_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  for (uint32_t i = line_start; i < offset;) {
    uint32_t n = sequenceLength(static_cast<unsigned char>(text[i]));
    if (i + n > offset) break;  // inside a character: count its start
    p.character += units(n, e);
    i += n;
  }
  return p;
}

uint32_t offsetOf(std::string_view text, Position p, PositionEncoding e) {
  uint32_t reached = 0;
  uint32_t pos = lineStartOf(text, p.line, reached);
  if (reached < p.line) return static_cast<uint32_t>(text.size());
  uint32_t count = 0;
  while (pos < text.size() && text[pos] != '\n' && !(text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
    uint32_t n = sequenceLength(static_cast<unsigned char>(text[pos]));
    uint32_t u = units(n, e);
    if (count + u > p.character) break;
    count += u;
    pos += n;
  }
  return std::min<uint32_t>(pos, static_cast<uint32_t>(text.size()));
}

nlohmann::json positionJson(std::string_view text, uint32_t offset, PositionEncoding e) {
  auto p = positionOf(text, offset, e);
  return {{"line", p.line}, {"character", p.character}};
}

nlohmann::json rangeJson(std::string_view text, uint32_t begin, uint32_t end, PositionEncoding e) {
  return {{"start", positionJson(text, begin, e)}, {"end", positionJson(text, end, e)}};
}

nlohmann::json rangeJson(const SourceManager& sources, const Span& span, PositionEncoding e) {
  if (!span.valid()) return rangeJson(std::string_view(), 0, 0, e);
  return rangeJson(sources.file(span.file).text(), span.begin, span.end, e);
}

std::optional<Position> parsePosition(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("line") || !j.contains("character")) return std::nullopt;
  const auto& l = j["line"];
  const auto& c = j["character"];
  if (!l.is_number_unsigned() && !(l.is_number_integer() && l.get<int64_t>() >= 0)) return std::nullopt;
  if (!c.is_number_unsigned() && !(c.is_number_integer() && c.get<int64_t>() >= 0)) return std::nullopt;
  return Position{l.get<uint32_t>(), c.get<uint32_t>()};
}

}  // namespace ferry::lsp
