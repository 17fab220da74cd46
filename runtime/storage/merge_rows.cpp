/// Merging sorted parts with each engine's semantics (ClickHouse's merge algorithms, re-derived
/// from its documentation): rows of equal sorting key form a group, and the engine decides what a
/// group becomes.
#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/column/sort_permutation.h"
#include "runtime/storage/column_files.h"
#include "runtime/storage/part_keys.h"
#include "runtime/storage/store.h"

namespace ferry::rt {

using namespace storage;

namespace {

/// Rows of the merge in output order, cut into groups of equal key: group g is
/// rows[starts[g] .. starts[g + 1]).
struct Groups {
  std::vector<uint32_t> rows;
  std::vector<size_t> starts;
  size_t count() const { return starts.empty() ? 0 : starts.size() - 1; }
  size_t begin(size_t g) const { return starts[g]; }
  size_t end(size_t g) const { return starts[g + 1]; }
};

Groups groupRows(const std::vector<uint32_t>& rows, const std::vector<const Column*>& key) {
  Groups g;
  g.rows = rows;
  for (size_t i = 0; i < rows.size(); ++i)
    if (i == 0 || !sameKey(key, rows[i - 1], rows[i])) g.starts.push_back(i);
  g.starts.push_back(rows.size());
  return g;
}

int64_t intAt(const Column& c, size_t row) {
  Field f = fieldAt(c, row);
  if (auto* i = std::get_if<int64_t>(&f.value)) return *i;
  if (auto* u = std::get_if<uint64_t>(&f.value)) return int64_t(*u);
  if (auto* b = std::get_if<bool>(&f.value)) return *b ? 1 : 0;
  if (auto* d = std::get_if<double>(&f.value)) return int64_t(*d);
  return 0;
}

const Column& columnNamed(const Block& b, const std::string& name, const TableSpec& spec) {
  int at = b.find(name);
  if (at < 0) throw std::runtime_error(fmt::format("table {}: no column {}", spec.name, name));
  return *b.columns[size_t(at)];
}

// ---- numeric sums on the raw layout -------------------------------------------------------------

bool isSummableKind(TypeKind k) {
  switch (k) {
    case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64:
    case TypeKind::UInt128: case TypeKind::UInt256:
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Int128: case TypeKind::Int256:
    case TypeKind::Float32: case TypeKind::Float64:
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: case TypeKind::Decimal256:
      return true;
    default:
      return false;
  }
}

template <class T>
void addAt(uint8_t* to, const uint8_t* from) {
  T a, b;
  std::memcpy(&a, to, sizeof(T));
  std::memcpy(&b, from, sizeof(T));
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    a = T(U(a) + U(b));  // wraps, as ClickHouse's sums do
  } else {
    a = a + b;
  }
  std::memcpy(to, &a, sizeof(T));
}

void addWide(uint8_t* to, const uint8_t* from, size_t width) {
  unsigned carry = 0;
  for (size_t i = 0; i < width; i += 8) {
    uint64_t a, b;
    std::memcpy(&a, to + i, 8);
    std::memcpy(&b, from + i, 8);
    uint64_t s = a + b;
    unsigned c1 = s < a;
    uint64_t s2 = s + carry;
    unsigned c2 = s2 < s;
    carry = c1 | c2;
    std::memcpy(to + i, &s2, 8);
  }
}

/// value(out, to_row) += value(in, from_row) for a summable fixed-width kind.
void addInto(Column& out, size_t to_row, const Column& in, size_t from_row, TypeKind k) {
  size_t w = fixedWidth(layoutType(*in.type));
  uint8_t* to = out.data.data() + to_row * w;
  const uint8_t* from = in.data.data() + (in.is_const ? 0 : from_row) * w;
  switch (k) {
    case TypeKind::UInt8: addAt<uint8_t>(to, from); break;
    case TypeKind::UInt16: addAt<uint16_t>(to, from); break;
    case TypeKind::UInt32: addAt<uint32_t>(to, from); break;
    case TypeKind::UInt64: addAt<uint64_t>(to, from); break;
    case TypeKind::Int8: addAt<int8_t>(to, from); break;
    case TypeKind::Int16: addAt<int16_t>(to, from); break;
    case TypeKind::Int32: case TypeKind::Decimal32: addAt<int32_t>(to, from); break;
    case TypeKind::Int64: case TypeKind::Decimal64: addAt<int64_t>(to, from); break;
    case TypeKind::Float32: addAt<float>(to, from); break;
    case TypeKind::Float64: addAt<double>(to, from); break;
    default: addWide(to, from, w); break;  // 128/256-bit integers and decimals: two's complement
  }
}

bool isZeroAt(const Column& c, size_t row, TypeKind k) {
  size_t w = fixedWidth(layoutType(*c.type));
  const uint8_t* p = c.data.data() + (c.is_const ? 0 : row) * w;
  if (k == TypeKind::Float32) {
    float f;
    std::memcpy(&f, p, 4);
    return f == 0;
  }
  if (k == TypeKind::Float64) {
    double d;
    std::memcpy(&d, p, 8);
    return d == 0;
  }
  for (size_t i = 0; i < w; ++i)
    if (p[i]) return false;
  return true;
}

/// Sum of a group for a (possibly Nullable) summable column: NULLs are skipped, the result is NULL
/// only when every value is.
ColumnPtr sumGroups(const Column& col, const Groups& g) {
  const ColumnType& lt = layoutType(*col.type);
  std::vector<uint32_t> firsts;
  bool nullable = lt.kind == TypeKind::Nullable;
  for (size_t i = 0; i < g.count(); ++i) {
    uint32_t pick = g.rows[g.begin(i)];
    if (nullable)
      for (size_t k = g.begin(i); k < g.end(i); ++k)
        if (!col.isNullAt(g.rows[k])) {
          pick = g.rows[k];
          break;
        }
    firsts.push_back(pick);
  }
  ColumnPtr out = gather(col, firsts);
  Column& values = nullable ? *out->children[0] : *out;
  const Column& in_values = nullable ? *col.children[0] : col;
  TypeKind k = layoutType(*in_values.type).kind;
  for (size_t i = 0; i < g.count(); ++i)
    for (size_t r = g.begin(i); r < g.end(i); ++r) {
      uint32_t row = g.rows[r];
      if (row == firsts[i] || col.isNullAt(row)) continue;
      addInto(values, i, in_values, row, k);
    }
  return out;
}

// ---- Field arithmetic for the map and bit functions ---------------------------------------------

Field addFields(const Field& a, const Field& b) {
  if (a.isNull()) return b;
  if (b.isNull()) return a;
  if (auto* x = std::get_if<uint64_t>(&a.value))
    if (auto* y = std::get_if<uint64_t>(&b.value)) return *x + *y;
  if (auto* x = std::get_if<int64_t>(&a.value))
    if (auto* y = std::get_if<int64_t>(&b.value)) return int64_t(uint64_t(*x) + uint64_t(*y));
  auto asDouble = [](const Field& f) -> double {
    if (auto* i = std::get_if<int64_t>(&f.value)) return double(*i);
    if (auto* u = std::get_if<uint64_t>(&f.value)) return double(*u);
    if (auto* d = std::get_if<double>(&f.value)) return *d;
    if (auto* b = std::get_if<bool>(&f.value)) return *b ? 1 : 0;
    if (auto* n = std::get_if<BigNumber>(&f.value)) return std::stod(n->text);
    return 0;
  };
  return asDouble(a) + asDouble(b);
}

/// Orders Fields of the same type (map keys): numbers by value, strings bytewise, arrays
/// lexicographically.
bool fieldLess(const Field& a, const Field& b) {
  if (a.value.index() != b.value.index()) return a.value.index() < b.value.index();
  return std::visit(
      [&](const auto& x) -> bool {
        using V = std::decay_t<decltype(x)>;
        const auto& y = std::get<V>(b.value);
        if constexpr (std::is_same_v<V, Null>) return false;
        else if constexpr (std::is_same_v<V, BigNumber>) {
          // Same sign: longer magnitude is larger; compare text otherwise.
          bool na = !x.text.empty() && x.text[0] == '-', nb = !y.text.empty() && y.text[0] == '-';
          if (na != nb) return na;
          if (x.text.size() != y.text.size()) return na ? x.text.size() > y.text.size() : x.text.size() < y.text.size();
          return na ? x.text > y.text : x.text < y.text;
        } else if constexpr (std::is_same_v<V, FieldArray>) {
          return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(), fieldLess);
        } else {
          return x < y;
        }
      },
      a.value);
}

struct FieldLess {
  bool operator()(const Field& a, const Field& b) const { return fieldLess(a, b); }
};

/// sumMap/minMap/maxMap over Map(K, V) or Tuple(Array(K), Array(V)...) values.
Field mapReduce(const std::vector<Field>& values, bool is_map, const std::string& fn) {
  std::map<Field, std::vector<Field>, FieldLess> acc;
  size_t value_arrays = 1;
  for (const auto& v : values) {
    if (v.isNull()) continue;
    const auto& items = std::get<FieldArray>(v.value);
    if (is_map) {
      for (const auto& kv : items) {
        const auto& pair = std::get<FieldArray>(kv.value);
        auto [it, inserted] = acc.try_emplace(pair.at(0), std::vector<Field>{pair.at(1)});
        if (inserted) continue;
        Field& cur = it->second[0];
        if (fn == "sumMap" || fn == "sumMapWithOverflow") cur = addFields(cur, pair.at(1));
        else if (fn == "minMap" ? fieldLess(pair.at(1), cur) : fieldLess(cur, pair.at(1))) cur = pair.at(1);
      }
    } else {
      const auto& keys = std::get<FieldArray>(items.at(0).value);
      value_arrays = items.size() - 1;
      for (size_t i = 0; i < keys.size(); ++i) {
        std::vector<Field> vals;
        for (size_t a = 1; a < items.size(); ++a) vals.push_back(std::get<FieldArray>(items[a].value).at(i));
        auto [it, inserted] = acc.try_emplace(keys[i], vals);
        if (inserted) continue;
        for (size_t a = 0; a < vals.size(); ++a) {
          Field& cur = it->second[a];
          if (fn == "sumMap" || fn == "sumMapWithOverflow") cur = addFields(cur, vals[a]);
          else if (fn == "minMap" ? fieldLess(vals[a], cur) : fieldLess(cur, vals[a])) cur = vals[a];
        }
      }
    }
  }
  if (fn == "sumMap") {
    // ClickHouse drops keys whose sum is zero.
    for (auto it = acc.begin(); it != acc.end();) {
      bool zero = true;
      for (const auto& v : it->second) {
        Field f = v;
        zero = zero && (f == Field(uint64_t(0)) || f == Field(int64_t(0)) || f == Field(0.0));
      }
      it = zero ? acc.erase(it) : std::next(it);
    }
  }
  FieldArray out;
  if (is_map) {
    for (auto& [k, v] : acc) out.push_back(FieldArray{k, v[0]});
    return out;
  }
  FieldArray keys;
  std::vector<FieldArray> vals(value_arrays);
  for (auto& [k, v] : acc) {
    keys.push_back(k);
    for (size_t a = 0; a < value_arrays && a < v.size(); ++a) vals[a].push_back(v[a]);
  }
  out.push_back(std::move(keys));
  for (auto& v : vals) out.push_back(std::move(v));
  return out;
}

// ---- per-column reductions -----------------------------------------------------------------------

/// One row per group: the row each group takes a column's value from.
ColumnPtr pickPerGroup(const Column& col, const Groups& g, const std::string& how) {
  std::vector<uint32_t> picks;
  picks.reserve(g.count());
  for (size_t i = 0; i < g.count(); ++i) {
    size_t b = g.begin(i), e = g.end(i);
    uint32_t pick = g.rows[b];
    if (how == "anyLast") {
      pick = g.rows[e - 1];
      for (size_t r = e; r-- > b;)
        if (!col.isNullAt(g.rows[r])) {
          pick = g.rows[r];
          break;
        }
    } else if (how == "any") {
      for (size_t r = b; r < e; ++r)
        if (!col.isNullAt(g.rows[r])) {
          pick = g.rows[r];
          break;
        }
    } else if (how == "min" || how == "max") {
      bool is_max = how == "max";
      bool found = false;
      for (size_t r = b; r < e; ++r) {
        uint32_t row = g.rows[r];
        if (col.isNullAt(row)) continue;
        if (!found || (is_max ? compareAt(col, row, col, pick) > 0 : compareAt(col, row, col, pick) < 0)) pick = row;
        found = true;
      }
    }
    picks.push_back(pick);
  }
  return gather(col, picks);
}

ColumnPtr fieldReduce(const Column& col, const Groups& g, const std::string& fn) {
  ColumnPtr out = makeColumn(col.type);
  const ColumnType& lt = layoutType(*col.type);
  for (size_t i = 0; i < g.count(); ++i) {
    std::vector<Field> values;
    for (size_t r = g.begin(i); r < g.end(i); ++r) values.push_back(fieldAt(col, g.rows[r]));
    Field result;
    if (fn == "groupArrayArray" || fn == "groupUniqArrayArray") {
      FieldArray items;
      for (const auto& v : values) {
        if (v.isNull()) continue;
        for (const auto& e : std::get<FieldArray>(v.value)) {
          if (fn == "groupUniqArrayArray" && std::find(items.begin(), items.end(), e) != items.end()) continue;
          items.push_back(e);
        }
      }
      result = std::move(items);
    } else if (fn == "sumMap" || fn == "minMap" || fn == "maxMap" || fn == "sumMapWithOverflow") {
      result = mapReduce(values, lt.kind == TypeKind::Map, fn);
    } else if (fn == "groupBitOr" || fn == "groupBitAnd" || fn == "groupBitXor") {
      bool started = false;
      uint64_t acc = 0;
      for (const auto& v : values) {
        if (v.isNull()) continue;
        uint64_t x = std::holds_alternative<uint64_t>(v.value) ? std::get<uint64_t>(v.value) : uint64_t(std::get<int64_t>(v.value));
        acc = !started ? x : fn == "groupBitOr" ? (acc | x) : fn == "groupBitAnd" ? (acc & x) : (acc ^ x);
        started = true;
      }
      result = started ? Field(acc) : values.front();
    } else {
      throw std::runtime_error("unsupported SimpleAggregateFunction " + fn);
    }
    appendField(*out, result);
  }
  return out;
}

/// SummingMergeTree's nested `*Map` tables: columns `xMap.k`, `xMap.v1` ... (Arrays of one
/// Nested) whose table name ends with "Map" are summed as a map from the first column (the key) to
/// the others: entries summed by key, keys sorted, entries whose values are all zero dropped.
/// Fills `computed` for those columns; returns how many such tables there are.
size_t sumNestedMaps(const TableSpec& spec, const Block& all, const Groups& g, std::vector<ColumnPtr>& computed) {
  std::map<std::string, std::vector<size_t>> tables;
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const std::string& name = spec.columns[c].name;
    size_t dot = name.find('.');
    if (dot == std::string::npos || dot < 3 || name.compare(dot - 3, 3, "Map") != 0) continue;
    if (layoutType(*spec.columns[c].type).kind != TypeKind::Array) continue;
    tables[name.substr(0, dot)].push_back(c);
  }
  size_t count = 0;
  for (const auto& [table, cols] : tables) {
    if (cols.size() < 2) continue;
    const auto& listed = spec.engine.summing_columns;
    if (!listed.empty() && std::find(listed.begin(), listed.end(), table) == listed.end()) continue;
    bool numeric_values = true;
    for (size_t i = 1; i < cols.size(); ++i) {
      const ColumnType& element = layoutType(*layoutType(*spec.columns[cols[i]].type).children.at(0));
      numeric_values = numeric_values && isSummableKind(element.kind);
    }
    if (!numeric_values) continue;
    ++count;
    std::vector<ColumnPtr> out;
    for (size_t c : cols) out.push_back(makeColumn(spec.columns[c].type));
    for (size_t i = 0; i < g.count(); ++i) {
      std::map<Field, std::vector<Field>, FieldLess> acc;
      for (size_t r = g.begin(i); r < g.end(i); ++r) {
        uint32_t row = g.rows[r];
        std::vector<FieldArray> arrays;
        for (size_t c : cols) {
          Field f = fieldAt(*all.columns[c], row);
          arrays.push_back(f.isNull() ? FieldArray{} : std::get<FieldArray>(f.value));
        }
        for (size_t e = 0; e < arrays[0].size(); ++e) {
          std::vector<Field> values;
          for (size_t a = 1; a < arrays.size(); ++a) values.push_back(e < arrays[a].size() ? arrays[a][e] : Field(Null{}));
          auto [it, inserted] = acc.try_emplace(arrays[0][e], values);
          if (!inserted)
            for (size_t a = 0; a < values.size(); ++a) it->second[a] = addFields(it->second[a], values[a]);
        }
      }
      std::vector<FieldArray> result(cols.size());
      for (const auto& [key, values] : acc) {
        bool zero = true;
        for (const auto& v : values)
          zero = zero && (v.isNull() || v == Field(uint64_t(0)) || v == Field(int64_t(0)) || v == Field(0.0));
        if (zero) continue;
        result[0].push_back(key);
        for (size_t a = 0; a < values.size(); ++a) result[a + 1].push_back(values[a]);
      }
      for (size_t k = 0; k < cols.size(); ++k) appendField(*out[k], result[k]);
    }
    for (size_t k = 0; k < cols.size(); ++k) computed[cols[k]] = out[k];
  }
  return count;
}

ColumnPtr mergeStates(const Column& col, const Groups& g) {
  ColumnPtr out = makeColumn(col.type);
  out->offsets.reserve(g.count());
  auto append = [&](std::string_view bytes) {
    out->data.insert(out->data.end(), bytes.begin(), bytes.end());
    out->offsets.push_back(out->data.size());
    ++out->rows;
  };
  AggregateFunctionPtr fn;
  for (size_t i = 0; i < g.count(); ++i) {
    if (g.end(i) - g.begin(i) == 1) {  // nothing to merge: the state's bytes as they are
      append(col.stringAt(g.rows[g.begin(i)]));
      continue;
    }
#ifdef FERRY_STORAGE_HAVE_AGGREGATES
    if (!fn) fn = stateFunction(*col.type);
    size_t align = std::max<size_t>(fn->stateAlign(), alignof(std::max_align_t));
    auto alloc = [&] { return static_cast<uint8_t*>(::operator new(fn->stateSize(), std::align_val_t(align))); };
    auto release = [&](uint8_t* p) { ::operator delete(p, std::align_val_t(align)); };
    uint8_t* acc = alloc();
    uint8_t* tmp = alloc();
    fn->create(acc);
    std::string bytes;
    try {
      for (size_t r = g.begin(i); r < g.end(i); ++r) {
        fn->create(tmp);
        try {
          fn->deserialize(tmp, col.stringAt(g.rows[r]));
          fn->merge(acc, tmp);
        } catch (...) {
          fn->destroy(tmp);
          throw;
        }
        fn->destroy(tmp);
      }
      fn->serialize(acc, bytes);
    } catch (...) {
      fn->destroy(acc);
      release(acc);
      release(tmp);
      throw;
    }
    fn->destroy(acc);
    release(acc);
    release(tmp);
    append(bytes);
#else
    throw std::runtime_error("merging AggregateFunction states needs ferry_aggregates");
#endif
  }
  return out;
}

}  // namespace

Block mergeRowsWithMode(const TableSpec& spec, const std::vector<Block>& sorted_parts, const KeyEvaluator& keys,
                        MergeMode mode, int64_t now, Block* out_keys) {
  Block all;
  size_t n = 0;
  for (const auto& p : sorted_parts) n += p.rows;
  for (const auto& cs : spec.columns) {
    ColumnPtr col = makeColumn(cs.type);
    for (const auto& p : sorted_parts) {
      const Column& pc = columnNamed(p, cs.name, spec);
      if (pc.rows != p.rows) throw std::runtime_error(fmt::format("table {}: column {} has {} rows in a block of {}", spec.name, cs.name, pc.rows, p.rows));
      appendRange(*col, pc, 0, p.rows);
    }
    all.add(cs.name, col);
  }
  all.rows = n;
  Block key_block = evaluateKeys(spec, keys, all);
  std::vector<const Column*> order_cols = orderColumns(spec, all, key_block);
  std::vector<uint32_t> order = sortPermutation(order_cols, n);

  std::vector<const Column*> sort_key(order_cols.begin(), order_cols.begin() + spec.sorting_key_size);
  std::vector<uint32_t> out_rows;
  std::vector<ColumnPtr> computed(spec.columns.size());
  std::vector<uint8_t> keep_group;  // Summing: groups whose summed values are not all zero
  const EngineSpec& engine = spec.engine;
  auto signAt = [&](const Column& sign, uint32_t row) -> int {
    int64_t v = intAt(sign, row);
    if (v != 1 && v != -1)
      throw std::runtime_error(fmt::format("table {}: incorrect data: {} = {} (must be 1 or -1)", spec.name, engine.sign_column, v));
    return int(v);
  };

  switch (engine.kind) {
    case EngineKind::MergeTree: case EngineKind::Null:
      out_rows = order;
      break;

    case EngineKind::ReplacingMergeTree: {
      Groups g = groupRows(order, sort_key);
      const Column* version = engine.version_column.empty() ? nullptr : &columnNamed(all, engine.version_column, spec);
      const Column* deleted = engine.is_deleted_column.empty() ? nullptr : &columnNamed(all, engine.is_deleted_column, spec);
      for (size_t i = 0; i < g.count(); ++i) {
        uint32_t best = g.rows[g.begin(i)];
        for (size_t r = g.begin(i) + 1; r < g.end(i); ++r) {
          uint32_t row = g.rows[r];
          // Highest version wins; among equal versions (or without one) the last inserted.
          if (!version || compareAt(*version, row, *version, best) >= 0) best = row;
        }
        if (deleted && mode == MergeMode::SelectFinal && intAt(*deleted, best) != 0) continue;
        out_rows.push_back(best);
      }
      break;
    }

    case EngineKind::CollapsingMergeTree: {
      Groups g = groupRows(order, sort_key);
      const Column& sign = columnNamed(all, engine.sign_column, spec);
      bool only_positive = mode == MergeMode::SelectFinal;
      for (size_t i = 0; i < g.count(); ++i) {
        size_t positives = 0, negatives = 0;
        int64_t first_negative = -1, last_positive = -1;
        bool last_is_positive = false;
        for (size_t r = g.begin(i); r < g.end(i); ++r) {
          uint32_t row = g.rows[r];
          if (signAt(sign, row) > 0) {
            ++positives;
            last_positive = row;
            last_is_positive = true;
          } else {
            ++negatives;
            if (first_negative < 0) first_negative = row;
            last_is_positive = false;
          }
        }
        if (positives == negatives && !last_is_positive) continue;  // fully collapsed
        if (positives <= negatives && !only_positive) out_rows.push_back(uint32_t(first_negative));
        if (positives >= negatives) out_rows.push_back(uint32_t(last_positive));
      }
      break;
    }

    case EngineKind::VersionedCollapsingMergeTree: {
      Groups g = groupRows(order, order_cols);  // same key and same version
      const Column& sign = columnNamed(all, engine.sign_column, spec);
      for (size_t i = 0; i < g.count(); ++i) {
        std::vector<uint32_t> pending;  // rows not yet cancelled, all of one sign
        int pending_sign = 0;
        for (size_t r = g.begin(i); r < g.end(i); ++r) {
          uint32_t row = g.rows[r];
          int s = signAt(sign, row);
          if (!pending.empty() && s != pending_sign) {
            pending.pop_back();  // a +1/-1 pair of the same version cancels, whatever the order
          } else {
            pending.push_back(row);
            pending_sign = s;
          }
        }
        out_rows.insert(out_rows.end(), pending.begin(), pending.end());
      }
      break;
    }

    case EngineKind::SummingMergeTree: case EngineKind::AggregatingMergeTree: {
      Groups g = groupRows(order, sort_key);
      for (size_t i = 0; i < g.count(); ++i) out_rows.push_back(g.rows[g.begin(i)]);
      bool summing = engine.kind == EngineKind::SummingMergeTree;
      std::vector<size_t> summed;  // columns whose all-zero sums remove a row
      for (size_t c = 0; c < spec.columns.size(); ++c) {
        const ColumnSpec& cs = spec.columns[c];
        const Column& col = *all.columns[c];
        const ColumnType& t = *cs.type;
        bool is_key = std::find(spec.sorting_key_names.begin(), spec.sorting_key_names.end(), cs.name) !=
                          spec.sorting_key_names.end() ||
                      std::find(spec.key_columns.begin(), spec.key_columns.end(), cs.name) != spec.key_columns.end();
        if (t.kind == TypeKind::AggregateFunction) {
          computed[c] = mergeStates(col, g);
        } else if (!t.simple_aggregate.empty() && !is_key) {
          const std::string& fn = t.simple_aggregate;
          static const char* const known[] = {"sum", "sumWithOverflow", "min", "max", "any", "anyLast",
                                              "groupArrayArray", "groupUniqArrayArray", "sumMap", "minMap",
                                              "maxMap", "sumMapWithOverflow", "groupBitOr", "groupBitAnd",
                                              "groupBitXor"};
          if (std::find(std::begin(known), std::end(known), fn) == std::end(known))
            throw std::runtime_error(fmt::format("table {}: column {}: SimpleAggregateFunction({}, ...) is not supported "
                                                 "by merges (supported: sum, min, max, any, anyLast, sumMap, minMap, "
                                                 "maxMap, groupArrayArray, groupUniqArrayArray, groupBitOr/And/Xor)",
                                                 spec.name, cs.name, fn));
          if (fn == "sum" || fn == "sumWithOverflow") computed[c] = sumGroups(col, g);
          else if (fn == "min" || fn == "max" || fn == "any" || fn == "anyLast") computed[c] = pickPerGroup(col, g, fn);
          else computed[c] = fieldReduce(col, g, fn);
        } else if (summing && !is_key) {
          // LowCardinality(T) and LowCardinality(Nullable(T)) are laid out as T: summed as T.
          const ColumnType& lt = layoutType(t);
          TypeKind k = lt.kind == TypeKind::Nullable ? layoutType(*lt.children.at(0)).kind : lt.kind;
          bool listed = std::find(engine.summing_columns.begin(), engine.summing_columns.end(), cs.name) !=
                        engine.summing_columns.end();
          bool sum = engine.summing_columns.empty() ? isSummableKind(k) : listed;
          if (sum && isSummableKind(k)) {
            computed[c] = sumGroups(col, g);
            summed.push_back(c);
          }
        }
      }
      // ClickHouse drops a row whose summed values are all zero (a NULL sum counts as zero, a
      // non-NULL 0 of a Nullable column does not), but never when the table has aggregate
      // columns or nested *Map columns, whose values it does not inspect.
      bool rows_can_be_zero = summing && !summed.empty();
      if (summing) {
        size_t nested_maps = sumNestedMaps(spec, all, g, computed);
        for (size_t c = 0; c < spec.columns.size() && rows_can_be_zero; ++c) {
          const ColumnType& t = *spec.columns[c].type;
          bool is_key = std::find(spec.sorting_key_names.begin(), spec.sorting_key_names.end(), spec.columns[c].name) !=
                            spec.sorting_key_names.end() ||
                        std::find(spec.key_columns.begin(), spec.key_columns.end(), spec.columns[c].name) !=
                            spec.key_columns.end();
          if (t.kind == TypeKind::AggregateFunction || (!t.simple_aggregate.empty() && !is_key)) rows_can_be_zero = false;
        }
        if (nested_maps) rows_can_be_zero = false;
      }
      if (rows_can_be_zero) {
        keep_group.assign(g.count(), 0);
        for (size_t i = 0; i < g.count(); ++i)
          for (size_t c : summed) {
            const Column& sc = *computed[c];
            bool nullable = layoutType(*sc.type).kind == TypeKind::Nullable;
            const Column& values = nullable ? *sc.children[0] : sc;
            if (nullable && sc.isNullAt(i)) continue;
            if (nullable || !isZeroAt(values, i, layoutType(*values.type).kind)) {
              keep_group[i] = 1;
              break;
            }
          }
      }
      break;
    }
  }

  Block out;
  for (size_t c = 0; c < spec.columns.size(); ++c)
    out.add(spec.columns[c].name, computed[c] ? computed[c] : gather(*all.columns[c], out_rows));
  out.rows = out_rows.size();
  if (out_keys) {
    *out_keys = Block{};
    for (size_t k = 0; k < key_block.columns.size(); ++k)
      out_keys->add(k < key_block.names.size() ? key_block.names[k] : "", gather(*key_block.columns[k], out_rows));
    out_keys->rows = out_rows.size();
  }
  // TTL deletes run on the merged rows, as ClickHouse's merges do (a Replacing key whose newest
  // version expired disappears; an older version does not come back). SELECT ... FINAL does not
  // apply TTL: expired rows stay visible until a merge removes them.
  if (spec.has_ttl && mode == MergeMode::Merge) {
    const Column& ttl = *key_block.columns.back();
    if (keep_group.empty()) keep_group.assign(out_rows.size(), 1);
    for (size_t i = 0; i < out_rows.size(); ++i) {
      if (ttl.isNullAt(out_rows[i])) continue;
      int64_t t = intAt(ttl, out_rows[i]);
      if (t != 0 && t <= now) keep_group[i] = 0;  // expires when set and not after now
    }
  }
  if (!keep_group.empty()) {
    size_t kept = 0;
    for (auto k : keep_group) kept += k;
    for (auto& c : out.columns) c = filter(*c, keep_group);
    out.rows = kept;
    if (out_keys) {
      for (auto& c : out_keys->columns) c = filter(*c, keep_group);
      out_keys->rows = kept;
    }
  }
  return out;
}

Block mergeRows(const TableSpec& spec, const std::vector<Block>& sorted_parts, const KeyEvaluator& keys, bool final,
                int64_t now) {
  return mergeRowsWithMode(spec, sorted_parts, keys, final ? MergeMode::SelectFinal : MergeMode::Merge, now);
}

}  // namespace ferry::rt
