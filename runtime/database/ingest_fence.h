/// The fence between appends and deployment changes. Every write through the database (append,
/// insert, copy, optimize) holds the fence shared for its whole run; creating a staging deployment
/// (its cut), promoting, discarding and rolling back hold it exclusively. So a change waits for
/// running writes to drain, and no write straddles it: each one feeds exactly the versions that
/// were active when it began (ClickHouse's fix for POPULATE, ClickHouse/ClickHouse#108715, does the
/// same inside one server). A gate lock taken first keeps a stream of writers from starving the
/// exclusive side.
#pragma once

#include <filesystem>

namespace ferry::rt {

class IngestFence {
 public:
  enum class Mode { Shared, Exclusive };
  /// Blocks until the fence of the store in `folder` is held in `mode`.
  IngestFence(const std::filesystem::path& folder, Mode mode);
  ~IngestFence();
  IngestFence(const IngestFence&) = delete;
  IngestFence& operator=(const IngestFence&) = delete;

 private:
  int gate_ = -1;
  int fence_ = -1;
};

}  // namespace ferry::rt
