/// groupArray, groupUniqArray, topK, sumMap: functions whose state collects values.
#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "runtime/aggregates/function_base.h"

namespace ferry::rt::agg {
namespace {

/// Appends decoded values as one array row of `to` (an Array column).
template <class It>
void appendArrayRow(Column& to, It begin, It end) {
  Column& element = *to.children[0];
  for (It it = begin; it != end; ++it) decodeAppend(element, *it);
  to.offsets.push_back(element.rows);
  ++to.rows;
}

// ---- groupArray(max_size)(x) ----------------------------------------------------------------------
struct GroupArrayData {
  std::vector<std::string> values;
};

class GroupArrayFunction final : public LeafFunction<GroupArrayData, GroupArrayFunction> {
 public:
  GroupArrayFunction(ColumnTypePtr result, ColumnTypePtr element, uint64_t max_size)
      : LeafFunction(std::move(result)), element_(std::move(element)), max_size_(max_size) {}
  void addRow(GroupArrayData& d, const Column* const* args, size_t row) const {
    if (d.values.size() >= max_size_) return;
    encodeValue(*args[0], row, d.values.emplace_back());
  }
  void mergeData(GroupArrayData& to, const GroupArrayData& from) const {
    for (const auto& v : from.values) {
      if (to.values.size() >= max_size_) break;
      to.values.push_back(v);
    }
  }
  void write(const GroupArrayData& d, StateWriter& w) const {
    w.varint(d.values.size());
    for (const auto& v : d.values) w.bytes(v);
  }
  void read(GroupArrayData& d, StateReader& r) const {
    uint64_t n = r.count(1);
    ColumnPtr probe = makeColumn(element_);
    for (uint64_t i = 0; i < n; ++i) {
      d.values.emplace_back(r.bytes());
      decodeAppend(*probe, d.values.back());  // validates
    }
  }
  void finalizeData(const GroupArrayData& d, Column& to) const {
    appendArrayRow(to, d.values.begin(), d.values.end());
  }

 private:
  ColumnTypePtr element_;
  uint64_t max_size_;
};

// ---- groupUniqArray(max_size)(x): distinct values in first-seen order -----------------------------
struct GroupUniqArrayData {
  std::unordered_map<std::string, uint64_t> seen;  ///< value -> first-seen position
};

class GroupUniqArrayFunction final : public LeafFunction<GroupUniqArrayData, GroupUniqArrayFunction> {
 public:
  GroupUniqArrayFunction(ColumnTypePtr result, ColumnTypePtr element, uint64_t max_size)
      : LeafFunction(std::move(result)), element_(std::move(element)), max_size_(max_size) {}
  void addRow(GroupUniqArrayData& d, const Column* const* args, size_t row) const {
    if (d.seen.size() >= max_size_) return;
    thread_local std::string key;
    key.clear();
    encodeValue(*args[0], row, key);
    d.seen.try_emplace(key, d.seen.size());
  }
  void mergeData(GroupUniqArrayData& to, const GroupUniqArrayData& from) const {
    for (const auto& v : ordered(from)) {
      if (to.seen.size() >= max_size_) break;
      to.seen.try_emplace(*v, to.seen.size());
    }
  }
  void write(const GroupUniqArrayData& d, StateWriter& w) const {
    w.varint(d.seen.size());
    for (const auto* v : ordered(d)) w.bytes(*v);
  }
  void read(GroupUniqArrayData& d, StateReader& r) const {
    uint64_t n = r.count(1);
    ColumnPtr probe = makeColumn(element_);
    for (uint64_t i = 0; i < n; ++i) {
      std::string v(r.bytes());
      decodeAppend(*probe, v);
      d.seen.try_emplace(std::move(v), d.seen.size());
    }
  }
  void finalizeData(const GroupUniqArrayData& d, Column& to) const {
    std::vector<const std::string*> values = ordered(d);
    Column& element = *to.children[0];
    for (const auto* v : values) decodeAppend(element, *v);
    to.offsets.push_back(element.rows);
    ++to.rows;
  }

 private:
  static std::vector<const std::string*> ordered(const GroupUniqArrayData& d) {
    std::vector<std::pair<uint64_t, const std::string*>> items;
    items.reserve(d.seen.size());
    for (const auto& [v, pos] : d.seen) items.emplace_back(pos, &v);
    std::sort(items.begin(), items.end());
    std::vector<const std::string*> out;
    out.reserve(items.size());
    for (auto& [pos, v] : items) out.push_back(v);
    return out;
  }
  ColumnTypePtr element_;
  uint64_t max_size_;
};

// ---- topK(k)(x): counts per value, pruned to the heaviest when the map grows large --------------
struct TopKCounter {
  uint64_t count = 0;
  uint64_t first_seen = 0;
};

struct TopKData {
  std::unordered_map<std::string, TopKCounter> counters;
  uint64_t next_seen = 0;
};

class TopKFunction final : public LeafFunction<TopKData, TopKFunction> {
 public:
  TopKFunction(ColumnTypePtr result, ColumnTypePtr element, uint64_t k)
      : LeafFunction(std::move(result)), element_(std::move(element)), k_(k),
        capacity_(std::max<uint64_t>(k * 3, 4096)) {}
  void addRow(TopKData& d, const Column* const* args, size_t row) const {
    thread_local std::string key;
    key.clear();
    encodeValue(*args[0], row, key);
    bump(d, key, 1, d.next_seen);
  }
  void mergeData(TopKData& to, const TopKData& from) const {
    // `from` follows `to` in input order: its first-seen positions come after to's.
    uint64_t base = to.next_seen;
    for (const auto& [key, c] : from.counters) bump(to, key, c.count, base + c.first_seen);
    to.next_seen = base + from.next_seen;
  }
  void write(const TopKData& d, StateWriter& w) const {
    w.varint(d.next_seen);
    w.varint(d.counters.size());
    for (const auto* item : sorted(d)) {
      w.bytes(item->first);
      w.varint(item->second.count);
      w.varint(item->second.first_seen);
    }
  }
  void read(TopKData& d, StateReader& r) const {
    d.next_seen = r.varint();
    uint64_t n = r.count(3);
    ColumnPtr probe = makeColumn(element_);
    for (uint64_t i = 0; i < n; ++i) {
      std::string key(r.bytes());
      decodeAppend(*probe, key);
      TopKCounter c;
      c.count = r.varint();
      c.first_seen = r.varint();
      if (c.first_seen >= d.next_seen) StateReader::fail("bad topK position");
      if (!d.counters.emplace(std::move(key), c).second) StateReader::fail("duplicate topK key");
    }
  }
  void finalizeData(const TopKData& d, Column& to) const {
    std::vector<const std::pair<const std::string, TopKCounter>*> items = sorted(d);
    if (items.size() > k_) items.resize(k_);
    Column& element = *to.children[0];
    for (const auto* item : items) decodeAppend(element, item->first);
    to.offsets.push_back(element.rows);
    ++to.rows;
  }

 private:
  void bump(TopKData& d, const std::string& key, uint64_t count, uint64_t seen) const {
    auto [it, fresh] = d.counters.try_emplace(key);
    it->second.count += count;
    if (fresh) {
      it->second.first_seen = seen;
      if (seen >= d.next_seen) d.next_seen = seen + 1;
    } else {
      it->second.first_seen = std::min(it->second.first_seen, seen);
    }
    if (d.counters.size() > 2 * capacity_) prune(d);
  }
  /// Heaviest first; ties by first appearance.
  static std::vector<const std::pair<const std::string, TopKCounter>*> sorted(const TopKData& d) {
    std::vector<const std::pair<const std::string, TopKCounter>*> items;
    items.reserve(d.counters.size());
    for (const auto& item : d.counters) items.push_back(&item);
    std::sort(items.begin(), items.end(), [](auto* a, auto* b) {
      if (a->second.count != b->second.count) return a->second.count > b->second.count;
      return a->second.first_seen < b->second.first_seen;
    });
    return items;
  }
  void prune(TopKData& d) const {
    auto items = sorted(d);
    std::unordered_map<std::string, TopKCounter> kept;
    for (size_t i = 0; i < capacity_ && i < items.size(); ++i) kept.emplace(items[i]->first, items[i]->second);
    d.counters = std::move(kept);
  }
  ColumnTypePtr element_;
  uint64_t k_;
  uint64_t capacity_;
};

// ---- sumMap(keys, values...) / sumMap(map) -------------------------------------------------------
enum class SumClass : uint8_t { Signed, Unsigned, Float };

struct SumCell {
  UInt128 i = 0;
  double f = 0;
};

struct SumMapData {
  std::unordered_map<std::string, std::vector<SumCell>> sums;
};

SumClass sumClassOf(TypeKind kind) {
  switch (kind) {
    case TypeKind::Float32: case TypeKind::Float64: return SumClass::Float;
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Int128: case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128:
    case TypeKind::Enum8: case TypeKind::Enum16: case TypeKind::Date32: case TypeKind::DateTime64:
      return SumClass::Signed;
    default: return SumClass::Unsigned;
  }
}

class SumMapFunction final : public LeafFunction<SumMapData, SumMapFunction> {
 public:
  SumMapFunction(ColumnTypePtr result, ColumnTypePtr key, std::vector<ColumnTypePtr> values, bool map_form)
      : LeafFunction(std::move(result)), key_(std::move(key)), values_(std::move(values)), map_form_(map_form) {
    for (const auto& v : values_) classes_.push_back(sumClassOf(layoutType(*v).kind));
  }

  void addRow(SumMapData& d, const Column* const* args, size_t row) const {
    thread_local std::string key;
    if (map_form_) {
      const Column& map = *args[0];
      const Column& pairs = *map.children[0];
      auto [begin, end] = map.arrayRange(row);
      for (uint64_t i = begin; i < end; ++i) {
        key.clear();
        encodeValue(*pairs.children[0], i, key);
        addCell(cells(d, key), 0, *pairs.children[1], i);
      }
      return;
    }
    auto [kb, ke] = args[0]->arrayRange(row);
    for (size_t v = 0; v < values_.size(); ++v) {
      auto [vb, ve] = args[v + 1]->arrayRange(row);
      if (ve - vb != ke - kb) throw std::runtime_error("sumMap: the key and value arrays differ in length");
    }
    for (uint64_t i = kb; i < ke; ++i) {
      key.clear();
      encodeValue(*args[0]->children[0], i, key);
      auto& c = cells(d, key);
      for (size_t v = 0; v < values_.size(); ++v) {
        uint64_t vb = args[v + 1]->arrayRange(row).first;
        addCell(c, v, *args[v + 1]->children[0], vb + (i - kb));
      }
    }
  }
  void mergeData(SumMapData& to, const SumMapData& from) const {
    for (const auto& [key, cs] : from.sums) {
      auto& dst = cells(to, key);
      for (size_t v = 0; v < cs.size(); ++v) {
        dst[v].i += cs[v].i;
        dst[v].f += cs[v].f;
      }
    }
  }
  void write(const SumMapData& d, StateWriter& w) const {
    w.varint(d.sums.size());
    for (const auto& [key, cs] : d.sums) {
      w.bytes(key);
      for (const auto& c : cs) {
        w.pod(uint64_t(c.i));
        w.pod(uint64_t(c.i >> 64));
        w.pod(c.f);
      }
    }
  }
  void read(SumMapData& d, StateReader& r) const {
    uint64_t n = r.count(1 + 24 * values_.size());
    ColumnPtr probe = makeColumn(key_);
    for (uint64_t i = 0; i < n; ++i) {
      std::string key(r.bytes());
      decodeAppend(*probe, key);
      std::vector<SumCell> cs(values_.size());
      for (auto& c : cs) {
        uint64_t lo = r.pod<uint64_t>(), hi = r.pod<uint64_t>();
        c.i = (UInt128(hi) << 64) | lo;
        c.f = r.pod<double>();
      }
      if (!d.sums.emplace(std::move(key), std::move(cs)).second) StateReader::fail("duplicate sumMap key");
    }
  }
  void finalizeData(const SumMapData& d, Column& to) const {
    std::vector<const std::pair<const std::string, std::vector<SumCell>>*> items;
    for (const auto& item : d.sums) {
      // The Array form leaves out keys whose sums are all zero (ClickHouse does); the Map form keeps them.
      if (!map_form_ && allZero(item.second)) continue;
      items.push_back(&item);
    }
    std::sort(items.begin(), items.end(),
              [&](auto* a, auto* b) { return compareEncoded(*key_, a->first, b->first) < 0; });
    if (map_form_) {
      Column& pairs = *to.children[0];
      for (const auto* item : items) {
        decodeAppend(*pairs.children[0], item->first);
        appendCell(*pairs.children[1], 0, item->second[0]);
        ++pairs.rows;
      }
      to.offsets.push_back(pairs.rows);
      ++to.rows;
      return;
    }
    Column& keys = *to.children[0];
    for (const auto* item : items) decodeAppend(*keys.children[0], item->first);
    keys.offsets.push_back(keys.children[0]->rows);
    ++keys.rows;
    for (size_t v = 0; v < values_.size(); ++v) {
      Column& arr = *to.children[v + 1];
      for (const auto* item : items) appendCell(*arr.children[0], v, item->second[v]);
      arr.offsets.push_back(arr.children[0]->rows);
      ++arr.rows;
    }
    ++to.rows;
  }

 private:
  std::vector<SumCell>& cells(SumMapData& d, const std::string& key) const {
    auto [it, fresh] = d.sums.try_emplace(key);
    if (fresh) it->second.resize(values_.size());
    return it->second;
  }
  void addCell(std::vector<SumCell>& cs, size_t v, const Column& values, size_t index) const {
    withNumeric(layoutType(*values.type).kind, [&](auto zero) {
      using T = decltype(zero);
      T x = numberAt<T>(values, index);
      if constexpr (std::is_floating_point_v<T>) cs[v].f += double(x);
      else if constexpr (std::is_same_v<T, Int128> || std::is_signed_v<T>) cs[v].i += UInt128(Int128(x));
      else cs[v].i += UInt128(x);
    });
  }
  bool allZero(const std::vector<SumCell>& cs) const {
    for (size_t v = 0; v < cs.size(); ++v) {
      if (classes_[v] == SumClass::Float ? cs[v].f != 0 : truncated(v, cs[v].i) != 0) return false;
    }
    return true;
  }
  /// The sum as the result column keeps it (a UInt64 sum wraps at 2^64).
  UInt128 truncated(size_t v, UInt128 i) const {
    size_t width = fixedWidth(layoutType(*resultValueType(v)));
    return width >= 16 ? i : (i & ((UInt128(1) << (width * 8)) - 1));
  }
  ColumnTypePtr resultValueType(size_t v) const {
    const ColumnType& r = layoutType(*result_type_);
    if (map_form_) return r.children[1];
    return r.children[v + 1]->children[0];
  }
  void appendCell(Column& to, size_t v, const SumCell& c) const {
    switch (classes_[v]) {
      case SumClass::Float: appendNumber(to, c.f); break;
      case SumClass::Signed: appendNumber(to, Int128(c.i)); break;
      case SumClass::Unsigned: appendNumber(to, c.i); break;
    }
  }
  ColumnTypePtr key_;
  std::vector<ColumnTypePtr> values_;
  std::vector<SumClass> classes_;
  bool map_form_;
};

ColumnTypePtr sumMapValueType(const ColumnType& t) {
  const ColumnType& l = layoutType(t);
  switch (sumClassOf(l.kind)) {
    case SumClass::Float: return makeNamedType(TypeKind::Float64);
    case SumClass::Signed:
      if (isDecimal(l.kind) || l.kind == TypeKind::Int128) return std::make_shared<ColumnType>(l);
      return makeNamedType(TypeKind::Int64);
    case SumClass::Unsigned:
      if (l.kind == TypeKind::UInt128) return makeNamedType(l.kind);
      return makeNamedType(TypeKind::UInt64);
  }
  return nullptr;
}

uint64_t sizeParam(const LeafCall& call, uint64_t fallback) {
  return call.params.empty() ? fallback : parseUnsignedParam(call.params[0], call.name);
}

}  // namespace

AggregateFunctionPtr makeCollectFunction(const LeafCall& call) {
  const std::string& n = call.name;
  if (n == "groupArray" || n == "groupUniqArray" || n == "topK") {
    if (call.arg_types.size() != 1) throw std::invalid_argument(n + " takes one argument");
    ColumnTypePtr element = call.arg_types[0];
    ColumnTypePtr result = call.result_type ? call.result_type : makeArray(element);
    // The values are appended to the result's element column: use its type for decoding checks.
    ColumnTypePtr result_element = layoutType(*result).children.at(0);
    if (n == "groupArray")
      return std::make_shared<GroupArrayFunction>(result, result_element, sizeParam(call, UINT64_MAX));
    if (n == "groupUniqArray")
      return std::make_shared<GroupUniqArrayFunction>(result, result_element, sizeParam(call, UINT64_MAX));
    uint64_t k = sizeParam(call, 10);
    if (k == 0) throw std::invalid_argument("topK: k must be positive");
    return std::make_shared<TopKFunction>(result, result_element, k);
  }
  if (n == "sumMap") {
    if (call.arg_types.empty()) throw std::invalid_argument("sumMap takes arguments");
    const ColumnType& first = layoutType(*call.arg_types[0]);
    if (first.kind == TypeKind::Map) {
      if (call.arg_types.size() != 1) throw std::invalid_argument("sumMap(Map) takes one argument");
      ColumnTypePtr key = first.children[0], value = first.children[1];
      ColumnTypePtr result = call.result_type;
      if (!result) {
        auto m = std::make_shared<ColumnType>();
        m->kind = TypeKind::Map;
        m->children = {key, sumMapValueType(*value)};
        m->name = "Map(" + typeName(*key) + ", " + typeName(*m->children[1]) + ")";
        result = m;
      }
      return std::make_shared<SumMapFunction>(result, key, std::vector<ColumnTypePtr>{value}, true);
    }
    if (first.kind != TypeKind::Array || call.arg_types.size() < 2)
      throw std::invalid_argument("sumMap takes (Array keys, Array values...) or a Map");
    ColumnTypePtr key = first.children[0];
    std::vector<ColumnTypePtr> values;
    std::vector<ColumnTypePtr> result_elements = {makeArray(key)};
    for (size_t i = 1; i < call.arg_types.size(); ++i) {
      const ColumnType& a = layoutType(*call.arg_types[i]);
      if (a.kind != TypeKind::Array) throw std::invalid_argument("sumMap: value arguments must be arrays");
      values.push_back(a.children[0]);
      result_elements.push_back(makeArray(sumMapValueType(*a.children[0])));
    }
    ColumnTypePtr result = call.result_type ? call.result_type : makeTuple(result_elements);
    return std::make_shared<SumMapFunction>(result, key, values, false);
  }
  return nullptr;
}

}  // namespace ferry::rt::agg
