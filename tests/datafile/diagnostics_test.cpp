// One case per diagnostic the datafile reader reports: the input, the expected ID and where.
#include <catch2/catch.hpp>

#include "tests/datafile/parse_fixture.h"

using namespace ferry;
using namespace ferry::datafile;
using namespace ferry::datafile::test;

namespace {

struct Case {
  const char* name;
  DatafileKind kind;
  const char* text;
  DiagId id;
  uint32_t line;
  uint32_t column;
  Dialect dialect = Dialect::Forward;
};

constexpr auto DS = DatafileKind::Datasource;
constexpr auto PIPE = DatafileKind::Pipe;
constexpr auto CONN = DatafileKind::Connection;
#define SCHEMA_OK "SCHEMA >\n    a Int32\n"
#define DS_OK SCHEMA_OK "ENGINE MergeTree\n"
#define NODE_OK "NODE n\nSQL >\n    SELECT 1\n"

const Case kCases[] = {
    {"unknown directive", DS, DS_OK "FOO bar\n", DiagId::DF_UNKNOWN_DIRECTIVE, 4, 1},
    {"unknown directive in connection", CONN, "TYPE kafka\nSCHEMA >\n    a Int32\n", DiagId::DF_UNKNOWN_DIRECTIVE, 2, 1},
    {"quoted directive name", DS, DS_OK "\"ENGINE\" MergeTree\n", DiagId::DF_UNKNOWN_DIRECTIVE, 4, 1},
    {"SETTINGS", DS, DS_OK "SETTINGS index_granularity=8192\n", DiagId::DF_SETTINGS_NOT_ALLOWED, 4, 1},
    {"unterminated quote", DS, DS_OK "DESCRIPTION \"abc\n", DiagId::DF_UNTERMINATED_QUOTE, 4, 13},
    {"multiline TYPE", PIPE, NODE_OK "TYPE >\n    endpoint\n", DiagId::DF_MULTILINE_NOT_SUPPORTED, 4, 1},
    {"multiline TOKEN", DS, SCHEMA_OK "TOKEN >\n    t READ\n", DiagId::DF_MULTILINE_NOT_SUPPORTED, 3, 1},
    {"single-line SQL", PIPE, "NODE n\nSQL SELECT 1\n", DiagId::DF_SQL_NOT_MULTILINE, 2, 1},
    {"single-line FORWARD_QUERY", DS, SCHEMA_OK "FORWARD_QUERY SELECT a\n", DiagId::DF_SQL_NOT_MULTILINE, 3, 1},
    {"SQL before NODE", PIPE, "SQL >\n    SELECT 1\n" NODE_OK, DiagId::DF_NEEDS_NODE, 1, 1},
    {"TYPE before NODE", PIPE, "TYPE endpoint\n" NODE_OK, DiagId::DF_NEEDS_NODE, 1, 1},
    {"NODE without name", PIPE, "NODE\n" NODE_OK, DiagId::DF_MISSING_NODE_NAME, 1, 1},
    {"empty SQL", PIPE, "NODE n\nSQL >\n\n# only a comment\nTYPE endpoint\n", DiagId::DF_EMPTY_SQL, 2, 1},
    {"empty value", DS, SCHEMA_OK "KAFKA_TOPIC\n", DiagId::DF_EMPTY_VALUE, 3, 1},
    {"TOKEN one argument", DS, SCHEMA_OK "TOKEN reader\n", DiagId::DF_TOKEN_ARGUMENTS, 3, 1},
    {"TOKEN three arguments", DS, SCHEMA_OK "TOKEN reader READ extra\n", DiagId::DF_TOKEN_ARGUMENTS, 3, 19},
    {"TOKEN bad permission", DS, SCHEMA_OK "TOKEN reader WRITE\n", DiagId::DF_TOKEN_PERMISSION, 3, 14},
    {"pipe TOKEN APPEND", PIPE, "TOKEN t APPEND\n" NODE_OK, DiagId::DF_TOKEN_PERMISSION, 1, 9},
    {"BACKFILL value", DS, SCHEMA_OK "BACKFILL always\n", DiagId::DF_VALUE_NOT_ALLOWED, 3, 10},
    {"DEPLOYMENT_METHOD value", PIPE, NODE_OK "TYPE materialized\nDATASOURCE t\nDEPLOYMENT_METHOD recreate\n",
     DiagId::DF_VALUE_NOT_ALLOWED, 6, 19},
    {"SHARED_WITH empty", DS, SCHEMA_OK "SHARED_WITH >\n    ,\n", DiagId::DF_SHARED_WITH_EMPTY, 3, 1},
    {"Classic directive", DS, SCHEMA_OK "MAINTAINER me\n", DiagId::DF_CLASSIC_ONLY, 3, 1},
    {"Classic IMPORT_STRATEGY", DS, SCHEMA_OK "IMPORT_STRATEGY replace\n", DiagId::DF_CLASSIC_ONLY, 3, 1},
    {"Classic ENGINE in pipe", PIPE, NODE_OK "TYPE materialized\nDATASOURCE t\nENGINE MergeTree\n",
     DiagId::DF_CLASSIC_ONLY, 6, 1},
    {"deprecated VERSION", DS, "VERSION 2\n" SCHEMA_OK, DiagId::DF_DEPRECATED, 1, 1},
    {"deprecated KAFKA_TARGET_PARTITIONS", DS, SCHEMA_OK "KAFKA_TARGET_PARTITIONS auto\n", DiagId::DF_DEPRECATED, 3, 1},
    {"Forward directive read as Classic", DS, SCHEMA_OK "FORWARD_QUERY >\n    SELECT a\n", DiagId::DF_FORWARD_ONLY, 3, 1,
     Dialect::Classic},
    {"legacy SORTING_KEY", DS, SCHEMA_OK "SORTING_KEY a\n", DiagId::DF_LEGACY_DIRECTIVE, 3, 1},
    {"INCLUDE missing file", DS, SCHEMA_OK "INCLUDE \"nowhere.incl\"\n", DiagId::DF_INCLUDE_NOT_FOUND, 3, 9},
    {"INCLUDE without path", DS, SCHEMA_OK "INCLUDE\n", DiagId::DF_INCLUDE_ARGUMENT, 3, 1},
    // SCHEMA, with the Forward CLI's messages.
    {"schema unclosed backtick", DS, "SCHEMA >\n    `col Int32\n", DiagId::DF_SCHEMA_UNCLOSED_BACKTICK, 2, 9},
    {"schema unclosed paren", DS, "SCHEMA >\n    a Array(Int32\n", DiagId::DF_SCHEMA_UNCLOSED, 2, 18},
    {"schema unclosed quote", DS, "SCHEMA >\n    a String DEFAULT 'x\n", DiagId::DF_SCHEMA_UNCLOSED, 2, 24},
    {"schema name character", DS, "SCHEMA >\n    col#name Int32\n", DiagId::DF_SCHEMA_NAME_CHARACTER, 2, 8},
    {"schema invalid character", DS, "SCHEMA >\n    a Int32 DEFAULT 1 % 2\n", DiagId::DF_SCHEMA_INVALID_CHARACTER, 2, 23},
    {"schema DEFAULT without value", DS, "SCHEMA >\n    a Int32 DEFAULT\n", DiagId::DF_SCHEMA_MISSING_VALUE, 2, 20},
    {"schema DEFAULT then CODEC", DS, "SCHEMA >\n    a DateTime\n        DEFAULT\n        CODEC(ZSTD)\n",
     DiagId::DF_SCHEMA_MISSING_VALUE, 3, 16},
    {"schema CODEC without value", DS, "SCHEMA >\n    a Int32 CODEC\n", DiagId::DF_SCHEMA_MISSING_VALUE, 2, 18},
    {"schema column without type", DS, "SCHEMA >\n    b Int32,\n    a\n", DiagId::DF_SCHEMA_COLUMN_INCOMPLETE, 3, 5},
    {"schema DEFAULT after CODEC", DS, "SCHEMA >\n    a Int32 CODEC(ZSTD) DEFAULT 1\n", DiagId::DF_SCHEMA_UNEXPECTED, 2, 25},
    {"schema NULL", DS, "SCHEMA >\n    a Int32 NULL\n", DiagId::DF_SCHEMA_NULL, 2, 13},
    {"schema NOT NULL", DS, "SCHEMA >\n    a Int32 NOT NULL\n", DiagId::DF_SCHEMA_NOT_NULL, 2, 13},
    {"schema MATERIALIZED", DS, "SCHEMA >\n    a Int32 MATERIALIZED b + 1\n", DiagId::DF_SCHEMA_MATERIALIZED, 2, 13},
    {"schema ALIAS", DS, "SCHEMA >\n    a Int32 ALIAS b\n", DiagId::DF_SCHEMA_ALIAS, 2, 13},
    {"schema column TTL", DS, "SCHEMA >\n    a Int32 TTL ts + INTERVAL 1 DAY\n", DiagId::DF_SCHEMA_COLUMN_TTL, 2, 13},
    {"schema INDEX", DS, "SCHEMA >\n    a Int32,\n    INDEX idx a TYPE minmax\n", DiagId::DF_SCHEMA_INDEX, 3, 5},
    {"schema Boolean", DS, "SCHEMA >\n    a Boolean\n", DiagId::DF_SCHEMA_BOOLEAN, 2, 7},
    {"schema DateTime64 precision", DS, "SCHEMA >\n    a DateTime64\n", DiagId::DF_SCHEMA_DATETIME64_PRECISION, 2, 7},
    {"schema Int precision", DS, "SCHEMA >\n    a UInt\n", DiagId::DF_SCHEMA_INT_PRECISION, 2, 7},
    {"index syntax", DS, SCHEMA_OK "INDEXES >\n    idx a\n", DiagId::DF_INDEX_SYNTAX, 4, 5},
    {"two indexes on a line", DS, SCHEMA_OK "INDEXES >\n    i1 a TYPE minmax, i2 a TYPE minmax\n", DiagId::DF_INDEX_SYNTAX, 4, 5},
    // Whole-file checks.
    {"pipe without nodes", PIPE, "DESCRIPTION nothing\n", DiagId::DF_PIPE_WITHOUT_NODES, 1, 1},
    {"two output nodes", PIPE, NODE_OK "TYPE endpoint\nNODE m\nSQL >\n    SELECT 2\nTYPE endpoint\n",
     DiagId::DF_PIPE_MULTIPLE_OUTPUT_NODES, 8, 6},
    {"node type", PIPE, NODE_OK "TYPE api\n", DiagId::DF_NODE_TYPE, 4, 6},
    {"standard node attribute", PIPE, NODE_OK "DATASOURCE t\n", DiagId::DF_NODE_ATTRIBUTE, 4, 1},
    {"copy node attribute", PIPE, NODE_OK "TYPE copy\nTARGET_DATASOURCE t\nDATASOURCE u\n", DiagId::DF_NODE_ATTRIBUTE, 6, 1},
    {"materialized without DATASOURCE", PIPE, NODE_OK "TYPE materialized\n", DiagId::DF_NODE_MISSING_PARAMS, 4, 6},
    {"copy without TARGET_DATASOURCE", PIPE, NODE_OK "TYPE COPY\n", DiagId::DF_NODE_MISSING_PARAMS, 4, 6},
    {"copy mode", PIPE, NODE_OK "TYPE copy\nTARGET_DATASOURCE t\nCOPY_MODE upsert\n", DiagId::DF_COPY_MODE, 6, 11},
    {"copy schedule", PIPE, NODE_OK "TYPE copy\nTARGET_DATASOURCE t\nCOPY_SCHEDULE every hour\n", DiagId::DF_SCHEDULE, 6, 15},
    {"sink without connection", PIPE, NODE_OK "TYPE sink\nEXPORT_KAFKA_TOPIC t\n", DiagId::DF_SINK, 4, 6},
    {"datasource without SCHEMA", DS, "ENGINE MergeTree\n", DiagId::DF_SCHEMA_MISSING, 1, 1},
    {"Kafka trio", DS, SCHEMA_OK "KAFKA_CONNECTION_NAME k\nKAFKA_TOPIC t\n", DiagId::DF_KAFKA_MISSING_PARAMS, 3, 1},
    {"import required", DS, SCHEMA_OK "IMPORT_CONNECTION_NAME s3\nIMPORT_SCHEDULE @auto\n", DiagId::DF_IMPORT_MISSING_PARAMS, 3, 1},
    {"import schedule", DS,
     SCHEMA_OK "IMPORT_CONNECTION_NAME s3\nIMPORT_SCHEDULE daily\nIMPORT_BUCKET_URI s3://b/*.csv\n",
     DiagId::DF_IMPORT_SCHEDULE, 4, 17},
    {"nullable sorting key", DS, "SCHEMA >\n    a Nullable(Int32)\nENGINE_SORTING_KEY a\n", DiagId::DF_SORTING_KEY, 3, 20},
    {"aggregate sorting key", DS, SCHEMA_OK "ENGINE_SORTING_KEY \"sum(a)\"\n", DiagId::DF_SORTING_KEY, 3, 20},
};

}  // namespace

TEST_CASE("every datafile diagnostic is reported with its ID at its place", "[datafile][diagnostics]") {
  for (auto& c : kCases) {
    DYNAMIC_SECTION(c.name) {
      ParseOptions options;
      options.dialect = c.dialect;
      auto p = parseText(c.text, c.kind, options);
      INFO("reported:\n" << p.diagnostics());
      CHECK(p.has(c.id, c.line, c.column));
    }
  }
}

TEST_CASE("every datafile diagnostic ID has a case", "[datafile][diagnostics]") {
  // DF_INTERNAL_SYNTAX cannot be provoked (the grammar accepts every token sequence);
  // DF_INCLUDE_TOO_DEEP has its own test below.
  for (int i = 0; i < static_cast<int>(DiagId::Count_); ++i) {
    auto id = static_cast<DiagId>(i);
    auto name = diagName(id);
    if (name.substr(0, 3) != "DF_" || id == DiagId::DF_INTERNAL_SYNTAX || id == DiagId::DF_INCLUDE_TOO_DEEP) continue;
    bool covered = false;
    for (auto& c : kCases) covered = covered || c.id == id;
    INFO(name);
    CHECK(covered);
  }
}

TEST_CASE("a file that includes itself stops with an error", "[datafile][include]") {
  ParseOptions options;
  options.read_file = [](const std::string&) -> std::optional<std::string> { return "INCLUDE \"self.incl\"\n"; };
  auto p = parseText("SCHEMA >\n    a Int32\nINCLUDE \"self.incl\"\n", DS, options, "/p/x.datasource");
  bool found = false;
  for (auto& d : p.sink.all()) found = found || d.id == DiagId::DF_INCLUDE_TOO_DEEP;
  CHECK(found);
}

TEST_CASE("an unknown word at column 0 does not end a block", "[datafile][blocks]") {
  // As in the CLIs: only directives end a block, so these lines become schema text.
  auto p = parseText("SCHEMA >\n    a Int32\nSETTINGS x=1\n", DS);
  for (auto& d : p.sink.all()) CHECK(d.id != DiagId::DF_SETTINGS_NOT_ALLOWED);
  REQUIRE(p.doc.datasource()->columns.size() == 1);
  CHECK(p.doc.datasource()->columns[0].type.text == "Int32\nSETTINGS x=1");
}

TEST_CASE("correct files have no diagnostics", "[datafile][diagnostics]") {
  auto ds = parseText(
      "DESCRIPTION >\n    Events.\n\nTOKEN \"reader\" READ\nTOKEN tracker APPEND\n\nSCHEMA >\n"
      "    `ts` DateTime64(3) `json:$.ts`,\n    `name` LowCardinality(String) `json:$.name` DEFAULT 'x' CODEC(ZSTD(1)),\n\n"
      "ENGINE \"MergeTree\"\nENGINE_SORTING_KEY \"name, ts\"\nENGINE_TTL \"toDateTime(ts) + toIntervalDay(7)\"\n",
      DS);
  CHECK(ds.diagnostics() == "");
  auto pipe = parseText("NODE a\nSQL >\n    %\n    SELECT {{ Int32(x, 1) }}\nTYPE ENDPOINT\n", PIPE);
  CHECK(pipe.diagnostics() == "");
}
