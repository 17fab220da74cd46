/// Where a project's local deployments live: `<project>/.ferry/deployments/<id>/` holds the files
/// of each deployed version, `<project>/.ferry/live` the id of the live one (written atomically).
/// Planning (`ferry deploy --check`) compares against the live deployment's files; the runtime
/// verbs run them.
#pragma once

#include <filesystem>
#include <optional>

namespace ferry::driver {

/// `<project>/.ferry`.
std::filesystem::path ferryFolder(const std::filesystem::path& project);

/// The folder of the live deployment's files, when the project has one.
std::optional<std::filesystem::path> liveDeploymentFolder(const std::filesystem::path& project);

}  // namespace ferry::driver
