/// uniq, uniqExact, uniqCombined, uniqCombined64: counts of distinct argument tuples.
#include <bit>
#include <cmath>
#include <stdexcept>

#include "runtime/aggregates/function_base.h"
#include "runtime/aggregates/hash_set.h"

namespace ferry::rt::agg {
namespace {

/// The encodings of all arguments of a row, hashed together (uniq(a, b) counts distinct pairs).
template <class H>
H hashArgs(const Column* const* args, size_t arg_count, size_t row, H (*hash)(std::string_view)) {
  thread_local std::string buffer;
  buffer.clear();
  for (size_t a = 0; a < arg_count; ++a) encodeValue(*args[a], row, buffer);
  return hash(buffer);
}

// ---- uniq: exact below 65536 hashes, then keeps only hashes whose low `skip` bits are 0 ------------
constexpr size_t kUniqMaxSize = 65536;

struct UniqData {
  HashValueSet<uint64_t> set;
  uint8_t skip = 0;

  bool sampled(uint64_t h) const { return (h & ((uint64_t(1) << skip) - 1)) == 0; }
  void insert(uint64_t h) {
    if (!sampled(h)) return;
    set.insert(h);
    while (set.size() > kUniqMaxSize) {
      ++skip;
      set.retain([&](uint64_t k) { return sampled(k); });
    }
  }
};

class UniqFunction final : public LeafFunction<UniqData, UniqFunction> {
 public:
  UniqFunction(ColumnTypePtr result, size_t args) : LeafFunction(std::move(result)), args_(args) {}
  void addRow(UniqData& d, const Column* const* args, size_t row) const {
    d.insert(hashArgs<uint64_t>(args, args_, row, hashEncoded));
  }
  void mergeData(UniqData& to, const UniqData& from) const {
    if (from.skip > to.skip) {
      to.skip = from.skip;
      to.set.retain([&](uint64_t k) { return to.sampled(k); });
    }
    from.set.forEach([&](uint64_t k) { to.insert(k); });
  }
  void write(const UniqData& d, StateWriter& w) const {
    w.u8(d.skip);
    w.varint(d.set.size());
    d.set.forEach([&](uint64_t k) { w.pod(k); });
  }
  void read(UniqData& d, StateReader& r) const {
    d.skip = r.u8();
    if (d.skip > 63) StateReader::fail("bad skip degree");
    uint64_t n = r.count(8);
    if (n > kUniqMaxSize) StateReader::fail("too many hashes");
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t k = r.pod<uint64_t>();
      if (!d.sampled(k)) StateReader::fail("hash outside the sample");
      d.set.insert(k);
    }
  }
  void finalizeData(const UniqData& d, Column& to) const {
    appendNumber(to, uint64_t(d.set.size()) << d.skip);
  }

 private:
  size_t args_;
};

// ---- uniqExact: a set of 128-bit hashes of the values ----------------------------------------------
struct UniqExactData {
  HashValueSet<UInt128> set;
};

class UniqExactFunction final : public LeafFunction<UniqExactData, UniqExactFunction> {
 public:
  UniqExactFunction(ColumnTypePtr result, size_t args) : LeafFunction(std::move(result)), args_(args) {}
  void addRow(UniqExactData& d, const Column* const* args, size_t row) const {
    d.set.insert(hashArgs<UInt128>(args, args_, row, hash128Encoded));
  }
  void mergeData(UniqExactData& to, const UniqExactData& from) const {
    from.set.forEach([&](UInt128 k) { to.set.insert(k); });
  }
  void write(const UniqExactData& d, StateWriter& w) const {
    w.varint(d.set.size());
    d.set.forEach([&](UInt128 k) { w.pod(k); });
  }
  void read(UniqExactData& d, StateReader& r) const {
    uint64_t n = r.count(16);
    for (uint64_t i = 0; i < n; ++i) d.set.insert(r.pod<UInt128>());
  }
  void finalizeData(const UniqExactData& d, Column& to) const { appendNumber(to, uint64_t(d.set.size())); }

 private:
  size_t args_;
};

// ---- uniqCombined: an exact set while small, then a HyperLogLog of 2^K registers -----------------
struct UniqCombinedData {
  HashValueSet<uint64_t> set;
  std::vector<uint8_t> registers;  ///< empty while exact
};

class UniqCombinedFunction final : public LeafFunction<UniqCombinedData, UniqCombinedFunction> {
 public:
  UniqCombinedFunction(ColumnTypePtr result, size_t args, unsigned precision)
      : LeafFunction(std::move(result)), args_(args), precision_(precision),
        exact_limit_(size_t(1) << (precision - 4)) {}

  void addRow(UniqCombinedData& d, const Column* const* args, size_t row) const {
    insert(d, hashArgs<uint64_t>(args, args_, row, hashEncoded));
  }
  void mergeData(UniqCombinedData& to, const UniqCombinedData& from) const {
    if (!from.registers.empty()) {
      toSketch(to);
      for (size_t i = 0; i < to.registers.size(); ++i)
        to.registers[i] = std::max(to.registers[i], from.registers[i]);
      return;
    }
    from.set.forEach([&](uint64_t k) { insert(to, k); });
  }
  void write(const UniqCombinedData& d, StateWriter& w) const {
    if (d.registers.empty()) {
      w.u8(0);
      w.varint(d.set.size());
      d.set.forEach([&](uint64_t k) { w.pod(k); });
    } else {
      w.u8(1);
      w.raw({reinterpret_cast<const char*>(d.registers.data()), d.registers.size()});
    }
  }
  void read(UniqCombinedData& d, StateReader& r) const {
    uint8_t mode = r.u8();
    if (mode == 0) {
      uint64_t n = r.count(8);
      if (n > exact_limit_) StateReader::fail("too many hashes");
      for (uint64_t i = 0; i < n; ++i) d.set.insert(r.pod<uint64_t>());
    } else if (mode == 1) {
      std::string_view regs = r.raw(size_t(1) << precision_);
      d.registers.assign(regs.begin(), regs.end());
      for (uint8_t v : d.registers)
        if (v > 64 - precision_ + 1) StateReader::fail("bad register");
    } else {
      StateReader::fail("bad mode");
    }
  }
  void finalizeData(const UniqCombinedData& d, Column& to) const {
    if (d.registers.empty()) {
      appendNumber(to, uint64_t(d.set.size()));
      return;
    }
    double m = double(d.registers.size());
    double sum = 0;
    size_t zeros = 0;
    for (uint8_t v : d.registers) {
      sum += std::ldexp(1.0, -int(v));
      zeros += v == 0;
    }
    double alpha = 0.7213 / (1 + 1.079 / m);
    double estimate = alpha * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / double(zeros));
    appendNumber(to, uint64_t(std::llround(estimate)));
  }

 private:
  void insert(UniqCombinedData& d, uint64_t h) const {
    if (!d.registers.empty()) {
      setRegister(d, h);
      return;
    }
    d.set.insert(h);
    if (d.set.size() > exact_limit_) toSketch(d);
  }
  void setRegister(UniqCombinedData& d, uint64_t h) const {
    size_t index = size_t(h >> (64 - precision_));
    uint64_t rest = h << precision_;
    uint8_t rank = uint8_t(rest == 0 ? 64 - precision_ + 1 : std::countl_zero(rest) + 1);
    if (rank > 64 - precision_ + 1) rank = uint8_t(64 - precision_ + 1);
    d.registers[index] = std::max(d.registers[index], rank);
  }
  void toSketch(UniqCombinedData& d) const {
    if (!d.registers.empty()) return;
    d.registers.assign(size_t(1) << precision_, 0);
    d.set.forEach([&](uint64_t k) { setRegister(d, k); });
    d.set.clear();
  }
  size_t args_;
  unsigned precision_;
  size_t exact_limit_;
};

}  // namespace

AggregateFunctionPtr makeDistinctCountFunction(const LeafCall& call) {
  const std::string& n = call.name;
  if (n != "uniq" && n != "uniqExact" && n != "uniqCombined" && n != "uniqCombined64") return nullptr;
  if (call.arg_types.empty()) throw std::invalid_argument(n + " takes at least one argument");
  ColumnTypePtr result = call.result_type ? call.result_type : makeNamedType(TypeKind::UInt64);
  size_t args = call.arg_types.size();
  if (n == "uniq") return std::make_shared<UniqFunction>(result, args);
  if (n == "uniqExact") return std::make_shared<UniqExactFunction>(result, args);
  unsigned precision = 17;
  if (!call.params.empty()) precision = unsigned(parseUnsignedParam(call.params[0], n));
  if (precision < 12 || precision > 20)
    throw std::invalid_argument(n + ": the precision parameter must be between 12 and 20");
  return std::make_shared<UniqCombinedFunction>(result, args, precision);
}

}  // namespace ferry::rt::agg
