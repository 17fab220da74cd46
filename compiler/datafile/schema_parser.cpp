#include "compiler/datafile/schema_parser.h"

#include <array>
#include <initializer_list>
#include <string>

#include "compiler/datafile/cli_text.h"

namespace ferry::datafile {

namespace {

enum class Attr { Null, NotNull, Default, Materialized, Alias, Codec, Ttl, JsonPath, Comma, NewLine, Type };

std::string_view attrName(Attr a) {
  switch (a) {
    case Attr::Null: return "NULL";
    case Attr::NotNull: return "NOTNULL";
    case Attr::Default: return "DEFAULT";
    case Attr::Materialized: return "MATERIALIZED";
    case Attr::Alias: return "ALIAS";
    case Attr::Codec: return "CODEC";
    case Attr::Ttl: return "TTL";
    case Attr::JsonPath: return "JSONPATH";
    case Attr::Comma: return "COMMA";
    case Attr::NewLine: return "NEW_LINE";
    case Attr::Type: return "TYPE";
  }
  return "";
}

bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._`*<>+-'").find(c) != std::string_view::npos;
}
bool isExprChar(char c) {
  return isNameChar(c) || std::string_view("[](),=!?:/ \n\t\r").find(c) != std::string_view::npos;
}

/// Cuts each line at the first `--` outside a `json:...` backtick span.
std::string_view cutComment(std::string_view line) {
  bool in_json = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (!in_json && i + 1 < line.size() && line[i] == '-' && line[i + 1] == '-') return rstrip(line.substr(0, i));
    if (!in_json && line.substr(i, 6) == "`json:")
      in_json = true;
    else if (in_json && line[i] == '`')
      in_json = false;
  }
  return line;
}

class SchemaScanner {
 public:
  SchemaScanner(const std::vector<BlockLine>& lines, const SpanOf& span_of, Dialect dialect, DiagnosticSink& sink)
      : span_of_(span_of), dialect_(dialect), sink_(sink) {
    for (size_t l = 0; l < lines.size(); ++l) {
      auto cut = cutComment(lines[l].text);
      starts_.push_back({static_cast<uint32_t>(text_.size()), lines[l].offset});
      text_ += cut;
      text_ += '\n';
    }
    // The CLI scans rstrip()-ed text.
    while (!text_.empty() && isWs(text_.back())) text_.pop_back();
  }

  std::vector<Column> run();

 private:
  struct LineStart {
    uint32_t local;
    uint32_t origin;
  };
  uint32_t origin(uint32_t local) const {
    const LineStart* best = nullptr;
    for (auto& s : starts_)
      if (s.local <= local) best = &s;
    return best ? best->origin + (local - best->local) : local;
  }
  Span span(uint32_t b, uint32_t e) const {
    // Ranges may cross lines; each end is mapped on its own line.
    uint32_t ob = origin(b);
    uint32_t oe = e > b ? origin(e - 1) + 1 : ob;
    return span_of_(ob, oe < ob ? ob : oe);
  }
  SpannedText spanned(uint32_t b, uint32_t e) const { return {text_.substr(b, e - b), span(b, e)}; }

  bool matches(Attr a, size_t at) const;
  std::optional<Attr> lookahead(std::initializer_list<Attr> set) const {
    for (auto a : set)
      if (matches(a, i_)) return a;
    return std::nullopt;
  }
  void skipWs() {
    while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\r' || text_[i_] == '\n'))
      ++i_;
  }
  void fail(DiagId id, uint32_t at, std::string message, std::string hint = {}) {
    fail(id, at, at < text_.size() ? at + 1 : at, std::move(message), std::move(hint));
  }
  void fail(DiagId id, uint32_t b, uint32_t e, std::string message, std::string hint = {}) {
    sink_.report(id, span(b, e), std::move(message), std::move(hint));
    failed_ = true;
  }
  bool parseName();
  /// Reads an expression up to one of `stops` at top level; returns [begin, end) after stripping.
  std::optional<std::pair<uint32_t, uint32_t>> parseExpr(std::initializer_list<Attr> stops, std::string_view attribute);
  bool parseBackticked(uint32_t& b, uint32_t& e);
  void finishColumn();
  void recover();

  const SpanOf& span_of_;
  Dialect dialect_;
  DiagnosticSink& sink_;
  std::string text_;
  std::vector<LineStart> starts_;
  size_t i_ = 0;
  bool failed_ = false;

  // The column being read.
  bool have_name_ = false;
  uint32_t col_start_ = 0;
  Column col_;
  std::vector<Attr> valid_next_;
  std::optional<Attr> last_;
  std::vector<Column> columns_;
};

bool SchemaScanner::matches(Attr a, size_t at) const {
  const std::string& s = text_;
  auto atEndOrBoundary = [&](size_t k) {
    return k >= s.size() || !isWordChar(s[k]) || false;
  };
  auto keyword = [&](size_t k, std::string_view word) -> std::optional<size_t> {
    if (k + word.size() > s.size()) return std::nullopt;
    if (!equalsIgnoreCase(std::string_view(s).substr(k, word.size()), word)) return std::nullopt;
    return k + word.size();
  };
  auto wsRun = [&](size_t k) -> std::optional<size_t> {
    size_t j = k;
    while (j < s.size() && isWs(s[j])) ++j;
    if (j == k) return std::nullopt;
    return j;
  };
  switch (a) {
    case Attr::Comma: return at < s.size() && s[at] == ',';
    case Attr::Type: return true;
    case Attr::NewLine: return at < s.size() && isWs(s[at]) && at + 1 >= s.size();
    case Attr::JsonPath: {
      auto j = wsRun(at);
      return j && keyword(*j, "`json:");
    }
    case Attr::NotNull: {
      auto j = wsRun(at);
      if (!j) return false;
      auto k = keyword(*j, "NOT");
      if (!k) return false;
      auto m = wsRun(*k);
      if (!m) return false;
      auto n = keyword(*m, "NULL");
      return n && atEndOrBoundary(*n);
    }
    default: {
      auto j = wsRun(at);
      if (!j) return false;
      auto k = keyword(*j, attrName(a));
      return k && atEndOrBoundary(*k);
    }
  }
}

bool SchemaScanner::parseBackticked(uint32_t& b, uint32_t& e) {
  b = static_cast<uint32_t>(i_);
  while (i_ < text_.size()) {
    char c = text_[i_];
    if (c == '`') {
      e = static_cast<uint32_t>(i_);
      ++i_;
      return true;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      fail(DiagId::DF_SCHEMA_UNCLOSED_BACKTICK, static_cast<uint32_t>(i_), "Expected closing backtick");
      return false;
    }
    ++i_;
  }
  fail(DiagId::DF_SCHEMA_UNCLOSED_BACKTICK, static_cast<uint32_t>(i_), "Expected closing backtick");
  return false;
}

bool SchemaScanner::parseName() {
  col_start_ = static_cast<uint32_t>(i_);
  if (text_[i_] == '`') {
    ++i_;
    uint32_t b, e;
    if (!parseBackticked(b, e)) return false;
    col_.name = spanned(b, e);
    col_.backquoted = true;
    return true;
  }
  uint32_t b = static_cast<uint32_t>(i_);
  while (i_ < text_.size()) {
    char c = text_[i_];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') break;
    if (!isNameChar(c)) {
      std::string shown = c == '\'' ? "\"'\"" : "'" + std::string(1, c) + "'";
      fail(DiagId::DF_SCHEMA_NAME_CHARACTER, static_cast<uint32_t>(i_), "Column name contains invalid character " + shown,
           "use backticks");
      return false;
    }
    ++i_;
  }
  col_.name = spanned(b, static_cast<uint32_t>(i_));
  return true;
}

std::optional<std::pair<uint32_t, uint32_t>> SchemaScanner::parseExpr(std::initializer_list<Attr> stops,
                                                                       std::string_view attribute) {
  size_t begin = i_;
  std::vector<char> stack;
  auto result = [&](size_t end) -> std::pair<uint32_t, uint32_t> {
    size_t b = begin, e = end;
    while (b < e && isWs(text_[b])) ++b;
    while (e > b && isWs(text_[e - 1])) --e;
    return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
  };
  while (i_ < text_.size()) {
    char ctx = stack.empty() ? 0 : stack.back();
    char c = text_[i_];
    if ((ctx == '\'' && c == '\'') || (ctx == '"' && c == '"') || (ctx == '(' && c == ')')) {
      stack.pop_back();
    } else if ((c == '\'' || c == '"' || c == '(') && (ctx == 0 || ctx == '(')) {
      stack.push_back(c);
    } else if (ctx == 0 && lookahead(stops)) {
      if (i_ == begin) {
        fail(DiagId::DF_SCHEMA_MISSING_VALUE, static_cast<uint32_t>(i_), "Missing mandatory value for " + std::string(attribute));
        return std::nullopt;
      }
      return result(i_);
    } else if ((ctx == 0 || ctx == '(') && !isExprChar(c)) {
      std::string shown = c == '\'' ? "\"'\"" : "'" + std::string(1, c) + "'";
      fail(DiagId::DF_SCHEMA_INVALID_CHARACTER, static_cast<uint32_t>(i_), "Invalid character " + shown);
      return std::nullopt;
    }
    ++i_;
  }
  if (!stack.empty()) {
    char open = stack.back();
    std::string closing = open == '(' ? ")" : std::string(1, open);
    fail(DiagId::DF_SCHEMA_UNCLOSED, static_cast<uint32_t>(i_), "Expected closing " + closing);
    return std::nullopt;
  }
  if (i_ == begin) {
    fail(DiagId::DF_SCHEMA_MISSING_VALUE, static_cast<uint32_t>(i_), "Missing mandatory value for " + std::string(attribute));
    return std::nullopt;
  }
  return result(i_);
}

void SchemaScanner::finishColumn() {
  if (!failed_) {
    if (col_.name.empty() || (col_.type.empty() && col_.default_expr.empty())) {
      fail(DiagId::DF_SCHEMA_COLUMN_INCOMPLETE, col_start_, "Column name and either type or DEFAULT are required");
    } else {
      col_.span = span(col_start_, static_cast<uint32_t>(std::min(i_, text_.size())));
      // The column ends before the comma that closed it.
      uint32_t e = static_cast<uint32_t>(std::min(i_, text_.size()));
      while (e > col_start_ && (isWs(text_[e - 1]) || text_[e - 1] == ',')) --e;
      col_.span = span(col_start_, e);
      columns_.push_back(std::move(col_));
    }
  }
  col_ = Column{};
  have_name_ = false;
  failed_ = false;
  last_.reset();
}

/// After an error: skips to the next top-level comma (outside quotes, backticks and parentheses).
void SchemaScanner::recover() {
  int depth = 0;
  char quote = 0;
  while (i_ < text_.size()) {
    char c = text_[i_];
    if (quote) {
      if (c == quote || (quote == '`' && c == '\n')) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth > 0) --depth;
    } else if (c == ',' && depth == 0) {
      ++i_;
      break;
    }
    ++i_;
  }
  col_ = Column{};
  have_name_ = false;
  failed_ = false;
  last_.reset();
}

std::vector<Column> SchemaScanner::run() {
  using A = Attr;
  const std::initializer_list<Attr> kAll = {A::Null, A::NotNull, A::Default, A::Materialized, A::Alias, A::Codec,
                                            A::Ttl,  A::JsonPath, A::Comma,  A::NewLine,     A::Type};
  while (i_ < text_.size()) {
    if (!have_name_) {
      skipWs();
      if (i_ >= text_.size()) break;
      valid_next_ = {A::Null, A::NotNull, A::Default, A::Materialized, A::Alias, A::Codec, A::Ttl, A::JsonPath, A::Comma, A::Type};
      if (!parseName()) {
        recover();
        continue;
      }
      have_name_ = true;
      if (!col_.backquoted && col_.name.text == "INDEX") {
        fail(DiagId::DF_SCHEMA_INDEX, col_start_, static_cast<uint32_t>(i_), "Forbidden INDEX definition",
             "Indexes are not allowed in SCHEMA section. Use the INDEXES section instead");
        recover();
      }
      continue;
    }
    auto found = *lookahead(kAll);
    bool allowed = false;
    for (auto a : valid_next_) allowed = allowed || a == found;
    if (!allowed) {
      std::string after = last_ ? " after " + std::string(attrName(*last_)) : "";
      skipWs();
      fail(DiagId::DF_SCHEMA_UNEXPECTED, static_cast<uint32_t>(std::min(i_, text_.size())),
           "Unexpected " + std::string(attrName(found)) + after);
      recover();
      continue;
    }
    switch (found) {
      case A::Type: {
        skipWs();
        valid_next_ = {A::Null, A::NotNull, A::Default, A::Materialized, A::Alias, A::Codec, A::Ttl, A::JsonPath, A::Comma, A::NewLine};
        auto range = parseExpr({A::Null, A::NotNull, A::Default, A::Materialized, A::Alias, A::Codec, A::Ttl, A::JsonPath, A::Comma}, "TYPE");
        if (!range) break;
        col_.type = spanned(range->first, range->second);
        auto lower = toLower(col_.type.text);
        // Type checks: the column stays in the tree (its parts are known), only the type is flagged.
        auto flag = [&](DiagId id, std::string message, std::string hint) {
          sink_.report(id, span(range->first, range->second), std::move(message), std::move(hint));
        };
        if (lower.find("boolean") != std::string::npos) {
          flag(DiagId::DF_SCHEMA_BOOLEAN, "Boolean type is not supported", "use Bool or UInt8 instead");
        } else if (lower.find("datetime64") != std::string::npos && lower.find("datetime64(") == std::string::npos) {
          flag(DiagId::DF_SCHEMA_DATETIME64_PRECISION, "DateTime64 type without precision is not supported",
               "use DateTime64(3) instead");
        } else if (col_.type.text == "Int" || col_.type.text == "UInt") {
          const auto& t = col_.type.text;
          flag(DiagId::DF_SCHEMA_INT_PRECISION, "Precision is mandatory for " + t + " types",
               "use one of " + t + "8, " + t + "16, " + t + "32, " + t + "64, " + t + "128, " + t + "256");
        }
        break;
      }
      case A::Null:
        skipWs();
        fail(DiagId::DF_SCHEMA_NULL, static_cast<uint32_t>(i_), static_cast<uint32_t>(i_ + 4), "NULL column syntax not supported",
             "use Nullable(...)");
        break;
      case A::NotNull: {
        skipWs();
        uint32_t b = static_cast<uint32_t>(i_);
        fail(DiagId::DF_SCHEMA_NOT_NULL, b, b + 3, "NOT NULL column syntax not supported",
             "Columns are not nullable by default");
        break;
      }
      case A::Default:
      case A::Codec:
      case A::Materialized: {
        skipWs();
        uint32_t kw = static_cast<uint32_t>(i_);
        std::string_view name = attrName(found);
        i_ += name.size();
        if (found == A::Materialized) {
          if (dialect_ == Dialect::Forward)
            sink_.report(DiagId::DF_SCHEMA_MATERIALIZED, span(kw, kw + static_cast<uint32_t>(name.size())),
                         "MATERIALIZED columns are not supported",
                         "MATERIALIZED columns are a Tinybird Classic feature");
          valid_next_ = {A::Codec, A::Comma, A::JsonPath, A::Ttl, A::Null, A::NotNull};
        } else if (found == A::Default) {
          valid_next_ = {A::Codec, A::Comma, A::JsonPath, A::Materialized, A::Ttl, A::Null, A::NotNull};
        } else {
          valid_next_ = {A::Comma, A::JsonPath, A::Materialized, A::Ttl, A::Null, A::NotNull};
        }
        auto range = parseExpr({A::NotNull, A::Default, A::Materialized, A::Alias, A::Codec, A::Ttl, A::JsonPath, A::Comma}, name);
        if (!range) break;
        auto value = spanned(range->first, range->second);
        if (found == A::Default)
          col_.default_expr = value;
        else if (found == A::Codec)
          col_.codec = value;
        else
          col_.materialized = value;
        break;
      }
      case A::Alias:
        skipWs();
        fail(DiagId::DF_SCHEMA_ALIAS, static_cast<uint32_t>(i_), static_cast<uint32_t>(i_ + 5), "ALIAS columns are not supported");
        break;
      case A::Ttl:
        skipWs();
        fail(DiagId::DF_SCHEMA_COLUMN_TTL, static_cast<uint32_t>(i_), static_cast<uint32_t>(i_ + 3), "column TTL is not supported");
        break;
      case A::JsonPath: {
        skipWs();
        i_ += 6;
        uint32_t b, e;
        if (parseBackticked(b, e)) col_.json_path = spanned(b, e);
        break;
      }
      case A::Comma:
        ++i_;
        valid_next_.clear();
        finishColumn();
        continue;
      case A::NewLine:
        ++i_;
        break;
    }
    if (failed_) {
      recover();
      continue;
    }
    last_ = found;
  }
  if (have_name_) finishColumn();
  return std::move(columns_);
}

}  // namespace

std::vector<Column> parseSchema(const std::vector<BlockLine>& lines, const SpanOf& span_of, Dialect dialect,
                                DiagnosticSink& sink) {
  SchemaScanner scanner(lines, span_of, dialect, sink);
  return scanner.run();
}

}  // namespace ferry::datafile
