#include "compiler/base/source.h"

#include <catch2/catch.hpp>

using namespace ferry;

TEST_CASE("line and column of offsets, code points and UTF-16") {
  SourceManager sm;
  FileId id = sm.add("a.pipe", "ab\nc\xC3\xA9" "d\n\xF0\x9F\x98\x80x");
  const auto& f = sm.file(id);
  CHECK(f.lineCol(0).line == 1);
  CHECK(f.lineCol(1).column == 2);
  CHECK(f.lineCol(3).line == 2);
  // 'd' follows a two-byte é: column 3 in code points.
  CHECK(f.lineCol(6).column == 3);
  // 'x' follows an emoji: code-point column 2, UTF-16 column 2 (0-based, surrogate pair).
  CHECK(f.lineCol(12).column == 2);
  CHECK(f.utf16Column(12) == 2);
  CHECK(f.lineText(2) == "c\xC3\xA9" "d");
  CHECK(f.lineCount() == 3);
}

TEST_CASE("source maps send derived offsets back to the file") {
  SourceMap m(7, 100);
  m.addSegment(10, 200);
  CHECK(m.toFile(0) == 100);
  CHECK(m.toFile(9) == 109);
  CHECK(m.toFile(12) == 202);
  Span s = m.span(2, 5);
  CHECK(s.file == 7);
  CHECK(s.begin == 102);
  CHECK(s.end == 105);
}

TEST_CASE("a prefixed source map keeps the original offsets after the prefix") {
  SourceMap m(3, 50);
  m.addSegment(4, 80);
  SourceMap p = m.withPrefix(2);
  CHECK(p.toFile(0) == 50);
  CHECK(p.toFile(1) == 51);  // inside the prefix: still maps near the start
  CHECK(p.toFile(2) == 50);
  CHECK(p.toFile(5) == 53);
  CHECK(p.toFile(6) == 80);
  CHECK(p.file() == 3);
}

TEST_CASE("a clamped source map never leaves its origin") {
  SourceMap m(1, 10);
  m.clampTo(14);
  CHECK(m.toFile(2) == 12);
  CHECK(m.toFile(9) == 14);
  Span s = m.span(3, 20);
  CHECK(s.begin == 13);
  CHECK(s.end == 14);
}
