#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "runtime/column/value_text.h"
#include "runtime/ingest/ingest.h"
#include "runtime/ingest/ndjson_reader.h"
#include "tests/column/type_text.h"

using namespace ferry::rt;

namespace {

IngestColumn col(std::string name, const std::string& type, std::string path = "", ExprPtr def = nullptr) {
  return {std::move(name), test::parseTypeText(type), std::move(path), std::move(def)};
}

ExprPtr literal(const std::string& type, Field value) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::Literal;
  e->type = test::parseTypeText(type);
  e->literal = std::move(value);
  return e;
}

struct Result {
  Block rows, quarantine;
  IngestStats stats;
  size_t batches = 0;
  std::string cell(size_t column, size_t row, TextFormat f = TextFormat::Tsv) const {
    std::string out;
    formatValue(*rows.columns[column], row, f, out);
    return out;
  }
  std::string qcell(const std::string& name, size_t row) const {
    std::string out;
    formatValue(*quarantine.columns[size_t(quarantine.find(name))], row, TextFormat::Tsv, out);
    return out;
  }
};

void appendBlock(Block& to, const Block& from) {
  if (to.columns.empty()) {
    to = from;
    for (auto& c : to.columns) {
      auto copy = makeColumn(c->type);
      appendRange(*copy, *c, 0, c->rows);
      c = copy;
    }
    return;
  }
  for (size_t i = 0; i < from.columns.size(); ++i) appendRange(*to.columns[i], *from.columns[i], 0, from.rows);
  to.rows += from.rows;
}

Result run(const std::string& input, const std::vector<IngestColumn>& columns, IngestOptions options = {}) {
  std::istringstream in(input);
  Result r;
  r.stats = ingest(in, columns, options, "imp-1", 1700000000, [&](Block rows, Block quarantine) {
    ++r.batches;
    appendBlock(r.rows, rows);
    appendBlock(r.quarantine, quarantine);
  });
  return r;
}

}  // namespace

TEST_CASE("jsonpaths: nested fields, arrays of scalars, arrays of objects, the whole row") {
  std::vector<IngestColumn> cols = {col("a", "UInt32", "$.a"), col("c", "String", "$.b.c"),
                                    col("items", "Array(Int64)", "$.items[:]"), col("names", "Array(String)", "$.xs[:].n"),
                                    col("row", "String", "$"), col("q", "String", "$['odd key']")};
  auto r = run(R"({"a": 1, "b": {"c": "x", "d": 2}, "items": [1, 2], "xs": [{"n": "p"}, {"m": 1}, {"n": "q"}], "odd key": "k"})"
               "\n",
               cols);
  REQUIRE(r.stats.rows == 1);
  CHECK(r.cell(0, 0) == "1");
  CHECK(r.cell(1, 0) == "x");
  CHECK(r.cell(2, 0) == "[1,2]");
  CHECK(r.cell(3, 0) == "['p','','q']");
  CHECK(r.cell(4, 0).substr(0, 8) == "{\"a\": 1,");
  CHECK(r.cell(5, 0) == "k");
}

TEST_CASE("JSON values convert like JSONEachRow") {
  std::vector<IngestColumn> cols = {col("n", "UInt8"), col("s", "String"), col("d", "DateTime"), col("f", "Float64"),
                                    col("b", "Bool"), col("o", "String"), col("nn", "Nullable(Int32)"),
                                    col("dd", "Date")};
  auto r = run(R"({"n": "12", "s": 12.50, "d": 1700000000, "f": "1.5", "b": true, "o": {"x": [1, {"y": null}]}, "nn": null, "dd": "2020-01-02"})"
               "\n"
               R"({"n": true, "s": false, "d": "2020-01-02 03:04:05", "f": 2, "b": false, "o": [1,2], "nn": 5, "dd": "2020-01-03"})",
               cols);
  REQUIRE(r.stats.rows == 2);
  CHECK(r.cell(0, 0) == "12");
  CHECK(r.cell(1, 0) == "12.50");
  CHECK(r.cell(2, 0) == "2023-11-14 22:13:20");
  CHECK(r.cell(3, 0) == "1.5");
  CHECK(r.cell(4, 0) == "true");
  CHECK(r.cell(5, 0) == R"({"x": [1, {"y": null}]})");
  CHECK(r.cell(6, 0) == "\\N");
  CHECK(r.cell(0, 1) == "1");
  CHECK(r.cell(1, 1) == "false");
  CHECK(r.cell(5, 1) == "[1,2]");
  CHECK(r.cell(6, 1) == "5");
  CHECK(r.cell(7, 1) == "2020-01-03");
}

TEST_CASE("missing or null fields take the literal DEFAULT or the type's default") {
  std::vector<IngestColumn> cols = {col("a", "Int32"), col("t", "String", "", literal("String", std::string("none"))),
                                    col("tags", "Array(String)", "$.tags[:]", literal("Array(String)", FieldArray{}))};
  auto r = run("{\"a\": 1}\n{\"t\": null, \"tags\": [\"x\"]}\n", cols);
  REQUIRE(r.stats.rows == 2);
  CHECK(r.cell(0, 1) == "0");
  CHECK(r.cell(1, 0) == "none");
  CHECK(r.cell(1, 1) == "none");
  CHECK(r.cell(2, 0) == "[]");
  CHECK(r.cell(2, 1) == "['x']");
}

TEST_CASE("bad rows go to quarantine with the error naming the column and the raw values") {
  std::vector<IngestColumn> cols = {col("n", "UInt8"), col("s", "String"), col("d", "Date")};
  std::string input = "{\"n\": 1, \"s\": \"ok\", \"d\": \"2020-01-01\"}\n"
                      "{\"n\": 300, \"s\": \"big\", \"d\": \"2020-01-01\"}\n"
                      "{\"n\": 2, \"s\": \"bad date\", \"d\": \"nope\"}\n"
                      "{\"n\": 3, \"s\": \"truncated\"\n"
                      "not json at all\n"
                      "[1, 2]\n"
                      "{\"n\": 1} trailing\n"
                      "\n"
                      "{\"n\": -1, \"s\": {\"raw\": true}, \"d\": \"x\"}\n"
                      "{\"n\": 4, \"s\": \"last\", \"d\": \"2020-01-04\"}";
  auto r = run(input, cols);
  CHECK(r.stats.rows == 2);
  CHECK(r.stats.quarantined == 7);
  REQUIRE(r.quarantine.rows == 7);
  CHECK(r.qcell("c__error_column", 0) == "['n']");
  CHECK(r.qcell("c__error", 0).find("out of range") != std::string::npos);
  CHECK(r.qcell("n", 0) == "300");
  CHECK(r.qcell("s", 0) == "big");
  CHECK(r.qcell("c__error_column", 1) == "['d']");
  CHECK(r.qcell("d", 1) == "nope");
  CHECK(r.qcell("c__error", 2).find("truncated") != std::string::npos);  // raw line kept
  CHECK(r.qcell("c__error", 3).find("not json at all") != std::string::npos);
  CHECK(r.qcell("c__error", 5).find("trailing") != std::string::npos);
  CHECK(r.qcell("c__error_column", 6) == "['n','d']");
  CHECK(r.qcell("s", 6) == "{\"raw\":true}");
  CHECK(r.qcell("c__import_id", 0) == "imp-1");
  CHECK(r.qcell("insertion_date", 0) == "2023-11-14 22:13:20");
  CHECK(r.cell(1, 1) == "last");
}

TEST_CASE("batches: a block per batch_rows, nothing lost across batch and read boundaries") {
  std::vector<IngestColumn> cols = {col("i", "UInt64"), col("s", "String")};
  std::string input;
  size_t good = 0, bad = 0;
  for (int i = 0; i < 10000; ++i) {
    if (i % 7 == 3) {
      input += "{\"i\": \"x" + std::to_string(i) + "\"}\n";
      ++bad;
    } else {
      input += "{\"i\": " + std::to_string(i) + ", \"s\": \"" + std::string(size_t(i % 50), 'z') + "\"}\n";
      ++good;
    }
  }
  IngestOptions options;
  options.batch_rows = 1000;
  auto r = run(input, cols, options);
  CHECK(r.stats.rows == good);
  CHECK(r.stats.quarantined == bad);
  CHECK(r.rows.rows + r.quarantine.rows == 10000);
  CHECK(r.batches >= good / 1000);
  CHECK(r.stats.bytes == input.size());
  uint64_t sum = 0;
  for (size_t i = 0; i < r.rows.rows; ++i) sum += r.rows.columns[0]->values<uint64_t>()[i];
  uint64_t expected = 0;
  for (int i = 0; i < 10000; ++i)
    if (i % 7 != 3) expected += uint64_t(i);
  CHECK(sum == expected);
}

TEST_CASE("CSV: header, RFC 4180 quoting, empty -> DEFAULT, \\N -> NULL, wrong field count -> quarantine") {
  std::vector<IngestColumn> cols = {col("a", "Int32"), col("s", "String", "", literal("String", std::string("dflt"))),
                                    col("n", "Nullable(Float64)"), col("arr", "Array(String)")};
  IngestOptions options;
  options.format = InputFormat::Csv;
  std::string input = "s,a,n,arr,extra\r\n"
                      "\"he said \"\"hi\"\"\",1,1.5,\"['x','y']\",zz\r\n"
                      ",2,\\N,[],zz\n"
                      "\"multi\nline\",3,,\"[]\",zz\n"
                      "only,two\n"
                      "x,notanumber,1,[],zz\n"
                      " padded ,  4 ,2,[],zz";
  auto r = run(input, cols, options);
  CHECK(r.stats.rows == 4);
  CHECK(r.stats.quarantined == 2);
  REQUIRE(r.rows.rows == 4);
  CHECK(r.cell(1, 0) == "he said \"hi\"");
  CHECK(r.cell(0, 0) == "1");
  CHECK(r.cell(3, 0) == "['x','y']");
  CHECK(r.cell(1, 1) == "dflt");
  CHECK(r.cell(2, 1) == "\\N");
  CHECK(r.cell(1, 2) == "multi\\nline");
  CHECK(r.cell(2, 2) == "\\N");
  CHECK(r.cell(1, 3) == "padded");
  CHECK(r.cell(0, 3) == "4");
  CHECK(r.qcell("c__error", 0).find("Expected 5 fields, got 2") != std::string::npos);
  CHECK(r.qcell("s", 0) == "only");
  CHECK(r.qcell("c__error_column", 1) == "['a']");
  CHECK(r.qcell("a", 1) == "notanumber");
}

TEST_CASE("CSV without a header maps fields by position") {
  std::vector<IngestColumn> cols = {col("a", "UInt8"), col("b", "String")};
  IngestOptions options;
  options.format = InputFormat::Csv;
  options.csv_header = false;
  auto r = run("1,x\n2,\"y,z\"\n", cols, options);
  REQUIRE(r.stats.rows == 2);
  CHECK(r.cell(1, 1) == "y,z");
}

TEST_CASE("jsonpath syntax") {
  std::vector<JsonPathStep> steps;
  CHECK(parseJsonPath("$", steps));
  CHECK(steps.empty());
  REQUIRE(parseJsonPath("$.a.b[:].c", steps));
  REQUIRE(steps.size() == 3);
  CHECK(steps[1].key == "b");
  CHECK(steps[1].each);
  CHECK_FALSE(parseJsonPath("a.b", steps));
  CHECK_FALSE(parseJsonPath("$..a", steps));
  CHECK_FALSE(parseJsonPath("$.a[0]", steps));
}
