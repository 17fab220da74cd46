/// The base of Ferry's ClickHouse SQL syntax tree: node kinds, checked downcasts, and the
/// field-list machinery that lets clone, equality, dump and child walks be written once.
///
/// The tree keeps the surface syntax (which operator, which CAST spelling, `[1]` vs `array(1)`)
/// because the printer must give back SQL that ClickHouse formats exactly like the original.
/// It does not keep what never changes meaning: whitespace, comments, keyword case, optional
/// noise words (OUTER, AS before an alias) and which identifiers were quoted.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/base/source.h"

namespace ferry::sql {

enum class NodeKind : uint8_t {
#define FERRY_SQL_NODE(Name, Base) Name,
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE
};

/// "BinaryExpr", "SelectQuery", ...
std::string_view kindName(NodeKind kind);

namespace detail {
/// The i-th entry of a comma-separated list of C identifiers (the text of a macro's
/// __VA_ARGS__): names enum values and fields without writing each name twice.
std::string_view nthName(std::string_view list, size_t i);
}  // namespace detail

/// Declares an enum class and its enumName() overload ("Add", "Desc", ...). Enumerators must
/// not have explicit values; the first one is the default.
#define FERRY_SQL_ENUM(Name, ...)                                       \
  enum class Name : uint8_t { __VA_ARGS__ };                            \
  inline std::string_view enumName(Name v) {                            \
    return ::ferry::sql::detail::nthName(#__VA_ARGS__, static_cast<size_t>(v)); \
  }

/// Lists a node's (or record's) semantic fields, in print order. Everything that is not listed
/// (the span) is ignored by equalIgnoringSpans; everything listed is cloned, compared, dumped
/// and walked. Supported field types: bool, integers, enums declared with FERRY_SQL_ENUM,
/// std::string, std::unique_ptr<node>, records that themselves use FERRY_SQL_FIELDS,
/// std::optional and std::vector of any of these.
#define FERRY_SQL_FIELDS(...)                                                        \
  auto fields() { return std::tie(__VA_ARGS__); }                                    \
  auto fields() const { return std::tie(__VA_ARGS__); }                              \
  static std::string_view fieldName(size_t i) { return ::ferry::sql::detail::nthName(#__VA_ARGS__, i); }

/// Every syntax node: a kind and a span (invalid for nodes the compiler synthesized).
/// Nodes own their children through std::unique_ptr and are not copyable; use clone().
class Node {
 public:
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  virtual ~Node() = default;

  NodeKind kind() const { return kind_; }
  std::string_view kindName() const { return sql::kindName(kind_); }

  template <class T>
  bool is() const { return T::classof(kind_); }
  /// Checked downcast: asserts that the node is a T (T may be a leaf or Expr/TableExpr/Query).
  template <class T>
  T& as() { assert(is<T>()); return static_cast<T&>(*this); }
  template <class T>
  const T& as() const { assert(is<T>()); return static_cast<const T&>(*this); }
  /// nullptr when the node is not a T.
  template <class T>
  T* tryAs() { return is<T>() ? static_cast<T*>(this) : nullptr; }
  template <class T>
  const T* tryAs() const { return is<T>() ? static_cast<const T*>(this) : nullptr; }

  static bool classof(NodeKind) { return true; }

  Span span;

 protected:
  explicit Node(NodeKind kind) : kind_(kind) {}

 private:
  NodeKind kind_;
};

/// The opening lines of every concrete node class: its kind tag and classof. The constructor
/// and destructor are defined out of line (node.cpp) so that unique_ptr members may point to
/// classes declared in another header.
#define FERRY_SQL_NODE_CLASS(Name)                         \
  static constexpr NodeKind kKind = NodeKind::Name;       \
  static bool classof(NodeKind k) { return k == kKind; }  \
  Name();                                                 \
  ~Name() override;

/// The abstract bases: each covers a contiguous range of nodes.def.
#define FERRY_SQL_ABSTRACT_CLASS(Name, First, Last)                                   \
 public:                                                                             \
  static bool classof(NodeKind k) { return k >= NodeKind::First && k <= NodeKind::Last; } \
                                                                                     \
 protected:                                                                          \
  explicit Name(NodeKind k) : Node(k) {}                                             \
                                                                                     \
 public:

class Expr : public Node {
  FERRY_SQL_ABSTRACT_CLASS(Expr, Literal, AliasExpr)
  /// Written inside its own parentheses: `(a = b)`, `f((x))`, `(1) AS a`. ClickHouse's
  /// formatter keeps such parentheses, so the tree does too and the printer writes them back
  /// (once, however many were written). Compared by equalIgnoringSpans unless told otherwise.
  bool parenthesized = false;
};
class TableExpr : public Node {
  FERRY_SQL_ABSTRACT_CLASS(TableExpr, TableRef, ArrayJoinExpr)
};
class Query : public Node {
  FERRY_SQL_ABSTRACT_CLASS(Query, SelectQuery, ExplainQuery)
};

using NodePtr = std::unique_ptr<Node>;
using ExprPtr = std::unique_ptr<Expr>;
using TableExprPtr = std::unique_ptr<TableExpr>;
using QueryPtr = std::unique_ptr<Query>;
using ExprList = std::vector<ExprPtr>;

}  // namespace ferry::sql
