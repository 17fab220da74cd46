/// A compact open-addressing set of hash values (64- or 128-bit) for the uniq family: the keys are
/// already well-mixed hashes, so the bucket is taken from their bits directly; 0 marks an empty slot
/// (the zero key itself is tracked by a flag).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ferry::rt::agg {

template <class Key>
class HashValueSet {
 public:
  size_t size() const { return size_ + (has_zero_ ? 1 : 0); }
  bool insert(Key key) {
    if (key == 0) {
      bool fresh = !has_zero_;
      has_zero_ = true;
      return fresh;
    }
    if ((size_ + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = bucket(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        slots_[i] = key;
        ++size_;
        return true;
      }
    }
  }
  template <class F>
  void forEach(F&& f) const {
    if (has_zero_) f(Key(0));
    for (Key k : slots_)
      if (k != 0) f(k);
  }
  /// Keeps the keys for which `keep` is true.
  template <class P>
  void retain(P&& keep) {
    std::vector<Key> old;
    old.swap(slots_);
    size_ = 0;
    slots_.assign(old.empty() ? 0 : old.size(), Key(0));
    if (has_zero_ && !keep(Key(0))) has_zero_ = false;
    for (Key k : old)
      if (k != 0 && keep(k)) insert(k);
  }
  void clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    size_ = 0;
    has_zero_ = false;
  }

 private:
  static size_t bucket(Key key) {
    uint64_t h = uint64_t(key);
    if constexpr (sizeof(Key) > 8) h ^= uint64_t(key >> 64);
    return size_t((h * 0x9E3779B97F4A7C15ull) >> 20);
  }
  void grow() {
    std::vector<Key> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Key(0));
    size_ = 0;
    for (Key k : old)
      if (k != 0) insert(k);
  }
  std::vector<Key> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace ferry::rt::agg
