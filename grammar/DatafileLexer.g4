// Tinybird datafiles (.datasource, .pipe, .incl, .connection) as the CLIs read them: line by line,
// each line split into shell-like words, `NAME >` opening a raw multi-line block.
//
// Feed this lexer one byte per code point (see compiler/datafile/line_reader.cpp) so that character
// indices are byte offsets into the file.
//
// The block rule is context-sensitive: a block ends only at a line that starts at column 0 and whose
// first word is a directive of the file's kind. After every newline the lexer asks
// nextLineEndsBlock(), which looks at the raw text of the coming line and the directive table the
// caller installed (isDirective), and picks the mode for that line: BLOCK (raw content) or the
// default mode (words).
lexer grammar DatafileLexer;

tokens { BLOCK_OPEN }

@lexer::header {
#include <functional>
#include <string>
}

@lexer::members {
  /// Whether an upper-cased word names a directive of the file kind being read.
  std::function<bool(const std::string&)> isDirective;
  /// Classic rule: a column-0 line starting with "from" (any case) never ends a block.
  bool fromNeverEndsBlock = true;

private:
  int words_on_line_ = 0;
  bool opens_block_ = false;
  bool line_broken_ = false;
  bool in_block_ = false;

  size_t peek(size_t i) { return _input->LA(static_cast<ssize_t>(i)); }
  static bool isLineEnd(size_t c) { return c == '\n' || c == '\r' || c == static_cast<size_t>(-1); }

  void countWord() {
    ++words_on_line_;
    if (words_on_line_ == 2 && getText() == ">") {
      setType(BLOCK_OPEN);
      opens_block_ = true;
    }
  }
  void countQuoted() { ++words_on_line_; }
  void brokenQuote() { ++words_on_line_; line_broken_ = true; }

  void onNewline() {
    if (opens_block_ && !line_broken_) in_block_ = true;
    words_on_line_ = 0;
    opens_block_ = false;
    line_broken_ = false;
    if (in_block_ && !nextLineEndsBlock()) {
      setMode(BLOCK);
    } else {
      in_block_ = false;
      setMode(DEFAULT_MODE);
    }
  }

  /// Mirrors the CLIs: the coming line ends the open block when it does not start with a space or
  /// a tab, splits into words without an unterminated quote, and its first word is a directive.
  bool nextLineEndsBlock() {
    size_t c = peek(1);
    if (isLineEnd(c) || c == ' ' || c == '\t') return false;
    std::string first;
    bool have_first = false;
    size_t i = 1;
    while (!isLineEnd(peek(i))) {
      c = peek(i);
      if (c == ' ' || c == '\t') { ++i; continue; }
      if (c == '#') break;
      std::string word;
      if (c == '"' || c == '\'') {
        size_t quote = c;
        word.push_back(static_cast<char>(c));
        ++i;
        while (!isLineEnd(peek(i)) && peek(i) != quote) word.push_back(static_cast<char>(peek(i++)));
        if (peek(i) != quote) return false;  // unterminated: the whole line is one junk word
        word.push_back(static_cast<char>(quote));
        ++i;
      } else {
        while (!isLineEnd(peek(i)) && peek(i) != ' ' && peek(i) != '\t' && peek(i) != '#')
          word.push_back(static_cast<char>(peek(i++) & 0xff));
      }
      if (!have_first) { first = word; have_first = true; }
    }
    if (!have_first) return false;
    std::string upper;
    for (char ch : first) upper.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch);
    if (fromNeverEndsBlock && upper.size() >= 4 && upper.compare(0, 4, "FROM") == 0) return false;
    return isDirective && isDirective(upper);
  }
public:
}

NL         : ('\r\n' | '\r' | '\n') { onNewline(); } ;
WS         : [ \t]+ -> channel(HIDDEN) ;
COMMENT    : '#' ~[\r\n]* -> channel(HIDDEN) ;
DQ_STRING  : '"' ~["\r\n]* '"' { countQuoted(); } ;
SQ_STRING  : '\'' ~['\r\n]* '\'' { countQuoted(); } ;
OPEN_QUOTE : ('"' ~["\r\n]* | '\'' ~['\r\n]*) { brokenQuote(); } ;
WORD       : ~[ \t\r\n#"'] ~[ \t\r\n#]* { countWord(); } ;

mode BLOCK;

BLOCK_NL   : ('\r\n' | '\r' | '\n') { onNewline(); } ;
/// Blank and comment-only lines produce no words, so the CLIs drop them even inside blocks.
BLOCK_SKIP : ([ \t]+ ('#' ~[\r\n]*)? | '#' ~[\r\n]*) -> channel(HIDDEN) ;
BLOCK_TEXT : ~[\r\n]+ ;
