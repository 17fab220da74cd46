#include "compiler/driver/live_deployment.h"

#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace ferry::driver {

fs::path ferryFolder(const fs::path& project) { return project / ".ferry"; }

std::optional<fs::path> liveDeploymentFolder(const fs::path& project) {
  std::error_code ec;
  fs::path live = ferryFolder(project) / "live";
  if (!fs::is_regular_file(live, ec)) return std::nullopt;
  std::ifstream in(live, std::ios::binary);
  std::string id;
  std::getline(in, id);
  while (!id.empty() && (id.back() == ' ' || id.back() == '\r')) id.pop_back();
  if (id.empty() || id.find('/') != std::string::npos) return std::nullopt;
  fs::path folder = ferryFolder(project) / "deployments" / id;
  if (!fs::is_directory(folder, ec)) return std::nullopt;
  return folder;
}

}  // namespace ferry::driver
