/// The journal of the staging deployment, in the store's manifest (meta key "deploy.journal"),
/// committed with the data of each step: the backfill chunks done (a chunk = one pinned part of
/// one source, through one fill), and the phase. Re-running a killed deploy reads it and resumes
/// with the first chunk not done: no chunk is applied twice or skipped, because a chunk's rows
/// and its journal entry land in the same commit.
#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace ferry::rt {

inline constexpr const char* kJournalMetaKey = "deploy.journal";

struct DeploymentJournal {
  std::string id;                  ///< the staging deployment
  std::string phase = "backfilling";  ///< backfilling | ready
  std::set<std::string> done;      ///< "<fill key>#<part name>"
  uint64_t rows_done = 0;          ///< source rows backfilled so far
  std::string toText() const;
  static DeploymentJournal parse(const std::string& text);  ///< throws on malformed text
};

}  // namespace ferry::rt
