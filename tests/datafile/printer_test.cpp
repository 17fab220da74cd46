// Canonical printing: tb fmt layout, hooks, and parse(print(t)) == t.
#include <catch2/catch.hpp>

#include "compiler/datafile/datafile_printer.h"
#include "tests/datafile/parse_fixture.h"

using namespace ferry;
using namespace ferry::datafile;
using namespace ferry::datafile::test;

TEST_CASE("datasources print in canonical form", "[datafile][printer]") {
  auto p = parseText(
      "engine_sorting_key ts\nSCHEMA >\n  ts DateTime `json:$.ts`,  name String DEFAULT 'a' -- c\n"
      "ENGINE MergeTree\nDescription >\n   Some text\n",
      DatafileKind::Datasource);
  REQUIRE(p.sink.errorCount() == 0);
  CHECK(printDatafile(p.doc) ==
        "DESCRIPTION >\n    Some text\n\n"
        "SCHEMA >\n    `ts` DateTime `json:$.ts`,\n    `name` String DEFAULT 'a'\n\n"
        "ENGINE_SORTING_KEY \"ts\"\nENGINE \"MergeTree\"\n");
}

TEST_CASE("pipes print in canonical form with hooks", "[datafile][printer]") {
  auto p = parseText("NODE n\nSQL >\n%\n  select 1\nTYPE ENDPOINT\n", DatafileKind::Pipe);
  PrintHooks hooks;
  hooks.format_sql = [](std::string_view sql, bool is_template) -> std::optional<std::string> {
    CHECK(is_template);
    std::string out(sql);
    out.replace(out.find("select"), 6, "SELECT");
    return out;
  };
  CHECK(printDatafile(p.doc) == "NODE n\nSQL >\n    %\n    select 1\nTYPE endpoint\n");
  CHECK(printDatafile(p.doc, hooks) == "NODE n\nSQL >\n    %\n    SELECT 1\nTYPE endpoint\n");
}

TEST_CASE("values that need quotes keep them", "[datafile][printer]") {
  auto p = parseText("SCHEMA >\n    a Int32\nKAFKA_TOPIC 'a  b#c'\nKAFKA_GROUP_ID \"x\"y\n", DatafileKind::Datasource);
  auto printed = printDatafile(p.doc);
  auto again = parseText(printed, DatafileKind::Datasource);
  CHECK(again.doc.datasource()->kafkaSetting("KAFKA_TOPIC")->value == "a  b#c");
  CHECK(again.doc.datasource()->kafkaSetting("KAFKA_GROUP_ID")->value ==
        p.doc.datasource()->kafkaSetting("KAFKA_GROUP_ID")->value);
  CHECK(dumpDatafile(again.doc, nullptr, {.spans = false}) == dumpDatafile(p.doc, nullptr, {.spans = false}));
  CHECK(printDatafile(again.doc) == printed);
}
