#include "compiler/driver/deploy_progress.h"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

namespace ferry::driver {

namespace {

std::string humanBytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return fmt::format("{:.1f} {}", bytes, units[u]);
}

std::string humanCount(double n) {
  if (n >= 1e6) return fmt::format("{:.2f}M", n / 1e6);
  if (n >= 1e3) return fmt::format("{:.1f}k", n / 1e3);
  return fmt::format("{:.0f}", n);
}

}  // namespace

DeployProgress::DeployProgress()
    : terminal_(::isatty(2) != 0), start_(std::chrono::steady_clock::now()), last_print_(start_) {}

void DeployProgress::update(const rt::BackfillProgress& p) {
  auto now = std::chrono::steady_clock::now();
  last_ = p;
  double seconds = std::chrono::duration<double>(now - start_).count();
  bool last_chunk = p.rows_done >= p.rows_total;
  if (!terminal_ && !last_chunk && std::chrono::duration<double>(now - last_print_).count() < 1.0) return;
  last_print_ = now;
  // A resumed backfill counts the rows of earlier runs as done, not as this run's speed.
  double rate = seconds > 0 ? double(p.rows_done - p.rows_resumed) / seconds : 0;
  double eta = rate > 0 ? double(p.rows_total - p.rows_done) / rate : 0;
  double fraction = p.rows_total ? double(p.rows_done) / double(p.rows_total) : 1.0;
  std::string numbers = fmt::format("{} / {} rows, {} / {}, {} rows/s, ETA {:.0f} s", humanCount(double(p.rows_done)),
                                    humanCount(double(p.rows_total)), humanBytes(double(p.bytes_done)),
                                    humanBytes(double(p.bytes_total)), humanCount(rate), eta);
  if (terminal_) {
    int width = 30, filled = int(fraction * width);
    std::cerr << "\r  backfill [" << std::string(size_t(filled), '#') << std::string(size_t(width - filled), '.')
              << "] " << fmt::format("{:3.0f}%", fraction * 100) << " " << p.table << ": " << numbers << "\x1b[K"
              << std::flush;
    drawn_ = true;
  } else {
    std::cerr << fmt::format("backfill {:.0f}% {}: {}\n", fraction * 100, p.table, numbers);
  }
}

std::string DeployProgress::finish() {
  if (drawn_) std::cerr << "\n";
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rows = double(last_.rows_done - last_.rows_resumed);
  return fmt::format("{} source rows in {:.2f} s ({} rows/s)", humanCount(double(last_.rows_done)), seconds,
                     humanCount(seconds > 0 ? rows / seconds : 0));
}

}  // namespace ferry::driver
