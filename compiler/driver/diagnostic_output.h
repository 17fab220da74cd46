/// Printing diagnostics for people (file:line:col, caret excerpt) and machines (JSON).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"

namespace ferry::driver {

enum class OutputFormat { Text, Json };

/// A diagnostic together with the folder its path is reported relative to.
struct ReportedDiagnostic {
  const Diagnostic* diag;
  std::filesystem::path relative_to;
};

/// Text: one rendered block per diagnostic plus a summary line; JSON: the `{"diagnostics":[...]}`
/// document (1-based lines and columns; paths relative to the project).
std::string formatDiagnostics(const std::vector<ReportedDiagnostic>& diags, const SourceManager& sm,
                              OutputFormat format, bool color);

}  // namespace ferry::driver
