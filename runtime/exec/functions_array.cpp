/// Arrays (construction, search, higher-order functions with lambdas), tuples and maps.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "runtime/exec/exec_internal.h"
#include "runtime/exec/query_state.h"

namespace ferry::rt::exec {
namespace {

/// An array column built from per-row element indices into `elems`.
ColumnPtr arrayFrom(const ColumnTypePtr& type, const ColumnPtr& elems, const std::vector<uint32_t>& idx,
                    const std::vector<uint64_t>& offsets) {
  auto out = std::make_shared<Column>();
  out->type = type;
  out->rows = offsets.size();
  out->offsets = offsets;
  const ColumnType& lt = layoutType(*type);
  auto g = gather(*elems, idx);
  if (typeName(*g->type) != typeName(*lt.children[0])) g = castColumn(g, lt.children[0]);
  out->children.push_back(g);
  return out;
}

ColumnPtr arrayFn(CallArgs& a) {
  const ColumnType& lt = layoutType(*a.result);
  auto elem_type = lt.children[0];
  std::vector<ColumnPtr> cols;
  for (auto& c : a.cols) cols.push_back(materialize(castColumn(c, elem_type)));
  auto out = makeColumn(a.result);
  for (size_t i = 0; i < a.rows; ++i) {
    for (auto& c : cols) appendFrom(*out->children[0], *c, i);
    out->offsets.push_back(out->children[0]->rows);
    ++out->rows;
  }
  return out;
}

ColumnPtr tupleFn(CallArgs& a) {
  const ColumnType& lt = layoutType(*a.result);
  auto out = std::make_shared<Column>();
  out->type = a.result;
  out->rows = a.rows;
  for (size_t k = 0; k < a.cols.size(); ++k) {
    auto c = materialize(a.cols[k]);
    if (k < lt.children.size() && typeName(*c->type) != typeName(*lt.children[k])) c = castColumn(c, lt.children[k]);
    out->children.push_back(c);
  }
  return out;
}

ColumnPtr tupleElementFn(CallArgs& a) {
  const ColumnType& t = a.type(0);
  size_t index = 0;
  if (isStringKind(a.kind(1))) {
    std::string name = a.constString(1);
    auto it = std::find(t.element_names.begin(), t.element_names.end(), name);
    if (it == t.element_names.end()) fail("NOT_FOUND_COLUMN_IN_BLOCK", "Tuple doesn't have element with name '" + name + "'");
    index = size_t(it - t.element_names.begin());
  } else {
    int64_t i = a.constInt(1);
    if (i < 1 || size_t(i) > t.children.size()) fail("ILLEGAL_INDEX", "Index for tuple element is out of range");
    index = size_t(i - 1);
  }
  auto c = a.cols[0]->children[index];
  if (a.isConst(0)) c = asConst(c, a.rows);
  if (typeName(*c->type) != typeName(*a.result)) c = castColumn(c, a.result);
  return c;
}

ColumnPtr mapFn(CallArgs& a) {
  const ColumnType& lt = layoutType(*a.result);
  auto out = makeColumn(a.result);
  auto& entries = *out->children[0];
  std::vector<ColumnPtr> keys, values;
  for (size_t k = 0; k + 1 < a.cols.size(); k += 2) {
    keys.push_back(materialize(castColumn(a.cols[k], lt.children[0])));
    values.push_back(materialize(castColumn(a.cols[k + 1], lt.children[1])));
  }
  for (size_t i = 0; i < a.rows; ++i) {
    for (size_t k = 0; k < keys.size(); ++k) {
      appendFrom(*entries.children[0], *keys[k], i);
      appendFrom(*entries.children[1], *values[k], i);
      ++entries.rows;
    }
    out->offsets.push_back(entries.rows);
    ++out->rows;
  }
  return out;
}

template <size_t part>
ColumnPtr mapPartFn(CallArgs& a) {
  auto m = materialize(a.cols[0]);
  auto out = std::make_shared<Column>();
  out->type = a.result;
  out->rows = m->rows;
  out->offsets = m->offsets;
  auto c = m->children[0]->children[part];
  const ColumnType& lt = layoutType(*a.result);
  if (typeName(*c->type) != typeName(*lt.children[0])) c = castColumn(c, lt.children[0]);
  out->children.push_back(c);
  return out;
}

/// Rows of `needle` serialized as the element type of `arr`'s elements (NULL: nullopt-like flag).
struct Probe {
  std::vector<std::string> keys;
  std::vector<uint8_t> nulls;
};

Probe probeKeys(const ColumnPtr& values, const ColumnTypePtr& elem_type, size_t rows) {
  Probe p;
  auto target = removeNullable(elem_type);
  auto conv = castColumn(values, makeNullable(target), CastMode::OrNull);
  p.keys.resize(rows);
  p.nulls.resize(rows);
  auto nested = nestedOf(conv);
  for (size_t i = 0; i < rows; ++i) {
    p.nulls[i] = conv->isNullAt(i);
    if (!p.nulls[i]) serializeKey(*nested, i, p.keys[i]);
  }
  return p;
}

std::string elemKey(const Column& elems, size_t k, bool& is_null) {
  std::string key;
  is_null = elems.isNullAt(k);
  if (!is_null) serializeKey(layoutKind(*elems.type) == TypeKind::Nullable ? *elems.children[0] : elems, k, key);
  return key;
}

template <bool index_of>
ColumnPtr hasFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  const auto& elems = *arr->children[0];
  auto probe = probeKeys(a.cols[1], elems.type, a.rows);
  auto out = newFixed<uint64_t>(typeUInt64(), a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = arr->arrayRange(i);
    uint64_t found = 0;
    for (uint64_t k = b; k < e; ++k) {
      bool n;
      std::string key = elemKey(elems, k, n);
      if ((n && probe.nulls[i]) || (!n && !probe.nulls[i] && key == probe.keys[i])) {
        found = index_of ? k - b + 1 : 1;
        break;
      }
    }
    out->values<uint64_t>()[i] = found;
  }
  return castColumn(out, a.result);
}

template <bool all>
ColumnPtr hasAnyAllFn(CallArgs& a) {
  auto x = materialize(a.cols[0]), y = materialize(a.cols[1]);
  auto out = newFixed<uint8_t>(a.result, a.rows);
  auto yconv = castColumn(y->children[0], x->children[0]->type, CastMode::OrZero);
  for (size_t i = 0; i < a.rows; ++i) {
    std::unordered_set<std::string> set;
    auto [b, e] = x->arrayRange(i);
    for (uint64_t k = b; k < e; ++k) {
      std::string key;
      serializeKey(*x->children[0], k, key);
      set.insert(key);
    }
    auto [yb, ye] = y->arrayRange(i);
    bool r = all;
    for (uint64_t k = yb; k < ye; ++k) {
      std::string key;
      serializeKey(*yconv, k, key);
      bool in = set.count(key) > 0;
      if (all && !in) { r = false; break; }
      if (!all && in) { r = true; break; }
    }
    out->values<uint8_t>()[i] = r;
  }
  return out;
}

ColumnPtr arrayElementFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  TypeKind k = a.kind(0);
  std::vector<int64_t> src(a.rows, -1);
  if (k == TypeKind::Map) {
    const auto& entries = *arr->children[0];
    auto probe = probeKeys(a.cols[1], entries.children[0]->type, a.rows);
    for (size_t i = 0; i < a.rows; ++i) {
      auto [b, e] = arr->arrayRange(i);
      for (uint64_t j = b; j < e; ++j) {
        bool n;
        if (elemKey(*entries.children[0], j, n) == probe.keys[i] && !n && !probe.nulls[i]) {
          src[i] = int64_t(j);
          break;
        }
      }
    }
    auto values = entries.children[1];
    auto out = makeColumn(a.result);
    auto conv = typeName(*values->type) == typeName(*a.result) ? values : castColumn(values, a.result);
    for (size_t i = 0; i < a.rows; ++i) {
      if (src[i] < 0) appendDefault(*out);
      else appendFrom(*out, *conv, size_t(src[i]));
    }
    return out;
  }
  auto idx = castColumn(a.cols[1], typeInt64());
  Vals<int64_t> vi(*idx);
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = arr->arrayRange(i);
    int64_t n = int64_t(e - b), x = vi[i];
    if (x > 0 && x <= n) src[i] = int64_t(b) + x - 1;
    else if (x < 0 && -x <= n) src[i] = int64_t(e) + x;
  }
  auto elems = arr->children[0];
  auto conv = typeName(*elems->type) == typeName(*a.result) ? elems : castColumn(elems, a.result);
  auto out = makeColumn(a.result);
  for (size_t i = 0; i < a.rows; ++i) {
    if (src[i] < 0) appendDefault(*out);
    else appendFrom(*out, *conv, size_t(src[i]));
  }
  return out;
}

// ---- Higher-order functions -----------------------------------------------------------------------
struct LambdaInput {
  std::vector<ColumnPtr> arrays;  ///< materialized
  std::vector<ColumnPtr> params;  ///< element columns
  std::vector<uint32_t> element_rows;
  size_t elements = 0;
};

LambdaInput lambdaInput(CallArgs& a, size_t first) {
  LambdaInput in;
  for (size_t k = first; k < a.cols.size(); ++k) in.arrays.push_back(materialize(a.cols[k]));
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = in.arrays[0]->arrayRange(i);
    for (size_t k = 1; k < in.arrays.size(); ++k) {
      auto [b2, e2] = in.arrays[k]->arrayRange(i);
      if (e2 - b2 != e - b) fail("SIZES_OF_ARRAYS_DONT_MATCH", "Arrays passed to " + a.call.function + " must have equal size");
    }
    for (uint64_t j = b; j < e; ++j) in.element_rows.push_back(uint32_t(i));
  }
  in.elements = in.element_rows.size();
  for (auto& arr : in.arrays) {
    // Elements of the rows' ranges, in order (arrays are full columns so children are contiguous).
    auto [b0, e0] = arr->rows ? std::pair<uint64_t, uint64_t>{arr->arrayRange(0).first, arr->arrayRange(arr->rows - 1).second}
                              : std::pair<uint64_t, uint64_t>{0, 0};
    auto c = arr->children[0];
    if (b0 != 0 || e0 != c->rows) {
      std::vector<uint32_t> idx;
      for (uint64_t j = b0; j < e0; ++j) idx.push_back(uint32_t(j));
      c = gather(*c, idx);
    }
    in.params.push_back(c);
  }
  return in;
}

/// Evaluates the lambda (arg 0) over the elements of the array args; returns the body column.
ColumnPtr applyLambda(CallArgs& a, LambdaInput& in) {
  const Expr& lambda = *a.call.args.at(0);
  if (lambda.kind != ExprKind::Lambda) fail("ILLEGAL_TYPE_OF_ARGUMENT", "First argument of " + a.call.function + " must be a lambda");
  std::vector<ColumnPtr> params = in.params;
  for (size_t k = 0; k < params.size() && k < lambda.lambda_params.size(); ++k)
    if (lambda.lambda_params[k] && typeName(*params[k]->type) != typeName(*lambda.lambda_params[k]))
      params[k] = castColumn(params[k], lambda.lambda_params[k]);
  return evalLambda(lambda, params, in.elements, in.element_rows, a.ctx);
}

std::vector<uint64_t> rowOffsets(const LambdaInput& in, size_t rows) {
  std::vector<uint64_t> off(rows);
  uint64_t base = in.arrays[0]->rows ? in.arrays[0]->arrayRange(0).first : 0;
  for (size_t i = 0; i < rows; ++i) off[i] = in.arrays[0]->arrayRange(i).second - base;
  return off;
}

ColumnPtr arrayMapFn(CallArgs& a) {
  auto in = lambdaInput(a, 1);
  auto body = applyLambda(a, in);
  auto out = std::make_shared<Column>();
  out->type = a.result;
  out->rows = a.rows;
  out->offsets = rowOffsets(in, a.rows);
  const ColumnType& lt = layoutType(*a.result);
  if (typeName(*body->type) != typeName(*lt.children[0])) body = castColumn(body, lt.children[0]);
  out->children.push_back(materialize(body));
  return out;
}

ColumnPtr arrayFilterFn(CallArgs& a) {
  auto in = lambdaInput(a, 1);
  auto mask = toMask(*applyLambda(a, in), in.elements);
  auto offs = rowOffsets(in, a.rows);
  std::vector<uint32_t> idx;
  std::vector<uint64_t> out_off(a.rows);
  uint64_t prev = 0;
  for (size_t i = 0; i < a.rows; ++i) {
    for (uint64_t j = prev; j < offs[i]; ++j)
      if (mask[j]) idx.push_back(uint32_t(j));
    out_off[i] = idx.size();
    prev = offs[i];
  }
  return arrayFrom(a.result, in.params[0], idx, out_off);
}

enum class Reduce { Exists, All, Count, First, FirstIndex, Last, LastIndex };

template <Reduce r>
ColumnPtr arrayReduceLambda(CallArgs& a) {
  bool has_lambda = !a.call.args.empty() && a.call.args[0]->kind == ExprKind::Lambda;
  auto in = lambdaInput(a, has_lambda ? 1 : 0);
  std::vector<uint8_t> mask = has_lambda ? toMask(*applyLambda(a, in), in.elements) : toMask(*in.params[0], in.elements);
  auto offs = rowOffsets(in, a.rows);
  if constexpr (r == Reduce::First || r == Reduce::Last) {
    auto out = makeColumn(a.result);
    auto src = in.params.back();
    if (typeName(*src->type) != typeName(*a.result)) src = castColumn(src, a.result);
    uint64_t prev = 0;
    for (size_t i = 0; i < a.rows; ++i) {
      int64_t found = -1;
      for (uint64_t j = prev; j < offs[i]; ++j)
        if (mask[j]) {
          found = int64_t(j);
          if (r == Reduce::First) break;
        }
      if (found < 0) appendDefault(*out);
      else appendFrom(*out, *src, size_t(found));
      prev = offs[i];
    }
    return out;
  } else {
    auto out = newFixed<uint64_t>(typeUInt64(), a.rows);
    uint64_t prev = 0;
    for (size_t i = 0; i < a.rows; ++i) {
      uint64_t v = r == Reduce::All ? 1 : 0;
      for (uint64_t j = prev; j < offs[i]; ++j) {
        if (r == Reduce::Exists && mask[j]) { v = 1; break; }
        if (r == Reduce::All && !mask[j]) { v = 0; break; }
        if (r == Reduce::Count && mask[j]) ++v;
        if (r == Reduce::FirstIndex && mask[j]) { v = j - prev + 1; break; }
        if (r == Reduce::LastIndex && mask[j]) v = j - prev + 1;
      }
      out->values<uint64_t>()[i] = v;
      prev = offs[i];
    }
    return castColumn(out, a.result);
  }
}

enum class Agg { Sum, Min, Max, Avg, Product };

template <Agg g>
ColumnPtr arrayAggFn(CallArgs& a) {
  bool has_lambda = !a.call.args.empty() && a.call.args[0]->kind == ExprKind::Lambda;
  auto in = lambdaInput(a, has_lambda ? 1 : 0);
  ColumnPtr values = has_lambda ? applyLambda(a, in) : in.params[0];
  auto offs = rowOffsets(in, a.rows);
  const ColumnType& rt = layoutType(*a.result);
  if (g == Agg::Min || g == Agg::Max) {
    auto out = makeColumn(a.result);
    auto conv = typeName(*values->type) == typeName(*a.result) ? values : castColumn(values, a.result);
    uint64_t prev = 0;
    for (size_t i = 0; i < a.rows; ++i) {
      int64_t best = -1;
      for (uint64_t j = prev; j < offs[i]; ++j) {
        if (conv->isNullAt(j)) continue;
        if (best < 0) best = int64_t(j);
        else {
          int c = compareAt(*conv, j, *conv, size_t(best));
          if (g == Agg::Min ? c < 0 : c > 0) best = int64_t(j);
        }
      }
      if (best < 0) appendDefault(*out);
      else appendFrom(*out, *conv, size_t(best));
      prev = offs[i];
    }
    return out;
  }
  // Sums in the result type (ClickHouse: UInt64/Int64/Float64/Decimal128 ...).
  ColumnTypePtr acc_type = (g == Agg::Avg || isFloatKind(rt.kind)) ? typeFloat64() : a.result;
  if (isDecimalKind(rt.kind) || isDecimalKind(layoutKind(*values->type))) acc_type = a.result;
  auto vals = castColumn(nestedOf(values), g == Agg::Avg ? typeFloat64() : acc_type);
  ColumnPtr out;
  dispatchFixed(layoutKind(*vals->type), [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(vals->type, a.rows);
    Vals<T> v(*vals);
    uint64_t prev = 0;
    for (size_t i = 0; i < a.rows; ++i) {
      T acc = g == Agg::Product ? T(1) : T(0);
      for (uint64_t j = prev; j < offs[i]; ++j) {
        if (g == Agg::Product) acc = T(acc * v[j]);
        else acc = T(acc + v[j]);
      }
      if (g == Agg::Avg) {
        uint64_t n = offs[i] - prev;
        if constexpr (std::is_floating_point_v<T>) acc = n ? T(acc / T(n)) : T(NAN);
      }
      out->values<T>()[i] = acc;
      prev = offs[i];
    }
  });
  return castColumn(out, a.result);
}

ColumnPtr arrayDistinctFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  const auto& elems = *arr->children[0];
  std::vector<uint32_t> idx;
  std::vector<uint64_t> off(a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    std::unordered_set<std::string> seen;
    auto [b, e] = arr->arrayRange(i);
    for (uint64_t k = b; k < e; ++k) {
      if (elems.isNullAt(k)) continue;  // arrayDistinct drops NULLs
      std::string key;
      serializeKey(elems, k, key);
      if (seen.insert(key).second) idx.push_back(uint32_t(k));
    }
    off[i] = idx.size();
  }
  return arrayFrom(a.result, arr->children[0], idx, off);
}

ColumnPtr arrayUniqFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  auto out = newFixed<uint64_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    std::unordered_set<std::string> seen;
    auto [b, e] = arr->arrayRange(i);
    for (uint64_t k = b; k < e; ++k) {
      std::string key;
      serializeKey(*arr->children[0], k, key);
      seen.insert(key);
    }
    out->values<uint64_t>()[i] = seen.size();
  }
  return out;
}

template <bool desc>
ColumnPtr arraySortFn(CallArgs& a) {
  bool has_lambda = !a.call.args.empty() && a.call.args[0]->kind == ExprKind::Lambda;
  auto in = lambdaInput(a, has_lambda ? 1 : 0);
  ColumnPtr keys = has_lambda ? materialize(applyLambda(a, in)) : in.params[0];
  auto offs = rowOffsets(in, a.rows);
  std::vector<uint32_t> idx;
  uint64_t prev = 0;
  for (size_t i = 0; i < a.rows; ++i) {
    size_t start = idx.size();
    for (uint64_t j = prev; j < offs[i]; ++j) idx.push_back(uint32_t(j));
    std::stable_sort(idx.begin() + long(start), idx.end(), [&](uint32_t x, uint32_t y) {
      int c = compareAt(*keys, x, *keys, y, false);
      if (desc) {
        bool nx = keys->isNullAt(x), ny = keys->isNullAt(y);
        if (nx || ny) return !nx && ny;
        return c > 0;
      }
      return c < 0;
    });
    prev = offs[i];
  }
  return arrayFrom(a.result, in.params.back(), idx, offs);
}

ColumnPtr arrayConcatFn(CallArgs& a) {
  std::vector<ColumnPtr> arrs;
  const ColumnType& lt = layoutType(*a.result);
  for (auto& c : a.cols) arrs.push_back(materialize(castColumn(c, a.result)));
  auto out = makeColumn(a.result);
  (void)lt;
  for (size_t i = 0; i < a.rows; ++i) {
    for (auto& arr : arrs) {
      auto [b, e] = arr->arrayRange(i);
      appendRange(*out->children[0], *arr->children[0], b, e);
    }
    out->offsets.push_back(out->children[0]->rows);
    ++out->rows;
  }
  return out;
}

ColumnPtr arrayStringConcatFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  auto elems = arr->children[0];
  if (!isStringKind(layoutKind(*removeNullable(elems->type)))) elems = castColumn(elems, makeNullable(typeString()));
  auto out = newString(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    std::string sep = a.cols.size() > 1 ? std::string(a.cols[1]->stringAt(i)) : std::string();
    std::string s;
    auto [b, e] = arr->arrayRange(i);
    bool first = true;
    for (uint64_t k = b; k < e; ++k) {
      if (elems->isNullAt(k)) continue;
      if (!first) s += sep;
      first = false;
      s += nestedOf(elems)->stringAt(k);
    }
    pushString(*out, s);
  }
  return out;
}

ColumnPtr rangeFn(CallArgs& a) {
  std::vector<ColumnPtr> args;
  for (auto& c : a.cols) args.push_back(castColumn(c, typeInt64()));
  auto out = makeColumn(a.result);
  auto elem_type = layoutType(*a.result).children[0];
  auto tmp = newFixed<int64_t>(typeInt64(), 0);
  std::vector<int64_t> values;
  uint64_t total = 0;
  for (size_t i = 0; i < a.rows; ++i) {
    int64_t start = 0, end, step = 1;
    if (args.size() == 1) end = Vals<int64_t>(*args[0])[i];
    else {
      start = Vals<int64_t>(*args[0])[i];
      end = Vals<int64_t>(*args[1])[i];
      if (args.size() > 2) step = Vals<int64_t>(*args[2])[i];
    }
    if (step == 0) fail("BAD_ARGUMENTS", "A call to function range would produce an infinite array");
    for (int64_t v = start; step > 0 ? v < end : v > end; v += step) {
      values.push_back(v);
      if (++total > 100000000) fail("ARGUMENT_OUT_OF_BOUND", "A call to function range would produce too large an array");
    }
    out->offsets.push_back(values.size());
  }
  tmp->data.resize(values.size() * 8);
  tmp->rows = values.size();
  std::memcpy(tmp->data.data(), values.data(), values.size() * 8);
  out->children[0] = castColumn(tmp, elem_type);
  out->rows = a.rows;
  return out;
}

ColumnPtr emptyArrayFn(CallArgs& a) {
  auto out = makeColumn(a.result);
  for (size_t i = 0; i < a.rows; ++i) out->offsets.push_back(0);
  out->rows = a.rows;
  return out;
}

ColumnPtr arrayEnumerateFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  auto out = makeColumn(a.result);
  auto tmp = newFixed<uint32_t>(makeType(TypeKind::UInt32), arr->children[0]->rows);
  std::vector<uint64_t> offs;
  uint64_t pos = 0;
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = arr->arrayRange(i);
    for (uint64_t k = b; k < e; ++k) tmp->values<uint32_t>()[pos++] = uint32_t(k - b + 1);
    offs.push_back(pos);
  }
  tmp->rows = pos;
  tmp->data.resize(pos * 4);
  out->offsets = offs;
  out->rows = a.rows;
  out->children[0] = castColumn(tmp, layoutType(*a.result).children[0]);
  return out;
}

ColumnPtr arrayZipFn(CallArgs& a) {
  std::vector<ColumnPtr> arrs;
  for (auto& c : a.cols) arrs.push_back(materialize(c));
  auto out = std::make_shared<Column>();
  out->type = a.result;
  out->rows = a.rows;
  auto tuple = std::make_shared<Column>();
  tuple->type = layoutType(*a.result).children[0];
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = arrs[0]->arrayRange(i);
    for (auto& arr : arrs) {
      auto [b2, e2] = arr->arrayRange(i);
      if (e2 - b2 != e - b) fail("SIZES_OF_ARRAYS_DONT_MATCH", "The argument 1 and argument 2 of function arrayZip have different array sizes");
    }
    out->offsets.push_back(e);
  }
  for (auto& arr : arrs) tuple->children.push_back(arr->children[0]);
  tuple->rows = arrs.empty() ? 0 : arrs[0]->children[0]->rows;
  out->children.push_back(tuple);
  return out;
}

ColumnPtr arraySliceFn(CallArgs& a) {
  auto arr = materialize(a.cols[0]);
  auto off = castColumn(a.cols[1], typeInt64());
  ColumnPtr len = a.cols.size() > 2 ? castColumn(a.cols[2], typeInt64()) : nullptr;
  std::vector<uint32_t> idx;
  std::vector<uint64_t> offs;
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = arr->arrayRange(i);
    int64_t n = int64_t(e - b), o = Vals<int64_t>(*off)[i];
    int64_t start = o > 0 ? o - 1 : o < 0 ? n + o : n;
    int64_t end = n;
    if (len) {
      int64_t l = Vals<int64_t>(*len)[i];
      end = l >= 0 ? start + l : n + l;
    }
    if (o == 0) start = n;
    start = std::clamp<int64_t>(start, 0, n);
    end = std::clamp<int64_t>(end, start, n);
    for (int64_t k = start; k < end; ++k) idx.push_back(uint32_t(int64_t(b) + k));
    offs.push_back(idx.size());
  }
  return arrayFrom(a.result, arr->children[0], idx, offs);
}

ColumnPtr cosineDistanceFn(CallArgs& a) {
  auto x = materialize(a.cols[0]), y = materialize(a.cols[1]);
  auto xe = castColumn(x->children[0], typeFloat64()), ye = castColumn(y->children[0], typeFloat64());
  auto out = newFixed<double>(typeFloat64(), a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b1, e1] = x->arrayRange(i);
    auto [b2, e2] = y->arrayRange(i);
    if (e1 - b1 != e2 - b2) fail("SIZES_OF_ARRAYS_DONT_MATCH", "Arguments of function cosineDistance have different array sizes");
    double dot = 0, n1 = 0, n2 = 0;
    for (uint64_t k = 0; k < e1 - b1; ++k) {
      double p = xe->values<double>()[b1 + k], q = ye->values<double>()[b2 + k];
      dot += p * q;
      n1 += p * p;
      n2 += q * q;
    }
    out->values<double>()[i] = 1.0 - dot / std::sqrt(n1 * n2);
  }
  return castColumn(out, a.result);
}

ColumnPtr mapContainsFn(CallArgs& a) {
  auto m = materialize(a.cols[0]);
  const auto& keys = *m->children[0]->children[0];
  auto probe = probeKeys(a.cols[1], keys.type, a.rows);
  auto out = newFixed<uint8_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    auto [b, e] = m->arrayRange(i);
    bool found = false;
    for (uint64_t k = b; k < e && !found; ++k) {
      bool n;
      found = elemKey(keys, k, n) == probe.keys[i] && !n && !probe.nulls[i];
    }
    out->values<uint8_t>()[i] = found;
  }
  return out;
}

}  // namespace

void registerArrayFunctions(FunctionRegistry& r) {
  r.add("array", arrayFn, false);
  r.add("tuple", tupleFn, false);
  r.add("tupleElement", tupleElementFn, false);
  r.add("map", mapFn, false);
  r.add("mapKeys", mapPartFn<0>);
  r.add("mapValues", mapPartFn<1>);
  r.add("mapContains", mapContainsFn);
  r.add("has", hasFn<false>, false);
  r.add("indexOf", hasFn<true>, false);
  r.add("hasAny", hasAnyAllFn<false>);
  r.add("hasAll", hasAnyAllFn<true>);
  r.add("arrayElement", arrayElementFn);
  r.add("arrayMap", arrayMapFn, true, true, true);
  r.add("arrayFilter", arrayFilterFn, true, true, true);
  r.add("arrayExists", arrayReduceLambda<Reduce::Exists>, true, true, true);
  r.add("arrayAll", arrayReduceLambda<Reduce::All>, true, true, true);
  r.add("arrayCount", arrayReduceLambda<Reduce::Count>, true, true, true);
  r.add("arrayFirst", arrayReduceLambda<Reduce::First>, true, true, true);
  r.add("arrayFirstIndex", arrayReduceLambda<Reduce::FirstIndex>, true, true, true);
  r.add("arrayLast", arrayReduceLambda<Reduce::Last>, true, true, true);
  r.add("arrayLastIndex", arrayReduceLambda<Reduce::LastIndex>, true, true, true);
  r.add("arraySum", arrayAggFn<Agg::Sum>, true, true, true);
  r.add("arrayAvg", arrayAggFn<Agg::Avg>, true, true, true);
  r.add("arrayMin", arrayAggFn<Agg::Min>, true, true, true);
  r.add("arrayMax", arrayAggFn<Agg::Max>, true, true, true);
  r.add("arrayProduct", arrayAggFn<Agg::Product>, true, true, true);
  r.add("arraySort", arraySortFn<false>, true, true, true);
  r.add("arrayReverseSort", arraySortFn<true>, true, true, true);
  r.add("arrayDistinct", arrayDistinctFn);
  r.add("arrayUniq", arrayUniqFn);
  r.add("arrayConcat", arrayConcatFn);
  r.add("arrayStringConcat", arrayStringConcatFn);
  r.add("range", rangeFn);
  r.add("arrayEnumerate", arrayEnumerateFn);
  r.add("arrayZip", arrayZipFn);
  r.add("arraySlice", arraySliceFn);
  r.add("cosineDistance", cosineDistanceFn);
  for (const char* t : {"emptyArrayString", "emptyArrayUInt8", "emptyArrayUInt16", "emptyArrayUInt32", "emptyArrayUInt64",
                        "emptyArrayInt8", "emptyArrayInt16", "emptyArrayInt32", "emptyArrayInt64", "emptyArrayFloat32",
                        "emptyArrayFloat64", "emptyArrayDate", "emptyArrayDateTime"})
    r.add(t, emptyArrayFn);
}

}  // namespace ferry::rt::exec
