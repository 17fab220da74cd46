#include <tuple>
#include <type_traits>
#include <utility>

#include "compiler/sql/ast.h"

namespace ferry::sql {

namespace {

class Comparer {
 public:
  explicit Comparer(const EqualOptions& options) : options_(options) {}

  bool nodes(const Node* a, const Node* b) {
    if (!a || !b) return a == b;
    if (a->kind() != b->kind()) return false;
    if (!options_.ignore_parentheses && a->is<Expr>() &&
        a->as<Expr>().parenthesized != b->as<Expr>().parenthesized)
      return false;
    return dispatch(*a, [&](const auto& lhs) {
      using T = std::decay_t<decltype(lhs)>;
      return fields(lhs, static_cast<const T&>(*b));
    });
  }

 private:
  template <class Record>
  bool fields(const Record& a, const Record& b) {
    auto fa = a.fields();
    auto fb = b.fields();
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return (field(std::get<I>(fa), std::get<I>(fb)) && ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(fa)>>{});
  }

  template <class T>
  bool field(const T& a, const T& b) {
    if constexpr (detail::IsUniquePtr<T>::value) {
      return nodes(a.get(), b.get());
    } else if constexpr (detail::IsVector<T>::value) {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!field(a[i], b[i])) return false;
      return true;
    } else if constexpr (detail::IsOptional<T>::value) {
      if (a.has_value() != b.has_value()) return false;
      return !a || field(*a, *b);
    } else if constexpr (detail::HasFields<T>) {
      return fields(a, b);
    } else {
      return a == b;
    }
  }

  const EqualOptions& options_;
};

}  // namespace

bool equalIgnoringSpans(const Node& a, const Node& b, const EqualOptions& options) {
  return Comparer(options).nodes(&a, &b);
}

bool equalIgnoringSpans(const Node* a, const Node* b, const EqualOptions& options) {
  return Comparer(options).nodes(a, b);
}

}  // namespace ferry::sql
