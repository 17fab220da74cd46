#include "runtime/database/deployment_state.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace ferry::rt {

using json = nlohmann::json;

const char* deploymentRoleName(DeploymentRole role) {
  switch (role) {
    case DeploymentRole::Live: return "live";
    case DeploymentRole::Staging: return "staging";
    case DeploymentRole::Previous: return "previous";
  }
  return "live";
}

std::string DeployedVersion::physical(const std::string& logical) const {
  auto it = tables.find(logical);
  return it == tables.end() ? logical : it->second;
}

const std::optional<DeployedVersion>& DeploymentState::version(DeploymentRole role) const {
  switch (role) {
    case DeploymentRole::Staging: return staging;
    case DeploymentRole::Previous: return previous;
    case DeploymentRole::Live: break;
  }
  return live;
}

namespace {

json versionToJson(const DeployedVersion& v) { return {{"id", v.id}, {"tables", v.tables}}; }

DeployedVersion versionFromJson(const json& j) {
  DeployedVersion v;
  v.id = j.at("id").get<std::string>();
  v.tables = j.at("tables").get<std::map<std::string, std::string>>();
  return v;
}

}  // namespace

std::string DeploymentState::toText() const {
  json j = {{"epoch", epoch}};
  if (live) j["live"] = versionToJson(*live);
  if (staging) {
    j["staging"] = versionToJson(*staging);
    j["cut_sequence"] = cut_sequence;
    j["cut_version"] = cut_version;
  }
  if (previous) j["previous"] = versionToJson(*previous);
  return j.dump();
}

DeploymentState DeploymentState::parse(const std::string& text) {
  try {
    json j = json::parse(text);
    DeploymentState s;
    s.epoch = j.at("epoch").get<uint64_t>();
    if (j.contains("live")) s.live = versionFromJson(j["live"]);
    if (j.contains("staging")) {
      s.staging = versionFromJson(j["staging"]);
      s.cut_sequence = j.value("cut_sequence", uint64_t(0));
      s.cut_version = j.value("cut_version", uint64_t(0));
    }
    if (j.contains("previous")) s.previous = versionFromJson(j["previous"]);
    return s;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("malformed deployment state in the store: ") + e.what());
  }
}

std::string versionedTableName(const std::string& logical, const std::string& id) {
  // `<table>_quarantine` stays a suffix so the quarantine of a version reads as such.
  static const std::string suffix = "_quarantine";
  if (logical.size() > suffix.size() && logical.ends_with(suffix))
    return logical.substr(0, logical.size() - suffix.size()) + "@" + id + suffix;
  return logical + "@" + id;
}

}  // namespace ferry::rt
