#include "tests/plan/plantest/case_run.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <random>

#include <fmt/format.h>

#include "compiler/analyze/project_analysis.h"
#include "compiler/plan/plan_text.h"
#include "compiler/plan/planner.h"
#include "compiler/project/project.h"

namespace fs = std::filesystem;

namespace ferry::plantest {

namespace {

/// A temporary folder removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / fmt::format("ferry-plantest-{:x}{:x}", rd(), rd());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// One side of the case: where its files are on disk (empty: no project) and its loaded form.
struct Side {
  std::string label;  ///< "live" or "new"
  fs::path root;
  std::unique_ptr<project::Project> project;
  std::unique_ptr<analyze::ProjectAnalysis> analysis;

  plan::ProjectView view() const { return {project.get(), analysis.get()}; }
};

void load(Side& side, SourceManager& sources, DiagnosticSink& sink) {
  if (side.root.empty()) return;
  side.project = project::loadProject(side.root, sources, sink);
  side.analysis = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*side.project, sink));
}

/// `live-dir` / `new-dir`: `${shared}/...` or a path relative to the repository.
std::optional<fs::path> resolveDir(const std::string& value, const RunnerPaths& paths, bool& needs_shared) {
  static constexpr std::string_view kShared = "${shared}";
  if (value.rfind(kShared, 0) == 0) {
    needs_shared = true;
    auto rest = value.substr(kShared.size());
    while (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
    return paths.shared_dir / rest;
  }
  return paths.source_dir / value;
}

bool writeFile(const fs::path& path, const std::string& data) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << data;
  return static_cast<bool>(out);
}

/// Sets up the root of one side; an error message when the case is malformed.
std::optional<std::string> prepareSide(const PlanCase& c, const std::string& label, const RunnerPaths& paths,
                                       const fs::path& temp, Side& side, bool& needs_shared) {
  side.label = label;
  auto files = c.projectFiles(label);
  if (auto dir = c.value(label + "-dir")) {
    if (!files.empty()) return fmt::format("{}-dir is given and {}/ files too", label, label);
    auto resolved = resolveDir(*dir, paths, needs_shared);
    side.root = fs::weakly_canonical(*resolved);
    return std::nullopt;
  }
  bool inherit = label == "new" && c.value("new").value_or("") == "inherit-live";
  if (inherit) {
    if (c.value("live-dir")) return std::string("`new: inherit-live` needs inline live/ files");
    auto live_files = c.projectFiles("live");
    for (const auto& f : live_files)
      if (std::none_of(files.begin(), files.end(), [&](const auto& n) { return n.name == f.name; })) files.push_back(f);
  }
  if (files.empty()) return std::nullopt;  // no project on this side
  side.root = temp / label;
  fs::create_directories(side.root);
  for (const auto& f : files) {
    if (f.name.find("..") != std::string::npos || f.name.front() == '/')
      return fmt::format("file name `{}/{}` leaves the project", label, f.name);
    if (!writeFile(side.root / f.name, f.data)) return fmt::format("cannot write {}/{}", label, f.name);
  }
  side.root = fs::weakly_canonical(side.root);
  return std::nullopt;
}

/// A file's path as the expectations spell it: `live/...` or `new/...`.
std::string casePath(const std::string& file, const Side& live, const Side& next) {
  fs::path p = fs::weakly_canonical(fs::path(file));
  for (const Side* side : {&next, &live}) {
    if (side->root.empty()) continue;
    auto rel = p.lexically_relative(side->root);
    if (!rel.empty() && rel.native().rfind("..", 0) != 0) return side->label + "/" + rel.generic_string();
  }
  return p.filename().string();
}

/// Replaces the temporary and shared roots inside a message (e.g. "cannot read /tmp/...").
std::string scrubPaths(std::string text, const Side& live, const Side& next) {
  for (const Side* side : {&next, &live}) {
    if (side->root.empty()) continue;
    std::string root = side->root.string();
    for (size_t at; (at = text.find(root)) != std::string::npos;) text.replace(at, root.size(), side->label);
  }
  return text;
}

std::string oneLine(std::string s) {
  for (auto& ch : s)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return s;
}

struct DiagLine {
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;
  size_t order = 0;
  std::string text;  ///< the line(s), notes included
};

std::string location(const Diagnostic& d, const SourceManager& sources, const Side& live, const Side& next,
                     DiagLine* key) {
  if (!d.span.valid() || d.span.file >= sources.size()) return "-";
  const auto& f = sources.file(d.span.file);
  auto lc = f.lineCol(d.span.begin);
  auto path = casePath(f.path(), live, next);
  if (key) {
    key->path = path;
    key->line = lc.line;
    key->column = lc.column;
  }
  return fmt::format("{}:{}:{}", path, lc.line, lc.column);
}

/// `severity ID path:line:col: message`, notes below it indented by two spaces; sorted by
/// path, line, column, then report order.
std::string renderDiagnostics(const std::vector<const Diagnostic*>& diags, const SourceManager& sources,
                              const Side& live, const Side& next) {
  std::vector<DiagLine> lines;
  for (size_t i = 0; i < diags.size(); ++i) {
    const auto& d = *diags[i];
    DiagLine key;
    key.order = i;
    auto loc = location(d, sources, live, next, &key);
    key.text = fmt::format("{} {} {}: {}\n", severityName(d.severity), diagName(d.id), loc,
                           oneLine(scrubPaths(d.message, live, next)));
    for (const auto& n : d.notes)
      key.text += fmt::format("  {} {} {}: {}\n", severityName(n.severity), diagName(n.id),
                              location(n, sources, live, next, nullptr), oneLine(scrubPaths(n.message, live, next)));
    lines.push_back(std::move(key));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const DiagLine& a, const DiagLine& b) {
    return std::tie(a.path, a.line, a.column, a.order) < std::tie(b.path, b.line, b.column, b.order);
  });
  std::string out;
  for (const auto& l : lines) out += l.text;
  return out.empty() ? "(none)\n" : out;
}

/// plan(p, p') where p' is a second, independent load of the same files.
void selfPlan(const Side& side, const plan::PlanOptions& options, InvariantReport& report) {
  if (side.root.empty()) return;
  SourceManager sources;
  DiagnosticSink load_sink;
  Side a{side.label, side.root, nullptr, nullptr};
  Side b{side.label, side.root, nullptr, nullptr};
  load(a, sources, load_sink);
  load(b, sources, load_sink);
  DiagnosticSink sink;
  auto plan = plan::planDeployment(a.view(), b.view(), options, sink);
  checkSelfPlan(side.label, plan, sink, report);
}

}  // namespace

CaseOutcome runCase(const PlanCase& c, const RunnerPaths& paths) {
  CaseOutcome out;
  TempDir temp;
  Side live, next;
  bool needs_shared = false;
  if (auto error = prepareSide(c, "live", paths, temp.path(), live, needs_shared)) {
    out.not_run = *error;
    return out;
  }
  if (auto error = prepareSide(c, "new", paths, temp.path(), next, needs_shared)) {
    out.not_run = *error;
    return out;
  }
  if (needs_shared) {
    std::error_code ec;
    if (!fs::is_directory(paths.shared_dir, ec)) {
      out.skipped = true;
      out.not_run = "SKIPPED: ../shared is absent";
      return out;
    }
  }
  for (const Side* side : {&live, &next}) {
    std::error_code ec;
    if (!side->root.empty() && !fs::is_directory(side->root, ec)) {
      out.not_run = fmt::format("{} project folder {} does not exist", side->label, side->root.string());
      return out;
    }
  }

  SourceManager sources;
  DiagnosticSink live_sink;  // the live project is deployed already: its problems are not expected
  DiagnosticSink new_sink;
  load(live, sources, live_sink);
  load(next, sources, new_sink);

  plan::PlanOptions options;
  options.allow_destructive = c.hasOption("--allow-destructive-operations");
  DiagnosticSink plan_sink;
  auto plan = plan::planDeployment(live.view(), next.view(), options, plan_sink);
  out.plan_text = plan::renderPlanText(plan);
  out.plan_has_errors = plan_sink.hasErrors() || new_sink.hasErrors();

  std::vector<const Diagnostic*> diags;
  for (const auto& d : new_sink.all()) diags.push_back(&d);
  for (const auto& d : plan_sink.all()) diags.push_back(&d);
  out.diagnostics = renderDiagnostics(diags, sources, live, next);

  selfPlan(live, options, out.invariants);
  selfPlan(next, options, out.invariants);
  checkGeneratedSql(plan, out.invariants);
  checkSchemaEffects(plan, live.view(), next.view(), plan_sink, out.invariants);
  return out;
}

}  // namespace ferry::plantest
