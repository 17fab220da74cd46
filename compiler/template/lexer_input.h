/// Text prepared for the ANTLR lexer, which counts code points: invalid UTF-8 bytes are replaced
/// (one U+FFFD per bad byte) so the runtime's decoder never throws, and every code point keeps
/// the byte offset it came from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::tpl {

struct LexerInput {
  std::string utf8;               ///< valid UTF-8
  std::vector<uint32_t> offsets;  ///< byte offset (in the original text + base) of each code
                                  ///< point, plus one entry for the end

  /// Byte offset of code point `index` (clamped to the end).
  uint32_t offset(size_t index) const { return offsets[index < offsets.size() ? index : offsets.size() - 1]; }
};

/// Decodes `text`; offsets are `base` + byte position in `text`.
LexerInput makeLexerInput(std::string_view text, uint32_t base);

}  // namespace ferry::tpl
