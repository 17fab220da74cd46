// sortPermutation (ranks + radix sort) against the reference: std::stable_sort with compareAt,
// over random keys of every kind of layout, with many ties, NaN, -0.0, NULLs and long strings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "runtime/column/sort_permutation.h"

using namespace ferry::rt;

namespace {

std::vector<uint32_t> reference(const std::vector<const Column*>& keys, size_t rows) {
  std::vector<uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (const Column* c : keys)
      if (int r = compareAt(*c, a, *c, b)) return r < 0;
    return false;
  });
  return order;
}

/// A random value of `type`, drawn from few distinct values when `few` (many ties).
Field randomField(const ColumnType& type, std::mt19937_64& rng, bool few) {
  auto pick = [&](uint64_t n) { return rng() % n; };
  switch (type.kind) {
    case TypeKind::Nullable:
      if (pick(5) == 0) return Field();
      return randomField(*type.children[0], rng, few);
    case TypeKind::String: {
      static const char* words[] = {"", "a", "ab", "abc", "b", "\xff", "a\xff", "tenant_1", "tenant_10", "tenant_2"};
      if (few) return Field(std::string(words[pick(10)]));
      std::string s(pick(40), 'x');
      for (auto& ch : s) ch = char('a' + pick(3));
      return Field(std::move(s));
    }
    case TypeKind::Float64: {
      static const double specials[] = {0.0, -0.0, std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(), -1.5, 1e300};
      if (pick(3) == 0) return Field(specials[pick(7)]);
      return Field(double(int64_t(pick(few ? 5 : 1000)) - 500) / 7.0);
    }
    case TypeKind::Int64: return Field(int64_t(pick(few ? 4 : UINT64_MAX)) - (few ? 2 : 0));
    case TypeKind::Int8: return Field(int64_t(int8_t(pick(256))));
    case TypeKind::UInt32: case TypeKind::DateTime: return Field(uint64_t(pick(few ? 3 : 1u << 31)));
    case TypeKind::UInt64: return Field(few ? uint64_t(pick(3)) : uint64_t(rng()));
    case TypeKind::Array: {
      FieldArray items;
      for (uint64_t i = pick(3); i > 0; --i) items.push_back(randomField(*type.children[0], rng, true));
      return Field(std::move(items));
    }
    default: return Field(uint64_t(pick(3)));
  }
}

ColumnPtr randomColumn(ColumnTypePtr type, size_t rows, std::mt19937_64& rng, bool few) {
  auto c = makeColumn(type);
  for (size_t i = 0; i < rows; ++i) appendField(*c, randomField(*type, rng, few));
  return c;
}

}  // namespace

TEST_CASE("sortPermutation equals a stable sort by compareAt", "[sort]") {
  std::mt19937_64 rng(20261122);
  const std::vector<ColumnTypePtr> types = {
      makeType(TypeKind::String), makeType(TypeKind::Float64), makeType(TypeKind::Int64),
      makeType(TypeKind::Int8), makeType(TypeKind::UInt32), makeType(TypeKind::DateTime),
      makeType(TypeKind::UInt64), makeNullable(makeType(TypeKind::String)),
      makeNullable(makeType(TypeKind::Int64)), makeArray(makeType(TypeKind::String)),
      makeType(TypeKind::UInt8)};
  for (int round = 0; round < 300; ++round) {
    size_t rows = round % 10 == 0 ? 5000 : size_t(rng() % 300);
    size_t key_count = 1 + rng() % 4;
    std::vector<ColumnPtr> owned;
    std::vector<const Column*> keys;
    for (size_t k = 0; k < key_count; ++k) {
      owned.push_back(randomColumn(types[rng() % types.size()], rows, rng, rng() % 2 == 0));
      keys.push_back(owned.back().get());
    }
    INFO("round " << round << ", " << rows << " rows, " << key_count << " keys");
    REQUIRE(sortPermutation(keys, rows) == reference(keys, rows));
  }
}

TEST_CASE("sortPermutation: sorted input, constant keys and wide packed keys", "[sort]") {
  std::mt19937_64 rng(7);
  auto ints = makeColumn(makeType(TypeKind::UInt64));
  for (uint64_t i = 0; i < 1000; ++i) appendField(*ints, Field(i * 3));
  std::vector<uint32_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0u);
  CHECK(sortPermutation({ints.get()}, 1000) == identity);

  auto constant = makeConstColumn(makeType(TypeKind::String), Field(std::string("x")), 1000);
  auto shuffled = randomColumn(makeType(TypeKind::UInt64), 1000, rng, false);
  CHECK(sortPermutation({constant.get(), shuffled.get()}, 1000) == reference({constant.get(), shuffled.get()}, 1000));

  // Three full-width 64-bit keys need three words: the LSD passes across words keep the order.
  std::vector<ColumnPtr> wide;
  std::vector<const Column*> keys;
  for (int k = 0; k < 3; ++k) {
    auto c = makeColumn(makeType(TypeKind::UInt64));
    for (int i = 0; i < 2000; ++i) appendField(*c, Field(uint64_t(rng() % 4) << 62 | uint64_t(rng() % 2)));
    wide.push_back(c);
    keys.push_back(c.get());
  }
  CHECK(sortPermutation(keys, 2000) == reference(keys, 2000));
}

TEST_CASE("denseRanks: equal values share a rank, ranks follow compareAt", "[sort]") {
  auto c = makeColumn(makeType(TypeKind::Float64));
  for (double d : {1.0, -0.0, 0.0, std::numeric_limits<double>::quiet_NaN(), -3.0, 1.0})
    appendField(*c, Field(d));
  std::vector<uint64_t> ranks;
  CHECK(denseRanks(*c, c->rows, ranks) == 4);
  CHECK(ranks == std::vector<uint64_t>{2, 1, 1, 3, 0, 2});
}
