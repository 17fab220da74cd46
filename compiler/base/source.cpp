#include "compiler/base/source.h"

#include <algorithm>

namespace ferry {

Span Span::cover(const Span& a, const Span& b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::string_view SourceFile::slice(uint32_t begin, uint32_t end) const {
  begin = std::min<uint32_t>(begin, text_.size());
  end = std::clamp<uint32_t>(end, begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

static bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

LineCol SourceFile::lineCol(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t col = 1;
  for (uint32_t i = line_starts_[line - 1]; i < offset; ++i)
    if (!isContinuationByte(text_[i])) ++col;
  return {line, col};
}

uint32_t SourceFile::utf16Column(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t col = 0;
  for (uint32_t i = *(it - 1); i < offset; ++i) {
    auto c = static_cast<unsigned char>(text_[i]);
    if (isContinuationByte(text_[i])) continue;
    col += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are outside the BMP: a surrogate pair
  }
  return col;
}

uint32_t SourceFile::lineStart(uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line - 1];
}

std::string_view SourceFile::lineText(uint32_t line) const {
  uint32_t b = lineStart(line);
  uint32_t e = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  auto s = slice(b, e);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

FileId SourceManager::add(std::string path, std::string text) {
  auto id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return id;
}

void SourceManager::replace(FileId id, std::string text) {
  auto& slot = files_.at(id);
  slot = std::make_unique<SourceFile>(id, slot->path(), std::move(text));
}

uint32_t SourceMap::toFile(uint32_t local) const {
  if (segments_.empty()) return std::min(local, limit_);
  auto it = std::upper_bound(segments_.begin(), segments_.end(), local,
                             [](uint32_t v, const Segment& s) { return v < s.local; });
  if (it == segments_.begin()) return std::min(segments_.front().file_offset, limit_);
  --it;
  return std::min(it->file_offset + (local - it->local), limit_);
}

SourceMap SourceMap::withPrefix(uint32_t n) const {
  SourceMap out;
  out.file_ = file_;
  out.limit_ = limit_;
  out.segments_.push_back({0, toFile(0)});
  for (const auto& seg : segments_) out.segments_.push_back({seg.local + n, seg.file_offset});
  return out;
}

Span SourceMap::span(uint32_t local_begin, uint32_t local_end) const {
  uint32_t b = toFile(local_begin);
  uint32_t e = local_end > local_begin ? toFile(local_end - 1) + 1 : b;
  e = std::max(std::min(e, limit_), b);
  return Span{file_, b, e};
}

}  // namespace ferry
