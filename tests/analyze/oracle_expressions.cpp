// The analyzer against ClickHouse 26.7's answers for standalone expressions: each row of the
// oracle files is parsed, typed as `SELECT expr` (or `SELECT expr FROM numbers(1)`), and the
// type compared with what ClickHouse printed. Reports exact agreement per file and the top
// disagreements by function; fails under the thresholds of the analyzer issue.
//
//   oracle_expressions [--file NAME] [--show N] [--dump PATH] [--shared DIR]
//
// Rows listed in oracle_known_differences.tsv (file, expression, reason) are excused.
// Exits 77 ("SKIPPED") when the shared folder is absent.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/analyze/query_analyzer.h"
#include "compiler/analyze/operator_names.h"
#include "compiler/sqlparse/sql_parser.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

struct Row {
  std::string expression;
  std::string expected;  ///< a type, or "ERROR <code>"
  bool must_reject = false;
  bool may_accept = false;  ///< an expected-error row ClickHouse 26.7 accepts after all
};

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

/// Reads a TSV with a header; `expr_col`/`type_col` select the fields.
std::vector<Row> readRows(const fs::path& path, size_t expr_col, size_t type_col, bool errors_file) {
  std::vector<Row> rows;
  std::ifstream in(path);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    auto f = splitTabs(line);
    if (f.size() <= std::max(expr_col, type_col)) continue;
    Row r;
    r.expression = f[expr_col];
    r.expected = f[type_col];
    if (errors_file) {
      r.must_reject = true;
      r.may_accept = f.size() > 2 && f[2].empty();
      r.expected = "ERROR " + (f.size() > 2 && !f[2].empty() ? f[2] : f[1]);
    } else if (r.expected.rfind("ERROR", 0) == 0) {
      r.must_reject = true;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

/// The function a disagreement is filed under: the outermost call of the expression.
std::string outerFunction(const sql::Expr& e) {
  if (const auto* f = e.tryAs<sql::FunctionCall>()) return f->name;
  if (const auto* b = e.tryAs<sql::BinaryExpr>()) return std::string(analyze::binaryFunctionName(b->op));
  if (const auto* u = e.tryAs<sql::UnaryExpr>()) return u->op == sql::UnaryOp::Negate ? "negate" : "not";
  if (e.is<sql::CastExpr>()) return "CAST";
  if (e.is<sql::CaseExpr>()) return "CASE";
  if (e.is<sql::TernaryExpr>()) return "if";
  if (e.is<sql::ArrayExpr>()) return "[array literal]";
  if (e.is<sql::TupleExpr>()) return "[tuple literal]";
  if (e.is<sql::Literal>()) return "[literal]";
  if (e.is<sql::SubscriptExpr>()) return "arrayElement";
  if (e.is<sql::TupleElementExpr>()) return "tupleElement";
  if (e.is<sql::SubqueryExpr>()) return "[subquery]";
  if (const auto* a = e.tryAs<sql::AliasExpr>()) return a->expr ? outerFunction(*a->expr) : "[alias]";
  return std::string("[") + std::string(e.kindName()) + "]";
}

struct NoTables : analyze::TableResolver {
  const analyze::Schema* findTable(const std::vector<std::string>&) const override { return nullptr; }
};

struct FileResult {
  std::string name;
  size_t total = 0, agree = 0, excused = 0, parse_errors = 0;
  size_t reject_rows = 0, rejected = 0;  ///< rows that must be rejected
  size_t excused_rejects = 0;             ///< of those, listed in the known differences with a reason
  std::map<std::string, size_t> by_function;
  std::map<std::string, std::vector<std::string>> examples;
  double exact() const {
    size_t n = total - excused;
    return n == 0 ? 100.0 : 100.0 * static_cast<double>(agree) / static_cast<double>(n);
  }
};

struct Known {
  std::set<std::pair<std::string, std::string>> rows;  // (file, expression)
  std::set<std::pair<std::string, std::string>> used;  // listed rows that still disagree
};

Known readKnown(const fs::path& path) {
  Known k;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = splitTabs(line);
    if (f.size() >= 2) k.rows.emplace(f[0], f[1]);
  }
  return k;
}

FileResult runFile(const std::string& name, const std::vector<Row>& rows, bool numbers, Known& known,
                   std::ostream* dump) {
  FileResult result;
  result.name = name;
  for (const Row& row : rows) {
    ++result.total;
    bool listed = known.rows.count({name, row.expression}) > 0;
    DiagnosticSink sink;
    SourceMap map;
    // Each row is the select item of `SELECT <row>` (`... FROM numbers(1)` for the number
    // scope); some rows carry their own alias or FROM clause.
    std::string text = "SELECT " + row.expression + (numbers ? " FROM numbers(1)" : "");
    auto stmt = sql::parseQuery(text, map, sink);
    std::string got;
    std::string function = "[parse error]";
    std::string message;
    const sql::Expr* item = nullptr;
    if (stmt && stmt->query) {
      if (const auto* select = stmt->query->tryAs<sql::SelectQuery>(); select && !select->select.empty())
        item = select->select[0].get();
    }
    if (!item) {
      ++result.parse_errors;
      got = "PARSE ERROR";
    } else {
      function = outerFunction(*item);
      analyze::QueryAnalysis analysis = analyze::analyzeQuery(*stmt, NoTables{}, sink);
      if (analysis.ok && analysis.output.size() == 1 && analysis.output[0].type) {
        got = types::toString(analysis.output[0].type);
      } else {
        got = "ERROR";
        for (const auto& d : sink.all()) {
          if (d.severity == Severity::Error) {
            message = std::string(diagName(d.id)) + ": " + d.message;
            break;
          }
        }
        if (message.empty()) message = "(rejected without an error message)";
      }
    }
    bool ok;
    if (row.must_reject) {
      ++result.reject_rows;
      bool rejected = got == "ERROR" || got == "PARSE ERROR";
      if (rejected) ++result.rejected;
      ok = rejected || row.may_accept;
    } else {
      ok = got == row.expected;
    }
    if (ok) {
      ++result.agree;
      continue;
    }
    if (listed) {
      ++result.excused;
      if (row.must_reject) ++result.excused_rejects;  // a listed must-reject row, with its reason
      known.used.insert({name, row.expression});
      continue;
    }
    ++result.by_function[function];
    auto& ex = result.examples[function];
    std::string line = row.expression + "  =>  " + got + (message.empty() ? "" : " [" + message + "]") +
                       "  (expected " + row.expected + ")";
    if (ex.size() < 3) ex.push_back(line);
    if (dump) *dump << name << '\t' << function << '\t' << row.expression << '\t' << got << '\t' << row.expected
                    << '\t' << message << '\n';
  }
  return result;
}

void report(const FileResult& r, size_t show) {
  std::printf("%-32s rows %6zu  exact %6zu  excused %4zu  parse errors %4zu  => %.2f%%", r.name.c_str(), r.total,
              r.agree, r.excused, r.parse_errors, r.exact());
  if (r.reject_rows)
    std::printf("  (must-reject rows rejected: %zu/%zu, listed: %zu)", r.rejected, r.reject_rows, r.excused_rejects);
  std::printf("\n");
  if (show == 0) return;
  std::vector<std::pair<size_t, std::string>> top;
  for (const auto& [f, n] : r.by_function) top.emplace_back(n, f);
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < show; ++i) {
    std::printf("    %5zu  %s\n", top[i].first, top[i].second.c_str());
    for (const auto& ex : r.examples.at(top[i].second)) std::printf("             %s\n", ex.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = FERRY_SHARED_DIR;
  std::string only;
  size_t show = 12;
  std::string dump_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--file" && i + 1 < argc) only = argv[++i];
    else if (a == "--show" && i + 1 < argc) show = std::stoul(argv[++i]);
    else if (a == "--dump" && i + 1 < argc) dump_path = argv[++i];
    else if (a == "--shared" && i + 1 < argc) shared = argv[++i];
  }
  fs::path oracle = shared / "oracle";
  if (!fs::exists(oracle / "typenames.tsv")) {
    std::printf("SKIPPED: ../shared is absent\n");
    return 77;
  }
  Known known = readKnown(fs::path(FERRY_ANALYZE_TEST_DIR) / "oracle_known_differences.tsv");
  std::ofstream dump_file;
  std::ostream* dump = nullptr;
  if (!dump_path.empty()) {
    dump_file.open(dump_path);
    dump = &dump_file;
  }

  struct Spec {
    std::string file;
    size_t expr_col, type_col;
    bool numbers, errors;
  };
  const Spec specs[] = {
      {"typenames.tsv", 0, 1, false, false},
      {"typenames_numbers.tsv", 0, 1, true, false},
      {"probe_types.tsv", 1, 2, false, false},
      {"typenames_extended.tsv", 0, 1, false, false},
      {"typenames_expected_errors.tsv", 0, 1, false, true},
  };
  std::map<std::string, FileResult> results;
  bool known_stale = false;
  auto start = std::chrono::steady_clock::now();
  for (const Spec& s : specs) {
    if (!only.empty() && only != s.file) continue;
    auto rows = readRows(oracle / s.file, s.expr_col, s.type_col, s.errors);
    results[s.file] = runFile(s.file, rows, s.numbers, known, dump);
    report(results[s.file], show);
  }
  if (only.empty()) {
    for (const auto& k : known.rows) {
      if (!known.used.count(k)) {
        std::printf("STALE: %s\t%s agrees now; remove it from oracle_known_differences.tsv\n", k.first.c_str(),
                    k.second.c_str());
        known_stale = true;
      }
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("time: %.1f s\n", seconds);

  bool pass = true;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) {
      std::printf("FAIL: %s\n", what.c_str());
      pass = false;
    }
  };
  need(!known_stale, "oracle_known_differences.tsv lists rows that agree now");
  if (results.count("typenames.tsv") && results.count("typenames_numbers.tsv")) {
    const auto& a = results["typenames.tsv"];
    const auto& b = results["typenames_numbers.tsv"];
    size_t n = a.total - a.excused + b.total - b.excused;
    double combined = n ? 100.0 * static_cast<double>(a.agree + b.agree) / static_cast<double>(n) : 100.0;
    std::printf("typenames.tsv + typenames_numbers.tsv: %.2f%% exact\n", combined);
    need(combined >= 98.0, "typenames.tsv + typenames_numbers.tsv below 98% exact");
  }
  if (results.count("probe_types.tsv")) {
    const auto& r = results["probe_types.tsv"];
    need(r.exact() >= 97.0, "probe_types.tsv below 97% exact");
    need(r.rejected + r.excused_rejects == r.reject_rows, "probe_types.tsv: an ERROR row was accepted");
  }
  if (results.count("typenames_extended.tsv")) {
    need(results["typenames_extended.tsv"].exact() >= 95.0, "typenames_extended.tsv below 95% exact");
  }
  if (results.count("typenames_expected_errors.tsv")) {
    const auto& r = results["typenames_expected_errors.tsv"];
    need(r.agree + r.excused == r.total, "typenames_expected_errors.tsv: a row was accepted");
  }
  std::printf(pass ? "PASS\n" : "FAILED\n");
  return pass ? 0 : 1;
}
