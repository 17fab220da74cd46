/// The file layer of the store: compressed, checksummed files written durably (fsync before they
/// become visible) and read back with verification, plus the folder operations commits rely on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::rt::storage {

enum class CodecKind : uint8_t { None = 0, LZ4 = 1, ZSTD = 2 };

struct Codec {
  CodecKind kind = CodecKind::LZ4;
  int level = 1;  ///< ZSTD level
};

/// The general-purpose stage of a column's CODEC text (`ZSTD(3)`, `Delta(4), LZ4`, `NONE`, empty).
/// Transform codecs (Delta, DoubleDelta, Gorilla, T64, FPC) never change values and are skipped;
/// unknown general-purpose codecs fall back to LZ4.
Codec parseCodec(std::string_view text);

/// Compresses `bytes` into the store's file format (a header and independently compressed blocks).
std::string encodeFile(std::string_view bytes, const Codec& codec);
/// Inverse of encodeFile; throws std::runtime_error naming `what` on malformed input.
std::string decodeFile(std::string_view file_bytes, const std::string& what);

uint64_t checksumOf(std::string_view bytes);

/// Writes `bytes` to `path` (created or truncated) and fsyncs it. Throws std::runtime_error.
void writeFileSynced(const std::filesystem::path& path, std::string_view bytes);
/// Reads a whole file. Throws std::runtime_error naming the file.
std::string readWholeFile(const std::filesystem::path& path);
/// fsyncs a folder so renames and creations inside it are durable.
void syncFolder(const std::filesystem::path& path);
/// rename(2) with an exception naming both paths.
void renamePath(const std::filesystem::path& from, const std::filesystem::path& to);

/// An exclusive flock held for the object's lifetime.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace ferry::rt::storage
