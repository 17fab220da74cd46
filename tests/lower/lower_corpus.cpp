// Lowers every node of every project of ../shared/corpus (projects as the planner's corpus test
// finds them) and every project's tables and views; reports how many nodes lowered and the
// LOWER_UNSUPPORTED reasons by count. Fails only when a lowered plan's output differs from the
// analyzer's schema (a crash fails it too). Exit 77 when ../shared is absent.
//
// Usage: lower_corpus [--show N] [--shared DIR]
#include <iostream>
#include <map>
#include <regex>

#include "compiler/project/layout.h"
#include "tests/lower/lower_harness.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

/// The reason without the names of the query (`the column `x` ...` -> `the column ...`).
std::string reasonOf(const std::string& message) {
  static const std::regex quoted("`[^`]*`");
  // Functions, subcolumns and table functions keep their names: they say what to implement.
  bool keep = message.find("the function `") != std::string::npos || message.find("the subcolumn `") != std::string::npos ||
              message.find("the table function `") != std::string::npos;
  std::string r = keep ? message : std::regex_replace(message, quoted, "`…`");
  if (auto colon = r.find(": cannot run"); colon != std::string::npos) r = r.substr(colon + 2);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = FERRY_SHARED_DIR;
  size_t show = 25;
  for (int i = 1; i + 1 < argc; ++i) {
    std::string a = argv[i];
    if (a == "--shared") shared = argv[++i];
    else if (a == "--show") show = std::stoul(argv[++i]);
  }
  fs::path corpus = shared / "corpus";
  if (!fs::is_directory(corpus)) {
    std::cout << "SKIPPED: ../shared is absent\n";
    return 77;
  }
  size_t projects = 0, nodes = 0, lowered = 0, not_analyzed = 0, mismatches = 0, views = 0, tables = 0;
  std::map<std::string, size_t> reasons;
  std::map<std::string, size_t> project_reasons;
  for (const auto& root : project::findProjects(corpus)) {
    auto p = lower::test::loadAnalyzed(root);
    if (!p->project) continue;
    ++projects;
    for (const auto& pipe : p->analysis.pipes) {
      for (const auto& n : pipe.nodes) {
        ++nodes;
        if (!n.columns) {
          ++not_analyzed;
          continue;
        }
        DiagnosticSink sink;
        auto plan = lower::lowerPipe(*p->project, p->analysis, pipe.resource->name, {}, sink, n.name);
        if (plan) {
          ++lowered;
          if (auto diff = lower::test::compareOutput(*plan, *n.columns); !diff.empty()) {
            ++mismatches;
            std::cerr << "MISMATCH " << root.string() << " " << pipe.resource->name << "." << n.name << ": " << diff << "\n";
          }
          continue;
        }
        for (const auto& d : sink.all())
          if (d.severity == Severity::Error) {
            reasons[std::string(diagName(d.id)) + " " + reasonOf(d.message)]++;
            break;
          }
      }
    }
    DiagnosticSink sink;
    auto lp = lower::lowerProject(*p->project, p->analysis, sink);
    views += lp.views.size();
    tables += lp.tables.size();
    for (const auto& d : sink.all())
      if (d.severity == Severity::Error) project_reasons[std::string(diagName(d.id)) + " " + reasonOf(d.message)]++;
  }
  std::cout << projects << " projects, " << nodes << " nodes: " << lowered << " lowered, " << not_analyzed
            << " not analyzed (no schema), " << (nodes - lowered - not_analyzed) << " refused\n";
  std::cout << "lowerProject: " << tables << " tables, " << views << " views\n";
  std::vector<std::pair<size_t, std::string>> sorted;
  for (const auto& [r, c] : reasons) sorted.emplace_back(c, r);
  std::sort(sorted.rbegin(), sorted.rend());
  std::cout << "node refusals by reason:\n";
  for (size_t i = 0; i < sorted.size() && i < show; ++i) std::cout << "  " << sorted[i].first << "  " << sorted[i].second << "\n";
  sorted.clear();
  for (const auto& [r, c] : project_reasons) sorted.emplace_back(c, r);
  std::sort(sorted.rbegin(), sorted.rend());
  std::cout << "lowerProject refusals by reason:\n";
  for (size_t i = 0; i < sorted.size() && i < show; ++i) std::cout << "  " << sorted[i].first << "  " << sorted[i].second << "\n";
  if (mismatches) {
    std::cout << mismatches << " plans whose output differs from the analyzer's schema\n";
    return 1;
  }
  return 0;
}
