// Writes every SQL text of a project as the project loader gives it (node SQL and FORWARD_QUERY;
// templates rendered with their default values) as JSON, for tests/oracle/check_valid.js, which
// asks ClickHouse 26.7 whether each one is valid SQL.
//
//   project_sql_dump <project-dir> --out FILE
//
// Output: [[id, sql, is_template], ...] with id `<path relative to the project>#<node>`.
// Exits 1 when the project has no SQL at all (a wrong path must not pass as "all valid").
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/project/project.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 4 || std::string(argv[2]) != "--out") {
    std::fprintf(stderr, "usage: project_sql_dump <project-dir> --out FILE\n");
    return 2;
  }
  fs::path root = argv[1];
  ferry::SourceManager sources;
  ferry::DiagnosticSink sink;
  auto project = ferry::project::loadProject(root, sources, sink);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& res : project->resources) {
    std::string where = fs::relative(res->path, root).string();
    if (res->forward_query)
      items.push_back({where + "#FORWARD_QUERY", res->forward_query->rendered, res->forward_query->is_template});
    for (const auto& node : res->nodes)
      if (node.node && node.node->sql)
        items.push_back({where + "#" + node.node->name.text, node.sql.rendered, node.sql.is_template});
  }
  std::ofstream out(argv[3], std::ios::binary);
  out << items.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::printf("%s: %zu resources, %zu SQL texts\n", root.c_str(), project->resources.size(), items.size());
  return items.empty() || !out ? 1 : 0;
}
