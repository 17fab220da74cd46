#include "compiler/driver/diagnostic_output.h"

#include <nlohmann/json.hpp>

namespace ferry::driver {

namespace fs = std::filesystem;

static std::string relativePath(const std::string& path, const fs::path& base) {
  if (base.empty()) return path;
  std::error_code ec;
  fs::path rel = fs::relative(fs::path(path), base, ec);
  if (ec || rel.empty() || rel.native().starts_with("..")) return path;
  return rel.generic_string();
}

static nlohmann::json toJson(const Diagnostic& d, const SourceManager& sm, const fs::path& base) {
  nlohmann::json j;
  if (d.span.valid() && d.span.file < sm.size()) {
    const SourceFile& f = sm.file(d.span.file);
    LineCol b = f.lineCol(d.span.begin);
    LineCol e = f.lineCol(std::max(d.span.end, d.span.begin));
    j["file"] = relativePath(f.path(), base);
    j["line"] = b.line;
    j["column"] = b.column;
    j["end_line"] = e.line;
    j["end_column"] = e.column;
  } else {
    j["file"] = nullptr;
    j["line"] = nullptr;
    j["column"] = nullptr;
    j["end_line"] = nullptr;
    j["end_column"] = nullptr;
  }
  j["severity"] = std::string(severityName(d.severity));
  j["id"] = std::string(diagName(d.id));
  j["message"] = d.message;
  if (!d.hint.empty()) j["hint"] = d.hint;
  if (!d.notes.empty()) {
    auto notes = nlohmann::json::array();
    for (const auto& n : d.notes) notes.push_back(toJson(n, sm, base));
    j["notes"] = notes;
  }
  return j;
}

std::string formatDiagnostics(const std::vector<ReportedDiagnostic>& diags, const SourceManager& sm,
                              OutputFormat format, bool color) {
  if (format == OutputFormat::Json) {
    auto arr = nlohmann::json::array();
    for (const auto& rd : diags) {
      auto j = toJson(*rd.diag, sm, rd.relative_to);
      if (!rd.relative_to.empty()) j["project"] = rd.relative_to.generic_string();
      arr.push_back(std::move(j));
    }
    nlohmann::json doc;
    doc["diagnostics"] = arr;
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string out;
  for (const auto& rd : diags) out += renderText(*rd.diag, sm, color);
  return out;
}

}  // namespace ferry::driver
