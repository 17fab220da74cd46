/// Shared by the corpus tools: where the SQL corpus lives and how to read it. The corpus is
/// never copied into the repository; tools exit with 77 (ctest: skipped) when it is absent.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ferry::corpus {

inline constexpr int kSkipped = 77;

struct SqlFile {
  std::string name;
  std::string text;
};

/// Every `*.sql` file of `dir`, sorted by name.
inline std::vector<SqlFile> readSqlFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<SqlFile> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    files.push_back({path.filename().string(),
                     std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())});
  }
  return files;
}

}  // namespace ferry::corpus
