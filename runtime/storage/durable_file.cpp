#include "runtime/storage/durable_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <lz4.h>
#include <xxhash.h>
#include <zstd.h>

namespace ferry::rt::storage {

namespace {

/// File header: magic, format version, codec, then the uncompressed size. Blocks follow, each
/// `u32 compressed size, u32 raw size, bytes`, so a file of any size is made of blocks LZ4 accepts
/// and a reader can check every size against what remains.
constexpr char kMagic[4] = {'F', 'R', 'Y', 'C'};
constexpr uint8_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 4 + 1 + 1 + 8;
constexpr size_t kBlockSize = 1 << 20;

[[noreturn]] void fail(const std::string& what, const std::string& why) {
  throw std::runtime_error(fmt::format("{}: {}", what, why));
}

[[noreturn]] void failErrno(const std::string& action, const std::filesystem::path& path) {
  throw std::runtime_error(fmt::format("{} {}: {}", action, path.string(), std::strerror(errno)));
}

void putU32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void putU64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
uint32_t getU32(const char* p) { uint32_t v; std::memcpy(&v, p, 4); return v; }
uint64_t getU64(const char* p) { uint64_t v; std::memcpy(&v, p, 8); return v; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Codec parseCodec(std::string_view text) {
  Codec codec;  // LZ4 unless a general-purpose codec says otherwise
  size_t pos = 0;
  while (pos < text.size()) {
    // One comma-separated item at depth 0: `NAME` or `NAME(args)`.
    size_t depth = 0, end = pos;
    while (end < text.size() && !(depth == 0 && text[end] == ',')) {
      if (text[end] == '(') ++depth;
      if (text[end] == ')' && depth) --depth;
      ++end;
    }
    std::string_view item = text.substr(pos, end - pos);
    pos = end + 1;
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
    size_t paren = item.find('(');
    std::string name = lower(item.substr(0, paren));
    std::string_view args = paren == std::string_view::npos ? std::string_view{} : item.substr(paren + 1);
    if (!args.empty() && args.back() == ')') args.remove_suffix(1);
    if (name == "none") {
      codec = {CodecKind::None, 0};
    } else if (name == "lz4" || name == "lz4hc") {
      codec = {CodecKind::LZ4, 0};
    } else if (name == "zstd" || name == "zstd_qat") {
      int level = 1;
      if (!args.empty()) {
        try {
          level = std::stoi(std::string(args));
        } catch (...) {
          level = 1;
        }
      }
      codec = {CodecKind::ZSTD, std::clamp(level, 1, ZSTD_maxCLevel())};
    }
    // Delta, DoubleDelta, Gorilla, T64, FPC, encryption ...: skipped (values are unchanged).
  }
  return codec;
}

std::string encodeFile(std::string_view bytes, const Codec& codec) {
  std::string out;
  // Room for the worst case up front: the blocks are compressed in place, never moved.
  size_t blocks = (bytes.size() + kBlockSize - 1) / kBlockSize;
  size_t bound = codec.kind == CodecKind::LZ4    ? size_t(LZ4_compressBound(int(std::min(bytes.size(), kBlockSize))))
                 : codec.kind == CodecKind::ZSTD ? ZSTD_compressBound(std::min(bytes.size(), kBlockSize))
                                                 : std::min(bytes.size(), kBlockSize);
  out.reserve(32 + blocks * (bound + 8));
  out.append(kMagic, 4);
  out.push_back(char(kFormatVersion));
  out.push_back(char(codec.kind));
  putU64(out, bytes.size());
  for (size_t pos = 0; pos < bytes.size(); pos += kBlockSize) {
    std::string_view block = bytes.substr(pos, kBlockSize);
    size_t header_at = out.size();
    putU32(out, 0);
    putU32(out, uint32_t(block.size()));
    size_t data_at = out.size();
    size_t written = 0;
    switch (codec.kind) {
      case CodecKind::None:
        out.append(block);
        written = block.size();
        break;
      case CodecKind::LZ4: {
        int bound = LZ4_compressBound(int(block.size()));
        out.resize(data_at + size_t(bound));
        int n = LZ4_compress_default(block.data(), out.data() + data_at, int(block.size()), bound);
        if (n <= 0) throw std::runtime_error("LZ4 compression failed");
        written = size_t(n);
        break;
      }
      case CodecKind::ZSTD: {
        size_t bound = ZSTD_compressBound(block.size());
        out.resize(data_at + bound);
        size_t n = ZSTD_compress(out.data() + data_at, bound, block.data(), block.size(), codec.level);
        if (ZSTD_isError(n)) throw std::runtime_error(std::string("ZSTD compression failed: ") + ZSTD_getErrorName(n));
        written = n;
        break;
      }
    }
    out.resize(data_at + written);
    uint32_t w32 = uint32_t(written);
    std::memcpy(out.data() + header_at, &w32, 4);
  }
  return out;
}

std::string decodeFile(std::string_view file, const std::string& what) {
  if (file.size() < kHeaderSize || std::memcmp(file.data(), kMagic, 4) != 0) fail(what, "not a Ferry column file");
  if (uint8_t(file[4]) != kFormatVersion) fail(what, "unsupported file format version");
  auto kind = CodecKind(uint8_t(file[5]));
  if (kind != CodecKind::None && kind != CodecKind::LZ4 && kind != CodecKind::ZSTD) fail(what, "unknown codec");
  uint64_t total = getU64(file.data() + 6);
  std::string out;
  out.resize(total);
  size_t pos = kHeaderSize, produced = 0;
  while (pos < file.size()) {
    if (file.size() - pos < 8) fail(what, "truncated block header");
    uint32_t csize = getU32(file.data() + pos), rsize = getU32(file.data() + pos + 4);
    pos += 8;
    if (csize > file.size() - pos || rsize > total - produced || rsize > kBlockSize) fail(what, "corrupt block sizes");
    const char* src = file.data() + pos;
    char* dst = out.data() + produced;
    switch (kind) {
      case CodecKind::None:
        if (csize != rsize) fail(what, "corrupt block sizes");
        std::memcpy(dst, src, rsize);
        break;
      case CodecKind::LZ4: {
        int n = LZ4_decompress_safe(src, dst, int(csize), int(rsize));
        if (n < 0 || uint32_t(n) != rsize) fail(what, "corrupt LZ4 block");
        break;
      }
      case CodecKind::ZSTD: {
        size_t n = ZSTD_decompress(dst, rsize, src, csize);
        if (ZSTD_isError(n) || n != rsize) fail(what, "corrupt ZSTD block");
        break;
      }
    }
    pos += csize;
    produced += rsize;
  }
  if (produced != total) fail(what, "truncated file");
  return out;
}

uint64_t checksumOf(std::string_view bytes) { return XXH64(bytes.data(), bytes.size(), 0); }

void writeFileSynced(const std::filesystem::path& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) failErrno("cannot create", path);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      errno = saved;
      failErrno("cannot write", path);
    }
    done += size_t(n);
  }
  if (::fsync(fd) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    failErrno("cannot fsync", path);
  }
  if (::close(fd) != 0) failErrno("cannot close", path);
}

std::string readWholeFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) failErrno("cannot open", path);
  // Read straight into a buffer of the file's size (it grows if the file does meanwhile).
  struct stat st {};
  size_t capacity = ::fstat(fd, &st) == 0 && st.st_size > 0 ? size_t(st.st_size) : 0;
  std::string out(capacity + 1, '\0');
  size_t have = 0;
  for (;;) {
    if (have == out.size()) out.resize(out.size() * 2 + 65536);
    ssize_t n = ::read(fd, out.data() + have, out.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      errno = saved;
      failErrno("cannot read", path);
    }
    if (n == 0) break;
    have += size_t(n);
  }
  ::close(fd);
  out.resize(have);
  return out;
}

void syncFolder(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) failErrno("cannot open folder", path);
  if (::fsync(fd) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    failErrno("cannot fsync folder", path);
  }
  ::close(fd);
}

void renamePath(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    throw std::runtime_error(fmt::format("cannot rename {} to {}: {}", from.string(), to.string(), std::strerror(errno)));
}

FileLock::FileLock(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) failErrno("cannot open lock file", path);
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    ::close(fd_);
    errno = saved;
    failErrno("cannot lock", path);
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace ferry::rt::storage
