/// Every datafile of the shared corpus belongs to exactly one project found by
/// `ferry check --recursive` (none lost, none read twice). Exits 77 when the corpus is absent.
#include <cstdio>
#include <filesystem>
#include <map>

#include "compiler/project/layout.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  fs::path corpus = argc > 1 ? argv[1] : FERRY_SHARED_DIR "/corpus";
  if (!fs::is_directory(corpus)) {
    std::printf("SKIPPED: %s is absent\n", corpus.c_str());
    return 77;
  }
  std::map<fs::path, int> seen;
  for (auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file() && ferry::project::isDatafile(e.path())) seen[e.path()] = 0;
  auto roots = ferry::project::findProjects(corpus);
  for (const auto& root : roots)
    for (const auto& f : ferry::project::projectFiles(root, true)) ++seen[f];
  int bad = 0;
  for (const auto& [path, count] : seen)
    if (count != 1) {
      std::printf("%s: in %d projects\n", path.c_str(), count);
      ++bad;
    }
  std::printf("%zu datafiles, %zu projects, %d not in exactly one project\n", seen.size(), roots.size(), bad);
  return bad ? 1 : 0;
}
