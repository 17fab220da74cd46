#include "compiler/datafile/include_expansion.h"

#include <filesystem>
#include <string>

#include "compiler/datafile/cli_text.h"

namespace ferry::datafile {

namespace {

constexpr int kMaxIncludes = 64;

void reportInternal(const std::vector<std::pair<uint32_t, std::string>>& errors, const OriginText& text,
                    DiagnosticSink& sink) {
  for (auto& [offset, message] : errors)
    sink.report(DiagId::DF_INTERNAL_SYNTAX, text.span(offset, offset + 1), "datafile grammar: " + message);
}

uint32_t endWithNewline(const std::string& text, uint32_t line_end) {
  if (line_end < text.size() && text[line_end] == '\r')
    return line_end + ((line_end + 1 < text.size() && text[line_end + 1] == '\n') ? 2 : 1);
  if (line_end < text.size() && text[line_end] == '\n') return line_end + 1;
  return line_end;
}

}  // namespace

std::vector<RawEntry> expandIncludes(OriginText& text, SourceManager& sources, const LineReaderOptions& reader,
                                     const ParseOptions& options, std::vector<Include>& includes,
                                     DiagnosticSink& sink) {
  int expanded = 0;
  while (true) {
    std::vector<std::pair<uint32_t, std::string>> internal;
    auto entries = readEntries(text.text(), reader, &internal);
    const RawEntry* include = nullptr;
    for (auto& e : entries) {
      if (e.is_block || e.broken() || e.words.front().quoted) continue;
      auto& w = e.words.front();
      if (toUpper(std::string_view(text.text()).substr(w.begin, w.end - w.begin)) == "INCLUDE") {
        include = &e;
        break;
      }
    }
    if (!include) {
      reportInternal(internal, text, sink);
      return entries;
    }
    const std::string& t = text.text();
    auto wordText = [&](const RawWord& w) { return std::string_view(t).substr(w.begin, w.end - w.begin); };
    Span line_span = text.span(include->line_begin, include->line_end);
    Span name_span = text.span(include->words[0].begin, include->words[0].end);
    uint32_t replace_end = endWithNewline(t, include->line_end);
    std::vector<OriginText::Piece> pieces;

    if (options.dialect == Dialect::Forward)
      sink.report(DiagId::DF_CLASSIC_ONLY, name_span, "INCLUDE is not supported yet",
                  "INCLUDE is a Tinybird Classic feature; the included lines are read in its place");
    Include inc;
    inc.span = line_span;
    bool ok = true;
    if (include->words.size() < 2) {
      sink.report(DiagId::DF_INCLUDE_ARGUMENT, name_span, "INCLUDE needs the path of the file to include");
      ok = false;
    } else {
      inc.path = std::string(unquote(wordText(include->words[1])));
      for (size_t i = 2; i < include->words.size(); ++i) {
        auto kv = splitKeyValue(unquote(wordText(include->words[i])));
        if (!kv) {
          sink.report(DiagId::DF_INCLUDE_ARGUMENT, text.span(include->words[i].begin, include->words[i].end),
                      "INCLUDE arguments must be KEY=value");
          continue;
        }
        inc.params.push_back(*kv);
      }
    }
    if (ok && ++expanded > kMaxIncludes) {
      sink.report(DiagId::DF_INCLUDE_TOO_DEEP, line_span,
                  "Too many INCLUDEs (more than " + std::to_string(kMaxIncludes) + "); does a file include itself?");
      ok = false;
    }
    if (ok) {
      std::string path = expandTemplate(inc.path, options.environment);
      FileId including = text.fileAt(include->line_begin);
      std::filesystem::path base = including < sources.size()
                                       ? std::filesystem::path(sources.file(including).path()).parent_path()
                                       : std::filesystem::path();
      std::filesystem::path p(path);
      inc.resolved = (p.is_absolute() ? p : base / p).lexically_normal().string();
      auto reader_fn = options.read_file ? options.read_file : diskReader();
      auto content = reader_fn(inc.resolved);
      if (!content) {
        uint32_t line = including < sources.size()
                            ? sources.file(including).lineCol(text.fileOffset(include->line_begin)).line
                            : 0;
        sink.report(DiagId::DF_INCLUDE_NOT_FOUND, text.span(include->words[1].begin, include->words[1].end),
                    "Included file " + path + " at line " + std::to_string(line) + " not found");
      } else {
        inc.file = sources.add(inc.resolved, std::move(*content));
        const std::string& body = sources.file(inc.file).text();
        auto params = inc.params;
        VariableLookup lookup = [params](std::string_view key) -> std::optional<std::string> {
          for (auto& [k, v] : params)
            if (k == key) return v;
          return std::nullopt;
        };
        for (auto& piece : expandTemplatePieces(body, lookup)) {
          uint32_t len = piece.source_end - piece.source_begin;
          pieces.push_back({piece.text, inc.file, piece.source_begin, len});
        }
        if (!body.empty() && body.back() != '\n' && body.back() != '\r')
          pieces.push_back({"\n", inc.file, static_cast<uint32_t>(body.size()), 0});
      }
    }
    includes.push_back(std::move(inc));
    text.replace(include->line_begin, replace_end, pieces);
  }
}

}  // namespace ferry::datafile
