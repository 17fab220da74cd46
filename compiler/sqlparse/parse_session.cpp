#include "compiler/sqlparse/parse_session.h"

#include "compiler/sqlparse/syntax_error_listener.h"

namespace ferry::sql::detail {

namespace {

/// Parentheses and prefix operators recurse in the grammar and in the tree walks; beyond
/// this depth the statement is rejected instead of risking the stack.
constexpr int kMaxNesting = 200;

}  // namespace

ByteInputStream::ByteInputStream(std::string_view text) {
  _data.resize(text.size());
  for (size_t i = 0; i < text.size(); ++i) _data[i] = static_cast<unsigned char>(text[i]);
  p = 0;
}

ParseSession::ParseSession(std::string_view text, const SourceMap& map, DiagnosticSink& sink,
                           uint32_t base)
    : text_(text), map_(map), sink_(sink), base_(base), input_(text), lexer_(&input_), tokens_(&lexer_),
      parser_(&tokens_) {
  lexer_.removeErrorListeners();
  parser_.removeErrorListeners();
}

bool ParseSession::tooDeep() {
  tokens_.fill();
  // Brackets nest; inside one bracket level, `->` and `?` nest to their right until the next
  // ',' (lambda and ternary chains), and a run of prefix NOT / '-' nests as well.
  std::vector<int> right_nesting{0};
  int depth = 0;
  int prefix_run = 0;
  for (antlr4::Token* token : tokens_.getTokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    switch (token->getType()) {
      case P::LPAREN:
      case P::LBRACKET:
      case P::LBRACE:
      case P::CASE:
        ++depth;
        right_nesting.push_back(0);
        break;
      case P::RPAREN:
      case P::RBRACKET:
      case P::RBRACE:
      case P::END:
        if (right_nesting.size() > 1) {
          depth -= 1 + right_nesting.back();
          right_nesting.pop_back();
        }
        break;
      case P::ARROW:
      case P::QUESTION:
        ++depth;
        ++right_nesting.back();
        break;
      case P::COMMA:
        depth -= right_nesting.back();
        right_nesting.back() = 0;
        break;
      default:
        break;
    }
    bool prefix = token->getType() == P::NOT || token->getType() == P::MINUS;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (depth + prefix_run > kMaxNesting) {
      uint32_t begin = static_cast<uint32_t>(token->getStartIndex());
      sink_.report(DiagId::SQL_TOO_DEEPLY_NESTED, span(begin, begin + 1),
                   "the statement nests more than " + std::to_string(kMaxNesting) + " levels deep");
      return true;
    }
  }
  return false;
}

bool ParseSession::empty() {
  for (antlr4::Token* token : tokens_.getTokens()) {
    if (token->getType() == antlr4::Token::EOF) break;
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return false;
  }
  auto end = static_cast<uint32_t>(text_.size());
  sink_.report(DiagId::SQL_EMPTY_QUERY, span(end, end), "expected SQL, found only blanks and comments");
  return true;
}

antlr4::ParserRuleContext* ParseSession::invoke(EntryRule rule) {
  switch (rule) {
    case EntryRule::Query:
      return parser_.queryEntry();
    case EntryRule::Expression:
      return parser_.expressionEntry();
    case EntryRule::ExpressionList:
      return parser_.expressionListEntry();
    case EntryRule::Type:
      return parser_.typeEntry();
    case EntryRule::Ttl:
      return parser_.ttlListEntry();
  }
  return nullptr;
}

antlr4::ParserRuleContext* ParseSession::parse(EntryRule rule, ParseStats* stats) {
  if (stats != nullptr) ++stats->statements;
  try {
    if (tooDeep() || empty()) return nullptr;
    auto* simulator = parser_.getInterpreter<antlr4::atn::ParserATNSimulator>();
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser_.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      antlr4::ParserRuleContext* root = invoke(rule);
      if (stats != nullptr) ++stats->syntax_ok;
      return root;
    } catch (antlr4::ParseCancellationException&) {
      // SLL could not decide (or the text is wrong): rewind and let full LL with error
      // recovery either accept it or say exactly where it breaks.
    }
    tokens_.seek(0);
    parser_.reset();
    SyntaxErrorListener listener(*this);
    parser_.addErrorListener(&listener);
    parser_.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
    antlr4::ParserRuleContext* root = invoke(rule);
    parser_.removeErrorListeners();
    if (listener.failed()) return nullptr;
    if (stats != nullptr) {
      ++stats->syntax_ok;
      ++stats->ll_fallbacks;
    }
    return root;
  } catch (const std::exception& e) {
    sink_.report(DiagId::INTERNAL_ERROR, span(0, 0),
                 std::string("the SQL parser failed: ") + e.what());
  } catch (...) {
    sink_.report(DiagId::INTERNAL_ERROR, span(0, 0), "the SQL parser failed");
  }
  return nullptr;
}

}  // namespace ferry::sql::detail
