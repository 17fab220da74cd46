#include "compiler/sqlparse/syntax_error_listener.h"

#include <algorithm>

#include "ClickHouseLexer.h"
#include "compiler/sqlparse/parse_session.h"

namespace ferry::sql::detail {

namespace {

using L = ::ferry::grammar::sql::ClickHouseLexer;

/// Keyword tokens that clash with C macros carry a trailing '_' (NULL_); users never see it.
std::string displayName(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
  if (type == antlr4::Token::EOF) return "end of input";
  std::string name = vocabulary.getDisplayName(type);
  if (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

}  // namespace

std::string SyntaxErrorListener::describeToken(const antlr4::Token& token) const {
  if (token.getType() == antlr4::Token::EOF) return "end of input";
  size_t begin = token.getStartIndex();
  size_t end = std::min(session_.text().size(), token.getStopIndex() + 1);
  std::string_view spelled = begin < end ? session_.text().substr(begin, end - begin) : std::string_view();
  if (token.getType() == L::UNEXPECTED) {
    if (spelled == "'") return "an unterminated string literal";
    if (spelled == "`" || spelled == "\"") return "an unterminated quoted name";
    auto byte = spelled.empty() ? 0 : static_cast<unsigned char>(spelled[0]);
    if (byte < 0x20 || byte >= 0x7f) {
      static const char* hex = "0123456789abcdef";
      return std::string("byte 0x") + hex[byte >> 4] + hex[byte & 15];
    }
  }
  std::string shown(spelled.substr(0, 40));
  if (spelled.size() > 40) shown += "...";
  return "'" + shown + "'";
}

std::string SyntaxErrorListener::describeExpected(antlr4::Parser& parser) const {
  antlr4::misc::IntervalSet expected;
  try {
    expected = parser.getExpectedTokens();
  } catch (...) {
    return {};
  }
  if (expected.contains(static_cast<size_t>(L::NUMBER)) && expected.contains(static_cast<size_t>(L::STRING))) return "an expression";
  if (expected.contains(static_cast<size_t>(L::IDENT))) return "a name";
  std::vector<size_t> types;
  for (const auto& interval : expected.getIntervals()) {
    for (ssize_t t = interval.a; t <= interval.b && types.size() <= 6; ++t) {
      types.push_back(static_cast<size_t>(t));
    }
  }
  if (types.empty() || types.size() > 5) return {};
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += i + 1 == types.size() ? " or " : ", ";
    out += displayName(parser.getVocabulary(), types[i]);
  }
  return out;
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t, size_t, const std::string&, std::exception_ptr) {
  if (failed_) return;
  failed_ = true;
  uint32_t begin = static_cast<uint32_t>(session_.text().size());
  uint32_t end = begin;
  std::string message = "syntax error";
  if (offending != nullptr) {
    if (offending->getType() != antlr4::Token::EOF) {
      begin = static_cast<uint32_t>(std::min<size_t>(offending->getStartIndex(), session_.text().size()));
      end = static_cast<uint32_t>(std::min<size_t>(offending->getStopIndex() + 1, session_.text().size()));
    }
    message = "unexpected " + describeToken(*offending);
  }
  if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
    std::string expected = describeExpected(*parser);
    if (!expected.empty()) message += ", expected " + expected;
  }
  session_.sink().report(DiagId::SQL_SYNTAX_ERROR, session_.span(begin, end), std::move(message));
}

}  // namespace ferry::sql::detail
