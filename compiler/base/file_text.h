/// Reading a whole file as bytes, the one way every layer and tool does it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ferry {

/// The file's bytes, unchanged (no newline translation); nullopt when it cannot be opened or read.
std::optional<std::string> readFileText(const std::filesystem::path& path);

}  // namespace ferry
