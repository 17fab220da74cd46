#include "compiler/lsp/datafile_lines.h"

#include <algorithm>

#include "compiler/datafile/directive_table.h"
#include "compiler/lsp/completion_items.h"

namespace ferry::lsp::complete {

std::vector<std::string> splitWords(std::string_view line, bool* unterminated) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '#') break;
    std::string word;
    if (c == '"' || c == '\'') {
      size_t close = line.find(c, i + 1);
      if (close == std::string_view::npos) {
        if (unterminated) *unterminated = true;
        words.emplace_back(line.substr(i + 1));
        break;
      }
      words.emplace_back(line.substr(i + 1, close - i - 1));
      i = close + 1;
      continue;
    }
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '#') word.push_back(line[i++]);
    words.push_back(std::move(word));
  }
  return words;
}

bool endsBlock(std::string_view line, datafile::DatafileKind kind) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#') return false;
  bool unterminated = false;
  auto words = splitWords(line, &unterminated);
  if (words.empty() || (unterminated && words.size() == 1)) return false;
  if (line[0] == '"' || line[0] == '\'') return false;  // a quoted word is never a directive
  std::string first = upper(words.front());
  if (first.starts_with("FROM")) return false;
  return datafile::findDirective(kind, first) != nullptr;
}

std::vector<Line> readLines(std::string_view text, datafile::DatafileKind kind) {
  std::vector<Line> lines;
  int open_block = -1;
  size_t pos = 0;
  while (true) {
    size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    Line line;
    line.begin = static_cast<uint32_t>(pos);
    line.end = static_cast<uint32_t>(end);
    std::string_view content = text.substr(pos, end - pos);
    if (open_block >= 0 && !endsBlock(content, kind)) {
      line.block = open_block;
    } else {
      open_block = -1;
      bool unterminated = false;
      line.words = splitWords(content, &unterminated);
      if (!line.words.empty()) {
        line.directive = true;
        line.name = upper(line.words.front());
        line.opens_block = line.words.size() >= 2 && line.words[1] == ">" && !unterminated;
        if (line.opens_block) open_block = static_cast<int>(lines.size());
      }
    }
    lines.push_back(std::move(line));
    if (end >= text.size()) break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

size_t lineAt(const std::vector<Line>& lines, uint32_t offset) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (offset <= lines[i].end) return i;
  return lines.size() - 1;
}

Scope scopeOf(const std::vector<Line>& lines, size_t at) {
  Scope s;
  for (size_t i = 0; i < at; ++i)
    if (lines[i].directive && lines[i].name == "NODE") s.node_line = static_cast<int>(i);
  s.first = s.node_line >= 0 ? static_cast<size_t>(s.node_line) : 0;
  s.last = lines.size();
  for (size_t i = at + 1; i < lines.size(); ++i)
    if (lines[i].directive && lines[i].name == "NODE") {
      s.last = i;
      break;
    }
  if (s.node_line < 0) {
    // Before the first NODE: the file-level lines end where the first node begins.
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i].directive && lines[i].name == "NODE") {
        s.last = std::min(s.last, i);
        break;
      }
  }
  return s;
}

std::string canonicalDirective(datafile::DatafileKind kind, const std::string& name) {
  const datafile::DirectiveSpec* spec = datafile::findDirective(kind, name);
  return spec ? std::string(spec->canonicalName()) : name;
}

}  // namespace ferry::lsp::complete
