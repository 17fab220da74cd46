#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "compiler/sql/ast.h"
#include "compiler/sql/lexical.h"

namespace ferry::sql {

namespace {

template <class T>
constexpr bool kIsScalar = std::is_arithmetic_v<T> || std::is_enum_v<T> ||
                           std::is_same_v<T, std::string> ||
                           std::is_same_v<T, std::vector<std::string>>;
template <class T>
constexpr bool kIsScalar<std::optional<T>> = std::is_enum_v<T>;

std::string nameText(const std::string& s) {
  return identifierNeedsQuotes(s) && !isReservedKeyword(s) ? quoteString(s) : s;
}

class Dumper {
 public:
  explicit Dumper(bool with_spans) : with_spans_(with_spans) {}

  void node(const Node& n, int indent) {
    out_ += '(';
    out_ += n.kindName();
    if (with_spans_ && n.span.valid())
      out_ += " @" + std::to_string(n.span.begin) + ".." + std::to_string(n.span.end);
    if (n.is<Expr>() && n.as<Expr>().parenthesized) out_ += " parenthesized";
    dispatch(n, [&](const auto& concrete) { members(concrete, indent); });
    out_ += ')';
  }

  std::string take() { return std::move(out_); }

 private:
  template <class Record>
  void members(const Record& r, int indent) {
    auto f = r.fields();
    constexpr size_t n = std::tuple_size_v<decltype(f)>;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (scalar(Record::fieldName(I), std::get<I>(f)), ...);
      (child(Record::fieldName(I), std::get<I>(f), indent), ...);
    }(std::make_index_sequence<n>{});
  }

  template <class T>
  void scalar(std::string_view name, const T& v) {
    if constexpr (kIsScalar<T>) {
      if constexpr (std::is_same_v<T, bool>) {
        if (v) out_ += " " + std::string(name);
      } else if constexpr (std::is_enum_v<T>) {
        std::string_view e = enumName(v);
        if (e != "None") out_ += " " + std::string(name) + "=" + std::string(e);
      } else if constexpr (std::is_arithmetic_v<T>) {
        out_ += " " + std::string(name) + "=" + std::to_string(v);
      } else if constexpr (std::is_same_v<T, std::string>) {
        if (!v.empty()) out_ += " " + std::string(name) + "=" + quoteString(v);
      } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        if (v.empty()) return;
        out_ += " " + std::string(name) + "=[";
        for (size_t i = 0; i < v.size(); ++i) out_ += (i ? ", " : "") + nameText(v[i]);
        out_ += "]";
      } else {
        if (v) out_ += " " + std::string(name) + "=" + std::string(enumName(*v));
      }
    }
  }

  template <class T>
  static bool present(const T& v) {
    if constexpr (detail::IsUniquePtr<T>::value || detail::IsOptional<T>::value)
      return static_cast<bool>(v);
    else if constexpr (detail::IsVector<T>::value)
      return !v.empty();
    else
      return true;
  }

  template <class T>
  void child(std::string_view name, const T& v, int indent) {
    if constexpr (!kIsScalar<T>) {
      if (!present(v)) return;
      newline(indent + 2);
      out_ += name;
      out_ += ": ";
      value(v, indent + 2);
    }
  }

  template <class T>
  void value(const T& v, int indent) {
    if constexpr (detail::IsUniquePtr<T>::value) {
      node(*v, indent);
    } else if constexpr (detail::IsVector<T>::value) {
      out_ += '[';
      for (const auto& element : v) {
        newline(indent + 2);
        value(element, indent + 2);
      }
      out_ += ']';
    } else if constexpr (detail::IsOptional<T>::value) {
      value(*v, indent);
    } else if constexpr (detail::HasFields<T>) {
      out_ += '{';
      auto f = v.fields();
      constexpr size_t n = std::tuple_size_v<decltype(f)>;
      size_t before = out_.size();
      [&]<size_t... I>(std::index_sequence<I...>) {
        (scalar(T::fieldName(I), std::get<I>(f)), ...);
      }(std::make_index_sequence<n>{});
      if (out_.size() > before && out_[before] == ' ') out_.erase(before, 1);
      [&]<size_t... I>(std::index_sequence<I...>) {
        (child(T::fieldName(I), std::get<I>(f), indent), ...);
      }(std::make_index_sequence<n>{});
      out_ += '}';
    }
  }

  void newline(int indent) {
    out_ += '\n';
    out_.append(static_cast<size_t>(indent), ' ');
  }

  bool with_spans_;
  std::string out_;
};

}  // namespace

std::string dump(const Node& n, bool with_spans) {
  Dumper d(with_spans);
  d.node(n, 0);
  return d.take();
}

}  // namespace ferry::sql
