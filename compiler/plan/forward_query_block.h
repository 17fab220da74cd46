/// A FORWARD_QUERY block as datafile text, for `ferry build`: rendering it, finding an existing
/// one in a file, and putting a new one in while every other byte of the file stays as it was
/// (comments, line breaks — CRLF files stay CRLF —, a missing final newline).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "compiler/base/source.h"

namespace ferry::plan {

/// `FORWARD_QUERY >` then the SQL lines indented by four spaces, joined by `eol` (no final
/// line break).
std::string renderForwardQueryBlock(std::string_view sql, std::string_view eol = "\n");

/// Byte range [begin, end) of an existing block in `text`: from the start of its
/// `FORWARD_QUERY >` line to the end of its last SQL line (before the line break). `sql_span` is
/// the block's SQL lines (datafile::SqlBlock::span). nullopt when the directive line is not found
/// right above them.
std::optional<std::pair<uint32_t, uint32_t>> forwardQueryBlockRange(std::string_view text, const Span& sql_span);

/// `text` with the block of `sql` in place of `existing`, or, without one, appended at the end
/// after a blank line. Line breaks follow the file (CRLF when it has any); a file without a final
/// newline still ends without one.
std::string withForwardQueryBlock(std::string_view text, std::optional<std::pair<uint32_t, uint32_t>> existing,
                                  std::string_view sql);

}  // namespace ferry::plan
