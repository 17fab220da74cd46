#include "compiler/driver/plan_inputs.h"

#include <cstdio>
#include <iostream>
#include <random>

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

std::string shellQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

/// Runs a shell command; returns its stdout and whether it exited with 0.
std::pair<std::string, bool> run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return {out, false};
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  return {out, status == 0};
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

/// Extracts the project folder `project_dir` as it is at git revision `rev` into a fresh
/// temporary folder; returns the extracted project root, or an error message.
std::pair<fs::path, std::string> extractRevision(const fs::path& project_dir, const std::string& rev, fs::path& temp_dir) {
  auto dir = shellQuote(project_dir.string());
  auto [top, in_repo] = run("git -C " + dir + " rev-parse --show-toplevel");
  if (!in_repo) return {{}, "'" + rev + "' is not a folder, and " + project_dir.string() + " is not inside a git repository"};
  auto [prefix, ok_prefix] = run("git -C " + dir + " rev-parse --show-prefix");
  auto [commit, known] = run("git -C " + dir + " rev-parse --verify --quiet " + shellQuote(rev + "^{commit}"));
  if (!known || !ok_prefix) return {{}, "'" + rev + "' is neither a folder nor a git revision of " + trimmed(top)};
  std::random_device rd;
  temp_dir = fs::temp_directory_path() / ("ferry-base-" + std::to_string(rd()) + std::to_string(rd()));
  std::error_code ec;
  fs::create_directories(temp_dir, ec);
  if (ec) return {{}, "cannot create a temporary folder: " + ec.message()};
  prefix = trimmed(prefix);
  // `git archive` of the sub-folder; an empty prefix is the whole repository.
  std::string command = "git -C " + shellQuote(trimmed(top)) + " archive --format=tar " + shellQuote(trimmed(commit));
  if (!prefix.empty()) command += " -- " + shellQuote(prefix);
  command += " | tar -x -C " + shellQuote(temp_dir.string());
  auto [unused, extracted] = run(command);
  (void)unused;
  fs::path root = temp_dir / prefix;
  if (!extracted) {
    // The folder did not exist at that revision: the live project is empty.
    fs::create_directories(root, ec);
  }
  return {root, {}};
}

LoadedProject load(const fs::path& root, SourceManager& sources, DiagnosticSink& sink) {
  LoadedProject p;
  p.root = root;
  p.project = project::loadProject(root, sources, sink);
  p.analysis = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*p.project, sink));
  return p;
}

}  // namespace

PlanInputs::~PlanInputs() {
  if (!temp_dir.empty()) {
    std::error_code ec;
    fs::remove_all(temp_dir, ec);
  }
}

std::unique_ptr<PlanInputs> loadPlanInputs(const std::string& path, const std::string& base) {
  auto inputs = std::make_unique<PlanInputs>();
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    std::cerr << "error[" << diagName(DiagId::PRJ_NOT_FOUND) << "]: " << path << " is not a project folder\n";
    return nullptr;
  }
  if (!base.empty()) {
    fs::path live_root;
    if (fs::is_directory(base, ec)) {
      live_root = base;
      auto shown = fs::relative(base, fs::current_path(ec), ec);
      inputs->base_label = "folder " + (ec || shown.empty() ? base : shown.generic_string());
    } else {
      auto [root, error] = extractRevision(fs::absolute(path), base, inputs->temp_dir);
      if (!error.empty()) {
        std::cerr << "error[" << diagName(DiagId::PLAN_BASE_NOT_FOUND) << "]: --base " << error << "\n";
        return nullptr;
      }
      live_root = root;
      inputs->base_label = "git revision " + base;
    }
    /// The live project is deployed already: its own problems are not this deployment's.
    DiagnosticSink live_sink;
    inputs->live = load(live_root, inputs->sources, live_sink);
  }
  inputs->live_file_count = inputs->sources.size();
  inputs->next = load(path, inputs->sources, inputs->sink);
  return inputs;
}

}  // namespace ferry::driver
