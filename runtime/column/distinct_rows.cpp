#include "runtime/column/distinct_rows.h"

#include <xxhash.h>

namespace ferry::rt {

namespace {

/// Open-addressing table from a row's value to its distinct id (the first row holding it).
class DistinctTable {
 public:
  template <class Hash, class Equal>
  void build(size_t rows, Hash hash, Equal equal, std::vector<uint32_t>& ids, std::vector<uint32_t>& firsts) {
    ids.resize(rows);
    resize(1024);
    for (size_t r = 0; r < rows; ++r) {
      uint64_t h = hash(r);
      size_t i = size_t(h) & mask_;
      for (;;) {
        Slot& slot = slots_[i];
        if (slot.id == 0) {
          firsts.push_back(uint32_t(r));
          slot = {h, uint32_t(firsts.size())};
          ids[r] = slot.id - 1;
          if (firsts.size() * 2 > slots_.size()) grow();
          break;
        }
        if (slot.hash == h && equal(firsts[slot.id - 1], r)) {
          ids[r] = slot.id - 1;
          break;
        }
        i = (i + 1) & mask_;
      }
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t id = 0;  ///< distinct id + 1; 0: empty
  };
  void resize(size_t capacity) {
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    resize(old.size() * 2);
    for (const Slot& s : old) {
      if (s.id == 0) continue;
      size_t i = size_t(s.hash) & mask_;
      while (slots_[i].id != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace

void distinctRows(const Column& c, size_t rows, std::vector<uint32_t>& ids, std::vector<uint32_t>& firsts) {
  firsts.clear();
  DistinctTable table;
  if (c.is_const) {
    ids.assign(rows, 0);
    if (rows > 0) firsts.push_back(0);
    return;
  }
  if (layoutType(*c.type).kind == TypeKind::String) {
    auto str = [&](size_t r) { return c.stringAt(r); };
    table.build(
        rows, [&](size_t r) { auto s = str(r); return XXH3_64bits(s.data(), s.size()); },
        [&](size_t a, size_t b) { return str(a) == str(b); }, ids, firsts);
    return;
  }
  table.build(
      rows, [&](size_t r) { return hashAt(c, r); }, [&](size_t a, size_t b) { return compareAt(c, a, c, b) == 0; },
      ids, firsts);
}

}  // namespace ferry::rt
