// Golden tests of lowering: a `.golden` file names a project and holds cases, each an input and
// the expected text (rt::explainPlan of the plan and its output columns, the lowered tables and
// views, or the diagnostics):
//
//   project <folder, relative to the repository>
//   === sql <case name>
//   SELECT ...
//   ---
//   <expected>
//   === pipe <pipe> [node=<node>] [<param>=<value> ...]
//   ---
//   <expected>
//   === project
//   ---
//   <expected>
//   === every-node          (one case per node of every pipe: `pipe P node=N`)
//
// Usage: lower_golden FILE [--update] (or FERRY_UPDATE_GOLDEN=1) rewrites the expectations.
// Besides the text, every plan's output is checked against the analyzer's schema.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compiler/analyze/project_tables.h"
#include "compiler/analyze/query_analyzer.h"
#include "compiler/sqlparse/sql_parser.h"
#include "tests/lower/lower_harness.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

struct Case {
  std::string header;  // after "=== "
  std::string input;
  std::string expected;
};

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string runCase(const Case& c, lower::test::LoadedProject& p, std::string& failure) {
  auto w = words(c.header);
  DiagnosticSink sink;
  if (w.empty()) return "bad case header\n";
  if (w[0] == "project") {
    auto lowered = lower::lowerProject(*p.project, p.analysis, sink);
    return lower::test::describeProject(lowered) + lower::test::describeDiagnostics(sink);
  }
  if (w[0] == "sql") {
    auto plan = lower::lowerSqlQuery(c.input, *p.project, p.analysis, sink);
    if (!plan) return lower::test::describeDiagnostics(sink);
    // The output must be the analyzer's schema.
    DiagnosticSink quiet;
    auto stmt = sql::parseQuery(c.input, SourceMap(kNoFile, 0), quiet);
    analyze::ProjectTables tables(*p.project, p.analysis);
    auto analysis = analyze::analyzeQuery(*stmt, tables, quiet);
    if (auto diff = lower::test::compareOutput(*plan, analysis.output); !diff.empty()) failure = diff;
    return lower::test::describePlan(*plan) + lower::test::describeDiagnostics(sink);
  }
  if (w[0] == "pipe" && w.size() >= 2) {
    std::map<std::string, std::string, std::less<>> params;
    std::string node;
    for (size_t i = 2; i < w.size(); ++i) {
      auto eq = w[i].find('=');
      if (eq == std::string::npos) continue;
      std::string k = w[i].substr(0, eq), v = w[i].substr(eq + 1);
      if (k == "node") node = v;
      else params[k] = v;
    }
    auto plan = lower::lowerPipe(*p.project, p.analysis, w[1], params, sink, node);
    if (!plan) return lower::test::describeDiagnostics(sink);
    if (params.empty()) {
      if (const auto* pipe = p.analysis.pipe(w[1])) {
        for (const auto& n : pipe->nodes) {
          if ((node.empty() ? &n == pipe->output() : n.name == node) && n.columns) {
            if (auto diff = lower::test::compareOutput(*plan, *n.columns); !diff.empty()) failure = diff;
          }
        }
      }
    }
    return lower::test::describePlan(*plan) + lower::test::describeDiagnostics(sink);
  }
  return "unknown case kind `" + w[0] + "`\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: lower_golden FILE [--update]\n";
    return 2;
  }
  fs::path file = argv[1];
  bool update = (argc > 2 && std::string(argv[2]) == "--update") ||
                (std::getenv("FERRY_UPDATE_GOLDEN") && std::string(std::getenv("FERRY_UPDATE_GOLDEN")) == "1");
  std::ifstream in(file);
  std::string line, project_line;
  std::vector<Case> cases;
  bool in_expected = false;
  while (std::getline(in, line)) {
    if (line.rfind("project ", 0) == 0 && cases.empty()) {
      project_line = line.substr(8);
    } else if (line.rfind("=== ", 0) == 0) {
      cases.push_back({line.substr(4), {}, {}});
      in_expected = false;
    } else if (line == "---" && !cases.empty() && !in_expected) {
      in_expected = true;
    } else if (!cases.empty()) {
      (in_expected ? cases.back().expected : cases.back().input) += line + "\n";
    }
  }
  auto project = lower::test::loadAnalyzed(fs::path(FERRY_SOURCE_DIR) / project_line);
  if (!project->project) {
    std::cerr << "cannot load " << project_line << "\n";
    return 1;
  }
  // `every-node` expands into one case per node of every pipe, in project order.
  std::vector<Case> expanded;
  for (auto& c : cases) {
    if (words(c.header) != std::vector<std::string>{"every-node"}) {
      expanded.push_back(std::move(c));
      continue;
    }
    std::map<std::string, std::string> previous;
    for (const auto& pipe : project->analysis.pipes)
      for (const auto& n : pipe.nodes) {
        std::string header = "pipe " + pipe.resource->name + " node=" + n.name;
        expanded.push_back({header, {}, {}});
      }
  }
  // Expectations of expanded cases come from the file when it already lists them.
  std::map<std::string, std::string> known;
  for (const auto& c : cases) known[c.header] = c.expected;
  int failures = 0;
  std::string rewritten = "project " + project_line + "\n";
  for (auto& c : expanded) {
    if (c.expected.empty() && known.count(c.header)) c.expected = known[c.header];
    std::string failure;
    std::string got = runCase(c, *project, failure);
    if (!failure.empty()) {
      std::cerr << "FAIL " << c.header << ": output differs from the analyzer's schema: " << failure << "\n";
      ++failures;
    }
    if (!update && got != c.expected) {
      std::cerr << "FAIL " << c.header << "\n--- expected\n" << c.expected << "--- got\n" << got;
      ++failures;
    }
    rewritten += "=== " + c.header + "\n" + c.input + "---\n" + got;
  }
  if (update) {
    std::ofstream out(file);
    out << rewritten;
    std::cout << "updated " << file << " (" << expanded.size() << " cases)\n";
    return 0;
  }
  std::cout << expanded.size() - static_cast<size_t>(failures) << "/" << expanded.size() << " cases pass\n";
  return failures ? 1 : 0;
}
