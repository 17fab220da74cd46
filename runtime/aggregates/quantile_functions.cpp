/// quantile(s) (reservoir sample), quantileExact(s), quantileTDigest(s); median* are aliases
/// resolved by the registry.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "runtime/aggregates/function_base.h"

namespace ferry::rt::agg {
namespace {

bool keepsArgumentType(TypeKind kind) {
  switch (kind) {
    case TypeKind::Date: case TypeKind::Date32: case TypeKind::DateTime: case TypeKind::DateTime64:
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128:
      return true;
    default: return false;
  }
}

bool isFloatKind(TypeKind kind) { return kind == TypeKind::Float32 || kind == TypeKind::Float64; }

/// Appends `value` (in the argument's stored units) to a scalar result column; NaN for an empty
/// state is kept in float results and becomes the default elsewhere.
void appendQuantileValue(Column& to, double value, bool empty) {
  TypeKind kind = layoutType(*to.type).kind;
  if (empty && !isFloatKind(kind)) {
    appendDefault(to);
    return;
  }
  if (!isFloatKind(kind) && !std::isfinite(value)) value = 0;
  if (!isFloatKind(kind)) value = std::trunc(value);
  appendNumberDouble(to, value);
}

/// Shared shape of the one-level and many-level forms: `levels_` and the Array wrapping.
class LevelsMixin {
 public:
  LevelsMixin(std::vector<double> levels, bool plural) : levels_(std::move(levels)), plural_(plural) {}

 protected:
  template <class F>
  void emit(Column& to, F&& value_at_level) const {
    if (!plural_) {
      value_at_level(to, levels_[0]);
      return;
    }
    Column& element = *to.children[0];
    for (double level : levels_) value_at_level(element, level);
    to.offsets.push_back(element.rows);
    ++to.rows;
  }
  std::vector<double> levels_;
  bool plural_;
};

// ---- quantile: a reservoir of 8192 values; exact interpolation while everything fits ------------
constexpr size_t kReservoirSize = 8192;

struct ReservoirData {
  std::vector<double> samples;
  uint64_t total = 0;
  uint64_t rng = 0;

  uint64_t next() {  // splitmix64: deterministic, so results are reproducible run to run
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  void insert(double v) {
    ++total;
    if (samples.size() < kReservoirSize) {
      samples.push_back(v);
      return;
    }
    uint64_t slot = next() % total;
    if (slot < kReservoirSize) samples[slot] = v;
  }
};

template <class T>
class QuantileFunction final : public LeafFunction<ReservoirData, QuantileFunction<T>>, LevelsMixin {
  using Base = LeafFunction<ReservoirData, QuantileFunction<T>>;

 public:
  QuantileFunction(ColumnTypePtr result, std::vector<double> levels, bool plural)
      : Base(std::move(result)), LevelsMixin(std::move(levels), plural) {}
  void addRow(ReservoirData& d, const Column* const* args, size_t row) const {
    double v = double(numberAt<T>(*args[0], row));
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return;  // ClickHouse's quantiles ignore NaN
    }
    d.insert(v);
  }
  void mergeData(ReservoirData& to, const ReservoirData& from) const {
    if (from.total <= from.samples.size()) {  // `from` holds every value it saw
      for (double v : from.samples) to.insert(v);
      return;
    }
    if (to.total <= to.samples.size()) {
      ReservoirData small = to;
      to.samples = from.samples;
      to.total = from.total;
      for (double v : small.samples) to.insert(v);
      return;
    }
    // Both are samples: each slot comes from `from` with probability proportional to its count.
    uint64_t total = to.total + from.total;
    for (size_t i = 0; i < to.samples.size() && i < from.samples.size(); ++i)
      if (to.next() % total < from.total) to.samples[i] = from.samples[i];
    to.total = total;
  }
  void write(const ReservoirData& d, StateWriter& w) const {
    w.varint(d.total);
    w.pod(d.rng);
    w.varint(d.samples.size());
    for (double v : d.samples) w.pod(v);
  }
  void read(ReservoirData& d, StateReader& r) const {
    d.total = r.varint();
    d.rng = r.pod<uint64_t>();
    uint64_t n = r.count(8);
    if (n > kReservoirSize || n > d.total) StateReader::fail("bad sample size");
    d.samples.resize(n);
    for (auto& v : d.samples) v = r.pod<double>();
  }
  void finalizeData(const ReservoirData& d, Column& to) const {
    std::vector<double> sorted = d.samples;
    std::sort(sorted.begin(), sorted.end());
    emit(to, [&](Column& out, double level) {
      if (sorted.empty()) {
        appendQuantileValue(out, std::numeric_limits<double>::quiet_NaN(), true);
        return;
      }
      double index = std::max(0.0, std::min(double(sorted.size() - 1), level * double(sorted.size() - 1)));
      size_t i = size_t(index);
      double frac = index - double(i);
      double v = i + 1 >= sorted.size() ? sorted[i] : sorted[i] * (1 - frac) + sorted[i + 1] * frac;
      appendQuantileValue(out, v, false);
    });
  }
};

// ---- quantileExact: every value, the element at floor(level * n) ----------------------------------
template <class T>
struct ExactData {
  std::vector<T> values;
};

template <class T>
class QuantileExactFunction final : public LeafFunction<ExactData<T>, QuantileExactFunction<T>>, LevelsMixin {
  using Base = LeafFunction<ExactData<T>, QuantileExactFunction<T>>;

 public:
  QuantileExactFunction(ColumnTypePtr result, std::vector<double> levels, bool plural)
      : Base(std::move(result)), LevelsMixin(std::move(levels), plural) {}
  void addRow(ExactData<T>& d, const Column* const* args, size_t row) const {
    T v = numberAt<T>(*args[0], row);
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return;
    }
    d.values.push_back(v);
  }
  void mergeData(ExactData<T>& to, const ExactData<T>& from) const {
    to.values.insert(to.values.end(), from.values.begin(), from.values.end());
  }
  void write(const ExactData<T>& d, StateWriter& w) const {
    w.varint(d.values.size());
    for (T v : d.values) w.pod(v);
  }
  void read(ExactData<T>& d, StateReader& r) const {
    uint64_t n = r.count(sizeof(T));
    d.values.resize(n);
    for (auto& v : d.values) v = r.pod<T>();
  }
  void finalizeData(const ExactData<T>& d, Column& to) const {
    std::vector<T> sorted = d.values;
    std::sort(sorted.begin(), sorted.end());
    emit(to, [&](Column& out, double level) {
      if (sorted.empty()) {  // ClickHouse: the type's default, 0 for floats too
        appendDefault(out);
        return;
      }
      size_t n = level < 1 ? size_t(level * double(sorted.size())) : sorted.size() - 1;
      appendNumber(out, sorted[std::min(n, sorted.size() - 1)]);
    });
  }
};

// ---- quantileTDigest -------------------------------------------------------------------------------
struct Centroid {
  double mean;
  double count;
};

struct TDigestData {
  std::vector<Centroid> centroids;
  double count = 0;
  size_t unmerged = 0;
};

constexpr size_t kTDigestMaxUnmerged = 2048;
constexpr double kTDigestEpsilon = 0.01;

/// Sorts the centroids and merges neighbours whose combined weight stays under the t-digest bound
/// 4 * N * epsilon * q * (1 - q), so the ends of the distribution stay precise.
void compress(TDigestData& d) {
  if (d.centroids.empty()) return;
  std::stable_sort(d.centroids.begin(), d.centroids.end(),
                   [](const Centroid& a, const Centroid& b) { return a.mean < b.mean; });
  std::vector<Centroid> out;
  out.reserve(d.centroids.size());
  out.push_back(d.centroids[0]);
  double before = 0;  // weight of the centroids before out.back()
  for (size_t i = 1; i < d.centroids.size(); ++i) {
    Centroid& l = out.back();
    const Centroid& r = d.centroids[i];
    double ql = (before + l.count * 0.5) / d.count;
    double qr = (before + l.count + r.count * 0.5) / d.count;
    double err = std::min(ql * (1 - ql), qr * (1 - qr));
    double limit = 4 * d.count * err * kTDigestEpsilon;
    if (l.count + r.count <= limit) {
      double total = l.count + r.count;
      l.mean = l.mean + (r.mean - l.mean) * r.count / total;
      l.count = total;
    } else {
      before += l.count;
      out.push_back(r);
    }
  }
  d.centroids = std::move(out);
  d.unmerged = 0;
}

double tdigestQuantile(const TDigestData& d, double level) {
  const auto& c = d.centroids;
  if (c.size() == 1) return c[0].mean;
  double x = level * d.count;
  double prev_x = 0, sum = 0, prev_mean = c[0].mean, prev_count = c[0].count;
  for (const Centroid& cur : c) {
    double current_x = sum + cur.count * 0.5;
    if (current_x >= x) {
      double left = prev_x + 0.5 * (prev_count == 1);  // a singleton is exact at its own rank
      double right = current_x - 0.5 * (cur.count == 1);
      if (x <= left) return prev_mean;
      if (x >= right) return cur.mean;
      return prev_mean + (x - left) * (cur.mean - prev_mean) / (right - left);
    }
    sum += cur.count;
    prev_mean = cur.mean;
    prev_count = cur.count;
    prev_x = current_x;
  }
  return c.back().mean;
}

template <class T>
class TDigestFunction final : public LeafFunction<TDigestData, TDigestFunction<T>>, LevelsMixin {
  using Base = LeafFunction<TDigestData, TDigestFunction<T>>;

 public:
  TDigestFunction(ColumnTypePtr result, std::vector<double> levels, bool plural)
      : Base(std::move(result)), LevelsMixin(std::move(levels), plural) {}
  void addRow(TDigestData& d, const Column* const* args, size_t row) const {
    double v = double(numberAt<T>(*args[0], row));
    if (std::isnan(v)) return;
    d.centroids.push_back({double(float(v)), 1});
    d.count += 1;
    if (++d.unmerged > kTDigestMaxUnmerged) compress(d);
  }
  void mergeData(TDigestData& to, const TDigestData& from) const {
    to.centroids.insert(to.centroids.end(), from.centroids.begin(), from.centroids.end());
    to.count += from.count;
    to.unmerged += from.centroids.size();
    if (to.unmerged > kTDigestMaxUnmerged) compress(to);
  }
  void write(const TDigestData& d, StateWriter& w) const {
    w.varint(d.centroids.size());
    for (const Centroid& c : d.centroids) {
      w.pod(c.mean);
      w.pod(c.count);
    }
  }
  void read(TDigestData& d, StateReader& r) const {
    uint64_t n = r.count(16);
    d.centroids.resize(n);
    for (Centroid& c : d.centroids) {
      c.mean = r.pod<double>();
      c.count = r.pod<double>();
      if (!(c.count > 0) || !std::isfinite(c.count) || std::isnan(c.mean)) StateReader::fail("bad centroid");
      d.count += c.count;
    }
    d.unmerged = n;
  }
  void finalizeData(const TDigestData& state, Column& to) const {
    TDigestData d = state;
    compress(d);
    emit(to, [&](Column& out, double level) {
      bool empty = d.centroids.empty();
      double v = empty ? std::numeric_limits<double>::quiet_NaN() : tdigestQuantile(d, level);
      if (isFloatKind(layoutType(*out.type).kind)) v = double(float(v));
      appendQuantileValue(out, v, empty);
    });
  }
};

enum class QuantileKind : uint8_t { Reservoir, Exact, TDigest };

}  // namespace

AggregateFunctionPtr makeQuantileFunction(const LeafCall& call) {
  std::string n = call.name;
  if (!n.starts_with("quantile")) return nullptr;
  QuantileKind kind;
  bool plural = n.starts_with("quantiles");
  std::string rest = n.substr(plural ? 9 : 8);
  if (rest.empty()) kind = QuantileKind::Reservoir;
  else if (rest == "Exact") kind = QuantileKind::Exact;
  else if (rest == "TDigest") kind = QuantileKind::TDigest;
  else return nullptr;

  if (call.arg_types.size() != 1) throw std::invalid_argument(n + " takes one argument");
  std::vector<double> levels;
  for (const auto& p : call.params) levels.push_back(parseLevel(p));
  if (levels.empty()) {
    if (plural) throw std::invalid_argument(n + " needs at least one level");
    levels.push_back(0.5);
  }
  if (!plural && levels.size() != 1) throw std::invalid_argument(n + " takes one level");

  const ColumnTypePtr& arg = call.arg_types[0];
  TypeKind arg_kind = layoutType(*arg).kind;
  ColumnTypePtr result = call.result_type;
  if (!result) {
    ColumnTypePtr scalar = kind == QuantileKind::Exact || keepsArgumentType(arg_kind) ? arg
                           : kind == QuantileKind::TDigest ? makeNamedType(TypeKind::Float32)
                                                           : makeNamedType(TypeKind::Float64);
    result = plural ? makeArray(scalar) : scalar;
  }
  AggregateFunctionPtr fn;
  withNumeric(arg_kind, [&](auto zero) {
    using T = decltype(zero);
    switch (kind) {
      case QuantileKind::Reservoir: fn = std::make_shared<QuantileFunction<T>>(result, levels, plural); break;
      case QuantileKind::Exact: fn = std::make_shared<QuantileExactFunction<T>>(result, levels, plural); break;
      case QuantileKind::TDigest: fn = std::make_shared<TDigestFunction<T>>(result, levels, plural); break;
    }
  });
  if (!fn) throw std::invalid_argument(n + " does not support " + typeName(*arg));
  return fn;
}

}  // namespace ferry::rt::agg
