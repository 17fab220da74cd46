#include "runtime/deploy/deployment_journal.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace ferry::rt {

std::string DeploymentJournal::toText() const {
  nlohmann::json j = {{"id", id}, {"phase", phase}, {"done", done}, {"rows_done", rows_done}};
  return j.dump();
}

DeploymentJournal DeploymentJournal::parse(const std::string& text) {
  try {
    auto j = nlohmann::json::parse(text);
    DeploymentJournal out;
    out.id = j.at("id").get<std::string>();
    out.phase = j.at("phase").get<std::string>();
    out.done = j.at("done").get<std::set<std::string>>();
    out.rows_done = j.value("rows_done", uint64_t(0));
    return out;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("malformed deployment journal in the store: ") + e.what());
  }
}

}  // namespace ferry::rt
