/// Hashes, random values, UUIDs, finalizeAggregation, runningDifference and small utilities.
#include <xxhash.h>

#include <random>

#include "runtime/aggregates/aggregate_function.h"
#include "runtime/exec/exec_internal.h"

namespace ferry::rt::exec {
namespace {

/// SipHash-2-4 with a zero key, as ClickHouse's sipHash64 of a single string.
uint64_t sipHash24(const uint8_t* data, size_t len) {
  uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL, v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
  auto rotl = [](uint64_t x, int b) { return (x << b) | (x >> (64 - b)); };
  auto round = [&] {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  };
  size_t full = len / 8 * 8;
  for (size_t i = 0; i < full; i += 8) {
    uint64_t m;
    std::memcpy(&m, data + i, 8);
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
  uint64_t b = uint64_t(len) << 56;
  for (size_t i = 0; i < len - full; ++i) b |= uint64_t(data[full + i]) << (8 * i);
  v3 ^= b;
  round();
  round();
  v0 ^= b;
  v2 ^= 0xff;
  round();
  round();
  round();
  round();
  return v0 ^ v1 ^ v2 ^ v3;
}

template <class F>
ColumnPtr hashStrings(CallArgs& a, F&& f) {
  if (a.cols.size() != 1) fail("NOT_IMPLEMENTED", "Function " + a.call.function + " with several arguments is not supported");
  auto out = newFixed<uint64_t>(a.result, a.rows);
  TypeKind k = a.kind(0);
  for (size_t i = 0; i < a.rows; ++i) {
    std::string_view s;
    std::string tmp;
    if (isStringKind(k)) s = a.cols[0]->stringAt(i);
    else {
      size_t w = fixedWidth(a.type(0));
      if (!w) fail("NOT_IMPLEMENTED", "Function " + a.call.function + " over " + typeName(a.type(0)) + " is not supported");
      s = std::string_view(reinterpret_cast<const char*>(a.cols[0]->data.data()) + (a.isConst(0) ? 0 : i) * w, w);
    }
    out->values<uint64_t>()[i] = f(s);
  }
  return out;
}

ColumnPtr xxHash64Fn(CallArgs& a) {
  return hashStrings(a, [](std::string_view s) { return uint64_t(XXH64(s.data(), s.size(), 0)); });
}
ColumnPtr xxHash32Fn(CallArgs& a) {
  auto r = hashStrings(a, [](std::string_view s) { return uint64_t(XXH32(s.data(), s.size(), 0)); });
  return castColumn(relabel(r, typeUInt64()), a.result);
}
ColumnPtr sipHash64Fn(CallArgs& a) {
  return hashStrings(a, [](std::string_view s) { return sipHash24(reinterpret_cast<const uint8_t*>(s.data()), s.size()); });
}

std::mt19937_64& rng() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return gen;
}

ColumnPtr randFn(CallArgs& a) {
  const ColumnType& rt = layoutType(*a.result);
  if (rt.kind == TypeKind::UInt64) {
    auto out = newFixed<uint64_t>(a.result, a.rows);
    for (size_t i = 0; i < a.rows; ++i) out->values<uint64_t>()[i] = rng()();
    return out;
  }
  if (rt.kind == TypeKind::Float64) {
    auto out = newFixed<double>(a.result, a.rows);
    std::uniform_real_distribution<double> d(0.0, 1.0);
    for (size_t i = 0; i < a.rows; ++i) out->values<double>()[i] = d(rng());
    return out;
  }
  auto out = newFixed<uint32_t>(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) out->values<uint32_t>()[i] = uint32_t(rng()());
  return out;
}

ColumnPtr generateUUIDv4Fn(CallArgs& a) {
  auto out = newFixed<uint64_t>(a.result, a.rows * 2);
  out->rows = a.rows;
  for (size_t i = 0; i < a.rows; ++i) {
    uint64_t hi = rng()(), lo = rng()();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    out->values<uint64_t>()[2 * i] = hi;
    out->values<uint64_t>()[2 * i + 1] = lo;
  }
  return out;
}

ColumnPtr finalizeAggregationFn(CallArgs& a) {
  const ColumnType& t = a.type(0);
  auto fn = stateFunction(t);
  auto out = makeColumn(a.result);
  for (size_t i = 0; i < a.rows; ++i) {
    StateHolder h(fn);
    try {
      fn->deserialize(h.get(), a.cols[0]->stringAt(i));
    } catch (const std::exception& e) {
      fail("CANNOT_READ_ALL_DATA", e.what());
    }
    fn->finalize(h.get(), *out);
  }
  return out;
}

ColumnPtr runningDifferenceFn(CallArgs& a) {
  const ColumnType& rt = layoutType(*a.result);
  auto x = castColumn(a.cols[0], a.result);
  ColumnPtr out;
  dispatchFixed(rt.kind, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = newFixed<T>(a.result, a.rows);
    Vals<T> v(*x);
    for (size_t i = 0; i < a.rows; ++i) out->values<T>()[i] = i == 0 ? T(0) : T(v[i] - v[i - 1]);
  });
  return out;
}

ColumnPtr toTypeNameFn(CallArgs& a) {
  return makeConstColumn(a.result, Field(typeName(*a.cols[0]->type)), a.rows);
}

ColumnPtr currentDatabaseFn(CallArgs& a) { return makeConstColumn(a.result, Field(std::string("default")), a.rows); }

ColumnPtr ignoreFn(CallArgs& a) { return makeConstColumn(a.result, Field(uint64_t(0)), a.rows); }

ColumnPtr throwIfFn(CallArgs& a) {
  auto mask = toMask(*a.cols[0], a.rows);
  for (size_t i = 0; i < a.rows; ++i)
    if (mask[i]) fail("FUNCTION_THROW_IF_VALUE_IS_NON_ZERO", a.cols.size() > 1 ? std::string(a.cols[1]->stringAt(i)) : "Value passed to 'throwIf' function is non-zero");
  return makeConstColumn(a.result, Field(uint64_t(0)), a.rows);
}

ColumnPtr ipv4NumToStringFn(CallArgs& a) {
  auto v = castColumn(a.cols[0], makeType(TypeKind::UInt32));
  auto out = newString(a.result, a.rows);
  for (size_t i = 0; i < a.rows; ++i) {
    uint32_t x = Vals<uint32_t>(*v)[i];
    pushString(*out, std::to_string(x >> 24) + "." + std::to_string((x >> 16) & 255) + "." + std::to_string((x >> 8) & 255) +
                         "." + std::to_string(x & 255));
  }
  return out;
}

}  // namespace

void registerMiscFunctions(FunctionRegistry& r) {
  r.add("xxHash64", xxHash64Fn);
  r.add("xxHash32", xxHash32Fn);
  r.add("sipHash64", sipHash64Fn);
  r.add("rand", randFn, true, false);
  r.alias("rand32", "rand");
  r.add("rand64", randFn, true, false);
  r.add("randCanonical", randFn, true, false);
  r.add("generateUUIDv4", generateUUIDv4Fn, true, false);
  r.add("finalizeAggregation", finalizeAggregationFn);
  r.add("runningDifference", runningDifferenceFn, true, false);
  r.add("toTypeName", toTypeNameFn, false);
  r.add("currentDatabase", currentDatabaseFn);
  r.add("ignore", ignoreFn, false);
  r.add("throwIf", throwIfFn);
  r.add("IPv4NumToString", ipv4NumToStringFn);
}

}  // namespace ferry::rt::exec
