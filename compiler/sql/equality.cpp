#include <tuple>
#include <type_traits>
#include <utility>

#include "compiler/sql/ast.h"

namespace ferry::sql {

namespace {

template <class T>
bool equalField(const T& a, const T& b);

template <class Record>
bool equalFields(const Record& a, const Record& b) {
  auto fa = a.fields();
  auto fb = b.fields();
  return [&]<size_t... I>(std::index_sequence<I...>) {
    return (equalField(std::get<I>(fa), std::get<I>(fb)) && ...);
  }(std::make_index_sequence<std::tuple_size_v<decltype(fa)>>{});
}

template <class T>
bool equalField(const T& a, const T& b) {
  if constexpr (detail::IsUniquePtr<T>::value) {
    return equalIgnoringSpans(a.get(), b.get());
  } else if constexpr (detail::IsVector<T>::value) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!equalField(a[i], b[i])) return false;
    return true;
  } else if constexpr (detail::IsOptional<T>::value) {
    if (a.has_value() != b.has_value()) return false;
    return !a || equalField(*a, *b);
  } else if constexpr (detail::HasFields<T>) {
    return equalFields(a, b);
  } else {
    return a == b;
  }
}

}  // namespace

bool equalIgnoringSpans(const Node& a, const Node& b) {
  if (a.kind() != b.kind()) return false;
  return dispatch(a, [&](const auto& lhs) {
    using T = std::decay_t<decltype(lhs)>;
    return equalFields(lhs, static_cast<const T&>(b));
  });
}

bool equalIgnoringSpans(const Node* a, const Node* b) {
  if (!a || !b) return a == b;
  return equalIgnoringSpans(*a, *b);
}

}  // namespace ferry::sql
