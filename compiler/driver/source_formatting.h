/// The canonical text of one `.datasource`, `.pipe` or `.sql` file (what `ferry fmt` writes).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "compiler/base/diagnostic.h"

namespace ferry::driver {

/// nullopt when the file has errors (reported to `sink`): a file that does not parse is never
/// rewritten. SQL is re-printed only where that loses nothing (see sql_formatting.h).
std::optional<std::string> formatSource(SourceManager& sources, FileId id, const std::filesystem::path& path,
                                        DiagnosticSink& sink);

}  // namespace ferry::driver
