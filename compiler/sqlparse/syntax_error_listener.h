/// Internal to ferry_sqlparse: turns the first ANTLR syntax error of a statement into one
/// SQL_SYNTAX_ERROR diagnostic ("unexpected 'FROM', expected an expression") at the exact
/// span of the offending token. Later errors are consequences of recovery and are dropped.
#pragma once

#include <string>
#include <string_view>

#include "antlr4-runtime.h"
#include "compiler/base/diagnostic.h"
#include "compiler/base/source.h"

namespace ferry::sql::detail {

class ParseSession;

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit SyntaxErrorListener(const ParseSession& session) : session_(session) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& message, std::exception_ptr error) override;

  bool failed() const { return failed_; }

 private:
  std::string describeToken(const antlr4::Token& token) const;
  std::string describeExpected(antlr4::Parser& parser) const;

  const ParseSession& session_;
  bool failed_ = false;
};

}  // namespace ferry::sql::detail
