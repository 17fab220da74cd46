#include "runtime/deploy/deployment_steps.h"

#include <algorithm>
#include <set>

#include "runtime/database/ingest_fence.h"
#include "runtime/deploy/deployment_journal.h"

namespace ferry::rt {

namespace {

std::string pinName(const std::string& id) { return "deployment " + id + " cut"; }

std::set<std::string> tablesOf(const Database& db, DeploymentRole role) {
  std::set<std::string> out;
  for (const auto& logical : db.logicalTables(role)) out.insert(db.physicalName(role, logical));
  return out;
}

void commitStep(Transaction& tx) {
  tx.commit();
  Store::crashPoint("deploy.step");
}

/// Commits `state` (one epoch later) as the end of staging `id`: its journal and cut pin go.
void commitEndOfStaging(Database& db, Transaction& tx, DeploymentState& state, const std::string& id) {
  state.staging.reset();
  state.cut_sequence = state.cut_version = 0;
  ++state.epoch;
  tx.setMeta(kDeploymentsMetaKey, state.toText());
  tx.setMeta(kJournalMetaKey, "");
  tx.unpin(pinName(id));
  commitStep(tx);
  db.reload();
}

}  // namespace

std::vector<std::string> ownTables(const Database& db, DeploymentRole role) {
  std::set<std::string> mine = tablesOf(db, role), others;
  for (DeploymentRole r : {DeploymentRole::Live, DeploymentRole::Staging, DeploymentRole::Previous})
    if (r != role) {
      auto t = tablesOf(db, r);
      others.insert(t.begin(), t.end());
    }
  std::vector<std::string> out;
  for (const auto& t : mine)
    if (!others.count(t)) out.push_back(t);
  return out;
}

void createStaging(Database& db, const StagingSpec& spec) {
  IngestFence fence(db.store().folder(), IngestFence::Mode::Exclusive);
  db.reload();
  DeploymentState state = db.state();
  if (state.staging)
    throw CodedError("DEPLOYMENT_IN_PROGRESS",
                     "deployment " + state.staging->id + " is staging: promote or discard it first");
  DeploymentDefinition def = db.loadDefinition(spec.id);
  auto snapshot = db.store().snapshot();

  Transaction tx(db.store());
  tx.requireMeta(kDeploymentsMetaKey, db.stateText());
  // The rollback window ends: the previous version's own tables go.
  if (state.previous) {
    for (const auto& t : ownTables(db, DeploymentRole::Previous)) tx.dropTable(t);
    state.previous.reset();
  }
  std::set<std::string> staged;
  for (const auto& t : spec.tables) staged.insert(t.name);
  // A view reading a new table must write a new table too: into a shared one, live's view and
  // staging's would both write the same rows.
  for (const auto& view : def.views)
    if (staged.count(view.source) && !staged.count(view.target))
      throw CodedError("DEPLOYMENT_SPEC_INVALID", "the materialized view " + view.name + " reads " + view.source +
                                                      ", which the deployment rewrites, but writes " + view.target +
                                                      ", which it shares with live");
  DeployedVersion staging{spec.id, {}};
  std::set<std::string> pinned_tables;
  for (const auto& table : def.tables) {
    const std::string& logical = table.spec.name;
    std::string datasource = logical;
    if (datasource.ends_with("_quarantine")) datasource.resize(datasource.size() - std::string("_quarantine").size());
    bool is_new = staged.count(datasource) || db.physicalName(DeploymentRole::Live, logical).empty();
    std::string physical = is_new ? versionedTableName(logical, spec.id) : state.live->physical(logical);
    staging.tables[logical] = physical;
    if (is_new) {
      TableSpec created = table.spec;
      created.name = physical;
      if (snapshot->tables.count(physical)) tx.dropTable(physical);  // a leftover of a discarded attempt
      tx.createTable(created);
    }
  }
  for (const auto& t : spec.tables)
    if (t.fill == StagedTable::Fill::Forward) pinned_tables.insert(state.live->physical(t.forward_source));
  for (const auto& view : def.views) {
    std::string datasource = view.target;
    const StagedTable* target = nullptr;
    for (const auto& t : spec.tables)
      if (t.name == datasource) target = &t;
    if (target && target->fill == StagedTable::Fill::Views && !staged.count(view.source))
      pinned_tables.insert(state.live->physical(view.source));
  }
  tx.pinTables(pinName(spec.id), std::vector<std::string>(pinned_tables.begin(), pinned_tables.end()));
  // Every version's map names all its tables (a store's first state maps deployment 1's tables to
  // themselves), so the tables a version owns are known when it goes.
  for (const auto& logical : db.logicalTables(DeploymentRole::Live))
    state.live->tables[logical] = db.physicalName(DeploymentRole::Live, logical);
  state.staging = staging;
  state.cut_sequence = snapshot->last_sequence;
  state.cut_version = snapshot->version + 1;
  ++state.epoch;
  tx.setMeta(kDeploymentsMetaKey, state.toText());
  DeploymentJournal journal;
  journal.id = spec.id;
  tx.setMeta(kJournalMetaKey, journal.toText());
  commitStep(tx);
  db.reload();
}

void promoteStaging(Database& db) {
  IngestFence fence(db.store().folder(), IngestFence::Mode::Exclusive);
  db.reload();
  DeploymentState state = db.state();
  if (!state.staging) throw CodedError("NO_STAGING_DEPLOYMENT", "there is no staging deployment to promote");
  auto snapshot = db.store().snapshot();
  const std::string* text = snapshot->metaValue(kJournalMetaKey);
  if (!text || DeploymentJournal::parse(*text).phase != "ready")
    throw CodedError("DEPLOYMENT_NOT_READY", "the backfill of deployment " + state.staging->id +
                                                 " has not finished: run `ferry deploy` again to resume it");
  Transaction tx(db.store());
  tx.requireMeta(kDeploymentsMetaKey, db.stateText());
  if (state.previous)
    for (const auto& t : ownTables(db, DeploymentRole::Previous)) tx.dropTable(t);
  std::string id = state.staging->id;
  state.previous = state.live;
  state.live = state.staging;
  commitEndOfStaging(db, tx, state, id);
}

std::optional<std::string> discardStaging(Database& db) {
  IngestFence fence(db.store().folder(), IngestFence::Mode::Exclusive);
  db.reload();
  DeploymentState state = db.state();
  if (!state.staging) return std::nullopt;
  std::string id = state.staging->id;
  Transaction tx(db.store());
  tx.requireMeta(kDeploymentsMetaKey, db.stateText());
  for (const auto& t : ownTables(db, DeploymentRole::Staging)) tx.dropTable(t);
  commitEndOfStaging(db, tx, state, id);
  db.store().collectGarbage();
  return id;
}

std::string rollbackLive(Database& db) {
  IngestFence fence(db.store().folder(), IngestFence::Mode::Exclusive);
  db.reload();
  DeploymentState state = db.state();
  if (state.staging)
    throw CodedError("DEPLOYMENT_IN_PROGRESS",
                     "deployment " + state.staging->id + " is staging: promote or discard it before a rollback");
  if (!state.previous) throw CodedError("NO_PREVIOUS_DEPLOYMENT", "there is no previous deployment to roll back to");
  Transaction tx(db.store());
  tx.requireMeta(kDeploymentsMetaKey, db.stateText());
  for (const auto& t : ownTables(db, DeploymentRole::Live)) tx.dropTable(t);
  state.live = state.previous;
  state.previous.reset();
  ++state.epoch;
  tx.setMeta(kDeploymentsMetaKey, state.toText());
  commitStep(tx);
  db.reload();
  db.store().collectGarbage();
  return state.live->id;
}

}  // namespace ferry::rt
