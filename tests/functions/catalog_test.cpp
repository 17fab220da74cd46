// The function catalog: the tables load cleanly, lookups by name / alias / case, the rule and
// constraint languages, "did you mean" suggestions.
#include <catch2/catch.hpp>

#include <set>

#include "compiler/functions/argument_classes.h"
#include "compiler/functions/catalog_table.h"
#include "compiler/functions/compiled_catalog.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/functions/return_rules.h"

using namespace ferry::functions;

TEST_CASE("the embedded tables load without problems") {
  for (const std::string& p : catalogProblems()) INFO(p);
  CHECK(catalogProblems().empty());
}

TEST_CASE("the catalog holds at least 500 functions, most of them typed") {
  size_t scalar = 0, typed = 0, aggregate = 0;
  std::set<std::string> names;
  for (const FunctionInfo& f : allFunctions()) {
    CHECK(names.insert(f.name).second);  // no name twice
    if (f.kind == FunctionKind::Scalar) {
      ++scalar;
      if (f.returns != "?") ++typed;
    } else {
      ++aggregate;
    }
  }
  INFO("scalar " << scalar << ", typed " << typed << ", aggregate/window " << aggregate);
  CHECK(scalar + aggregate >= 500);
  CHECK(typed >= 500);
  CHECK(typed * 10 >= scalar * 7);  // at least 70% of the scalar rows have a rule
}

TEST_CASE("lookup by exact name, alias and case-insensitive spelling") {
  const FunctionInfo* lower = findFunction("lower");
  REQUIRE(lower != nullptr);
  CHECK(lower->kind == FunctionKind::Scalar);
  CHECK(lower->case_insensitive);
  CHECK(findFunction("LOWER") == lower);
  CHECK(findFunction("lcase") == lower);       // an alias
  CHECK(findFunction("LCASE") == lower);       // a case-insensitive alias
  CHECK(findFunction("toStartOfDay") != nullptr);
  CHECK(findFunction("TOSTARTOFDAY") == nullptr);  // case-sensitive in ClickHouse
  CHECK(findFunction("toTimeZone") == findFunction("toTimezone"));
  CHECK(findFunction("noSuchFunctionAnywhere") == nullptr);
  REQUIRE(findFunction("toStartOfDay")->description.size() > 10);
}

TEST_CASE("the parser-level forms date_add / date_sub are rows of their own") {
  const FunctionInfo* add = findFunction("date_add");
  REQUIRE(add != nullptr);
  CHECK(findFunction("DATE_ADD") == add);
  CHECK(findFunction("timestampAdd") == add);
  CHECK(findFunction("dateSub") == findFunction("date_sub"));
}

TEST_CASE("table rows: aliases, case-insensitive marks, bad rows reported") {
  std::vector<TableProblem> problems;
  auto rows = parseFunctionTable(
      "# comment\n"
      "name\taliases\tcase_insensitive\tkind\tmin_args\tmax_args\targuments\treturns\tdescription\n"
      "f\tg,H*\t1\tscalar\t1\t2\tnumber\tUInt8\tdoes f.\n"
      "bad\t\t0\tscalar\t3\t1\t\tUInt8\tmax below min\n"
      "k\t\t0\tnonsense\t0\t0\t\tUInt8\t\n",
      &problems);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].info.name == "f");
  CHECK(rows[0].info.aliases == std::vector<std::string>{"g", "H"});
  CHECK(rows[0].alias_case_insensitive == std::vector<bool>{false, true});
  CHECK(rows[0].info.min_args == 1);
  CHECK(rows[0].info.max_args == 2);
  CHECK(problems.size() == 2);
}

TEST_CASE("return rules parse, and reject what is not a rule") {
  std::string error;
  auto r = parseReturnRule("nullable(element(arg0)); raw-nulls lc-strip", &error);
  REQUIRE(r);
  CHECK(r->expr.op == RuleExpr::Op::Nullable);
  CHECK(r->null_arg == NullHandling::Rule);
  CHECK(r->nullable_arg == NullHandling::Rule);
  CHECK(r->lc_strip);
  CHECK(parseReturnRule("Array(Tuple(String, UInt8))", &error));
  CHECK(parseReturnRule("supertype(1, 3..)", &error)->expr.continues);
  CHECK(parseReturnRule("withtz(DateTime64(3), 1); null=error nullable=rule", &error));
  CHECK(parseReturnRule("@date_add(hour)", &error)->expr.params == std::vector<std::string>{"hour"});
  for (const char* bad : {"@noSuchRule", "NotAType", "element(arg0, arg1)", "UInt8; no-such-flag", "withtz(String, 1)"}) {
    error.clear();
    INFO(bad);
    CHECK_FALSE(parseReturnRule(bad, &error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("argument constraints: classes, shorthands, negation, const") {
  std::string error;
  auto c = parseArgumentConstraints("const string, !array|map, number", &error);
  REQUIRE(c);
  REQUIRE(c->positions.size() == 3);
  CHECK(c->positions[0].constant);
  CHECK(c->positions[0].classes == classBit(ArgClass::String));
  CHECK(!(c->positions[1].classes & classBit(ArgClass::Array)));
  CHECK((c->positions[1].classes & classBit(ArgClass::UInt8)));
  CHECK((c->positions[2].classes & classBit(ArgClass::Decimal)));
  CHECK(!(c->positions[2].classes & classBit(ArgClass::String)));
  CHECK(c->at(7) == &c->positions[2]);  // the last spec repeats
  CHECK(classSetName(c->positions[2].classes) == "number");
  CHECK_FALSE(parseArgumentConstraints("strnig", &error));
}

TEST_CASE("every scalar row with a rule compiles") {
  size_t compiled = 0;
  for (const FunctionInfo& f : allFunctions()) {
    if (f.kind != FunctionKind::Scalar || f.returns == "?") continue;
    const CompiledFunction* c = findCompiledFunction(f.name);
    REQUIRE(c != nullptr);
    INFO(f.name << ": " << f.returns);
    CHECK(c->returns.has_value());
    ++compiled;
  }
  CHECK(compiled >= 500);
}

TEST_CASE("did you mean: close names first") {
  auto day = suggestFunctionNames("toStartOfDy");
  REQUIRE(!day.empty());
  CHECK(day.front() == "toStartOfDay");
  CHECK(suggestFunctionNames("formatDateTim").front() == "formatDateTime");
  CHECK(suggestFunctionNames("lenght").front() == "length");
  CHECK(suggestFunctionNames("TOSTARTOFDAY").front() == "toStartOfDay");  // case only
  CHECK(suggestFunctionNames("jsonextractstring").front() == "JSONExtractString");
  CHECK(suggestFunctionNames("qqqqqqqqqqqq").empty());
  CHECK(suggestFunctionNames("toStartOfDy", 2).size() <= 2);
  for (const std::string& s : suggestFunctionNames("lower")) CHECK(s != "lower");  // not itself
}

TEST_CASE("did you mean: aggregates and their combinator forms") {
  REQUIRE(findFunction("count") != nullptr);
  CHECK(suggestFunctionNames("cunt").front() == "count");
  CHECK(suggestFunctionNames("uniqExcat").front() == "uniqExact");
  auto sum_if = suggestFunctionNames("sumIff");
  REQUIRE(!sum_if.empty());
  CHECK(sum_if.front() == "sumIf");
}
