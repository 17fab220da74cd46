#include "runtime/database/ingest_fence.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>

namespace ferry::rt {

namespace {

int openLockFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string());
  return fd;
}

void lock(int fd, int op) {
  while (::flock(fd, op) != 0)
    if (errno != EINTR) throw std::runtime_error("flock failed");
}

}  // namespace

IngestFence::IngestFence(const std::filesystem::path& folder, Mode mode) {
  std::filesystem::create_directories(folder);
  gate_ = openLockFile(folder / "GATE");
  fence_ = openLockFile(folder / "FENCE");
  lock(gate_, LOCK_EX);
  lock(fence_, mode == Mode::Shared ? LOCK_SH : LOCK_EX);
  if (mode == Mode::Shared) {
    ::close(gate_);  // releases the gate: other writers may enter beside this one
    gate_ = -1;
  }
}

IngestFence::~IngestFence() {
  if (fence_ >= 0) ::close(fence_);
  if (gate_ >= 0) ::close(gate_);
}

}  // namespace ferry::rt
