/// Diagnostics: stable symbolic IDs, severities, spans, and the sink the front end reports to.
///
/// The front end never throws on user input: every problem becomes a Diagnostic collected in a
/// DiagnosticSink, so one run reports every error of every file (the CLI and the language
/// server both need that). IDs come from the X-macro lists in diagnostics_*.def: tests, docs
/// and editors refer to the ID, never to the message text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace ferry {

enum class Severity { Error, Warning, Note };

std::string_view severityName(Severity s);

/// FERRY_DIAG(ID, Severity, "what it means"): one line per diagnostic kind.
enum class DiagId {
#define FERRY_DIAG(id, severity, summary) id,
#include "compiler/base/diagnostics_base.def"
#include "compiler/base/diagnostics_datafile.def"
#include "compiler/base/diagnostics_project.def"
#include "compiler/base/diagnostics_sql.def"
#include "compiler/base/diagnostics_template.def"
#include "compiler/base/diagnostics_semantic.def"
#include "compiler/base/diagnostics_schema.def"
#include "compiler/base/diagnostics_plan.def"
#include "compiler/base/diagnostics_lower.def"
#undef FERRY_DIAG
  Count_
};

/// The symbolic name, e.g. "DF_UNKNOWN_DIRECTIVE".
std::string_view diagName(DiagId id);
Severity diagDefaultSeverity(DiagId id);
std::string_view diagSummary(DiagId id);

struct Diagnostic {
  DiagId id;
  Severity severity;
  Span span;
  std::string message;
  std::string hint;                ///< optional "how to fix it" line
  std::vector<Diagnostic> notes;   ///< related locations (severity Note)
};

/// Collects diagnostics. Cheap to create; one per file or per run.
class DiagnosticSink {
 public:
  /// Reports with the ID's default severity.
  Diagnostic& report(DiagId id, Span span, std::string message, std::string hint = {});
  Diagnostic& report(DiagId id, Severity severity, Span span, std::string message, std::string hint = {});
  void append(const DiagnosticSink& other);

  const std::vector<Diagnostic>& all() const { return diags_; }
  std::vector<Diagnostic>& all() { return diags_; }
  size_t errorCount() const;
  size_t warningCount() const;
  bool hasErrors() const { return errorCount() > 0; }
  void clear() { diags_.clear(); }
  /// Sorts by file, then position, keeping report order for ties.
  void sort();

 private:
  std::vector<Diagnostic> diags_;
};

/// "path:line:col: error: message [ID]" followed by the source line and a caret underline.
std::string renderText(const Diagnostic& d, const SourceManager& sm, bool color = false);

}  // namespace ferry
