/// Boolean logic (ClickHouse's three-valued and/or), conditionals and NULL handling.
#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {
namespace {

/// Truth values and NULL flags of a condition-like argument.
void truth(const ColumnPtr& c, size_t rows, std::vector<uint8_t>& value, std::vector<uint8_t>& null) {
  value.assign(rows, 0);
  null.assign(rows, 0);
  if (layoutKind(*c->type) == TypeKind::Nothing) {
    std::fill(null.begin(), null.end(), 1);
    return;
  }
  auto nested = nestedOf(c);
  auto mask = toMask(*nested, rows);
  value = mask;
  if (layoutKind(*c->type) == TypeKind::Nullable)
    for (size_t i = 0; i < rows; ++i) null[i] = c->isNullAt(i);
}

template <bool is_and>
ColumnPtr andOr(CallArgs& a) {
  std::vector<uint8_t> decided(a.rows, 0), any_null(a.rows, 0), v, n;
  for (auto& c : a.cols) {
    truth(c, a.rows, v, n);
    for (size_t i = 0; i < a.rows; ++i) {
      if (n[i]) any_null[i] = 1;
      else if (is_and ? !v[i] : v[i]) decided[i] = 1;
    }
  }
  bool nullable = layoutKind(*a.result) == TypeKind::Nullable;
  auto out = newFixed<uint8_t>(nullable ? removeNullable(a.result) : a.result, a.rows);
  std::vector<uint8_t> nulls(a.rows, 0);
  for (size_t i = 0; i < a.rows; ++i) {
    if (decided[i]) out->values<uint8_t>()[i] = is_and ? 0 : 1;
    else if (any_null[i]) {
      out->values<uint8_t>()[i] = 0;
      nulls[i] = 1;
    } else out->values<uint8_t>()[i] = is_and ? 1 : 0;
  }
  if (nullable) return wrapNullable(out, std::move(nulls), a.result);
  return out;
}

ColumnPtr notFn(CallArgs& a) {
  auto mask = toMask(*a.cols[0], a.rows);
  auto out = newFixed<uint8_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) out->values<uint8_t>()[i] = !mask[i];
  return out;
}

ColumnPtr xorFn(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  std::vector<uint8_t> acc(a.rows, 0);
  for (auto& c : a.cols) {
    auto m = toMask(*c, a.rows);
    for (size_t i = 0; i < a.rows; ++i) acc[i] ^= m[i];
  }
  std::copy(acc.begin(), acc.end(), out->values<uint8_t>());
  return out;
}

/// `col` as type `to`; a Nullable column going to a non-Nullable type keeps its nested values.
ColumnPtr castLoose(const ColumnPtr& col, const ColumnTypePtr& to) {
  if (layoutKind(*col->type) == TypeKind::Nothing) {
    auto out = makeColumn(to);
    appendDefault(*out);
    return asConst(out, col->rows);
  }
  if (layoutKind(*col->type) == TypeKind::Nullable && layoutKind(*to) != TypeKind::Nullable)
    return castLoose(nestedOf(col), to);
  if (col->type == to || typeName(*col->type) == typeName(*to)) return col;
  return castColumn(col, to);
}

}  // namespace

/// Row i of the result is row i of branches[choice[i]] (all branches of type `type`).
ColumnPtr selectRows(const std::vector<ColumnPtr>& branches, const std::vector<uint8_t>& choice, const ColumnTypePtr& type,
                     size_t rows) {
  const ColumnType& lt = layoutType(*type);
  size_t w = fixedWidth(lt);
  if (w > 0 && lt.kind != TypeKind::Nullable) {
    auto out = newFixed<uint8_t>(type, rows * w);
    out->rows = rows;
    out->data.resize(rows * w);
    for (size_t i = 0; i < rows; ++i) {
      const Column& b = *branches[choice[i]];
      std::memcpy(out->data.data() + i * w, b.data.data() + (b.is_const ? 0 : i) * w, w);
    }
    return out;
  }
  if (lt.kind == TypeKind::String) {
    auto out = newString(type, rows);
    for (size_t i = 0; i < rows; ++i) pushString(*out, branches[choice[i]]->stringAt(i));
    return out;
  }
  if (lt.kind == TypeKind::Nullable) {
    std::vector<ColumnPtr> nested;
    for (auto& b : branches) nested.push_back(nestedOf(b));
    std::vector<uint8_t> nulls(rows);
    for (size_t i = 0; i < rows; ++i) nulls[i] = branches[choice[i]]->isNullAt(i);
    auto inner = selectRows(nested, choice, lt.children[0], rows);
    return wrapNullable(inner, std::move(nulls), type);
  }
  auto out = makeColumn(type);
  for (size_t i = 0; i < rows; ++i) {
    const Column& b = *branches[choice[i]];
    appendFrom(*out, b, b.is_const ? 0 : i);
  }
  return out;
}

namespace {

ColumnPtr ifFn(CallArgs& a) {
  std::vector<uint8_t> v, n;
  truth(a.cols[0], a.rows, v, n);
  std::vector<uint8_t> choice(a.rows);
  for (size_t i = 0; i < a.rows; ++i) choice[i] = (v[i] && !n[i]) ? 0 : 1;
  std::vector<ColumnPtr> branches{castLoose(a.cols[1], a.result), castLoose(a.cols[2], a.result)};
  return selectRows(branches, choice, a.result, a.rows);
}

ColumnPtr multiIfFn(CallArgs& a) {
  size_t pairs = (a.cols.size() - 1) / 2;
  std::vector<uint8_t> choice(a.rows, uint8_t(pairs));
  std::vector<uint8_t> decided(a.rows, 0), v, n;
  std::vector<ColumnPtr> branches;
  for (size_t p = 0; p < pairs; ++p) {
    truth(a.cols[2 * p], a.rows, v, n);
    for (size_t i = 0; i < a.rows; ++i)
      if (!decided[i] && v[i] && !n[i]) {
        decided[i] = 1;
        choice[i] = uint8_t(p);
      }
    branches.push_back(castLoose(a.cols[2 * p + 1], a.result));
  }
  branches.push_back(castLoose(a.cols.back(), a.result));
  return selectRows(branches, choice, a.result, a.rows);
}

ColumnPtr coalesceFn(CallArgs& a) {
  std::vector<uint8_t> choice(a.rows, uint8_t(a.cols.size() - 1));
  for (size_t i = 0; i < a.rows; ++i)
    for (size_t j = 0; j < a.cols.size(); ++j)
      if (layoutKind(*a.cols[j]->type) != TypeKind::Nothing && !a.cols[j]->isNullAt(i)) {
        choice[i] = uint8_t(j);
        break;
      }
  std::vector<ColumnPtr> branches;
  for (size_t j = 0; j < a.cols.size(); ++j) {
    bool last = j + 1 == a.cols.size();
    branches.push_back(last ? castLoose(a.cols[j], a.result)
                            : castLoose(a.cols[j], layoutKind(*a.result) == TypeKind::Nullable ? a.result : a.result));
  }
  return selectRows(branches, choice, a.result, a.rows);
}

template <bool want_null>
ColumnPtr isNullFn(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  bool nothing = layoutKind(*a.cols[0]->type) == TypeKind::Nothing;
  for (size_t i = 0; i < a.rows; ++i) {
    bool is_null = nothing || a.cols[0]->isNullAt(i);
    out->values<uint8_t>()[i] = is_null == want_null;
  }
  return out;
}

ColumnPtr assumeNotNullFn(CallArgs& a) { return castLoose(a.cols[0], a.result); }

ColumnPtr toNullableFn(CallArgs& a) { return castColumn(a.cols[0], a.result); }

ColumnPtr identityFn(CallArgs& a) {
  auto c = a.cols[0];
  if (typeName(layoutType(*c->type)) == typeName(layoutType(*a.result))) return relabel(c, a.result);
  return castColumn(c, a.result);
}

ColumnPtr materializeFn(CallArgs& a) { return materialize(identityFn(a)); }

ColumnPtr nullIfFn(CallArgs& a) {
  auto x = a.cols[0];
  auto y = a.cols[1];
  auto nested_type = removeNullable(x->type);
  auto yx = castColumn(y, makeNullable(nested_type), CastMode::OrNull);
  auto xv = nestedOf(x);
  std::vector<uint8_t> nulls(a.rows, 0);
  std::string kx, ky;
  for (size_t i = 0; i < a.rows; ++i) {
    if (x->isNullAt(i)) {
      nulls[i] = 1;
      continue;
    }
    if (yx->isNullAt(i)) continue;
    kx.clear();
    ky.clear();
    serializeKey(*xv, i, kx);
    serializeKey(*nestedOf(yx), i, ky);
    if (kx == ky) nulls[i] = 1;
  }
  auto values = castLoose(xv, removeNullable(a.result));
  return wrapNullable(materialize(values), std::move(nulls), a.result);
}

ColumnPtr isNotDistinctFromFn(CallArgs& a) {
  auto out = newFixed<uint8_t>(a.result, a.rows);
  auto y = castColumn(a.cols[1], a.cols[0]->type, CastMode::OrNull);
  for (size_t i = 0; i < a.rows; ++i) out->values<uint8_t>()[i] = compareAt(*a.cols[0], i, *y, i) == 0;
  return out;
}

}  // namespace

void registerLogicFunctions(FunctionRegistry& r) {
  r.add("and", andOr<true>, false);
  r.add("or", andOr<false>, false);
  r.add("not", notFn);
  r.add("xor", xorFn);
  r.add("if", ifFn, false);
  r.add("multiIf", multiIfFn, false);
  r.add("coalesce", coalesceFn, false);
  r.add("ifNull", coalesceFn, false);
  r.add("isNull", isNullFn<true>, false);
  r.add("isNotNull", isNullFn<false>, false);
  r.add("assumeNotNull", assumeNotNullFn, false);
  r.add("toNullable", toNullableFn, false);
  r.add("nullIf", nullIfFn, false);
  r.add("isNotDistinctFrom", isNotDistinctFromFn, false);
  r.add("identity", identityFn, false);
  r.add("toLowCardinality", identityFn, false);
  r.add("materialize", materializeFn, false, false);
}

}  // namespace ferry::rt::exec
