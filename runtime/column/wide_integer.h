/// Integers of 128 and 256 bits as the little-endian two's-complement bytes columns hold, and
/// their exact decimal text (what a Field's BigNumber carries). Only what columns need: text in,
/// text out, comparison; arithmetic on them is exec's business.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::rt {

/// Parses `text` (optional sign, digits, optional `.fraction`) scaled by 10^scale into `width`
/// bytes at `out` (16 or 32; 4 and 8 also work, for Decimal32/64). Extra fraction digits are
/// truncated, as ClickHouse does when converting text to Decimal. Returns false on malformed
/// text or overflow.
bool parseWideInteger(std::string_view text, uint32_t scale, bool is_signed, size_t width, uint8_t* out);
/// The decimal text of `width` bytes at `in`, with a decimal point `scale` digits from the right
/// (trailing zeros kept, as ClickHouse prints Decimal).
std::string formatWideInteger(const uint8_t* in, size_t width, bool is_signed, uint32_t scale);
/// Three-way comparison of two values of `width` bytes.
int compareWideInteger(const uint8_t* a, const uint8_t* b, size_t width, bool is_signed);

}  // namespace ferry::rt
