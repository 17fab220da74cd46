#include "compiler/base/diagnostic.h"

#include <algorithm>
#include <array>

namespace ferry {

namespace {
struct DiagInfo {
  std::string_view name;
  Severity severity;
  std::string_view summary;
};
constexpr std::array<DiagInfo, static_cast<size_t>(DiagId::Count_)> kDiagInfo = {{
#define FERRY_DIAG(id, severity, summary) {#id, Severity::severity, summary},
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
}};
}  // namespace

std::string_view severityName(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string_view diagName(DiagId id) { return kDiagInfo[static_cast<size_t>(id)].name; }
Severity diagDefaultSeverity(DiagId id) { return kDiagInfo[static_cast<size_t>(id)].severity; }
std::string_view diagSummary(DiagId id) { return kDiagInfo[static_cast<size_t>(id)].summary; }

Diagnostic& DiagnosticSink::report(DiagId id, Span span, std::string message, std::string hint) {
  return report(id, diagDefaultSeverity(id), span, std::move(message), std::move(hint));
}

Diagnostic& DiagnosticSink::report(DiagId id, Severity severity, Span span, std::string message,
                                   std::string hint) {
  diags_.push_back(Diagnostic{id, severity, span, std::move(message), std::move(hint), {}});
  return diags_.back();
}

void DiagnosticSink::append(const DiagnosticSink& other) {
  diags_.insert(diags_.end(), other.diags_.begin(), other.diags_.end());
}

size_t DiagnosticSink::errorCount() const {
  return std::count_if(diags_.begin(), diags_.end(), [](auto& d) { return d.severity == Severity::Error; });
}

size_t DiagnosticSink::warningCount() const {
  return std::count_if(diags_.begin(), diags_.end(), [](auto& d) { return d.severity == Severity::Warning; });
}

void DiagnosticSink::sort() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

static void renderOne(std::string& out, const Diagnostic& d, const SourceManager& sm, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* sev_color = !color ? "" : d.severity == Severity::Error ? "\033[1;31m"
                                   : d.severity == Severity::Warning ? "\033[1;35m" : "\033[1;36m";
  const SourceFile* f = d.span.valid() && d.span.file < sm.size() ? &sm.file(d.span.file) : nullptr;
  out += bold;
  if (f) {
    LineCol lc = f->lineCol(d.span.begin);
    out += f->path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": ";
  }
  out += reset;
  out += sev_color;
  out += severityName(d.severity);
  out += ":";
  out += reset;
  out += " ";
  out += d.message;
  out += " [";
  out += diagName(d.id);
  out += "]\n";
  if (f) {
    LineCol lc = f->lineCol(d.span.begin);
    std::string_view line = f->lineText(lc.line);
    std::string num = std::to_string(lc.line);
    out += " " + num + " | ";
    out += line;
    out += "\n " + std::string(num.size(), ' ') + " | ";
    // Caret under the span, clipped to the first line; tabs kept so columns line up.
    uint32_t line_begin = f->lineStart(lc.line);
    uint32_t line_end = line_begin + static_cast<uint32_t>(line.size());
    uint32_t end = std::min(std::max(d.span.end, d.span.begin + 1), line_end + 1);
    for (uint32_t i = line_begin; i < d.span.begin && i < line_end; ++i) {
      char c = f->text()[i];
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
    }
    out += sev_color;
    for (uint32_t i = d.span.begin; i < end; ++i) {
      if (i < line_end && (static_cast<unsigned char>(f->text()[i]) & 0xC0) == 0x80) continue;
      out += i == d.span.begin ? '^' : '~';
    }
    out += reset;
    out += "\n";
  }
  if (!d.hint.empty()) out += " = hint: " + d.hint + "\n";
}

std::string renderText(const Diagnostic& d, const SourceManager& sm, bool color) {
  std::string out;
  renderOne(out, d, sm, color);
  for (const auto& n : d.notes) renderOne(out, n, sm, color);
  return out;
}

}  // namespace ferry
