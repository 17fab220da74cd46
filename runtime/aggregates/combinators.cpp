#include "runtime/aggregates/combinators.h"

#include <new>
#include <stdexcept>
#include <unordered_map>

#include "runtime/aggregates/state_io.h"
#include "runtime/aggregates/value_codec.h"

namespace ferry::rt::agg {
namespace {

size_t alignUp(size_t n, size_t a) { return (n + a - 1) / a * a; }

/// Forwards everything to `nested_`; wrappers override what they change.
class ForwardingFunction : public AggregateFunction {
 public:
  ForwardingFunction(AggregateFunctionPtr nested, ColumnTypePtr result)
      : nested_(std::move(nested)), result_(result ? std::move(result) : nested_->resultType()) {}
  ColumnTypePtr resultType() const override { return result_; }
  size_t stateSize() const override { return nested_->stateSize(); }
  size_t stateAlign() const override { return nested_->stateAlign(); }
  void create(AggregateState place) const override { nested_->create(place); }
  void destroy(AggregateState place) const noexcept override { nested_->destroy(place); }
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    nested_->add(place, args, row);
  }
  void merge(AggregateState to, const AggregateState from) const override { nested_->merge(to, from); }
  void serialize(const AggregateState place, std::string& out) const override { nested_->serialize(place, out); }
  void deserialize(AggregateState place, std::string_view bytes) const override {
    nested_->deserialize(place, bytes);
  }
  void finalize(const AggregateState place, Column& to) const override { nested_->finalize(place, to); }

 protected:
  AggregateFunctionPtr nested_;
  ColumnTypePtr result_;
};

// ---- -If --------------------------------------------------------------------------------------------
bool conditionAt(const Column& cond, size_t row) {
  if (cond.isNullAt(row)) return false;
  const Column& values = layoutType(*cond.type).kind == TypeKind::Nullable ? *cond.children[0] : cond;
  size_t width = fixedWidth(layoutType(*values.type));
  if (width == 0 || width > 8) throw std::invalid_argument("-If: the condition must be a number");
  size_t r = cond.is_const ? 0 : row;
  const uint8_t* p = values.data.data() + r * width;
  for (size_t i = 0; i < width; ++i)
    if (p[i]) return true;
  return false;
}

class IfFunction final : public ForwardingFunction {
 public:
  IfFunction(AggregateFunctionPtr nested, size_t arg_count)
      : ForwardingFunction(std::move(nested), nullptr), cond_(arg_count - 1) {}
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    if (conditionAt(*args[cond_], row)) nested_->add(place, args, row);
  }
  void addBatch(AggregateState* places, size_t place_offset, const Column* const* args, size_t begin,
                size_t end) const override {
    for (size_t i = begin; i < end; ++i)
      if (conditionAt(*args[cond_], i)) nested_->add(places[i - begin] + place_offset, args, i);
  }

 private:
  size_t cond_;
};

// ---- -Array / -ForEach: the elements of array arguments --------------------------------------------
/// The element columns and per-element rows of row `row` of array arguments. With one argument the
/// element column is used in place; several arrays are copied so that element j is row j of each.
class ArrayElements {
 public:
  ArrayElements(const Column* const* args, size_t count, size_t row) {
    auto [b0, e0] = args[0]->arrayRange(row);
    size_ = e0 - b0;
    for (size_t a = 0; a < count; ++a) {
      auto [b, e] = args[a]->arrayRange(row);
      if (e - b != size_) throw std::runtime_error("arrays passed to an -Array/-ForEach aggregate differ in size");
    }
    if (count == 1) {
      begin_ = b0;
      pointers_.push_back(args[0]->children[0].get());
      return;
    }
    for (size_t a = 0; a < count; ++a) {
      auto [b, e] = args[a]->arrayRange(row);
      ColumnPtr copy = makeColumn(args[a]->children[0]->type);
      appendRange(*copy, *args[a]->children[0], b, e);
      pointers_.push_back(copy.get());
      owned_.push_back(std::move(copy));
    }
  }
  size_t size() const { return size_; }
  const Column* const* columns() const { return pointers_.data(); }
  size_t rowOf(size_t j) const { return begin_ + j; }

 private:
  size_t size_ = 0;
  size_t begin_ = 0;
  std::vector<const Column*> pointers_;
  std::vector<ColumnPtr> owned_;
};

class ArrayCombinator final : public ForwardingFunction {
 public:
  ArrayCombinator(AggregateFunctionPtr nested, size_t arg_count)
      : ForwardingFunction(std::move(nested), nullptr), arg_count_(arg_count) {}
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    ArrayElements elements(args, arg_count_, row);
    for (size_t j = 0; j < elements.size(); ++j) nested_->add(place, elements.columns(), elements.rowOf(j));
  }

 private:
  size_t arg_count_;
};

/// The state of -ForEach: one nested state per array position.
struct ForEachData {
  std::vector<AggregateState> states;
};

class ForEachCombinator final : public AggregateFunction {
 public:
  ForEachCombinator(AggregateFunctionPtr nested, size_t arg_count, ColumnTypePtr result)
      : nested_(std::move(nested)), arg_count_(arg_count), result_(std::move(result)) {}
  ColumnTypePtr resultType() const override { return result_; }
  size_t stateSize() const override { return sizeof(ForEachData); }
  size_t stateAlign() const override { return alignof(ForEachData); }
  void create(AggregateState place) const override { new (place) ForEachData(); }
  void destroy(AggregateState place) const noexcept override {
    ForEachData& d = data(place);
    for (AggregateState s : d.states) release(s);
    d.~ForEachData();
  }
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    ArrayElements elements(args, arg_count_, row);
    ForEachData& d = data(place);
    grow(d, elements.size());
    for (size_t j = 0; j < elements.size(); ++j) nested_->add(d.states[j], elements.columns(), elements.rowOf(j));
  }
  void merge(AggregateState to, const AggregateState from) const override {
    ForEachData& t = data(to);
    const ForEachData& f = data(from);
    grow(t, f.states.size());
    for (size_t j = 0; j < f.states.size(); ++j) nested_->merge(t.states[j], f.states[j]);
  }
  void serialize(const AggregateState place, std::string& out) const override {
    StateWriter w(out);
    w.u8(kStateFormatVersion);
    const ForEachData& d = data(place);
    w.varint(d.states.size());
    std::string nested;
    for (AggregateState s : d.states) {
      nested.clear();
      nested_->serialize(s, nested);
      w.bytes(nested);
    }
  }
  void deserialize(AggregateState place, std::string_view bytes) const override {
    StateReader r(bytes);
    r.version();
    uint64_t n = r.count(1);
    std::vector<std::string_view> parts;
    for (uint64_t j = 0; j < n; ++j) parts.push_back(r.bytes());
    r.expectEnd();
    ForEachData& d = data(place);
    grow(d, n);
    for (uint64_t j = 0; j < n; ++j) nested_->deserialize(d.states[j], parts[j]);
  }
  void finalize(const AggregateState place, Column& to) const override {
    const ForEachData& d = data(place);
    Column& element = *to.children[0];
    for (AggregateState s : d.states) nested_->finalize(s, element);
    to.offsets.push_back(element.rows);
    ++to.rows;
  }

 private:
  static ForEachData& data(AggregateState p) { return *std::launder(reinterpret_cast<ForEachData*>(p)); }
  void grow(ForEachData& d, size_t n) const {
    while (d.states.size() < n) {
      auto* s = static_cast<AggregateState>(::operator new(nested_->stateSize(), std::align_val_t(nested_->stateAlign())));
      try {
        nested_->create(s);
      } catch (...) {
        ::operator delete(s, std::align_val_t(nested_->stateAlign()));
        throw;
      }
      d.states.push_back(s);
    }
  }
  void release(AggregateState s) const noexcept {
    nested_->destroy(s);
    ::operator delete(s, std::align_val_t(nested_->stateAlign()));
  }
  AggregateFunctionPtr nested_;
  size_t arg_count_;
  ColumnTypePtr result_;
};

// ---- -Distinct: the distinct argument tuples, fed to the nested function when finalizing ---------
struct DistinctData {
  std::unordered_map<std::string, uint64_t> tuples;  ///< encoded arguments -> first-seen position
};

class DistinctCombinator final : public AggregateFunction {
 public:
  DistinctCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> arg_types)
      : nested_(std::move(nested)), arg_types_(std::move(arg_types)) {}
  ColumnTypePtr resultType() const override { return nested_->resultType(); }
  size_t stateSize() const override { return sizeof(DistinctData); }
  size_t stateAlign() const override { return alignof(DistinctData); }
  void create(AggregateState place) const override { new (place) DistinctData(); }
  void destroy(AggregateState place) const noexcept override { data(place).~DistinctData(); }
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    thread_local std::string key;
    key.clear();
    for (size_t a = 0; a < arg_types_.size(); ++a) encodeValue(*args[a], row, key);
    DistinctData& d = data(place);
    d.tuples.try_emplace(key, d.tuples.size());
  }
  void merge(AggregateState to, const AggregateState from) const override {
    DistinctData& t = data(to);
    for (const auto* key : ordered(data(from))) t.tuples.try_emplace(*key, t.tuples.size());
  }
  void serialize(const AggregateState place, std::string& out) const override {
    StateWriter w(out);
    w.u8(kStateFormatVersion);
    const DistinctData& d = data(place);
    w.varint(d.tuples.size());
    for (const auto* key : ordered(d)) w.bytes(*key);
  }
  void deserialize(AggregateState place, std::string_view bytes) const override {
    StateReader r(bytes);
    r.version();
    uint64_t n = r.count(1);
    std::vector<ColumnPtr> probe = argColumns();
    std::vector<std::string> keys;
    for (uint64_t i = 0; i < n; ++i) {
      keys.emplace_back(r.bytes());
      StateReader kr(keys.back());
      for (auto& c : probe) decodeAppend(*c, kr);
      kr.expectEnd();
    }
    r.expectEnd();
    DistinctData& d = data(place);
    for (auto& k : keys) d.tuples.try_emplace(std::move(k), d.tuples.size());
  }
  void finalize(const AggregateState place, Column& to) const override {
    const DistinctData& d = data(place);
    std::vector<ColumnPtr> columns = argColumns();
    for (const auto* key : ordered(d)) {
      StateReader r(*key);
      for (auto& c : columns) decodeAppend(*c, r);
    }
    std::vector<const Column*> args;
    for (auto& c : columns) args.push_back(c.get());
    size_t rows = d.tuples.size();
    StateHolder nested(nested_);
    for (size_t i = 0; i < rows; ++i) nested_->add(nested.get(), args.data(), i);
    nested_->finalize(nested.get(), to);
  }

 private:
  static DistinctData& data(AggregateState p) { return *std::launder(reinterpret_cast<DistinctData*>(p)); }
  std::vector<ColumnPtr> argColumns() const {
    std::vector<ColumnPtr> columns;
    for (const auto& t : arg_types_) columns.push_back(makeColumn(t));
    return columns;
  }
  static std::vector<const std::string*> ordered(const DistinctData& d) {
    std::vector<const std::string*> out(d.tuples.size());
    for (const auto& [key, pos] : d.tuples) out[pos] = &key;
    return out;
  }
  AggregateFunctionPtr nested_;
  std::vector<ColumnTypePtr> arg_types_;
};

// ---- -State / -Merge -------------------------------------------------------------------------------
class StateCombinator final : public ForwardingFunction {
 public:
  using ForwardingFunction::ForwardingFunction;
  void finalize(const AggregateState place, Column& to) const override {
    std::string bytes;
    nested_->serialize(place, bytes);
    to.data.insert(to.data.end(), bytes.begin(), bytes.end());
    to.offsets.push_back(to.data.size());
    ++to.rows;
  }
};

class MergeCombinator final : public ForwardingFunction {
 public:
  using ForwardingFunction::ForwardingFunction;
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    nested_->deserialize(place, args[0]->stringAt(row));
  }
};

// ---- a flag byte before the nested state: the null adapter, -OrNull, -OrDefault ------------------
enum class FlagMode : uint8_t { SkipNulls, OrNull, OrDefault };

class FlaggedFunction final : public AggregateFunction {
 public:
  FlaggedFunction(AggregateFunctionPtr nested, FlagMode mode, std::vector<bool> nullable, bool nullable_result,
                  ColumnTypePtr result)
      : nested_(std::move(nested)), mode_(mode), nullable_(std::move(nullable)),
        nullable_result_(nullable_result), result_(std::move(result)),
        offset_(alignUp(1, nested_->stateAlign())) {
    // -OrNull over a function that already returns Nullable adds no second level of NULL.
    nested_nullable_ = isNullable(*nested_->resultType());
  }
  ColumnTypePtr resultType() const override { return result_; }
  size_t stateSize() const override { return offset_ + nested_->stateSize(); }
  size_t stateAlign() const override { return std::max(nested_->stateAlign(), alignof(uint8_t)); }
  void create(AggregateState place) const override {
    place[0] = 0;
    nested_->create(place + offset_);
  }
  void destroy(AggregateState place) const noexcept override { nested_->destroy(place + offset_); }
  void add(AggregateState place, const Column* const* args, size_t row) const override {
    if (mode_ != FlagMode::SkipNulls) {
      place[0] = 1;
      nested_->add(place + offset_, args, row);
      return;
    }
    const Column* stack[8];
    std::vector<const Column*> heap;
    const Column** unwrapped = stack;
    if (nullable_.size() > 8) {
      heap.resize(nullable_.size());
      unwrapped = heap.data();
    }
    std::vector<Column> const_copies;  // children of const Nullable columns, marked const
    const_copies.reserve(nullable_.size());
    for (size_t i = 0; i < nullable_.size(); ++i) {
      const Column* c = args[i];
      if (!nullable_[i]) {
        unwrapped[i] = c;
        continue;
      }
      if (c->isNullAt(row)) return;
      if (c->is_const) {
        Column copy = *c->children[0];
        copy.is_const = true;
        copy.rows = c->rows;
        const_copies.push_back(std::move(copy));
        unwrapped[i] = &const_copies.back();
      } else {
        unwrapped[i] = c->children[0].get();
      }
    }
    place[0] = 1;
    nested_->add(place + offset_, unwrapped, row);
  }
  void merge(AggregateState to, const AggregateState from) const override {
    to[0] |= from[0];
    nested_->merge(to + offset_, from + offset_);
  }
  void serialize(const AggregateState place, std::string& out) const override {
    out.push_back(char(place[0]));
    nested_->serialize(place + offset_, out);
  }
  void deserialize(AggregateState place, std::string_view bytes) const override {
    if (bytes.empty() || uint8_t(bytes[0]) > 1) StateReader::fail("bad flag");
    nested_->deserialize(place + offset_, bytes.substr(1));
    place[0] |= uint8_t(bytes[0]);
  }
  void finalize(const AggregateState place, Column& to) const override {
    bool has = place[0] != 0;
    bool to_nullable = nullable_result_ && layoutType(*to.type).kind == TypeKind::Nullable;
    if (mode_ == FlagMode::OrDefault && !has) {
      appendDefault(to);
      return;
    }
    if (!to_nullable || nested_nullable_) {
      if (!has && to_nullable) {
        appendNull(to);
        return;
      }
      nested_->finalize(place + offset_, to);
      return;
    }
    if (!has) {
      appendNull(to);
      return;
    }
    nested_->finalize(place + offset_, *to.children[0]);
    commitNotNull(to);
  }

 private:
  AggregateFunctionPtr nested_;
  FlagMode mode_;
  std::vector<bool> nullable_;
  bool nullable_result_;
  bool nested_nullable_ = false;
  ColumnTypePtr result_;
  size_t offset_;
};

class NothingFunction final : public AggregateFunction {
 public:
  explicit NothingFunction(ColumnTypePtr result) : result_(std::move(result)) {}
  ColumnTypePtr resultType() const override { return result_; }
  size_t stateSize() const override { return 1; }
  size_t stateAlign() const override { return 1; }
  void create(AggregateState place) const override { place[0] = 0; }
  void destroy(AggregateState) const noexcept override {}
  void add(AggregateState, const Column* const*, size_t) const override {}
  void merge(AggregateState, const AggregateState) const override {}
  void serialize(const AggregateState, std::string& out) const override { out.push_back(char(kStateFormatVersion)); }
  void deserialize(AggregateState, std::string_view bytes) const override {
    StateReader r(bytes);
    r.version();
    r.expectEnd();
  }
  void finalize(const AggregateState, Column& to) const override { appendDefault(to); }

 private:
  ColumnTypePtr result_;
};

}  // namespace

AggregateFunctionPtr makeIfCombinator(AggregateFunctionPtr nested, size_t arg_count) {
  return std::make_shared<IfFunction>(std::move(nested), arg_count);
}
AggregateFunctionPtr makeArrayCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> element_types) {
  return std::make_shared<ArrayCombinator>(std::move(nested), element_types.size());
}
AggregateFunctionPtr makeForEachCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> element_types,
                                           ColumnTypePtr result_type) {
  if (!result_type) result_type = makeArray(nested->resultType());
  return std::make_shared<ForEachCombinator>(std::move(nested), element_types.size(), std::move(result_type));
}
AggregateFunctionPtr makeDistinctCombinator(AggregateFunctionPtr nested, std::vector<ColumnTypePtr> arg_types) {
  return std::make_shared<DistinctCombinator>(std::move(nested), std::move(arg_types));
}
AggregateFunctionPtr makeStateCombinator(AggregateFunctionPtr nested, ColumnTypePtr state_type) {
  return std::make_shared<StateCombinator>(std::move(nested), std::move(state_type));
}
AggregateFunctionPtr makeMergeCombinator(AggregateFunctionPtr nested, ColumnTypePtr result_type) {
  return std::make_shared<MergeCombinator>(std::move(nested), std::move(result_type));
}
AggregateFunctionPtr makeOrNullCombinator(AggregateFunctionPtr nested, ColumnTypePtr result_type) {
  if (!result_type) {
    const ColumnType& inner = layoutType(*nested->resultType());
    bool can_be_null = inner.kind != TypeKind::Array && inner.kind != TypeKind::Map &&
                       inner.kind != TypeKind::Tuple && inner.kind != TypeKind::Nullable;
    result_type = can_be_null ? makeNullable(nested->resultType()) : nested->resultType();
  }
  return std::make_shared<FlaggedFunction>(std::move(nested), FlagMode::OrNull, std::vector<bool>{}, true,
                                           std::move(result_type));
}
AggregateFunctionPtr makeOrDefaultCombinator(AggregateFunctionPtr nested, ColumnTypePtr result_type) {
  if (!result_type) result_type = nested->resultType();
  return std::make_shared<FlaggedFunction>(std::move(nested), FlagMode::OrDefault, std::vector<bool>{}, false,
                                           std::move(result_type));
}
AggregateFunctionPtr makeNullAdapter(AggregateFunctionPtr nested, std::vector<bool> nullable, bool nullable_result,
                                     ColumnTypePtr result_type) {
  return std::make_shared<FlaggedFunction>(std::move(nested), FlagMode::SkipNulls, std::move(nullable),
                                           nullable_result, std::move(result_type));
}
AggregateFunctionPtr makeNothingFunction(ColumnTypePtr result_type) {
  return std::make_shared<NothingFunction>(std::move(result_type));
}

}  // namespace ferry::rt::agg
