// FORWARD_QUERY blocks as datafile text (`ferry build --write`): every byte outside the block
// stays as it was.
#include <catch2/catch.hpp>

#include "compiler/plan/forward_query_block.h"

using namespace ferry;

namespace {

/// The span of the SQL lines of the block: from the first line after `FORWARD_QUERY >` that is
/// not blank or a comment to the end of the last SQL line, the way the datafile parser gives it.
Span sqlSpan(const std::string& text, const std::string& first_line, const std::string& last_line) {
  auto begin = text.find(first_line);
  auto last = text.find(last_line, begin);
  REQUIRE(begin != std::string::npos);
  REQUIRE(last != std::string::npos);
  begin = text.rfind('\n', begin) + 1;
  return Span{0, static_cast<uint32_t>(begin), static_cast<uint32_t>(last + last_line.size())};
}

}  // namespace

TEST_CASE("forward query block: rendering", "[forward_query_block]") {
  CHECK(plan::renderForwardQueryBlock("SELECT *") == "FORWARD_QUERY >\n    SELECT *");
  CHECK(plan::renderForwardQueryBlock("SELECT\n    a,\n    b") == "FORWARD_QUERY >\n    SELECT\n        a,\n        b");
  CHECK(plan::renderForwardQueryBlock("SELECT\n    a", "\r\n") == "FORWARD_QUERY >\r\n    SELECT\r\n        a");
}

TEST_CASE("forward query block: appended after a blank line", "[forward_query_block]") {
  const std::string sql = "SELECT\n    a";
  const std::string block = "FORWARD_QUERY >\n    SELECT\n        a";
  CHECK(plan::withForwardQueryBlock("SCHEMA >\n    `a` UInt8\n", std::nullopt, sql) ==
        "SCHEMA >\n    `a` UInt8\n\n" + block + "\n");
  // Already ending with a blank line: no second one.
  CHECK(plan::withForwardQueryBlock("SCHEMA >\n    `a` UInt8\n\n", std::nullopt, sql) ==
        "SCHEMA >\n    `a` UInt8\n\n" + block + "\n");
  // No final newline: the file still ends without one.
  CHECK(plan::withForwardQueryBlock("SCHEMA >\n    `a` UInt8", std::nullopt, sql) ==
        "SCHEMA >\n    `a` UInt8\n\n" + block);
  // CRLF files get CRLF lines.
  CHECK(plan::withForwardQueryBlock("SCHEMA >\r\n    `a` UInt8\r\n", std::nullopt, sql) ==
        "SCHEMA >\r\n    `a` UInt8\r\n\r\nFORWARD_QUERY >\r\n    SELECT\r\n        a\r\n");
  CHECK(plan::withForwardQueryBlock("SCHEMA >\r\n    `a` UInt8\r\n\r\n", std::nullopt, sql) ==
        "SCHEMA >\r\n    `a` UInt8\r\n\r\nFORWARD_QUERY >\r\n    SELECT\r\n        a\r\n");
}

TEST_CASE("forward query block: an existing block is replaced in place", "[forward_query_block]") {
  const std::string before = "SCHEMA >\n    `a` UInt64\n\n# why\nFORWARD_QUERY >\n    # old one\n    SELECT a\n      , 1 AS b\n\nTAGS \"x\"\n";
  auto range = plan::forwardQueryBlockRange(before, sqlSpan(before, "    SELECT a", ", 1 AS b"));
  REQUIRE(range);
  CHECK(before.substr(range->first, range->second - range->first) ==
        "FORWARD_QUERY >\n    # old one\n    SELECT a\n      , 1 AS b");
  CHECK(plan::withForwardQueryBlock(before, range, "SELECT CAST(a, 'UInt64') AS a") ==
        "SCHEMA >\n    `a` UInt64\n\n# why\nFORWARD_QUERY >\n    SELECT CAST(a, 'UInt64') AS a\n\nTAGS \"x\"\n");

  SECTION("CRLF") {
    std::string crlf;
    for (char c : before) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    auto r = plan::forwardQueryBlockRange(crlf, sqlSpan(crlf, "    SELECT a", ", 1 AS b"));
    REQUIRE(r);
    CHECK(plan::withForwardQueryBlock(crlf, r, "SELECT *") ==
          "SCHEMA >\r\n    `a` UInt64\r\n\r\n# why\r\nFORWARD_QUERY >\r\n    SELECT *\r\n\r\nTAGS \"x\"\r\n");
  }
  SECTION("at the very end, without a final newline, lower-case directive") {
    const std::string text = "SCHEMA >\n    `a` UInt8\n\nforward_query >\n    SELECT a";
    auto r = plan::forwardQueryBlockRange(text, sqlSpan(text, "    SELECT a", "SELECT a"));
    REQUIRE(r);
    CHECK(plan::withForwardQueryBlock(text, r, "SELECT *") == "SCHEMA >\n    `a` UInt8\n\nFORWARD_QUERY >\n    SELECT *");
  }
  SECTION("no directive right above the SQL lines") {
    const std::string text = "SCHEMA >\n    `a` UInt8\n    SELECT a\n";
    CHECK_FALSE(plan::forwardQueryBlockRange(text, sqlSpan(text, "    SELECT a", "SELECT a")));
  }
}
