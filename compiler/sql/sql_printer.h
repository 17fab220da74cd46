/// Internal to the printer (printer.cpp, print_expr.cpp, print_query.cpp): the printing state
/// and the precedence table. Not part of the public API; include printer.h instead.
#pragma once

#include <string>

#include "compiler/sql/ast.h"
#include "compiler/sql/printer.h"

namespace ferry::sql::print {

/// Binding strength, loosest first, as in grammar/ClickHouseParser.g4: `expr AS name` (only
/// where the grammar takes an aliased expression), lambda, ternary, OR, AND, NOT, the
/// comparison levels (IS NULL, IS DISTINCT FROM, BETWEEN, = < LIKE IN; see CompareLevel), ||, + -,
/// * / % DIV MOD, unary minus, postfix ([] .1 .name :: JSON paths), primaries.
/// An operand printed where at least `min` is required gets parentheses when its precedence is
/// lower, or when it is marked parenthesized (written so). For a parsed tree the two coincide:
/// wherever the grammar needs parentheses the source had them.
enum Prec : int {
  kAlias = 0,
  kLambda = 1,
  kTernary = 2,
  kOr = 3,
  kAnd = 4,
  kNot = 5,
  kCompare = 6,
  kConcat = 7,
  kAdditive = 8,
  kMultiplicative = 9,
  kUnary = 10,
  kPostfix = 11,
  kPrimary = 12,
};

int precedence(const Expr& e);

/// The comparison level (kCompare) holds three ClickHouse levels, loosest first: IS [NOT] NULL
/// and IS [NOT] DISTINCT FROM; [NOT] BETWEEN; the plain comparisons (= < LIKE IN <=> ...).
/// The grammar reads them in one loop in which a looser operator applies to everything before
/// it, while BETWEEN bounds and the right side of IS DISTINCT FROM take tighter levels only.
/// So, as operands without parentheses:
///   plain comparison: left = plain or IS NULL; right = || and tighter;
///   BETWEEN: operand = plain, IS NULL or BETWEEN; bounds = plain;
///   IS NULL: any comparison level; IS DISTINCT FROM: left = any, right = plain or BETWEEN.
/// The values are bits for those operand sets; None for a node outside the level.
enum class CompareLevel : unsigned { None = 0, Plain = 1, Between = 2, IsNull = 4, IsDistinct = 8 };
constexpr unsigned kPlainCompare = 1, kBetweenCompare = 2, kIsNullCompare = 4, kIsDistinctCompare = 8;
constexpr unsigned kAnyCompare = 15;
CompareLevel compareLevel(const Expr& e);

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
  /// exprRaw in parentheses when written so or when `force` (a form that would read back
  /// differently, e.g. `1.1` for the element 1 of the number 1).
  std::string wrapped(const Expr& e, bool force);
  /// An operand of a comparison-level operator: parenthesized when looser than kCompare, or
  /// when its CompareLevel is not among `allowed` (bits of CompareLevel).
  std::string compareOperand(const Expr& e, unsigned allowed);
  std::string functionCall(const FunctionCall& f);
  std::string transformers(const std::vector<std::unique_ptr<ColumnTransformer>>& list);
  std::string typeArg(const TypeArg& a);
  std::string selectQuery(const SelectQuery& q);
  std::string setOperand(const Query& q, int min_prec);
  /// `(query)`, on separate indented lines in pretty mode.
  std::string subquery(const Query& q);
  std::string tableSuffix(const std::string& alias, const std::vector<std::string>& columns,
                          bool final, const std::optional<SampleClause>& sample);
  std::string withItem(const WithItem& w);
  std::string groupBy(const GroupByClause& g);
  std::string indentText(int level) const;

  const PrintOptions& options_;
  int indent_ = 0;
  /// Set while printing the left operand of EXCEPT: a trailing `*` of its select list would read
  /// as the `* EXCEPT (...)` transformer.
  bool before_except_ = false;
};

}  // namespace ferry::sql::print
