/// The changes of the deployment state, each one store commit under the exclusive ingest fence
/// (running appends drain first; none straddles the change), each followed by the test hook
/// `Store::crashPoint("deploy.step")` so crash tests can kill the process after every journaled
/// step (FERRY_CRASH_AT=deploy.step@N).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/database/database.h"
#include "runtime/deploy/staging_spec.h"

namespace ferry::rt {

/// Creates staging version `spec.id` at the cut: its new physical tables (`<name>@<id>`), the
/// state naming it with the cut sequence, pins of the live parts its backfill reads, and a fresh
/// journal. Ends the rollback window: the previous version's own tables are dropped. Throws
/// CodedError DEPLOYMENT_IN_PROGRESS when a staging version exists.
void createStaging(Database& db, const StagingSpec& spec);

/// Staging becomes live and live becomes previous (kept fed for rollback), atomically. Throws
/// unless the journal says the backfill is done.
void promoteStaging(Database& db);

/// Drops staging and every table it created; returns its id (nullopt: there was none).
std::optional<std::string> discardStaging(Database& db);

/// Previous becomes live again; the rolled-back version's own tables are dropped. Returns the new
/// live id. Throws when there is no previous version or a staging version exists.
std::string rollbackLive(Database& db);

/// Physical tables of `role`'s version that no other active version uses.
std::vector<std::string> ownTables(const Database& db, DeploymentRole role);

}  // namespace ferry::rt
