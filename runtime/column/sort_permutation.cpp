#include "runtime/column/sort_permutation.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>

#include "runtime/column/distinct_rows.h"

namespace ferry::rt {

namespace {

template <class T>
T loadAt(const Column& c, size_t row) {
  T v;
  std::memcpy(&v, c.data.data() + row * sizeof(T), sizeof(T));
  return v;
}

uint64_t signedImage(int64_t v) { return uint64_t(v) ^ (uint64_t(1) << 63); }

/// IEEE order as unsigned integers: negatives reversed below positives, -0 as +0, every NaN one
/// value above +inf (compareAt's order: NaN greatest, NaNs equal).
uint64_t floatImage(double d) {
  if (std::isnan(d)) return UINT64_MAX;
  if (d == 0) d = 0;
  uint64_t bits = std::bit_cast<uint64_t>(d);
  return (bits >> 63) ? ~bits : bits | (uint64_t(1) << 63);
}

/// The order-preserving unsigned image of each row of a plain numeric column (equal images iff
/// equal values). False for kinds without one (strings, wide integers, nested layouts).
bool integerImages(const Column& c, size_t rows, std::vector<uint64_t>& out) {
  const ColumnType& lt = layoutType(*c.type);
  auto fill = [&](auto image) {
    out.resize(rows);
    for (size_t r = 0; r < rows; ++r) out[r] = image(r);
    return true;
  };
  switch (lt.kind) {
    case TypeKind::UInt8: case TypeKind::Bool: return fill([&](size_t r) { return uint64_t(c.data[r]); });
    case TypeKind::UInt16: case TypeKind::Date: return fill([&](size_t r) { return uint64_t(loadAt<uint16_t>(c, r)); });
    case TypeKind::UInt32: case TypeKind::DateTime: case TypeKind::IPv4:
      return fill([&](size_t r) { return uint64_t(loadAt<uint32_t>(c, r)); });
    case TypeKind::UInt64: return fill([&](size_t r) { return loadAt<uint64_t>(c, r); });
    case TypeKind::Int8: case TypeKind::Enum8: return fill([&](size_t r) { return signedImage(loadAt<int8_t>(c, r)); });
    case TypeKind::Int16: case TypeKind::Enum16: return fill([&](size_t r) { return signedImage(loadAt<int16_t>(c, r)); });
    case TypeKind::Int32: case TypeKind::Date32: case TypeKind::Decimal32:
      return fill([&](size_t r) { return signedImage(loadAt<int32_t>(c, r)); });
    case TypeKind::Int64: case TypeKind::DateTime64: case TypeKind::Decimal64: case TypeKind::Interval:
      return fill([&](size_t r) { return signedImage(loadAt<int64_t>(c, r)); });
    case TypeKind::Float32: return fill([&](size_t r) { return floatImage(double(loadAt<float>(c, r))); });
    case TypeKind::Float64: return fill([&](size_t r) { return floatImage(loadAt<double>(c, r)); });
    default: return false;
  }
}

/// Ranks from distinct ids: the distinct values sorted by `less`, equal neighbours (`same`)
/// sharing a rank.
template <class Less, class Same>
uint64_t ranksOfIds(const std::vector<uint32_t>& ids, const std::vector<uint32_t>& firsts, Less less, Same same,
                    std::vector<uint64_t>& ranks) {
  std::vector<uint32_t> order(firsts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return less(firsts[a], firsts[b]); });
  std::vector<uint64_t> rank_of(firsts.size());
  uint64_t rank = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k > 0 && !same(firsts[order[k - 1]], firsts[order[k]])) ++rank;
    rank_of[order[k]] = rank;
  }
  ranks.resize(ids.size());
  for (size_t r = 0; r < ids.size(); ++r) ranks[r] = rank_of[ids[r]];
  return order.empty() ? 0 : rank + 1;
}

/// Sorts `perm` stably by `key[perm[i]]`, looking only at the low `bits` bits, 8 bits a pass;
/// passes whose digit is the same for every row are skipped.
void radixSortByWord(const std::vector<uint64_t>& key, unsigned bits, std::vector<uint32_t>& perm) {
  struct Item {
    uint64_t key;
    uint32_t index;
  };
  const size_t n = perm.size();
  const unsigned passes = (bits + 7) / 8;
  std::vector<Item> a(n), b(n);
  std::vector<std::array<uint32_t, 256>> counts(passes);
  for (auto& c : counts) c.fill(0);
  for (size_t i = 0; i < n; ++i) {
    uint64_t k = key[perm[i]];
    a[i] = {k, perm[i]};
    for (unsigned p = 0; p < passes; ++p) ++counts[p][(k >> (8 * p)) & 0xff];
  }
  for (unsigned p = 0; p < passes; ++p) {
    auto& count = counts[p];
    if (std::any_of(count.begin(), count.end(), [&](uint32_t c) { return c == n; })) continue;
    uint32_t sum = 0;
    for (auto& c : count) {
      uint32_t here = c;
      c = sum;
      sum += here;
    }
    const unsigned shift = 8 * p;
    for (size_t i = 0; i < n; ++i) b[count[(a[i].key >> shift) & 0xff]++] = a[i];
    a.swap(b);
  }
  for (size_t i = 0; i < n; ++i) perm[i] = a[i].index;
}

}  // namespace

uint64_t denseRanks(const Column& c, size_t rows, std::vector<uint64_t>& ranks) {
  if (c.is_const || rows == 0) {
    ranks.assign(rows, 0);
    return rows == 0 ? 0 : 1;
  }
  std::vector<uint32_t> ids, firsts;
  distinctRows(c, rows, ids, firsts);
  if (layoutType(*c.type).kind == TypeKind::String) {
    // std::string_view compares as unsigned bytes, then by length: compareAt's order.
    auto str = [&](size_t r) { return c.stringAt(r); };
    return ranksOfIds(
        ids, firsts, [&](uint32_t a, uint32_t b) { return str(a) < str(b); },
        [&](uint32_t a, uint32_t b) { return str(a) == str(b); }, ranks);
  }
  return ranksOfIds(
      ids, firsts, [&](uint32_t a, uint32_t b) { return compareAt(c, a, c, b) < 0; },
      [&](uint32_t a, uint32_t b) { return compareAt(c, a, c, b) == 0; }, ranks);
}

std::vector<uint32_t> sortPermutation(const std::vector<const Column*>& keys, size_t rows) {
  std::vector<uint32_t> perm(rows);
  std::iota(perm.begin(), perm.end(), 0u);
  if (rows < 2) return perm;

  // Each key column as ranks starting at 0, with the bits its largest rank needs.
  struct Ranked {
    std::vector<uint64_t> ranks;
    unsigned bits;
  };
  std::vector<Ranked> ranked;
  for (const Column* c : keys) {
    if (c->is_const) continue;
    Ranked k;
    uint64_t largest;
    bool all_distinct = false;
    if (integerImages(*c, rows, k.ranks)) {
      auto [lo, hi] = std::minmax_element(k.ranks.begin(), k.ranks.end());
      uint64_t base = *lo;
      largest = *hi - base;
      if (base != 0)
        for (auto& v : k.ranks) v -= base;
    } else {
      uint64_t distinct = denseRanks(*c, rows, k.ranks);
      largest = distinct - 1;
      all_distinct = distinct == rows;
    }
    k.bits = unsigned(std::bit_width(largest));
    if (k.bits == 0) continue;  // one value: never decides
    ranked.push_back(std::move(k));
    if (all_distinct) break;  // later keys never decide
  }
  if (ranked.empty()) return perm;

  // Already sorted (common: parts, time-ordered appends)? One linear pass.
  bool sorted = true;
  for (size_t r = 1; r < rows && sorted; ++r) {
    for (const auto& k : ranked) {
      if (k.ranks[r - 1] < k.ranks[r]) break;
      if (k.ranks[r - 1] > k.ranks[r]) {
        sorted = false;
        break;
      }
    }
  }
  if (sorted) return perm;

  // Pack the ranks, most significant key first, into words of at most 64 bits.
  std::vector<std::vector<uint64_t>> words;
  std::vector<unsigned> word_bits;
  for (auto& k : ranked) {
    if (words.empty() || word_bits.back() + k.bits > 64) {
      words.push_back(std::move(k.ranks));
      word_bits.push_back(k.bits);
      continue;
    }
    auto& w = words.back();
    for (size_t r = 0; r < rows; ++r) w[r] = (w[r] << k.bits) | k.ranks[r];
    word_bits.back() += k.bits;
  }
  // LSD: the least significant word first; each pass is stable, so earlier words decide ties last.
  for (size_t w = words.size(); w-- > 0;) radixSortByWord(words[w], word_bits[w], perm);
  return perm;
}

}  // namespace ferry::rt
