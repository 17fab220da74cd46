// Types the generated probe grids of ../shared/oracle/probe_types.tsv (groups arith:*, unary,
// conv, misc: calls on constants such as CAST(7 AS UInt8)) through the function catalog and
// reports, per group, how many agree exactly with ClickHouse 26.7 and how many of the ERROR rows
// are rejected. Fails when a group falls under its floor.
//
//   probe_types_check [--details GROUP] [--shared DIR]
// Exit 77 (skipped) when the shared folder is absent.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "compiler/types/data_type.h"
#include "tests/functions/expression_typer.h"

namespace {

struct Tally {
  size_t rows = 0, agree = 0, errors = 0, errors_rejected = 0, skipped = 0;
  size_t value_errors = 0;  ///< ERROR rows about a constant's value (parse, overflow), not types
};

/// ClickHouse errors about a value rather than a type: `toUInt8('abcd')` type-checks as UInt8
/// and fails when the constant is converted. Typing cannot reject those.
bool isValueError(const std::string& expected) {
  return expected.find("CANNOT_PARSE") != std::string::npos || expected.find("Cannot parse") != std::string::npos ||
         expected.find("DECIMAL_OVERFLOW") != std::string::npos;
}

/// The floor each group must reach (percent of exact agreement on the type questions).
double floorFor(const std::string&) { return 97.0; }

}  // namespace

/// `--oracle FILE`: the same comparison over an oracle file of (expression, expected type)
/// rows, e.g. typenames.tsv. Informative only (expressions there use more than calls).
int oracleFile(const std::string& path, bool details) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  size_t rows = 0, agree = 0, unsupported = 0, untyped = 0;
  while (std::getline(in, line)) {
    size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos) continue;
    std::string expr = line.substr(0, t1), expected = line.substr(t1 + 1, t2 == std::string::npos ? t2 : t2 - t1 - 1);
    ++rows;
    auto typed = ferry::functions::test::typeExpression(expr);
    std::string got = typed.ok() ? ferry::types::toString(typed.type) : "ERROR " + typed.error_code;
    bool ok = got == expected;
    agree += ok;
    unsupported += typed.error_code == "UNSUPPORTED" || typed.error_code == "UNKNOWN_IDENTIFIER";
    untyped += typed.error_code == "FERRY_UNTYPED";
    if (!ok && details) std::cout << expr << "\texpected " << expected << "\tgot " << got << " " << typed.message << "\n";
  }
  std::printf("%s: %zu rows, %zu agree (%.2f%%); %zu use syntax this typer skips, %zu call a function without a rule\n",
              path.c_str(), rows, agree, rows ? 100.0 * double(agree) / double(rows) : 0.0, unsupported, untyped);
  return 0;
}

int main(int argc, char** argv) {
  std::string shared = FERRY_SHARED_DIR;
  std::string details;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--details" && i + 1 < argc) details = argv[++i];
    else if (a == "--shared" && i + 1 < argc) shared = argv[++i];
    else if (a == "--oracle" && i + 1 < argc) return oracleFile(argv[i + 1], details == "all");
  }
  std::filesystem::path path = std::filesystem::path(shared) / "oracle" / "probe_types.tsv";
  if (!std::filesystem::exists(path)) {
    std::cout << "SKIPPED: ../shared is absent\n";
    return 77;
  }
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::map<std::string, Tally> groups;
  while (std::getline(in, line)) {
    size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    std::string group = line.substr(0, t1), expr = line.substr(t1 + 1, t2 - t1 - 1), expected = line.substr(t2 + 1);
    if (!(group.starts_with("arith:") || group == "unary" || group == "conv" || group == "misc")) continue;
    Tally& tally = groups[group];
    if (expr.find(" FROM ") != std::string::npos) {  // needs a query, not an expression
      ++tally.skipped;
      continue;
    }
    ++tally.rows;
    auto typed = ferry::functions::test::typeExpression(expr);
    bool expect_error = expected.starts_with("ERROR");
    std::string got = typed.ok() ? ferry::types::toString(typed.type) : "ERROR " + typed.error_code;
    bool agree = expect_error ? !typed.ok() : got == expected;
    if (expect_error) {
      ++tally.errors;
      tally.errors_rejected += !typed.ok();
      tally.value_errors += isValueError(expected);
    }
    tally.agree += agree;
    if (!agree && (details == group || details == "all"))
      std::cout << group << "\t" << expr << "\texpected " << expected << "\tgot " << got << " " << typed.message << "\n";
  }
  bool ok = true;
  Tally total;
  for (const auto& [group, t] : groups) {
    // The floor applies to the type questions: rows whose expected error is about a value
    // (see isValueError) are counted in `rows` but set apart for it.
    size_t typed_rows = t.rows - t.value_errors;
    double pct = t.rows ? 100.0 * double(t.agree) / double(t.rows) : 100.0;
    double typed_pct = typed_rows ? 100.0 * double(t.agree) / double(typed_rows) : 100.0;
    bool pass = std::min(typed_pct, 100.0) >= floorFor(group);
    ok &= pass;
    total.rows += t.rows;
    total.agree += t.agree;
    total.errors += t.errors;
    total.errors_rejected += t.errors_rejected;
    total.value_errors += t.value_errors;
    std::printf("%-16s %5zu rows  %5zu agree (%6.2f%%; %6.2f%% of %zu without value errors, floor %.0f%%)  "
                "ERROR rows %4zu, rejected %4zu%s%s\n",
                group.c_str(), t.rows, t.agree, pct, typed_pct, typed_rows, floorFor(group), t.errors,
                t.errors_rejected, t.skipped ? ("  (" + std::to_string(t.skipped) + " need a query: skipped)").c_str() : "",
                pass ? "" : "  BELOW FLOOR");
  }
  std::printf("all groups: %zu rows, %zu agree (%.2f%%); ERROR rows %zu (%zu about values), rejected %zu\n",
              total.rows, total.agree, total.rows ? 100.0 * double(total.agree) / double(total.rows) : 0.0,
              total.errors, total.value_errors, total.errors_rejected);
  return ok ? 0 : 1;
}
