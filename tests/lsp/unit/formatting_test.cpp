// textDocument/formatting (compiler/lsp/formatting.cpp): `ferry fmt`'s text of the open buffer
// as one whole-document edit, `[]` when already formatted, null when the file has errors.
#include <catch2/catch.hpp>

#include "compiler/lsp/features.h"
#include "tests/lsp/unit/lsp_workspace.h"

using namespace ferry::lsp;
using namespace ferry::lsp::test;

namespace {

const std::string kFormatted =
    "SCHEMA >\n"
    "    `id` UInt64,\n"
    "    `name` String\n"
    "\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"id\"\n";

}  // namespace

TEST_CASE("formatting: the buffer's text, not the disk's, as one edit over the whole document") {
  Workspace ws(Files{{"datasources/events.datasource", kFormatted}});
  ws.open("datasources/events.datasource",
          "SCHEMA >\n  id   UInt64,\n      name String\nENGINE MergeTree\nENGINE_SORTING_KEY id");
  auto edits = formatting(ws.context("datasources/events.datasource"));
  auto expected = nlohmann::json::array({{{"range", range(0, 0, 4, 21)}, {"newText", kFormatted}}});
  CHECK(edits == expected);
}

TEST_CASE("formatting: an already formatted document gives no edit") {
  Workspace ws(Files{{"datasources/events.datasource", "SCHEMA >\n    `id` UInt64\n"}});
  ws.open("datasources/events.datasource", kFormatted);
  CHECK(formatting(ws.context("datasources/events.datasource")) == nlohmann::json::array());
}

TEST_CASE("formatting: a document with errors is not formatted") {
  Workspace ws(Files{{"datasources/events.datasource", kFormatted}});
  ws.open("datasources/events.datasource",
          "SCHEMA >\n    `id` UInt64,\n\nENGINE \"MergeTree\"\nFORWARD_QUERY SELECT 1\n");
  CHECK(formatting(ws.context("datasources/events.datasource")).is_null());
}

TEST_CASE("formatting: the end position is in the negotiated encoding") {
  Workspace ws(Files{{"pipes/p.pipe", "NODE n\nSQL >\n    SELECT 1\n"}});
  ws.open("pipes/p.pipe", "DESCRIPTION >\n    prix en €\nNODE n\nSQL >\n    SELECT 1 AS `é`");
  auto ctx = ws.context("pipes/p.pipe");
  auto utf16 = formatting(ctx);
  REQUIRE(utf16.size() == 1);
  CHECK(utf16[0].at("range") == range(0, 0, 4, 19));
  ctx.encoding = PositionEncoding::Utf8;
  CHECK(formatting(ctx)[0].at("range") == range(0, 0, 4, 20));
}
