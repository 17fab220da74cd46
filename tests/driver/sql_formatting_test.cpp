#include "compiler/driver/sql_formatting.h"

#include <catch2/catch.hpp>

using namespace ferry::driver;

TEST_CASE("comments are found outside strings, quoted names and heredocs only") {
  CHECK(sqlHasComments("SELECT 1 -- why"));
  CHECK(sqlHasComments("SELECT /* x */ 1"));
  CHECK(sqlHasComments("SELECT 1 # hash comment"));
  CHECK_FALSE(sqlHasComments("SELECT '-- not a comment', `a#b`, \"/*\""));
  CHECK_FALSE(sqlHasComments("SELECT $$ -- inside a heredoc $$"));
  CHECK_FALSE(sqlHasComments("SELECT 'it\\'s -- fine'"));
  CHECK_FALSE(sqlHasComments("SELECT a - -1"));
}

TEST_CASE("a select is re-printed canonically, and kept when it holds comments") {
  auto f = formatSelect("select a+b as c from t where x in (1,2)");
  REQUIRE(f);
  CHECK(*f == "SELECT a + b AS c\nFROM t\nWHERE x IN (1, 2)");
  CHECK_FALSE(formatSelect("SELECT 1 -- keep me"));
  CHECK_FALSE(formatSelect("SELECT FROM WHERE"));
}

TEST_CASE("types and expressions are re-printed canonically") {
  CHECK(formatType("LowCardinality( Nullable(String) )") == std::optional<std::string>("LowCardinality(Nullable(String))"));
  CHECK(formatExpression("now()+ 1") == std::optional<std::string>("now() + 1"));
  CHECK_FALSE(formatType("Nullable("));
}

TEST_CASE("a script keeps its comments and gives every statement its own ';'") {
  auto f = formatScript("select 1;\n-- between\nselect 2 -- after the last token\n;\nselect /* inside */ 3");
  REQUIRE(f);
  CHECK(*f ==
        "SELECT 1;\n\n-- between\n\nSELECT 2;\n\n-- after the last token\n\nselect /* inside */ 3;\n");
  CHECK_FALSE(formatScript("select 1; select from;"));
}
