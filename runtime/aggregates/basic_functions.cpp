/// count, sum, avg, min, max, any, anyLast, argMin, argMax.
#include <cmath>
#include <limits>
#include <stdexcept>

#include "runtime/aggregates/function_base.h"

namespace ferry::rt::agg {
namespace {

// ---- count ----------------------------------------------------------------------------------------
struct CountData {
  uint64_t n = 0;
};

class CountFunction final : public LeafFunction<CountData, CountFunction> {
 public:
  using LeafFunction::LeafFunction;
  void addRow(CountData& d, const Column* const*, size_t) const { ++d.n; }
  void addBatch(AggregateState* places, size_t place_offset, const Column* const*, size_t begin,
                size_t end) const override {
    for (size_t i = begin; i < end; ++i) ++dataOf<CountData>(places[i - begin] + place_offset).n;
  }
  void mergeData(CountData& to, const CountData& from) const { to.n += from.n; }
  void write(const CountData& d, StateWriter& w) const { w.varint(d.n); }
  void read(CountData& d, StateReader& r) const { d.n = r.varint(); }
  void finalizeData(const CountData& d, Column& to) const { appendNumber(to, d.n); }
};

// ---- sum / avg --------------------------------------------------------------------------------------
/// Integers (and Decimals, as their scaled integers) add in 128-bit wrapping arithmetic; the result
/// column's width then truncates, which is ClickHouse's wrap-around of Int64/UInt64 sums.
struct SumData {
  UInt128 i = 0;
  double f = 0;
  uint64_t count = 0;
};

enum class NumberClass : uint8_t { Signed, Unsigned, Float };

template <class T>
constexpr NumberClass numberClass() {
  if constexpr (std::is_floating_point_v<T>) return NumberClass::Float;
  else if constexpr (std::is_same_v<T, Int128> || std::is_signed_v<T>) return NumberClass::Signed;
  else return NumberClass::Unsigned;
}

template <class T>
inline void accumulate(SumData& d, T v) {
  if constexpr (numberClass<T>() == NumberClass::Float) d.f += double(v);
  else if constexpr (numberClass<T>() == NumberClass::Signed) d.i += UInt128(Int128(v));
  else d.i += UInt128(v);
}

template <class T, bool kAverage>
class SumFunction final : public LeafFunction<SumData, SumFunction<T, kAverage>> {
  using Base = LeafFunction<SumData, SumFunction<T, kAverage>>;

 public:
  SumFunction(ColumnTypePtr result, double scale) : Base(std::move(result)), scale_(scale) {}
  void addRow(SumData& d, const Column* const* args, size_t row) const {
    accumulate(d, numberAt<T>(*args[0], row));
    ++d.count;
  }
  void addBatch(AggregateState* places, size_t place_offset, const Column* const* args, size_t begin,
                size_t end) const override {
    const Column& c = *args[0];
    const T* v = c.values<T>();
    for (size_t i = begin; i < end; ++i) {
      SumData& d = dataOf<SumData>(places[i - begin] + place_offset);
      accumulate(d, v[c.is_const ? 0 : i]);
      ++d.count;
    }
  }
  void mergeData(SumData& to, const SumData& from) const {
    to.i += from.i;
    to.f += from.f;
    to.count += from.count;
  }
  void write(const SumData& d, StateWriter& w) const {
    w.pod(uint64_t(d.i));
    w.pod(uint64_t(d.i >> 64));
    w.pod(d.f);
    w.varint(d.count);
  }
  void read(SumData& d, StateReader& r) const {
    uint64_t lo = r.pod<uint64_t>(), hi = r.pod<uint64_t>();
    d.i = (UInt128(hi) << 64) | lo;
    d.f = r.pod<double>();
    d.count = r.varint();
  }
  void finalizeData(const SumData& d, Column& to) const {
    constexpr NumberClass cls = numberClass<T>();
    if constexpr (kAverage) {
      // Up to 64 bits the numerator wraps as ClickHouse's Int64/UInt64 sum does.
      double total = cls == NumberClass::Float                     ? d.f
                     : cls == NumberClass::Signed && sizeof(T) <= 8 ? double(int64_t(uint64_t(d.i)))
                     : cls == NumberClass::Signed                   ? double(Int128(d.i))
                     : sizeof(T) <= 8                               ? double(uint64_t(d.i))
                                                                    : double(d.i);
      double value = d.count == 0 ? std::numeric_limits<double>::quiet_NaN() : total / scale_ / double(d.count);
      appendNumber(to, value);
    } else if constexpr (cls == NumberClass::Float) {
      appendNumber(to, d.f);
    } else if constexpr (cls == NumberClass::Signed) {
      appendNumber(to, Int128(d.i));
    } else {
      appendNumber(to, d.i);
    }
  }

 private:
  double scale_;
};

ColumnTypePtr sumResultType(const ColumnType& arg) {
  const ColumnType& t = layoutType(arg);
  switch (t.kind) {
    case TypeKind::Float32: case TypeKind::Float64: return makeNamedType(TypeKind::Float64);
    case TypeKind::Int128: case TypeKind::UInt128: return makeNamedType(t.kind);
    case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: {
      auto d = std::make_shared<ColumnType>();
      d->kind = TypeKind::Decimal128;
      d->precision = 38;
      d->scale = t.scale;
      d->name = "Decimal(38, " + std::to_string(t.scale) + ")";
      return d;
    }
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Enum8: case TypeKind::Enum16: case TypeKind::Date32: case TypeKind::DateTime64:
    case TypeKind::Interval:
      return makeNamedType(TypeKind::Int64);
    default: return makeNamedType(TypeKind::UInt64);
  }
}

AggregateFunctionPtr makeSum(const LeafCall& call, bool average) {
  if (call.arg_types.size() != 1) throw std::invalid_argument(call.name + " takes one argument");
  const ColumnType& arg = layoutType(*call.arg_types[0]);
  ColumnTypePtr result = call.result_type ? call.result_type
                         : average        ? makeNamedType(TypeKind::Float64)
                                          : sumResultType(arg);
  double scale = isDecimal(arg.kind) ? decimalScale(arg) : 1.0;
  AggregateFunctionPtr fn;
  withNumeric(arg.kind, [&](auto zero) {
    using T = decltype(zero);
    if (average) fn = std::make_shared<SumFunction<T, true>>(result, scale);
    else fn = std::make_shared<SumFunction<T, false>>(result, scale);
  });
  if (!fn) throw std::invalid_argument(call.name + " does not support " + typeName(*call.arg_types[0]));
  return fn;
}

// ---- min / max / any / anyLast / argMin / argMax ----------------------------------------------------
/// The compared value and (for argMin/argMax) the value returned, as encodings.
struct ExtremeData {
  bool has = false;
  std::string key;
  std::string value;
};

enum class ExtremeKind : uint8_t { Min, Max, Any, AnyLast, ArgMin, ArgMax };

class ExtremeFunction final : public LeafFunction<ExtremeData, ExtremeFunction> {
 public:
  ExtremeFunction(ColumnTypePtr result, ExtremeKind kind, ColumnTypePtr key_type)
      : LeafFunction(std::move(result)), kind_(kind), key_type_(std::move(key_type)) {}

  bool isArg() const { return kind_ == ExtremeKind::ArgMin || kind_ == ExtremeKind::ArgMax; }
  /// Whether a candidate with key `key` replaces the held one.
  bool replaces(const ExtremeData& d, std::string_view key) const {
    if (!d.has) return true;
    switch (kind_) {
      case ExtremeKind::Any: return false;
      case ExtremeKind::AnyLast: return true;
      case ExtremeKind::Min: case ExtremeKind::ArgMin: return compareEncoded(*key_type_, key, d.key) < 0;
      case ExtremeKind::Max: case ExtremeKind::ArgMax: return compareEncoded(*key_type_, key, d.key) > 0;
    }
    return false;
  }
  void addRow(ExtremeData& d, const Column* const* args, size_t row) const {
    if (d.has && kind_ == ExtremeKind::Any) return;
    thread_local std::string key;
    key.clear();
    encodeValue(*args[isArg() ? 1 : 0], row, key);
    if (!replaces(d, key)) return;
    d.has = true;
    d.key = key;
    if (isArg()) {
      d.value.clear();
      encodeValue(*args[0], row, d.value);
    }
  }
  void mergeData(ExtremeData& to, const ExtremeData& from) const {
    if (!from.has) return;
    if (replaces(to, from.key)) to = from;
  }
  void write(const ExtremeData& d, StateWriter& w) const {
    w.u8(d.has);
    if (!d.has) return;
    w.bytes(d.key);
    if (isArg()) w.bytes(d.value);
  }
  void read(ExtremeData& d, StateReader& r) const {
    uint8_t has = r.u8();
    if (has > 1) StateReader::fail("bad flag");
    d.has = has;
    if (!d.has) return;
    d.key = std::string(r.bytes());
    validate(*key_type_, d.key);
    if (isArg()) {
      d.value = std::string(r.bytes());
      validate(*result_type_, d.value);
    }
  }
  void finalizeData(const ExtremeData& d, Column& to) const {
    if (!d.has) {
      appendDefault(to);
      return;
    }
    decodeAppend(to, isArg() ? d.value : d.key);
  }

 private:
  /// A deserialized value must decode as its type (so later compares and appends cannot fail).
  static void validate(const ColumnType& type, const std::string& encoded) {
    ColumnPtr probe = makeColumn(std::make_shared<ColumnType>(type));
    decodeAppend(*probe, encoded);
  }
  ExtremeKind kind_;
  ColumnTypePtr key_type_;
};

}  // namespace

AggregateFunctionPtr makeBasicFunction(const LeafCall& call) {
  const std::string& n = call.name;
  if (n == "count") {
    return std::make_shared<CountFunction>(call.result_type ? call.result_type : makeNamedType(TypeKind::UInt64));
  }
  if (n == "sum") return makeSum(call, false);
  if (n == "avg") return makeSum(call, true);
  static const std::pair<const char*, ExtremeKind> kExtremes[] = {
      {"min", ExtremeKind::Min}, {"max", ExtremeKind::Max}, {"any", ExtremeKind::Any},
      {"anyLast", ExtremeKind::AnyLast}, {"argMin", ExtremeKind::ArgMin}, {"argMax", ExtremeKind::ArgMax}};
  for (auto [name, kind] : kExtremes) {
    if (n != name) continue;
    bool arg = kind == ExtremeKind::ArgMin || kind == ExtremeKind::ArgMax;
    if (call.arg_types.size() != (arg ? 2u : 1u))
      throw std::invalid_argument(n + " takes " + (arg ? "two arguments" : "one argument"));
    ColumnTypePtr result = call.result_type ? call.result_type : call.arg_types[0];
    return std::make_shared<ExtremeFunction>(result, kind, call.arg_types[arg ? 1 : 0]);
  }
  return nullptr;
}

}  // namespace ferry::rt::agg
