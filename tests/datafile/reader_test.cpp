// How lines, blocks, values, includes and SQL text are read (the CLIs' rules), and that malformed
// input is safe.
#include <catch2/catch.hpp>

#include <random>

#include "compiler/datafile/datafile_printer.h"
#include "tests/datafile/parse_fixture.h"

using namespace ferry;
using namespace ferry::datafile;
using namespace ferry::datafile::test;

namespace {
constexpr auto DS = DatafileKind::Datasource;
constexpr auto PIPE = DatafileKind::Pipe;

std::string lineColOf(const Parsed& p, uint32_t file_offset, FileId file) {
  auto lc = p.sources->file(file).lineCol(file_offset);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}
}  // namespace

TEST_CASE("a block ends only at a column-0 directive of the file kind", "[datafile][blocks]") {
  auto p = parseText(
      "NODE n\nSQL >\n%\nSELECT a\nFROM t\n  TYPE x\nWHERE 1\n\n# comment\nORDER BY a\nTYPE endpoint\n", PIPE);
  REQUIRE(p.sink.errorCount() == 0);
  auto& node = p.doc.pipe()->nodes.at(0);
  REQUIRE(node.sql);
  CHECK(node.sql->is_template);
  CHECK(node.sql->text == "%\nSELECT a\nFROM t\n  TYPE x\nWHERE 1\nORDER BY a");
  CHECK(node.node_type == NodeType::Endpoint);
  CHECK(node.type->value == "endpoint");
}

TEST_CASE("a column-0 FROM line never ends a block", "[datafile][blocks]") {
  // FROM is a (legacy Classic) datasource directive; the Classic reader keeps such lines in the block.
  auto p = parseText("SCHEMA >\n    a Int32\nFORWARD_QUERY >\nSELECT a\nfrom t\nENGINE MergeTree\n", DS);
  REQUIRE(p.doc.datasource()->forward_query);
  CHECK(p.doc.datasource()->forward_query->text == "SELECT a\nfrom t");
  CHECK(p.doc.datasource()->engineSetting("ENGINE")->value == "MergeTree");
}

TEST_CASE("non-template SQL is dedented and maps back to the file", "[datafile][sql]") {
  std::string text = "NODE n\nSQL >\n    SELECT a,\n        b\n    FROM t   \n";
  auto p = parseText(text, PIPE);
  auto& sql = *p.doc.pipe()->nodes.at(0).sql;
  CHECK_FALSE(sql.is_template);
  CHECK(sql.text == "SELECT a,\n    b\nFROM t");
  auto at = sql.text.find("FROM");
  CHECK(text.substr(sql.map.toFile(static_cast<uint32_t>(at)), 6) == "FROM t");
  auto b = sql.text.find('b');
  CHECK(lineColOf(p, sql.map.toFile(static_cast<uint32_t>(b)), p.file) == "4:9");
}

TEST_CASE("template SQL is strip()-ed as the Forward CLI does", "[datafile][sql]") {
  auto p = parseText("NODE n\nSQL >\n    %\n    SELECT {{ String(x) }}\n", PIPE);
  auto& sql = *p.doc.pipe()->nodes.at(0).sql;
  CHECK(sql.is_template);
  CHECK(sql.text == "%\n    SELECT {{ String(x) }}");
  CHECK(canonicalSql(sql) == "%\nSELECT {{ String(x) }}");
  CHECK(lineColOf(p, sql.map.toFile(0), p.file) == "3:5");
}

TEST_CASE("directive lines are split like the CLIs split them", "[datafile][values]") {
  auto p = parseText(
      "SCHEMA >\n    a Int32\nENGINE \"ReplacingMergeTree\"#engine\nENGINE_SORTING_KEY a,   b\n"
      "engine_ver 'a  b'\nKAFKA_TOPIC {{ tb_secret(\"T\", \"\") }}\nDESCRIPTION \"quoted\" stays\n",
      DS);
  auto& ds = *p.doc.datasource();
  CHECK(ds.engineSetting("ENGINE")->value == "ReplacingMergeTree");
  CHECK(ds.engineSetting("ENGINE_SORTING_KEY")->value == "a, b");
  CHECK(ds.engineSetting("ENGINE_VER")->value == "a  b");
  CHECK(ds.kafkaSetting("KAFKA_TOPIC")->value == "{{ tb_secret(\"T\", \"\" ) }}");
  CHECK(p.doc.description->value == "\"quoted\" stays");
}

TEST_CASE("$VAR expansion uses the injected environment", "[datafile][values]") {
  ParseOptions options;
  options.environment = [](std::string_view name) -> std::optional<std::string> {
    if (name == "TOPIC") return std::string("events");
    return std::nullopt;
  };
  auto p = parseText("SCHEMA >\n    a Int32\nKAFKA_TOPIC ${TOPIC}_$UNKNOWN\nKAFKA_GROUP_ID $$TOPIC\n", DS, options);
  auto& ds = *p.doc.datasource();
  CHECK(ds.kafkaSetting("KAFKA_TOPIC")->value == "events_$UNKNOWN");
  CHECK(ds.kafkaSetting("KAFKA_TOPIC")->written == "${TOPIC}_$UNKNOWN");
  CHECK(ds.kafkaSetting("KAFKA_GROUP_ID")->value == "$TOPIC");
}

TEST_CASE("universal newlines", "[datafile][lines]") {
  auto crlf = parseText("NODE n\r\nSQL >\r\n    SELECT 1\r\n\r\nTYPE endpoint\r\n", PIPE);
  auto cr = parseText("NODE n\rSQL >\r    SELECT 1\rTYPE endpoint", PIPE);
  for (auto* p : {&crlf, &cr}) {
    REQUIRE(p->sink.errorCount() == 0);
    CHECK(p->doc.pipe()->nodes.at(0).sql->text == "SELECT 1");
    CHECK(p->doc.pipe()->nodes.at(0).node_type == NodeType::Endpoint);
  }
}

TEST_CASE("INCLUDE splices the included lines with KEY=value substitution", "[datafile][include]") {
  ParseOptions options;
  options.read_file = [](const std::string& path) -> std::optional<std::string> {
    if (path == "/proj/includes/kafka.incl") return std::string("KAFKA_TOPIC $TOPIC\nKAFKA_GROUP_ID ${GROUP}");
    return std::nullopt;
  };
  auto p = parseText(
      "SCHEMA >\n    a Int32\nKAFKA_CONNECTION_NAME k\nINCLUDE \"../includes/kafka.incl\" TOPIC=events GROUP=g1\n"
      "VERSION 3\n",
      DS, options, "/proj/datasources/events.datasource");
  auto& ds = *p.doc.datasource();
  REQUIRE(ds.kafkaSetting("KAFKA_TOPIC"));
  CHECK(ds.kafkaSetting("KAFKA_TOPIC")->value == "events");
  CHECK(ds.kafkaSetting("KAFKA_GROUP_ID")->value == "g1");
  REQUIRE(p.doc.includes.size() == 1);
  CHECK(p.doc.includes[0].resolved == "/proj/includes/kafka.incl");
  // Spans of included lines point into the .incl file.
  auto span = ds.kafkaSetting("KAFKA_GROUP_ID")->name_span;
  CHECK(p.sources->file(span.file).path() == "/proj/includes/kafka.incl");
  CHECK(lineColOf(p, span.begin, span.file) == "2:1");
  CHECK(p.doc.resourceName() == "events__v3");
  CHECK(p.sink.errorCount() == 0);
}

TEST_CASE("SCHEMA columns keep every part with its span", "[datafile][schema]") {
  std::string text =
      "SCHEMA >\n    `ts` DateTime64(3) `json:$.a--b` DEFAULT now() CODEC(Delta(8), ZSTD(1)), -- c\n"
      "    name String,\n\n    `x.y` Array(String) `json:$.items[:]`,\n";
  auto p = parseText(text, DS);
  REQUIRE(p.sink.errorCount() == 0);
  auto& cols = p.doc.datasource()->columns;
  REQUIRE(cols.size() == 3);
  CHECK(cols[0].name.text == "ts");
  CHECK(cols[0].type.text == "DateTime64(3)");
  CHECK(cols[0].json_path.text == "$.a--b");
  CHECK(cols[0].default_expr.text == "now()");
  CHECK(cols[0].codec.text == "(Delta(8), ZSTD(1))");
  CHECK(text.substr(cols[0].default_expr.span.begin, cols[0].default_expr.span.size()) == "now()");
  CHECK(lineColOf(p, cols[1].type.span.begin, p.file) == "3:10");
  CHECK(cols[2].name.text == "x.y");
  CHECK(cols[2].json_path.text == "$.items[:]");
}

TEST_CASE("INDEXES lines", "[datafile][indexes]") {
  auto p = parseText(
      "SCHEMA >\n    a Int32\nINDEXES >\n    INDEX idx_a arrayMap(x -> tupleElement(x,'m'), a) TYPE ngrambf_v1(4, "
      "1024, 1, 42) GRANULARITY 1,\n    idx_b a TYPE minmax\n",
      DS);
  REQUIRE(p.sink.errorCount() == 0);
  auto& ix = p.doc.datasource()->indexes;
  REQUIRE(ix.size() == 2);
  CHECK(ix[0].name.text == "idx_a");
  CHECK(ix[0].expr.text == "arrayMap(x -> tupleElement(x,'m'), a)");
  CHECK(ix[0].type.text == "ngrambf_v1(4, 1024, 1, 42)");
  CHECK(ix[0].granularity.text == "1");
  CHECK(ix[1].granularity.empty());
}

TEST_CASE("TAGS, SHARED_WITH, TOKEN", "[datafile][values]") {
  auto p = parseText(
      "SCHEMA >\n    a Int32\nTAGS \"billing, with_staging=true, stats\"\nSHARED_WITH >\n    ws_a, ws_b\n    ws_c\n"
      "TOKEN \"read api token\" read\n",
      DS);
  CHECK(p.doc.filtering_tags == std::vector<std::string>{"billing", "stats"});
  REQUIRE(p.doc.shared_with.size() == 3);
  CHECK(p.doc.shared_with[2].text == "ws_c");
  REQUIRE(p.doc.tokens.size() == 1);
  CHECK(p.doc.tokens[0].name.text == "read api token");
  CHECK(p.doc.tokens[0].permission.text == "READ");
}

TEST_CASE("malformed input is safe", "[datafile][robustness]") {
  std::vector<std::string> inputs = {
      "",
      "\n\n\n",
      "SCHEMA >",
      "SCHEMA >\n    `a",
      "SCHEMA >\n    a Array(Tuple(String, 'x",
      "NODE",
      "NODE n\nSQL >",
      "\"\n'\n\"'\n",
      "TOKEN\nTAGS\nSHARED_WITH\nINCLUDE\nVERSION\n",
      std::string("NODE \0x\nSQL >\n\xff\xfe\x80 SELECT\n", 22),
      "DESCRIPTION >\n" + std::string(100000, 'x'),
  };
  std::mt19937 rng(12345);
  const std::string alphabet = "SCHEMA NODE SQL TYPE >\n\r\t #`'\"(),json:$DEFAULT CODEC INDEX\x01\xff";
  for (int i = 0; i < 300; ++i) {
    std::string s;
    int n = static_cast<int>(rng() % 200);
    for (int k = 0; k < n; ++k) s += alphabet[rng() % alphabet.size()];
    inputs.push_back(s);
  }
  for (auto& input : inputs) {
    for (auto kind : {DS, PIPE, DatafileKind::Connection}) {
      auto p = parseText(input, kind);
      for (auto& d : p.sink.all()) {
        REQUIRE(d.span.valid());
        REQUIRE(d.span.begin <= d.span.end);
        REQUIRE(d.span.end <= p.sources->file(d.span.file).text().size());
      }
      // Printing never fails and reads back without new errors.
      auto printed = printDatafile(p.doc);
      auto again = parseText(printed, kind);
      CHECK(printDatafile(again.doc) == printDatafile(parseText(printDatafile(again.doc), kind).doc));
    }
  }
}

TEST_CASE("a huge file parses in reasonable time", "[datafile][robustness]") {
  std::string text = "NODE n\nSQL >\n";
  for (int i = 0; i < 200000; ++i) text += "    SELECT " + std::to_string(i) + " UNION ALL\n";
  text += "    SELECT 0\nTYPE endpoint\n";
  auto p = parseText(text, PIPE);
  CHECK(p.sink.errorCount() == 0);
  CHECK(p.doc.pipe()->nodes.at(0).node_type == NodeType::Endpoint);
}
