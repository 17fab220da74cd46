// Every function called in ../shared/corpus (node SQL, forward queries, column defaults,
// engine expressions) and in the expressions of ../shared/oracle/*.tsv must be known to the
// catalog: a scalar row, or an aggregate / window function (with combinators). Names listed in
// coverage_allowlist.tsv (with a reason) are tolerated.
//
//   function_coverage_check [--shared DIR] [--verbose]
// Exit 77 (skipped) when the shared folder is absent, 1 when a name is missing.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/base/diagnostic.h"
#include "compiler/functions/aggregate_typing.h"
#include "compiler/functions/function_catalog.h"
#include "compiler/project/project.h"
#include "compiler/sql/ast.h"
#include "compiler/sqlparse/sql_parser.h"

namespace fs = std::filesystem;

namespace {

struct Uses {
  std::map<std::string, size_t> count;               ///< name -> calls
  std::map<std::string, std::string> first_seen_in;  ///< name -> where
};

void collect(const ferry::sql::Node& node, Uses& uses, const std::string& where) {
  if (const auto* call = node.tryAs<ferry::sql::FunctionCall>()) {
    if (uses.count[call->name]++ == 0) uses.first_seen_in[call->name] = where;
  }
  if (const auto* table = node.tryAs<ferry::sql::TableFunctionRef>()) {
    // `FROM numbers(10)`: a table function (not in this catalog); its arguments still count.
    if (table->call)
      for (const auto& arg : table->call->args) collect(*arg, uses, where);
    return;
  }
  ferry::sql::forEachChild(node, [&](const auto& child) { collect(child, uses, where); });
}

void collectProject(const fs::path& root, Uses& uses, size_t& statements) {
  ferry::SourceManager sources;
  ferry::DiagnosticSink sink;
  ferry::project::LoadOptions options;
  options.syntax_only = true;
  auto project = ferry::project::loadProject(root, sources, sink, options);
  if (!project) return;
  for (const auto& r : project->resources) {
    std::string where = r->path.string();
    for (const auto& node : r->nodes)
      if (node.sql.statement) {
        ++statements;
        collect(*node.sql.statement, uses, where);
      }
    if (r->forward_query && r->forward_query->statement) collect(*r->forward_query->statement, uses, where);
    for (const auto& c : r->columns)
      if (c.default_expr) collect(*c.default_expr, uses, where);
    for (const auto& [key, exprs] : r->engine_exprs)
      for (const auto& e : exprs) collect(*e, uses, where);
    for (const auto& t : r->ttl) collect(*t, uses, where);
  }
}

/// Oracle expressions: parsed as `SELECT <expression>` (some rows carry a FROM clause).
void collectOracle(const fs::path& file, size_t column, Uses& uses, size_t& expressions) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() <= column) continue;
    // Rows that exist to show an unknown function are not uses of one.
    bool unknown_expected = false;
    for (const auto& f : fields) unknown_expected |= f.find("UNKNOWN_FUNCTION") != std::string::npos;
    if (unknown_expected) continue;
    ferry::DiagnosticSink sink;
    std::string sql = "SELECT " + fields[column];
    auto statement = ferry::sql::parseQuery(sql, ferry::SourceMap(0, 0), sink);
    if (!statement) continue;
    ++expressions;
    collect(*statement, uses, file.filename().string());
  }
}

bool known(const std::string& name) {
  using namespace ferry::functions;
  return findFunction(name) != nullptr || isAggregateCallName(name) || isWindowFunctionName(name);
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = FERRY_SHARED_DIR;
  std::string allowlist_path = FERRY_COVERAGE_ALLOWLIST;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--shared" && i + 1 < argc) shared = argv[++i];
    else if (a == "--verbose") verbose = true;
  }
  fs::path corpus = fs::path(shared) / "corpus", oracle = fs::path(shared) / "oracle";
  if (!fs::exists(corpus) || !fs::exists(oracle)) {
    std::cout << "SKIPPED: ../shared is absent\n";
    return 77;
  }
  std::map<std::string, std::string> allowlist;
  {
    std::ifstream in(allowlist_path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      size_t tab = line.find('\t');
      allowlist[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
  }

  Uses corpus_uses, oracle_uses;
  size_t projects = 0, statements = 0, expressions = 0;
  for (const auto& entry : fs::directory_iterator(oracle / "corpus-schemas")) {
    std::ifstream in(entry.path());
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("project")) continue;
    ++projects;
    collectProject(corpus / j["project"].get<std::string>(), corpus_uses, statements);
  }
  for (const auto& entry : fs::directory_iterator(oracle)) {
    if (entry.path().extension() != ".tsv") continue;
    size_t column = entry.path().filename() == "probe_types.tsv" ? 1 : 0;
    collectOracle(entry.path(), column, oracle_uses, expressions);
  }

  size_t missing = 0, allowed = 0;
  auto report = [&](const char* what, const Uses& uses) {
    size_t found = 0, untyped = 0;
    std::string untyped_names;
    for (const auto& [name, count] : uses.count) {
      if (known(name)) {
        ++found;
        const auto* info = ferry::functions::findFunction(name);
        if (info && info->kind == ferry::functions::FunctionKind::Scalar && info->returns == "?") {
          ++untyped;
          untyped_names += " " + name;
        }
        continue;
      }
      if (allowlist.count(name)) {
        ++allowed;
        if (verbose) std::printf("  allowed  %s (%s): %s\n", name.c_str(), what, allowlist[name].c_str());
        continue;
      }
      ++missing;
      std::printf("  MISSING  %s: %zu call(s), first in %s (%s)\n", name.c_str(), count,
                  uses.first_seen_in.at(name).c_str(), what);
    }
    std::printf("%s: %zu distinct function names, %zu in the catalog (%zu of them without a return rule yet)\n",
                what, uses.count.size(), found, untyped);
    if (verbose && untyped) std::printf("  without a rule:%s\n", untyped_names.c_str());
  };
  report("corpus", corpus_uses);
  report("oracle", oracle_uses);
  std::printf("%zu projects (%zu node statements), %zu oracle expressions; %zu missing, %zu allow-listed\n",
              projects, statements, expressions, missing, allowed);
  return missing ? 1 : 0;
}
