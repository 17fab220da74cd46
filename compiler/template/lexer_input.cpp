#include "compiler/template/lexer_input.h"

namespace ferry::tpl {

LexerInput makeLexerInput(std::string_view text, uint32_t base) {
  LexerInput in;
  in.utf8.reserve(text.size());
  in.offsets.reserve(text.size() + 1);
  size_t i = 0;
  const size_t n = text.size();
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < n) {
    unsigned char c = byte(i);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      unsigned char cc = byte(i + k);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    in.offsets.push_back(base + static_cast<uint32_t>(i));
    if (ok) {
      in.utf8.append(text.substr(i, len));
      i += len;
    } else {
      in.utf8.append("\xEF\xBF\xBD");
      i += 1;
    }
  }
  in.offsets.push_back(base + static_cast<uint32_t>(n));
  return in;
}

}  // namespace ferry::tpl
