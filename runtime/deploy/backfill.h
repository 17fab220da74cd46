/// The backfill of a staging deployment: every new physical table gets the rows committed before
/// the cut, read from the live parts pinned at the cut, one part per commit. Each commit carries
/// the chunk's rows (and what the staging views make of them, cascading) together with its
/// journal entry, so a killed backfill resumes where it stopped without applying a chunk twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/column/coded_error.h"
#include "runtime/database/database.h"
#include "runtime/deploy/staging_spec.h"

namespace ferry::rt {

struct BackfillProgress {
  uint64_t rows_done = 0, rows_total = 0;    ///< source rows
  uint64_t rows_resumed = 0;                 ///< rows done by earlier (killed) runs
  uint64_t bytes_done = 0, bytes_total = 0;  ///< source bytes on disk
  std::string table;                         ///< the table being filled
};

/// Rows of a live table the change cannot convert (a String `'abc'` into a UUID).
struct OffendingRows {
  std::string table;      ///< the staged datasource
  std::string source;     ///< the live datasource read
  std::string error;      ///< the first conversion error
  uint64_t count = 0;     ///< rows that fail (a lower bound when `more`)
  bool more = false;      ///< counting stopped at a limit
  std::vector<std::string> sample;  ///< a few failing rows as JSON objects
};

struct BackfillError : CodedError {
  OffendingRows rows;
  BackfillError(std::string code_name, const std::string& message, OffendingRows offending)
      : CodedError(std::move(code_name), message), rows(std::move(offending)) {}
};

/// Runs (or resumes) the backfill of the staging deployment `spec.id` (the database must serve
/// or hold it: created by createStaging). `report` is called after every chunk. Marks the
/// journal "ready" at the end. Throws BackfillError when a forward query fails on live rows.
void runBackfill(Database& db, const StagingSpec& spec, const std::function<void(const BackfillProgress&)>& report);

/// Whether the staging deployment's backfill finished (journal phase "ready").
bool backfillDone(const Database& db);

}  // namespace ferry::rt
