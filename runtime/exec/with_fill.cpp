#include "runtime/exec/with_fill.h"

#include <cmath>
#include <optional>

namespace ferry::rt::exec {

namespace {

/// A value of the fill column in a numeric domain: integers (dates as days, times as seconds or
/// ticks) exactly, floats as doubles.
struct FillValue {
  bool is_float = false;
  int64_t i = 0;
  double d = 0;
  bool less(const FillValue& o) const { return is_float ? d < o.d : i < o.i; }
  FillValue plus(const FillValue& step) const {
    FillValue r = *this;
    if (is_float) r.d += step.is_float ? step.d : double(step.i);
    else r.i += step.i;
    return r;
  }
  Field field() const { return is_float ? Field(d) : Field(i); }
};

/// Row `row` of the fill column (nullopt for NULL).
std::optional<FillValue> valueAt(const Column& c, size_t row) {
  if (c.isNullAt(row)) return std::nullopt;
  Field f = fieldAt(c, row);
  if (std::holds_alternative<Null>(f.value)) return std::nullopt;
  FillValue v;
  std::visit(
      [&](const auto& x) {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, int64_t>) v.i = x;
        else if constexpr (std::is_same_v<X, uint64_t>) v.i = int64_t(x);
        else if constexpr (std::is_same_v<X, bool>) v.i = x;
        else if constexpr (std::is_same_v<X, double>) {
          v.is_float = true;
          v.d = x;
        } else fail("INVALID_WITH_FILL_EXPRESSION", "WITH FILL needs a numeric, Date or DateTime column");
      },
      f.value);
  return v;
}

/// A FROM/TO/STEP constant converted to the fill column's domain.
FillValue constantOf(const Expr& e, const ColumnTypePtr& column_type, EvalContext& ctx, const char* what) {
  Block one;
  one.rows = 1;
  EvalContext local = ctx;
  local.input = &one;
  local.rows = 1;
  ColumnPtr c = materialize(evalExpr(e, local));
  if (c->rows < 1) fail("INVALID_WITH_FILL_EXPRESSION", std::string("WITH FILL ") + what + " is not a constant");
  const ColumnType& lt = layoutType(*removeNullable(column_type));
  if (layoutKind(*c->type) == TypeKind::Interval) {
    // A fixed-length interval in the column's unit: days for dates, seconds for times.
    const std::string& unit = layoutType(*c->type).interval_unit;
    int64_t n = std::get<int64_t>(fieldAt(*c, 0).value);
    int64_t seconds = unit == "Second" ? 1 : unit == "Minute" ? 60 : unit == "Hour" ? 3600 : unit == "Day" ? 86400
                    : unit == "Week" ? 604800 : 0;
    if (seconds == 0)
      fail("NOT_IMPLEMENTED", "WITH FILL STEP INTERVAL of " + unit + "s (a calendar unit) is not supported yet");
    FillValue v;
    if (lt.kind == TypeKind::Date || lt.kind == TypeKind::Date32) {
      if (seconds % 86400 != 0)
        fail("INVALID_WITH_FILL_EXPRESSION", "WITH FILL STEP INTERVAL " + unit + " cannot step a Date column");
      v.i = n * (seconds / 86400);
    } else if (lt.kind == TypeKind::DateTime) {
      v.i = n * seconds;
    } else if (lt.kind == TypeKind::DateTime64) {
      int64_t ticks = 1;
      for (uint32_t k = 0; k < lt.scale; ++k) ticks *= 10;
      v.i = n * seconds * ticks;
    } else {
      fail("INVALID_WITH_FILL_EXPRESSION", "WITH FILL STEP INTERVAL needs a Date or DateTime column");
    }
    return v;
  }
  ColumnPtr converted = castColumn(c, removeNullable(column_type));
  auto v = valueAt(*converted, 0);
  if (!v) fail("INVALID_WITH_FILL_EXPRESSION", std::string("WITH FILL ") + what + " is NULL");
  return *v;
}

}  // namespace

Block withFill(const Block& sorted, const SortKey& key, EvalContext& ctx) {
  if (!key.expr || key.expr->kind != ExprKind::Input || key.expr->input >= sorted.columns.size())
    fail("NOT_IMPLEMENTED", "WITH FILL on an expression that is not a column of the result");
  const size_t fill_at = key.expr->input;
  const Column& column = *sorted.columns[fill_at];
  const ColumnTypePtr& type = column.type;
  const ColumnType& lt = layoutType(*removeNullable(type));
  if (!isNativeNumber(lt.kind) && !isDateKind(lt.kind) && lt.kind != TypeKind::Bool)
    fail("INVALID_WITH_FILL_EXPRESSION", "WITH FILL needs a numeric, Date or DateTime column, not " + typeName(*type));
  const bool ascending = !key.descending;

  FillValue step;
  step.is_float = isFloatKind(lt.kind);
  if (key.fill_step) {
    step = constantOf(*key.fill_step, type, ctx, "STEP");
  } else {
    step.i = ascending ? 1 : -1;
    step.d = ascending ? 1.0 : -1.0;
  }
  bool zero = step.is_float ? step.d == 0 : step.i == 0;
  bool positive = step.is_float ? step.d > 0 : step.i > 0;
  if (zero) fail("INVALID_WITH_FILL_EXPRESSION", "WITH FILL STEP value cannot be zero");
  if (positive != ascending)
    fail("INVALID_WITH_FILL_EXPRESSION", std::string("WITH FILL STEP value cannot be ") +
                                             (ascending ? "negative for sorting in ascending direction"
                                                        : "positive for sorting in descending direction"));
  if (step.is_float != isFloatKind(lt.kind)) {  // an integer step over a float column, or the reverse
    FillValue s;
    s.is_float = isFloatKind(lt.kind);
    s.d = step.is_float ? step.d : double(step.i);
    s.i = step.is_float ? int64_t(step.d) : step.i;
    step = s;
  }
  std::optional<FillValue> from, to;
  if (key.fill_from) from = constantOf(*key.fill_from, type, ctx, "FROM");
  if (key.fill_to) to = constantOf(*key.fill_to, type, ctx, "TO");
  // "before" in the sort direction.
  auto before = [&](const FillValue& a, const FillValue& b) { return ascending ? a.less(b) : b.less(a); };

  Block out;
  out.names = sorted.names;
  for (const auto& c : sorted.columns) out.columns.push_back(makeColumn(c->type));
  auto emitRow = [&](size_t row) {
    for (size_t k = 0; k < sorted.columns.size(); ++k) appendFrom(*out.columns[k], *sorted.columns[k], row);
  };
  auto emitFiller = [&](const FillValue& v) {
    for (size_t k = 0; k < sorted.columns.size(); ++k) {
      if (k == fill_at) appendField(*out.columns[k], v.field());
      else appendDefault(*out.columns[k]);
    }
  };
  std::optional<FillValue> next = from;  // the next value the output should hold
  for (size_t row = 0; row < sorted.rows; ++row) {
    std::optional<FillValue> v = valueAt(column, row);
    if (v) {
      if (!next) next = *v;
      while (before(*next, *v) && (!to || before(*next, *to))) {
        emitFiller(*next);
        next = next->plus(step);
      }
    }
    emitRow(row);
    if (v && !before(*v, *next)) next = v->plus(step);
  }
  if (to && next)
    while (before(*next, *to)) {
      emitFiller(*next);
      next = next->plus(step);
    }
  out.rows = out.columns.empty() ? 0 : out.columns[0]->rows;
  return out;
}

}  // namespace ferry::rt::exec
