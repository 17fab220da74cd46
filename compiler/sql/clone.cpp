#include <tuple>
#include <type_traits>
#include <utility>

#include "compiler/sql/ast.h"

namespace ferry::sql {

namespace {

template <class T>
void copyField(T& dst, const T& src);

template <class Record>
void copyFields(Record& dst, const Record& src) {
  auto d = dst.fields();
  auto s = src.fields();
  [&]<size_t... I>(std::index_sequence<I...>) {
    (copyField(std::get<I>(d), std::get<I>(s)), ...);
  }(std::make_index_sequence<std::tuple_size_v<decltype(d)>>{});
}

template <class T>
void copyField(T& dst, const T& src) {
  if constexpr (detail::IsUniquePtr<T>::value) {
    using Pointee = typename T::element_type;
    dst = src ? std::unique_ptr<Pointee>(static_cast<Pointee*>(cloneNode(*src).release())) : nullptr;
  } else if constexpr (detail::IsVector<T>::value) {
    dst.clear();
    dst.resize(src.size());
    for (size_t i = 0; i < src.size(); ++i) copyField(dst[i], src[i]);
  } else if constexpr (detail::IsOptional<T>::value) {
    dst.reset();
    if (src) {
      dst.emplace();
      copyField(*dst, *src);
    }
  } else if constexpr (detail::HasFields<T>) {
    copyFields(dst, src);
  } else {
    dst = src;
  }
}

}  // namespace

NodePtr cloneNode(const Node& n) {
  return dispatch(n, [](const auto& src) -> NodePtr {
    using T = std::decay_t<decltype(src)>;
    auto out = std::make_unique<T>();
    out->span = src.span;
    if constexpr (std::is_base_of_v<Expr, T>) out->parenthesized = src.parenthesized;
    copyFields(*out, src);
    if constexpr (std::is_same_v<T, Literal>) out->spelling = src.spelling;
    if constexpr (std::is_same_v<T, CastExpr>) out->operand_spelling = src.operand_spelling;
    return out;
  });
}

}  // namespace ferry::sql
