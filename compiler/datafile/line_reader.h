/// The line structure of a datafile, read by the ANTLR lexer/parser (grammar/Datafile*.g4):
/// directive lines split into words, and `NAME >` blocks with their raw lines. Offsets are byte
/// offsets into the text that was read. No ANTLR type appears here.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::datafile {

struct RawWord {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool quoted = false;       ///< a "..." or '...' word (quotes included in [begin, end))
  bool unterminated = false; ///< an opening quote without its closing one: the CLI drops the line
};

struct RawBlockLine {
  uint32_t begin = 0;  ///< start of the line (column 0)
  uint32_t end = 0;    ///< end of the content, before the newline
  bool has_newline = false;
};

struct RawEntry {
  uint32_t line_begin = 0;   ///< start of the directive line
  uint32_t line_end = 0;     ///< end of the directive line, before the newline
  std::vector<RawWord> words;  ///< for a block: the name, '>' and anything after it
  bool is_block = false;
  std::vector<RawBlockLine> block_lines;
  bool broken() const;       ///< has an unterminated quote
};

struct LineReaderOptions {
  /// Whether an upper-cased word is a directive of the file kind (ends an open block at column 0).
  std::function<bool(const std::string&)> is_directive;
  bool from_never_ends_block = true;
};

/// Reads every entry of `text`. `internal_errors` receives grammar errors, which cannot happen
/// for a correct grammar (every token sequence the lexer makes is accepted).
std::vector<RawEntry> readEntries(std::string_view text, const LineReaderOptions& options,
                                  std::vector<std::pair<uint32_t, std::string>>* internal_errors);

}  // namespace ferry::datafile
