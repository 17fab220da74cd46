/// The line structure of a datafile around the cursor, read the way the CLIs read it (a `>`
/// block ends at a column-0 line whose first word is a directive of the file's kind): completion
/// works on text that is being typed and may not parse, so it reads lines, not the tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/datafile/datafile_ast.h"

namespace ferry::lsp::complete {

struct Line {
  uint32_t begin = 0;
  uint32_t end = 0;           ///< before the line break
  bool directive = false;     ///< a directive line (words), not the inside of a block
  std::string name;           ///< directive lines: the first word, upper-cased
  std::vector<std::string> words;  ///< directive lines: every word, quotes removed
  bool opens_block = false;   ///< `NAME >`
  int block = -1;             ///< lines inside a block: the index of the line that opened it
};

/// The words of a directive line as the CLIs split them: spaces and tabs separate words, `#`
/// outside quotes starts a comment. `unterminated` is set for an opening quote without its end.
std::vector<std::string> splitWords(std::string_view line, bool* unterminated = nullptr);
/// Mirrors grammar/DatafileLexer.g4's nextLineEndsBlock: a line ends the open block when it
/// starts at column 0 with a directive of the file's kind (a `FROM...` word never does).
bool endsBlock(std::string_view line, datafile::DatafileKind kind);
std::vector<Line> readLines(std::string_view text, datafile::DatafileKind kind);
/// The line holding `offset`.
size_t lineAt(const std::vector<Line>& lines, uint32_t offset);

/// Where the cursor's line sits in a pipe: the NODE line above it (or none) and the lines of
/// its scope (the node's lines, or the lines before the first NODE).
struct Scope {
  int node_line = -1;
  size_t first = 0;
  size_t last = 0;  ///< exclusive
};

Scope scopeOf(const std::vector<Line>& lines, size_t at);
/// The name the directive table gives `name` (aliases and legacy spellings resolved).
std::string canonicalDirective(datafile::DatafileKind kind, const std::string& name);

}  // namespace ferry::lsp::complete
