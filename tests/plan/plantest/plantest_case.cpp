#include "tests/plan/plantest/plantest_case.h"

#include "compiler/base/file_text.h"

namespace ferry::plantest {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::map<std::string, std::string> parseHeader(const std::string& comment) {
  std::map<std::string, std::string> header;
  std::string* last = nullptr;
  size_t pos = 0;
  while (pos < comment.size()) {
    size_t end = comment.find('\n', pos);
    if (end == std::string::npos) end = comment.size();
    std::string_view line(comment.data() + pos, end - pos);
    pos = end + 1;
    if (line.empty() || line.front() != '#') {
      last = nullptr;
      continue;
    }
    auto body = line.substr(1);
    if (body.size() >= 2 && body.substr(0, 2) == "  " && last) {
      auto more = trim(body);
      if (!more.empty()) {
        if (!last->empty()) *last += ' ';
        *last += more;
      }
      continue;
    }
    body = trim(body);
    auto colon = body.find(':');
    if (colon == std::string_view::npos || colon == 0 || body.substr(0, colon).find(' ') != std::string_view::npos) {
      last = nullptr;
      continue;
    }
    auto& value = header[std::string(body.substr(0, colon))];
    value = std::string(trim(body.substr(colon + 1)));
    last = &value;
  }
  return header;
}

std::string PlanCase::name() const {
  if (auto n = value("name"); n && !n->empty()) return *n;
  return file.stem().string();
}

std::optional<std::string> PlanCase::value(const std::string& key) const {
  auto it = header.find(key);
  if (it == header.end()) return std::nullopt;
  return it->second;
}

bool PlanCase::hasOption(std::string_view option) const {
  auto options = value("options").value_or("");
  size_t pos = 0;
  while (pos < options.size()) {
    size_t end = options.find_first_of(" \t,", pos);
    if (end == std::string::npos) end = options.size();
    if (std::string_view(options).substr(pos, end - pos) == option) return true;
    pos = end + 1;
  }
  return false;
}

std::vector<ArchiveFile> PlanCase::projectFiles(std::string_view side) const {
  std::string prefix = std::string(side) + "/";
  std::vector<ArchiveFile> out;
  for (const auto& f : archive.files)
    if (f.name.size() > prefix.size() && f.name.compare(0, prefix.size(), prefix) == 0)
      out.push_back({f.name.substr(prefix.size()), f.data});
  return out;
}

std::optional<std::string> PlanCase::expectation(std::string_view section) const {
  if (const auto* f = archive.find(section)) return f->data;
  return std::nullopt;
}

void PlanCase::setExpectation(std::string_view section, const std::string& text) {
  std::string data = text;
  if (!data.empty() && data.back() != '\n') data += '\n';
  if (auto* f = archive.find(section)) {
    f->data = data;
    return;
  }
  // expect/plan goes before expect/diagnostics, as cases are written.
  auto at = archive.files.end();
  if (section == kExpectPlan)
    for (auto it = archive.files.begin(); it != archive.files.end(); ++it)
      if (it->name == kExpectDiagnostics) at = it;
  archive.files.insert(at, {std::string(section), data});
}

std::optional<PlanCase> readCase(const std::filesystem::path& file, std::string& error) {
  auto text = readFileText(file);
  if (!text) {
    error = "cannot read " + file.string();
    return std::nullopt;
  }
  PlanCase c;
  c.file = file;
  c.archive = parseArchive(*text);
  c.header = parseHeader(c.archive.comment);
  return c;
}

}  // namespace ferry::plantest
