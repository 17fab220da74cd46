// textDocument/documentSymbol (compiler/lsp/document_symbols.cpp): nodes with their output
// columns for a pipe, columns and indexes for a datasource, with exact ranges.
#include <catch2/catch.hpp>

#include "compiler/lsp/features.h"
#include "tests/lsp/unit/lsp_workspace.h"

using namespace ferry::lsp;
using namespace ferry::lsp::test;

namespace {

const Files kFiles = {
    {"datasources/events.datasource",
     "SCHEMA >\n"
     "    `id` UInt64,\n"
     "    `name` String,\n"
     "    `n` UInt8 DEFAULT 1\n"
     "\n"
     "INDEXES >\n"
     "    idx_name name TYPE bloom_filter GRANULARITY 4\n"
     "\n"
     "ENGINE \"MergeTree\"\n"
     "ENGINE_SORTING_KEY \"id\"\n"},
    {"pipes/top.pipe",
     "DESCRIPTION >\n"
     "    top names\n"
     "\n"
     "NODE counted\n"
     "SQL >\n"
     "    SELECT name, count() AS c FROM events GROUP BY name\n"
     "\n"
     "NODE broken\n"
     "SQL >\n"
     "    SELECT nope FROM counted\n"
     "\n"
     "NODE top\n"
     "SQL >\n"
     "    SELECT name FROM counted ORDER BY c DESC\n"
     "TYPE endpoint\n"},
};

}  // namespace

TEST_CASE("document symbols: a pipe's nodes with their output columns") {
  Workspace ws(kFiles);
  auto symbols = documentSymbols(ws.context("pipes/top.pipe"));
  auto expected = nlohmann::json::parse(R"([
    {"name": "counted", "kind": 12,
     "range": {"start": {"line": 3, "character": 0}, "end": {"line": 5, "character": 55}},
     "selectionRange": {"start": {"line": 3, "character": 5}, "end": {"line": 3, "character": 12}},
     "children": [
       {"name": "name", "kind": 8, "detail": "String",
        "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 12}},
        "selectionRange": {"start": {"line": 3, "character": 5}, "end": {"line": 3, "character": 12}}},
       {"name": "c", "kind": 8, "detail": "UInt64",
        "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 12}},
        "selectionRange": {"start": {"line": 3, "character": 5}, "end": {"line": 3, "character": 12}}}]},
    {"name": "broken", "kind": 12, "range": {"start": {"line": 7, "character": 0}, "end": {"line": 9, "character": 28}},
     "selectionRange": {"start": {"line": 7, "character": 5}, "end": {"line": 7, "character": 11}},
     "children": []},
    {"name": "top", "kind": 12, "detail": "endpoint",
     "range": {"start": {"line": 11, "character": 0}, "end": {"line": 14, "character": 13}},
     "selectionRange": {"start": {"line": 11, "character": 5}, "end": {"line": 11, "character": 8}},
     "children": [
       {"name": "name", "kind": 8, "detail": "String",
        "range": {"start": {"line": 11, "character": 0}, "end": {"line": 11, "character": 8}},
        "selectionRange": {"start": {"line": 11, "character": 5}, "end": {"line": 11, "character": 8}}}]}
  ])");
  CHECK(symbols.dump(1) == expected.dump(1));
}

TEST_CASE("document symbols: a datasource's columns and indexes") {
  Workspace ws(kFiles);
  auto symbols = documentSymbols(ws.context("datasources/events.datasource"));
  auto expected = nlohmann::json::parse(R"([
    {"name": "id", "kind": 8, "detail": "UInt64",
     "range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 15}},
     "selectionRange": {"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 7}}},
    {"name": "name", "kind": 8, "detail": "String",
     "range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 17}},
     "selectionRange": {"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 9}}},
    {"name": "n", "kind": 8, "detail": "UInt8",
     "range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 23}},
     "selectionRange": {"start": {"line": 3, "character": 5}, "end": {"line": 3, "character": 6}}},
    {"name": "idx_name", "kind": 20, "detail": "name TYPE bloom_filter GRANULARITY 4",
     "range": {"start": {"line": 6, "character": 4}, "end": {"line": 6, "character": 49}},
     "selectionRange": {"start": {"line": 6, "character": 4}, "end": {"line": 6, "character": 12}}}
  ])");
  CHECK(symbols.dump(1) == expected.dump(1));
}

TEST_CASE("document symbols: an include file's nodes, positions in UTF-8 or UTF-16") {
  Workspace ws(Files{{"pipes/p.pipe", "INCLUDE \"../includes/common.incl\"\n"},
                {"includes/common.incl", "NODE shared_é\nSQL >\n    SELECT 1 AS one\n"}});
  ws.open("includes/common.incl", "NODE é_shared\nSQL >\n    SELECT 1 AS one\n");
  auto ctx = ws.context("includes/common.incl");
  REQUIRE(ctx.resource == nullptr);
  auto utf16 = documentSymbols(ctx);
  REQUIRE(utf16.size() == 1);
  CHECK(utf16[0].at("name") == "é_shared");
  CHECK(utf16[0].at("selectionRange") == range(0, 5, 0, 13));
  ctx.encoding = PositionEncoding::Utf8;
  CHECK(documentSymbols(ctx)[0].at("selectionRange") == range(0, 5, 0, 14));
}
