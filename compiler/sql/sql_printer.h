/// Internal to the printer (printer.cpp, print_expr.cpp, print_query.cpp): the printing state
/// and the precedence table. Not part of the public API; include printer.h instead.
#pragma once

#include <string>

#include "compiler/sql/ast.h"
#include "compiler/sql/printer.h"

namespace ferry::sql::print {

/// Binding strength, loosest first. An operand printed where at least `min` is required gets
/// parentheses when its own precedence is lower. The comparison-like levels (NOT, BETWEEN,
/// IS NULL, comparisons) always parenthesize each other's operands: ClickHouse and common
/// grammars disagree on their relative order, so the printer never relies on it.
enum Prec : int {
  kAlias = 0,
  kLambda = 1,
  kTernary = 2,
  kOr = 3,
  kAnd = 4,
  kNot = 5,
  kBetween = 6,
  kIsNull = 7,
  kCompare = 8,
  kConcat = 9,
  kAdditive = 10,
  kMultiplicative = 11,
  kUnary = 12,
  kPostfix = 13,
  kPrimary = 14,
};

int precedence(const Expr& e);

class Printer {
 public:
  explicit Printer(const PrintOptions& options) : options_(options) {}

  std::string expr(const Expr& e, int min_prec);
  std::string exprList(const ExprList& list, int min_prec = kAlias);
  std::string type(const TypeExpr& t);
  std::string query(const Query& q);
  std::string statement(const SelectStatement& s);
  std::string tableExpr(const TableExpr& t);
  std::string orderItem(const OrderItem& item);
  std::string orderList(const OrderList& items);
  std::string windowSpec(const WindowSpec& spec);
  std::string settings(const std::vector<std::unique_ptr<SettingItem>>& items);
  std::string node(const Node& n);
  std::string ttlElement(const TtlElement& t);

 private:
  std::string exprRaw(const Expr& e);
  std::string functionCall(const FunctionCall& f);
  std::string transformers(const std::vector<std::unique_ptr<ColumnTransformer>>& list);
  std::string typeArg(const TypeArg& a);
  std::string selectQuery(const SelectQuery& q);
  std::string setOperand(const Query& q, int min_prec);
  /// `(query)`, on separate indented lines in pretty mode.
  std::string subquery(const Query& q);
  std::string tableSuffix(const std::string& alias, bool final,
                          const std::optional<SampleClause>& sample);
  std::string withItem(const WithItem& w);
  std::string groupBy(const GroupByClause& g);
  std::string indentText(int level) const;

  const PrintOptions& options_;
  int indent_ = 0;
};

}  // namespace ferry::sql::print
