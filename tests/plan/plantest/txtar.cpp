#include "tests/plan/plantest/txtar.h"

#include <optional>

namespace ferry::plantest {

namespace {

/// The name of a marker line (without its newline), or nullopt when it is not one.
std::optional<std::string> markerName(std::string_view line) {
  if (line.size() < 7 || line.substr(0, 3) != "-- " || line.substr(line.size() - 3) != " --") return std::nullopt;
  auto name = line.substr(3, line.size() - 6);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty()) return std::nullopt;
  return std::string(name);
}

}  // namespace

const ArchiveFile* Archive::find(std::string_view name) const {
  for (const auto& f : files)
    if (f.name == name) return &f;
  return nullptr;
}

ArchiveFile* Archive::find(std::string_view name) {
  for (auto& f : files)
    if (f.name == name) return &f;
  return nullptr;
}

Archive parseArchive(std::string_view text) {
  Archive archive;
  std::string* current = &archive.comment;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    size_t next = end == std::string_view::npos ? text.size() : end + 1;
    auto line = text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
    if (auto name = markerName(line)) {
      archive.files.push_back({*name, {}});
      current = &archive.files.back().data;
    } else {
      current->append(text.substr(pos, next - pos));
    }
    pos = next;
  }
  return archive;
}

std::string formatArchive(const Archive& archive) {
  std::string out = archive.comment;
  for (const auto& f : archive.files) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += "-- " + f.name + " --\n";
    out += f.data;
  }
  return out;
}

}  // namespace ferry::plantest
