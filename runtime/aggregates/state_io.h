/// Bounds-checked binary writing and reading of aggregate states. States are stored on disk, so
/// every read checks what it consumes and a malformed state is a std::runtime_error, never a crash.
/// Numbers are little-endian; lengths and counts are LEB128 varints.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace ferry::rt::agg {

/// The first byte of every leaf state: bumped when a layout changes so old parts are recognised.
inline constexpr uint8_t kStateFormatVersion = 1;

class StateWriter {
 public:
  explicit StateWriter(std::string& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(char(v)); }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(char(uint8_t(v) | 0x80));
      v >>= 7;
    }
    out_.push_back(char(v));
  }
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  void bytes(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void raw(std::string_view s) { out_.append(s); }

 private:
  std::string& out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view in) : in_(in) {}
  [[noreturn]] static void fail(const char* what) {
    throw std::runtime_error(std::string("malformed aggregate state: ") + what);
  }
  uint8_t u8() {
    need(1);
    return uint8_t(in_[pos_++]);
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = u8();
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("varint too long");
  }
  /// A count of items each at least `min_item_bytes` long: rejects counts the input cannot hold,
  /// so a corrupt count never becomes a huge allocation.
  uint64_t count(size_t min_item_bytes = 1) {
    uint64_t n = varint();
    if (min_item_bytes && n > remaining() / min_item_bytes) fail("count exceeds the input");
    return n;
  }
  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view bytes() {
    uint64_t n = varint();
    need(n);
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view raw(size_t n) {
    need(n);
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void version() {
    if (u8() != kStateFormatVersion) fail("unknown state format version");
  }
  size_t remaining() const { return in_.size() - pos_; }
  size_t position() const { return pos_; }
  void expectEnd() const {
    if (pos_ != in_.size()) fail("trailing bytes");
  }

 private:
  void need(uint64_t n) const {
    if (n > in_.size() - pos_) fail("truncated");
  }
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace ferry::rt::agg
