#include "compiler/datafile/origin_text.h"

#include <algorithm>

namespace ferry::datafile {

OriginText::OriginText(FileId file, std::string_view text) : text_(text) {
  segments_.push_back({0, static_cast<uint32_t>(text.size()), file, 0, static_cast<uint32_t>(text.size())});
}

const OriginText::Segment* OriginText::segmentAt(uint32_t offset) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](uint32_t v, const Segment& s) { return v < s.begin; });
  if (it == segments_.begin()) return segments_.empty() ? nullptr : &segments_.front();
  --it;
  // Offsets past the end of an empty or final segment belong to the last non-empty one.
  while (it != segments_.begin() && it->length == 0) --it;
  return &*it;
}

FileId OriginText::fileAt(uint32_t offset) const {
  auto* s = segmentAt(offset);
  return s ? s->file : kNoFile;
}

uint32_t OriginText::fileOffset(uint32_t offset) const {
  auto* s = segmentAt(offset);
  if (!s) return offset;
  uint32_t local = offset - std::min(offset, s->begin);
  if (s->length == s->file_length) return s->file_offset + local;
  return s->file_offset + std::min(local, s->file_length);
}

Span OriginText::span(uint32_t begin, uint32_t end) const {
  if (end < begin) end = begin;
  auto* first = segmentAt(begin);
  if (!first) return Span{kNoFile, begin, end};
  uint32_t fb = fileOffset(begin);
  uint32_t fe;
  if (end <= first->begin + first->length || end == begin) {
    fe = end == begin ? fb : fileOffset(end - 1) + 1;
    if (first->length != first->file_length) fe = std::max(fe, std::min(fb + 1, first->file_offset + first->file_length));
  } else {
    fe = first->file_offset + first->file_length;
  }
  if (fe < fb) fe = fb;
  return Span{first->file, fb, fe};
}

void OriginText::replace(uint32_t begin, uint32_t end, const std::vector<Piece>& pieces) {
  std::vector<Segment> out;
  std::string text;
  text.reserve(text_.size());
  // Keep [0, begin).
  for (auto& s : segments_) {
    if (s.begin >= begin) break;
    Segment kept = s;
    kept.length = std::min(s.length, begin - s.begin);
    if (s.length == s.file_length) kept.file_length = kept.length;
    out.push_back(kept);
  }
  text.append(text_, 0, begin);
  for (auto& p : pieces) {
    out.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(p.text.size()), p.file, p.file_offset,
                   p.file_length});
    text += p.text;
  }
  // Keep [end, size), shifted.
  uint32_t shift_base = static_cast<uint32_t>(text.size());
  for (auto& s : segments_) {
    uint32_t s_end = s.begin + s.length;
    if (s_end <= end && s.length > 0) continue;
    if (s_end < end) continue;
    Segment kept = s;
    if (s.begin < end) {
      uint32_t cut = end - s.begin;
      kept.length = s.length - cut;
      if (s.length == s.file_length) {
        kept.file_offset += cut;
        kept.file_length = kept.length;
      }
      kept.begin = shift_base;
    } else {
      kept.begin = shift_base + (s.begin - end);
    }
    out.push_back(kept);
  }
  text.append(text_, std::min<size_t>(end, text_.size()), std::string::npos);
  text_ = std::move(text);
  segments_ = std::move(out);
}

}  // namespace ferry::datafile
