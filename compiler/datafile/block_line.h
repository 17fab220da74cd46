/// A line of a `>` block: its text (no newline) and where it starts in the text that was read.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "compiler/base/source.h"

namespace ferry::datafile {

struct BlockLine {
  std::string_view text;
  uint32_t offset = 0;
};

/// Maps a [begin, end) range of the text that was read to a file span.
using SpanOf = std::function<Span(uint32_t, uint32_t)>;

}  // namespace ferry::datafile
