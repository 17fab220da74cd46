// The `.plantest` container: txtar parsing keeps every byte, header keys, expectation
// replacement touching only its section, and `<ignore>` matching.
#include <catch2/catch.hpp>

#include "tests/plan/plantest/expectation_match.h"
#include "tests/plan/plantest/plantest_case.h"
#include "tests/plan/plantest/txtar.h"

using namespace ferry::plantest;

namespace {

constexpr const char* kCase =
    "# name: plan/alter/add_column\n"
    "# description: adding a column is an ALTER,\n"
    "#   applied at promotion\n"
    "# options: --allow-destructive-operations\n"
    "free text\n"
    "-- live/datasources/events.datasource --\n"
    "SCHEMA >\n"
    "    `ts` DateTime\n"
    "\n"
    "-- new/datasources/events.datasource --\n"
    "not -- a marker --\n"
    "-- expect/plan --\n"
    "old plan\n"
    "-- expect/diagnostics --\n"
    "(none)\n";

}  // namespace

TEST_CASE("txtar parse and format round-trip byte for byte", "[plantest]") {
  auto archive = parseArchive(kCase);
  CHECK(formatArchive(archive) == kCase);
  REQUIRE(archive.files.size() == 4);
  CHECK(archive.files[0].name == "live/datasources/events.datasource");
  CHECK(archive.files[0].data == "SCHEMA >\n    `ts` DateTime\n\n");
  CHECK(archive.files[1].data == "not -- a marker --\n");
  CHECK(archive.comment.find("free text") != std::string::npos);
}

TEST_CASE("txtar markers need a name and exact dashes", "[plantest]") {
  auto archive = parseArchive("--  --\n-- a --\nx\n--b --\n-- c --");
  REQUIRE(archive.files.size() == 2);
  CHECK(archive.comment == "--  --\n");
  CHECK(archive.files[0].data == "x\n--b --\n");
  CHECK(archive.files[1].name == "c");
  CHECK(archive.files[1].data.empty());
}

TEST_CASE("case header keys and continuation lines", "[plantest]") {
  auto header = parseHeader(parseArchive(kCase).comment);
  CHECK(header["name"] == "plan/alter/add_column");
  CHECK(header["description"] == "adding a column is an ALTER, applied at promotion");
  CHECK(header.count("free text") == 0);
  PlanCase c;
  c.archive = parseArchive(kCase);
  c.header = header;
  CHECK(c.hasOption("--allow-destructive-operations"));
  CHECK_FALSE(c.hasOption("--allow"));
  REQUIRE(c.projectFiles("live").size() == 1);
  CHECK(c.projectFiles("live")[0].name == "datasources/events.datasource");
  CHECK(c.projectFiles("expect").size() == 2);
}

TEST_CASE("replacing an expectation leaves the rest of the file unchanged", "[plantest]") {
  PlanCase c;
  c.archive = parseArchive(kCase);
  c.setExpectation(kExpectPlan, "new plan\nline 2");
  std::string expected = kCase;
  expected.replace(expected.find("old plan\n"), 9, "new plan\nline 2\n");
  CHECK(formatArchive(c.archive) == expected);
}

TEST_CASE("a missing expect/plan is inserted before expect/diagnostics", "[plantest]") {
  PlanCase c;
  c.archive = parseArchive("# name: x\n-- new/a.pipe --\nA\n-- expect/diagnostics --\n(none)\n");
  c.setExpectation(kExpectPlan, "plan: 1 create\n");
  CHECK(formatArchive(c.archive) ==
        "# name: x\n-- new/a.pipe --\nA\n-- expect/plan --\nplan: 1 create\n-- expect/diagnostics --\n(none)\n");
}

TEST_CASE("<ignore> matches any run of characters inside one line", "[plantest]") {
  CHECK(lineMatches("error X new/a:1:2: <ignore>", "error X new/a:1:2: anything at all"));
  CHECK(lineMatches("a<ignore>c<ignore>e", "abcde"));
  CHECK(lineMatches("<ignore>", ""));
  CHECK_FALSE(lineMatches("a<ignore>c", "ab"));
  CHECK(lineMatches("a<ignore>bc", "abc"));
  CHECK_FALSE(lineMatches("ab<ignore>bc", "abc"));
  CHECK_FALSE(lineMatches("plain", "plain "));
  CHECK(sectionMatches("x\n<ignore>\n", "x\nwhatever\n"));
  CHECK_FALSE(sectionMatches("x\n", "x\ny\n"));
}

TEST_CASE("line diff marks removed and added lines", "[plantest]") {
  CHECK(lineDiff("a\nb\nc\n", "a\nx\nc\n") == "  a\n- b\n+ x\n  c\n");
  CHECK(lineDiff("a\n", "a\n") == "  a\n");
}
