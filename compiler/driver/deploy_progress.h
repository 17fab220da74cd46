/// The backfill's progress on stderr: a bar redrawn in place on a terminal (rows, bytes, rate,
/// ETA), plain lines otherwise (logs, CI), at most one per second plus the last.
#pragma once

#include <chrono>
#include <string>

#include "runtime/deploy/backfill.h"

namespace ferry::driver {

class DeployProgress {
 public:
  DeployProgress();
  void update(const rt::BackfillProgress& progress);
  /// Ends the bar's line and returns the summary ("2,600,000 rows in 3.1 s, 840k rows/s").
  std::string finish();

 private:
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_print_;
  rt::BackfillProgress last_;
  bool drawn_ = false;
};

}  // namespace ferry::driver
