#include "compiler/base/diagnostic.h"

#include <catch2/catch.hpp>

using namespace ferry;

TEST_CASE("diagnostics render with file:line:col, ID and a caret") {
  SourceManager sm;
  FileId id = sm.add("x.datasource", "SCHEMA >\n    `a` Strin\n");
  DiagnosticSink sink;
  sink.report(DiagId::IO_CANNOT_READ, Span{id, 17, 22}, "bad type");
  REQUIRE(sink.errorCount() == 1);
  std::string text = renderText(sink.all()[0], sm);
  CHECK(text == "x.datasource:2:9: error: bad type [IO_CANNOT_READ]\n"
                " 2 |     `a` Strin\n"
                "   |         ^~~~~\n");
  CHECK(diagName(DiagId::INTERNAL_ERROR) == "INTERNAL_ERROR");
}
