/// Internal to ferry_sqlparse: converts ANTLR parse trees into Ferry's syntax tree
/// (compiler/sql/ast.h). One class, implemented by construct in build_query.cpp,
/// build_from.cpp, build_expr.cpp, build_type.cpp and builder.cpp (names, literals, spans).
///
/// The grammar accepts a little more than the tree can hold (EXPLAIN subqueries, JSON path
/// forms); those are reported as SQL_UNSUPPORTED_SYNTAX and make the statement fail, so a tree
/// that is returned always means exactly what the text says.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sql/ast.h"
#include "compiler/sqlparse/parse_session.h"

namespace ferry::sql::detail {

class Builder {
 public:
  explicit Builder(const ParseSession& session) : session_(session) {}

  /// True once anything was reported; the caller then discards the tree.
  bool failed() const { return failed_; }

  // Queries (build_query.cpp).
  std::unique_ptr<SelectStatement> statement(P::StatementContext* ctx);
  QueryPtr nestedQuery(P::QueryContext* ctx);
  QueryPtr parenthesizedQuery(P::QueryContext* query, P::ExplainStatementContext* explain);
  /// `EXPLAIN [kind] [name = value, ...] query`; `stmt` is set at the top level only.
  QueryPtr explain(P::ExplainStatementContext* ctx, SelectStatement* stmt);
  std::unique_ptr<TtlElement> ttlElement(P::TtlElementContext* ctx);

  // FROM (build_from.cpp).
  TableExprPtr joinedTables(P::JoinedTablesContext* ctx);

  // Expressions (build_expr.cpp).
  ExprPtr expr(P::ExprContext* ctx);
  ExprPtr aliasedExpr(P::AliasedExprContext* ctx);
  ExprList aliasedExprs(const std::vector<P::AliasedExprContext*>& list);
  ExprList exprs(const std::vector<P::ExprContext*>& list);
  /// The operands of a rule whose children are `expr alias?` sequences (CAST, SUBSTRING,
  /// TRIM, EXTRACT), in order, each wrapped in an AliasExpr when aliased. Empty on error.
  ExprList aliasedOperands(antlr4::ParserRuleContext* ctx, size_t expected);
  std::unique_ptr<FunctionCall> functionCall(P::FunctionCallContext* ctx);
  std::unique_ptr<FunctionCall> plainCall(std::string name, Span span, P::FunctionArgsContext* args);
  std::unique_ptr<OrderItem> orderItem(P::OrderItemContext* ctx);
  std::unique_ptr<WindowSpec> windowSpec(P::WindowSpecContext* ctx);
  std::unique_ptr<SettingItem> settingItem(P::SettingItemContext* ctx);

  // Types (build_type.cpp).
  std::unique_ptr<TypeExpr> type(P::TypeExprContext* ctx);

  // Names, literals, spans (builder.cpp).
  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::Token* token) const;
  Span span(antlr4::tree::TerminalNode* node) const { return span(node->getSymbol()); }
  std::string_view text(antlr4::Token* token) const;
  std::string_view text(antlr4::tree::TerminalNode* node) const { return text(node->getSymbol()); }
  std::string_view text(antlr4::ParserRuleContext* ctx) const;
  /// The source bytes from the start of `first` to the end of `last`.
  std::string_view sourceText(antlr4::Token* first, antlr4::Token* last) const;
  /// The name inside a backquoted or double-quoted identifier token (SQL_INVALID_LITERAL on a bad escape).
  std::string quotedName(antlr4::tree::TerminalNode* q);
  std::string name(P::IdentifierContext* ctx);
  std::string name(P::AnyNameContext* ctx);
  std::string name(P::AliasIdentifierContext* ctx);
  std::string name(P::DottedNameContext* ctx);
  std::string alias(P::AliasContext* ctx);
  static bool equalsNoCase(std::string_view a, std::string_view b);
  /// True when the name was written in quotes (a quoted `columns` is just a function).
  static bool quoted(P::IdentifierContext* ctx);
  std::unique_ptr<Literal> literal(P::LiteralContext* ctx);
  std::unique_ptr<Literal> numberLiteral(P::NumberLiteralContext* ctx);
  std::unique_ptr<Literal> signedNumber(P::SignedNumberContext* ctx);
  std::unique_ptr<Literal> stringLiteral(antlr4::tree::TerminalNode* token);
  /// `x'3130'` / `b'00110000'`: the bytes they spell, as a String literal.
  std::unique_ptr<Literal> byteStringLiteral(antlr4::tree::TerminalNode* token);
  std::string unquoteStringToken(antlr4::tree::TerminalNode* token);

  void error(DiagId id, Span span, std::string message);
  void unsupported(antlr4::ParserRuleContext* ctx, std::string_view what);

  template <class T>
  static std::unique_ptr<T> make(Span span) {
    auto node = std::make_unique<T>();
    node->span = span;
    return node;
  }

 private:
  std::unique_ptr<SelectQuery> selectCore(P::SelectCoreContext* ctx);
  QueryPtr selectUnion(P::SelectUnionContext* ctx);
  QueryPtr selectIntersect(P::SelectIntersectContext* ctx);
  QueryPtr selectPrimary(P::SelectPrimaryContext* ctx);
  /// The query of `query` plus its trailing clauses; `stmt` receives them at the top level,
  /// nested queries may only carry SETTINGS (attached to the last SELECT block).
  QueryPtr queryBody(P::QueryContext* ctx, SelectStatement* stmt);
  void groupBy(P::GroupByClauseContext* ctx, SelectQuery& q);
  void limits(P::SelectCoreContext* ctx, SelectQuery& q);
  std::vector<std::unique_ptr<SettingItem>> settings(P::SettingsClauseContext* ctx);

  TableExprPtr tableExpr(P::TableExprContext* ctx);
  std::optional<SampleClause> sample(P::SampleClauseContext* ctx);
  ExprPtr sampleRatio(P::SampleRatioContext* ctx);

  ExprPtr ternary(antlr4::ParserRuleContext* ctx, P::OrExprContext* cond,
                  const std::vector<P::TernaryBranchContext*>& branches);
  ExprPtr orExpr(P::OrExprContext* ctx);
  ExprPtr andExpr(P::AndExprContext* ctx);
  ExprPtr notExpr(P::NotExprContext* ctx);
  ExprPtr comparison(P::ComparisonExprContext* ctx);
  /// `lhs = rhs`, `lhs LIKE rhs`, `lhs IN rhs`, ...
  ExprPtr simpleComparison(ExprPtr lhs, P::ComparisonContext* tail);
  ExprPtr betweenOperand(P::BetweenOperandContext* ctx);
  ExprPtr distinctOperand(P::DistinctOperandContext* ctx);
  ExprPtr makeBetween(ExprPtr operand, bool negated, ExprPtr low, ExprPtr high);
  ExprPtr concat(P::ConcatExprContext* ctx);
  ExprPtr negatedOperand(P::NegatedOperandContext* ctx);
  ExprPtr add(P::AddExprContext* ctx);
  ExprPtr mul(P::MulExprContext* ctx);
  ExprPtr unary(P::UnaryExprContext* ctx);
  /// `negated`: the unary minus whose sign folds into the number primary of `ctx`.
  ExprPtr postfix(P::PostfixExprContext* ctx, P::UnaryExprContext* negated = nullptr);
  ExprPtr primary(P::PrimaryContext* ctx);
  ExprPtr functionPrimary(P::FunctionCallContext* ctx);
  std::unique_ptr<ColumnTransformer> transformer(P::ColumnTransformerContext* ctx);
  bool functionArgs(P::FunctionArgsContext* ctx, ExprList& out, bool& distinct);
  ExprPtr binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs);

  std::unique_ptr<TypeArg> typeArg(P::TypeArgContext* ctx);
  ExprPtr typeConstant(P::TypeConstantContext* ctx);
  ExprPtr typeConstantList(P::TypeConstantListContext* ctx);
  /// A type written as one quoted name (`` .:`Array(Int64)` ``) is parsed from its content.
  std::unique_ptr<TypeExpr> quotedType(P::TypeExprContext* ctx);

  const ParseSession& session_;
  bool failed_ = false;
};

}  // namespace ferry::sql::detail
