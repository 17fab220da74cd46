/// Source files, byte spans and their line/column views.
///
/// Every syntax node carries a Span (file + byte offsets) so that diagnostics, the language
/// server and the printers can point back at the exact text. Lines and columns are computed
/// lazily from a line table: 1-based lines, 1-based columns counted in Unicode code points
/// (UTF-16 columns for LSP are derived on demand).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry {

using FileId = uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

/// A half-open byte range [begin, end) inside one file. A default Span is "synthesized":
/// it marks nodes the compiler made itself, which have no text of their own.
struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  uint32_t size() const { return end - begin; }
  /// The smallest span covering both (either may be invalid).
  static Span cover(const Span& a, const Span& b);
  bool operator==(const Span&) const = default;
};

struct LineCol {
  uint32_t line = 1;    ///< 1-based
  uint32_t column = 1;  ///< 1-based, in code points
};

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  /// The path as given when the file was added (used verbatim in diagnostics).
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::string_view slice(uint32_t begin, uint32_t end) const;
  std::string_view slice(const Span& s) const { return slice(s.begin, s.end); }

  LineCol lineCol(uint32_t offset) const;
  /// Column in UTF-16 code units (0-based), for LSP positions.
  uint32_t utf16Column(uint32_t offset) const;
  /// Byte offset of the start of a 1-based line (text size when past the end).
  uint32_t lineStart(uint32_t line) const;
  uint32_t lineCount() const { return static_cast<uint32_t>(line_starts_.size()); }
  std::string_view lineText(uint32_t line) const;

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

/// Owns every file the compiler reads; FileIds index into it. Not thread-safe for adds.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  /// Gives file `id` new text (the language server's edited buffers): every span into the old
  /// text is stale afterwards, so whatever was parsed from it must be parsed again.
  void replace(FileId id, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

/// Maps offsets in a derived text (SQL cut out of a datafile, a rendered template) back to
/// offsets in its file. Piecewise linear: each segment says "local offsets from `local` on
/// correspond to file offsets from `file_offset` on". Segments are sorted by `local`.
class SourceMap {
 public:
  SourceMap() = default;
  /// Identity shifted by `base`: local offset 0 is file offset `base`.
  SourceMap(FileId file, uint32_t base) : file_(file) { segments_.push_back({0, base}); }

  void addSegment(uint32_t local, uint32_t file_offset) { segments_.push_back({local, file_offset}); }
  /// The map of the same text with `n` bytes put in front of it (they map onto the text's start).
  SourceMap withPrefix(uint32_t n) const;
  /// Offsets past `file_end` map to `file_end`: for a derived text longer than the text it came
  /// from (a value rewritten by `$VAR` expansion, say), so that no span leaves its origin.
  void clampTo(uint32_t file_end) { limit_ = file_end; }
  FileId file() const { return file_; }
  void setFile(FileId f) { file_ = f; }
  uint32_t toFile(uint32_t local) const;
  Span span(uint32_t local_begin, uint32_t local_end) const;

 private:
  struct Segment {
    uint32_t local;
    uint32_t file_offset;
  };
  FileId file_ = kNoFile;
  std::vector<Segment> segments_;
  uint32_t limit_ = 0xffffffffu;
};

}  // namespace ferry
