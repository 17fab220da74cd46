#include "compiler/base/file_text.h"

#include <fstream>
#include <sstream>

namespace ferry {

std::optional<std::string> readFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(ss).str();
}

}  // namespace ferry
