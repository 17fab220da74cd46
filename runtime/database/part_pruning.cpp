#include "runtime/database/part_pruning.h"

#include <cmath>
#include <optional>

namespace ferry::rt {

namespace {

bool isNumberKind(TypeKind k) {
  switch (k) {
    case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64:
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Float32: case TypeKind::Float64: case TypeKind::Bool:
      return true;
    default:
      return false;
  }
}

/// Whether values of `key` and `literal` compare as their Fields do: numbers with numbers (the
/// Field holds the value itself), strings with strings (bytewise, as ClickHouse orders them), and
/// dates/times of the same kind (same unit). A Date against a DateTime counts days against
/// seconds, so it is not comparable here.
bool comparable(const ColumnType& key, const ColumnType& literal) {
  const ColumnType& a = layoutType(key);
  const ColumnType& b = layoutType(literal);
  if (isNumberKind(a.kind) && isNumberKind(b.kind)) return true;
  if (a.kind == TypeKind::String && b.kind == TypeKind::String) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::Date: case TypeKind::Date32: case TypeKind::DateTime:
      return true;
    case TypeKind::DateTime64:
      return a.precision == b.precision;
    default:
      return false;
  }
}

std::optional<long double> asNumber(const Field& f) {
  if (auto* v = std::get_if<int64_t>(&f.value)) return static_cast<long double>(*v);
  if (auto* v = std::get_if<uint64_t>(&f.value)) return static_cast<long double>(*v);
  if (auto* v = std::get_if<double>(&f.value)) return std::isnan(*v) ? std::nullopt : std::optional<long double>(*v);
  if (auto* v = std::get_if<bool>(&f.value)) return *v ? 1.0L : 0.0L;
  return std::nullopt;
}

std::optional<__int128> asInteger(const Field& f) {
  if (auto* v = std::get_if<int64_t>(&f.value)) return *v;
  if (auto* v = std::get_if<uint64_t>(&f.value)) return *v;
  if (auto* v = std::get_if<bool>(&f.value)) return *v ? 1 : 0;
  return std::nullopt;
}

/// Three-way comparison of two values, or nullopt when they are not comparable as Fields.
std::optional<int> compareFields(const Field& a, const Field& b) {
  if (auto x = asInteger(a)) {
    if (auto y = asInteger(b)) return *x < *y ? -1 : *x > *y ? 1 : 0;
  }
  auto x = asNumber(a), y = asNumber(b);
  if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
  auto* s = std::get_if<std::string>(&a.value);
  auto* t = std::get_if<std::string>(&b.value);
  if (s && t) {
    int c = s->compare(*t);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return std::nullopt;
}

struct Context {
  const PartInfo& part;
  const KeyColumns& keys;
  const std::vector<std::string>& columns;
};

/// `column OP literal` for one key: whether some value in [min, max] can satisfy it.
bool comparisonMayMatch(std::string_view op, const Expr& input, const Expr& literal, const Context& ctx) {
  if (input.input >= ctx.columns.size() || !literal.type || literal.literal.isNull()) return true;
  const std::string& column = ctx.columns[input.input];
  for (size_t k = 0; k < ctx.keys.names.size(); ++k) {
    if (ctx.keys.names[k] != column || !ctx.keys.types[k]) continue;
    if (isNullable(*ctx.keys.types[k]) || !comparable(*ctx.keys.types[k], *literal.type)) return true;
    if (input.type && !comparable(*input.type, *literal.type)) return true;
    const Field& min = ctx.part.key_min[k];
    const Field& max = ctx.part.key_max[k];
    auto lo = compareFields(min, literal.literal);  // min vs literal
    auto hi = compareFields(max, literal.literal);  // max vs literal
    if (!lo || !hi) return true;
    if (op == "equals") return *lo <= 0 && *hi >= 0;
    if (op == "less") return *lo < 0;
    if (op == "lessOrEquals") return *lo <= 0;
    if (op == "greater") return *hi > 0;
    if (op == "greaterOrEquals") return *hi >= 0;
    return true;
  }
  return true;
}

std::string_view flipped(std::string_view op) {
  if (op == "less") return "greater";
  if (op == "greater") return "less";
  if (op == "lessOrEquals") return "greaterOrEquals";
  if (op == "greaterOrEquals") return "lessOrEquals";
  return op;
}

bool mayMatch(const Expr& e, const Context& ctx) {
  if (e.kind != ExprKind::Call) return true;
  if (e.function == "and") {
    for (const auto& arg : e.args)
      if (arg && !mayMatch(*arg, ctx)) return false;
    return true;
  }
  if (e.function == "or") {
    for (const auto& arg : e.args)
      if (!arg || mayMatch(*arg, ctx)) return true;
    return e.args.empty();
  }
  if (e.args.size() != 2 || !e.args[0] || !e.args[1]) return true;
  std::string_view op = e.function;
  if (op != "equals" && op != "less" && op != "lessOrEquals" && op != "greater" && op != "greaterOrEquals")
    return true;
  const Expr& a = *e.args[0];
  const Expr& b = *e.args[1];
  if (a.kind == ExprKind::Input && b.kind == ExprKind::Literal) return comparisonMayMatch(op, a, b, ctx);
  if (a.kind == ExprKind::Literal && b.kind == ExprKind::Input) return comparisonMayMatch(flipped(op), b, a, ctx);
  return true;
}

}  // namespace

bool partMayMatch(const PartInfo& part, const KeyColumns& keys, const std::vector<std::string>& columns,
                  const Expr& prune) {
  if (part.key_min.size() != keys.names.size() || part.key_max.size() != keys.names.size()) return true;
  return mayMatch(prune, Context{part, keys, columns});
}

}  // namespace ferry::rt
