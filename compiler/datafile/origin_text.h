/// The text a datafile is read from after Classic INCLUDE lines were replaced by the included
/// files' lines, with a map from every offset back to (file, offset), so spans of included lines
/// point into the .incl file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace ferry::datafile {

class OriginText {
 public:
  struct Piece {
    std::string text;
    FileId file = kNoFile;
    uint32_t file_offset = 0;
    uint32_t file_length = 0;  ///< length of the origin text (differs from text.size() for substitutions)
  };

  OriginText(FileId file, std::string_view text);

  const std::string& text() const { return text_; }
  FileId fileAt(uint32_t offset) const;
  uint32_t fileOffset(uint32_t offset) const;
  /// The file span of [begin, end); when the range crosses files it is cut at the first file's end.
  Span span(uint32_t begin, uint32_t end) const;
  /// Replaces [begin, end) of the text with `pieces`.
  void replace(uint32_t begin, uint32_t end, const std::vector<Piece>& pieces);

 private:
  struct Segment {
    uint32_t begin;  ///< offset in text_
    uint32_t length;
    FileId file;
    uint32_t file_offset;
    uint32_t file_length;
  };
  const Segment* segmentAt(uint32_t offset) const;

  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace ferry::datafile
