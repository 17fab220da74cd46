/// Ferry's ClickHouse SQL syntax tree: include this one header to get every node class and
/// the operations on trees: dispatch / visitor, child walks, deep clone, structural equality
/// ignoring spans, and the S-expression debug dump used by golden tests.
///
/// Layout: node.h (Node, NodeKind, casts), expr.h (expressions), type_expr.h (types),
/// query.h (queries, clauses, FROM, the statement). The printer is in printer.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "compiler/sql/expr.h"
#include "compiler/sql/node.h"
#include "compiler/sql/query.h"
#include "compiler/sql/type_expr.h"

namespace ferry::sql {

/// Calls f(concrete) with the node downcast to its most derived class.
template <class F>
decltype(auto) dispatch(Node& n, F&& f) {
  switch (n.kind()) {
#define FERRY_SQL_NODE(Name, Base) \
  case NodeKind::Name:             \
    return f(static_cast<Name&>(n));
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE
  }
  __builtin_unreachable();
}

template <class F>
decltype(auto) dispatch(const Node& n, F&& f) {
  switch (n.kind()) {
#define FERRY_SQL_NODE(Name, Base) \
  case NodeKind::Name:             \
    return f(static_cast<const Name&>(n));
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE
  }
  __builtin_unreachable();
}

/// CRTP visitor over const nodes: visit(n) calls Derived::visit<Kind>(const Kind&), whose
/// default forwards to Derived::visitNode(const Node&) (default: R{}).
template <class Derived, class R = void>
class ConstVisitor {
 public:
  R visit(const Node& n) {
    switch (n.kind()) {
#define FERRY_SQL_NODE(Name, Base) \
  case NodeKind::Name:             \
    return self().visit##Name(static_cast<const Name&>(n));
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE
    }
    __builtin_unreachable();
  }
  R visitNode(const Node&) { return R(); }
#define FERRY_SQL_NODE(Name, Base) \
  R visit##Name(const Name& n) { return self().visitNode(n); }
#include "compiler/sql/nodes.def"
#undef FERRY_SQL_NODE

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

namespace detail {

template <class T>
struct IsUniquePtr : std::false_type {};
template <class T>
struct IsUniquePtr<std::unique_ptr<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
concept HasFields = requires(T& t) { t.fields(); };

/// Calls f on every node directly reachable from one field (through records, vectors and
/// optionals, not through nested nodes).
template <class Field, class F>
void walkField(Field& field, F& f) {
  using T = std::remove_const_t<Field>;
  if constexpr (IsUniquePtr<T>::value) {
    if (field) f(*field);
  } else if constexpr (IsVector<T>::value) {
    for (auto& element : field) walkField(element, f);
  } else if constexpr (IsOptional<T>::value) {
    if (field) walkField(*field, f);
  } else if constexpr (HasFields<T>) {
    std::apply([&](auto&... sub) { (walkField(sub, f), ...); }, field.fields());
  }
}

}  // namespace detail

/// Calls f(child) for every direct child node, in field order.
template <class F>
void forEachChild(const Node& n, F&& f) {
  dispatch(n, [&](const auto& concrete) {
    std::apply([&](auto&... field) { (detail::walkField(field, f), ...); }, concrete.fields());
  });
}
template <class F>
void forEachChild(Node& n, F&& f) {
  dispatch(n, [&](auto& concrete) {
    std::apply([&](auto&... field) { (detail::walkField(field, f), ...); }, concrete.fields());
  });
}

/// Deep copy, spans included.
NodePtr cloneNode(const Node& n);
template <class T>
std::unique_ptr<T> clone(const T& n) {
  return std::unique_ptr<T>(static_cast<T*>(cloneNode(n).release()));
}

struct EqualOptions {
  /// Also ignore Expr::parenthesized: for trees the compiler built itself, which the printer
  /// gives the parentheses precedence needs and a reparse then marks as written.
  bool ignore_parentheses = false;
};

/// Same kinds and same fields all the way down; spans (and Literal::spelling) are ignored.
bool equalIgnoringSpans(const Node& a, const Node& b, const EqualOptions& options = {});
/// Null-safe: two nulls are equal, a null and a node are not.
bool equalIgnoringSpans(const Node* a, const Node* b, const EqualOptions& options = {});

/// Indented S-expression text, one node per line:
///   (BinaryExpr op=Plus
///     lhs: (Identifier parts=[a])
///     rhs: (Literal literal_kind=Integer value="1"))
/// Fields at their default (false, empty string or list, null, an enum's `None`) are left
/// out; strings are single-quoted; a parenthesized expression shows `parenthesized` after its
/// kind. With
/// `with_spans`, each node line ends with its byte range `@begin..end`.
std::string dump(const Node& n, bool with_spans = false);

}  // namespace ferry::sql
