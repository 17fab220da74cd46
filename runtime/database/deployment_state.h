/// Which deployed versions of a project the store holds and which physical tables each one reads
/// and writes. It lives in the store's manifest (meta key "deployments"), so changing it (a staging
/// deployment created at its cut, a promote, a discard, a rollback) is one atomic store commit and
/// every reader sees one version's tables or the other's, never a mix.
///
/// A datasource the new version does not change keeps the live physical table (shared); one it
/// rewrites gets a new physical table `<name>@<id>`, filled by the backfill with the rows committed
/// before the cut and by the appends after it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::rt {

inline constexpr const char* kDeploymentsMetaKey = "deployments";

enum class DeploymentRole : uint8_t { Live, Staging, Previous };
const char* deploymentRoleName(DeploymentRole role);  ///< "live", "staging", "previous"

/// One deployed version: its id (the folder `.ferry/deployments/<id>`) and its tables.
struct DeployedVersion {
  std::string id;
  /// Logical table name (datasource, `<datasource>_quarantine`) -> physical store table. A name
  /// absent here is its own physical table (deployment 1 and every shared table).
  std::map<std::string, std::string> tables;
  std::string physical(const std::string& logical) const;
};

struct DeploymentState {
  /// Bumped by every change of the versions. Backfill progress lives elsewhere (the deployment
  /// journal): appends commit only over the state they began with, and progress must not
  /// conflict with them.
  uint64_t epoch = 0;
  std::optional<DeployedVersion> live, staging, previous;
  /// Staging: the store's last append sequence at the fence (rows up to it reach staging only
  /// through the backfill) and the store version of that commit.
  uint64_t cut_sequence = 0;
  uint64_t cut_version = 0;

  const std::optional<DeployedVersion>& version(DeploymentRole role) const;
  std::string toText() const;
  /// Throws std::runtime_error on a malformed value.
  static DeploymentState parse(const std::string& text);
};

/// The physical name of a new version of `logical` made by deployment `id`.
std::string versionedTableName(const std::string& logical, const std::string& id);

}  // namespace ferry::rt
