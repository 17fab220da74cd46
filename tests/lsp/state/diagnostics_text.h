/// Diagnostics of a ProjectState as comparable text, for the incremental-analysis tests.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/lsp/project_state.h"

namespace ferry::lsp::test {

/// One line per diagnostic: path, offsets, ID, message. File ids differ between two states (an
/// include read again gets a new id), so the sink's order across files does too; what is
/// published per file is compared as a sorted list.
inline std::vector<std::string> diagnosticsText(const ProjectState& s) {
  std::vector<std::string> out;
  for (const auto& d : s.diagnostics().all())
    out.push_back((d.span.valid() ? s.pathOf(d.span.file).string() : std::string("-")) + ":" +
                  std::to_string(d.span.begin) + "-" + std::to_string(d.span.end) + " " +
                  std::string(diagName(d.id)) + " " + d.message);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ferry::lsp::test
