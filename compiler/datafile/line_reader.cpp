#include "compiler/datafile/line_reader.h"

#include "DatafileLexer.h"
#include "DatafileParser.h"
#include "antlr4-runtime.h"

namespace ferry::datafile {

namespace {

namespace g = ferry::grammar::datafile;

/// Feeds the lexer one byte per character, so that token indices are byte offsets and any byte
/// sequence (invalid UTF-8, NUL) is readable.
class ByteStream : public antlr4::ANTLRInputStream {
 public:
  explicit ByteStream(std::string_view text) {
    _data.resize(text.size());
    for (size_t i = 0; i < text.size(); ++i) _data[i] = static_cast<unsigned char>(text[i]);
    p = 0;
  }
};

class CollectErrors : public antlr4::BaseErrorListener {
 public:
  explicit CollectErrors(std::vector<std::pair<uint32_t, std::string>>* out) : out_(out) {}
  void syntaxError(antlr4::Recognizer*, antlr4::Token* token, size_t, size_t, const std::string& msg,
                   std::exception_ptr) override {
    if (out_) out_->emplace_back(token ? static_cast<uint32_t>(token->getStartIndex()) : 0u, msg);
  }

 private:
  std::vector<std::pair<uint32_t, std::string>>* out_;
};

RawWord wordOf(g::DatafileParser::WordContext* w) {
  auto* tok = w->getStart();
  RawWord out;
  out.begin = static_cast<uint32_t>(tok->getStartIndex());
  out.end = static_cast<uint32_t>(tok->getStopIndex() + 1);
  out.quoted = tok->getType() == g::DatafileLexer::DQ_STRING || tok->getType() == g::DatafileLexer::SQ_STRING;
  out.unterminated = tok->getType() == g::DatafileLexer::OPEN_QUOTE;
  return out;
}

uint32_t lineStartBefore(std::string_view text, uint32_t offset) {
  while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r') --offset;
  return offset;
}

uint32_t lineEndAfter(std::string_view text, uint32_t offset) {
  while (offset < text.size() && text[offset] != '\n' && text[offset] != '\r') ++offset;
  return offset;
}

}  // namespace

bool RawEntry::broken() const {
  for (auto& w : words)
    if (w.unterminated) return true;
  return false;
}

std::vector<RawEntry> readEntries(std::string_view text, const LineReaderOptions& options,
                                  std::vector<std::pair<uint32_t, std::string>>* internal_errors) {
  ByteStream input(text);
  g::DatafileLexer lexer(&input);
  lexer.isDirective = options.is_directive;
  lexer.fromNeverEndsBlock = options.from_never_ends_block;
  CollectErrors errors(internal_errors);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&errors);
  antlr4::CommonTokenStream tokens(&lexer);
  g::DatafileParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&errors);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  auto* tree = parser.datafile();

  std::vector<RawEntry> entries;
  for (auto* entry : tree->entry()) {
    RawEntry out;
    if (auto* block = entry->blockDirective()) {
      out.is_block = true;
      auto words = block->word();
      if (!words.empty()) out.words.push_back(wordOf(words[0]));
      auto* open = block->BLOCK_OPEN()->getSymbol();
      out.words.push_back({static_cast<uint32_t>(open->getStartIndex()), static_cast<uint32_t>(open->getStopIndex() + 1),
                           false, false});
      for (size_t i = 1; i < words.size(); ++i) out.words.push_back(wordOf(words[i]));
      if (auto* body = block->blockBody()) {
        for (auto* t : body->BLOCK_TEXT()) {
          auto* sym = t->getSymbol();
          RawBlockLine line;
          line.end = static_cast<uint32_t>(sym->getStopIndex() + 1);
          line.begin = lineStartBefore(text, static_cast<uint32_t>(sym->getStartIndex()));
          line.has_newline = line.end < text.size();
          out.block_lines.push_back(line);
        }
      }
    } else if (auto* directive = entry->directive()) {
      for (auto* w : directive->word()) out.words.push_back(wordOf(w));
    } else {
      continue;  // an empty line
    }
    if (out.words.empty()) continue;
    out.line_begin = lineStartBefore(text, out.words.front().begin);
    out.line_end = lineEndAfter(text, out.words.back().end);
    entries.push_back(std::move(out));
  }
  return entries;
}

}  // namespace ferry::datafile
