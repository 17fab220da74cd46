/// txtar archives (golang.org/x/tools/txtar): a free-text comment, then files introduced by
/// `-- NAME --` marker lines. The `.plantest` golden files are txtar archives because two
/// project trees and their expected plan then live in one file that is easy to write by hand
/// and diffs well in review.
///
/// Parsing never fails and keeps every byte: formatting a parsed archive gives back the exact
/// text, so `--update` can replace the expectation sections and leave the rest untouched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ferry::plantest {

struct ArchiveFile {
  std::string name;  ///< the marker's name, e.g. `live/datasources/events.datasource`
  std::string data;  ///< the lines after the marker up to the next one, newlines included
};

struct Archive {
  std::string comment;  ///< everything before the first marker
  std::vector<ArchiveFile> files;

  const ArchiveFile* find(std::string_view name) const;
  ArchiveFile* find(std::string_view name);
};

/// A marker line is exactly `-- NAME --` with a non-empty NAME (surrounding spaces trimmed).
Archive parseArchive(std::string_view text);
/// The inverse of parseArchive: comment, then each file as `-- NAME --\n` + data. A file's data
/// that does not end in a newline gets one when another marker follows (as txtar does).
std::string formatArchive(const Archive& archive);

}  // namespace ferry::plantest
