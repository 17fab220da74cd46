// The plan against the live local deployment (compiler/lsp/live_plan.h) and the `ferry.plan`
// command (compiler/lsp/plan_command.cpp): which diagnostics reach the editor, reloads when
// `.ferry/live` changes, and the command's text as `ferry deploy --check` prints it.
#include <catch2/catch.hpp>

#include "compiler/lsp/features.h"
#include "compiler/lsp/live_plan.h"
#include "tests/lsp/unit/lsp_workspace.h"

using namespace ferry;
using namespace ferry::lsp;
using namespace ferry::lsp::test;

namespace {

const std::string kEvents =
    "SCHEMA >\n"
    "    `id` UInt64,\n"
    "    `n` UInt32\n"
    "\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"id\"\n";

const std::string kEventsWithoutN =
    "SCHEMA >\n"
    "    `id` UInt64\n"
    "\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"id\"\n";

const std::string kOld =
    "SCHEMA >\n"
    "    `x` String\n"
    "\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"x\"\n";

void deploy(const Workspace& ws, const std::string& id, const Files& files) {
  writeFiles(ws.root() / ".ferry" / "deployments" / id, files);
  writeFiles(ws.root() / ".ferry", {{"live", id + "\n"}});
}

std::vector<std::string> ids(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.emplace_back(diagName(d.id));
  return out;
}

}  // namespace

TEST_CASE("live plan: no live deployment, no plan and no diagnostics") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  LivePlan live;
  CHECK_FALSE(live.plan(ws.state()).has_value());
  CHECK(live.diagnostics(ws.state()).empty());
  CHECK(live.liveProject() == nullptr);
}

TEST_CASE("live plan: diagnostics on workspace files only") {
  Workspace ws(Files{{"datasources/events.datasource", kEventsWithoutN}});
  deploy(ws, "7", {{"datasources/events.datasource", kEvents}, {"datasources/old.datasource", kOld}});
  LivePlan live;
  auto result = live.plan(ws.state());
  REQUIRE(result.has_value());
  CHECK(live.liveFolder() == ws.root() / ".ferry" / "deployments" / "7");
  // The planner reports the deletion on the live file and the dropped column on the workspace's.
  std::vector<std::string> all;
  for (const auto& d : result->diagnostics.all()) all.emplace_back(diagName(d.id));
  CHECK(all == std::vector<std::string>{"PLAN_DROP_COLUMN", "PLAN_DELETE_RESOURCE"});
  CHECK(live.isLiveFile(result->diagnostics.all()[1].span.file));
  CHECK_FALSE(live.isLiveFile(result->diagnostics.all()[0].span.file));

  auto shown = live.diagnostics(ws.state());
  REQUIRE(ids(shown) == std::vector<std::string>{"PLAN_DROP_COLUMN"});
  CHECK(shown[0].span.file == *ws.state().fileId(ws.path("datasources/events.datasource")));
  CHECK(shown[0].severity == Severity::Error);
}

TEST_CASE("live plan: reloaded when another deployment goes live, kept otherwise") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  deploy(ws, "1", {{"datasources/events.datasource", kEvents}, {"datasources/old.datasource", kOld}});
  LivePlan live;
  REQUIRE(live.plan(ws.state()).has_value());
  const project::Project* first = live.liveProject();
  REQUIRE(first->find("old") != nullptr);
  live.plan(ws.state());
  CHECK(live.liveProject() == first);

  deploy(ws, "2", {{"datasources/events.datasource", kEvents}});
  auto result = live.plan(ws.state());
  REQUIRE(result.has_value());
  CHECK(live.liveProject()->find("old") == nullptr);
  CHECK(result->plan.empty());
  CHECK(result->diagnostics.all().empty());

  std::filesystem::remove(ws.root() / ".ferry" / "live");
  CHECK_FALSE(live.plan(ws.state()).has_value());
  CHECK(live.liveProject() == nullptr);
}

TEST_CASE("live plan: the workspace's new files never take the live project's ids") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  deploy(ws, "1", {{"datasources/events.datasource", kEvents}, {"datasources/old.datasource", kOld}});
  LivePlan live;
  REQUIRE(live.plan(ws.state()).has_value());
  // Enough new buffers to pass the room left above the workspace's ids.
  for (int i = 0; i < 300; ++i)
    ws.state().setBuffer(ws.path("datasources/n" + std::to_string(i) + ".datasource"), kOld);
  ws.state().refresh();
  auto result = live.plan(ws.state());
  REQUIRE(result.has_value());
  for (const auto& d : result->diagnostics.all()) {
    bool live_file = live.isLiveFile(d.span.file);
    CHECK(live_file == (d.id == DiagId::PLAN_DELETE_RESOURCE));
    if (!live_file) CHECK(d.span.file < ws.state().sources().size());
  }
  CHECK(ids(live.diagnostics(ws.state())).empty());
}

TEST_CASE("plan command: the text and JSON of `ferry deploy --check` against the live deployment") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  deploy(ws, "3", {{"datasources/events.datasource", kEvents}, {"datasources/old.datasource", kOld}});
  std::string widened = kEvents;
  widened.replace(widened.find("UInt32"), 6, "UInt64");
  ws.open("datasources/events.datasource", widened);
  LivePlan live;
  auto result = planCommand(ws.state(), live);
  CHECK(result.at("text") ==
        ".ferry/deployments/3/datasources/old.datasource:1:1: error: datasource `old` is not in the new project: the "
        "deployment deletes it with its data [PLAN_DELETE_RESOURCE]\n"
        " 1 | SCHEMA >\n"
        "   | ^\n"
        " = hint: pass --allow-destructive-operations to delete it, or keep its file\n"
        "datasource events  REWRITE\n"
        "  cause: column_type: column `n`: UInt32 -> UInt64\n"
        "  backfill: forward_query (generated) from events\n"
        "    SELECT\n"
        "        id,\n"
        "        CAST(n, 'UInt64') AS n\n"
        "datasource old  DELETE\n"
        "  cause: deleted: datasource deleted\n"
        "  destructive: yes\n"
        "order:\n"
        "  1 events\n"
        "  2 old\n"
        "plan: 1 rewrite, 1 delete, 0 unchanged\n"
        "✗ Deployment is not valid\n");
  const auto& plan = result.at("plan");
  CHECK(plan.at("base") == "live deployment 3");
  CHECK(plan.at("valid") == false);
  CHECK(plan.at("summary") == "plan: 1 rewrite, 1 delete, 0 unchanged");
  REQUIRE(plan.at("diagnostics").size() == 1);
  CHECK(plan.at("diagnostics")[0].at("file") == "datasources/old.datasource");
  CHECK(plan.at("diagnostics")[0].at("project") == (ws.root() / ".ferry" / "deployments" / "3").generic_string());
  CHECK(plan.at("resources").size() == 2);
}

TEST_CASE("plan command: no live deployment, every resource is created") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  auto result = planCommand(ws.state());
  CHECK(result.at("text") ==
        "note: no live deployment to compare with (pass --base PATH|GITREF): every resource is created "
        "[PLAN_NO_LIVE]\n"
        "datasource events  CREATE\n"
        "  cause: new: new datasource\n"
        "order:\n"
        "  1 events\n"
        "plan: 1 create, 0 unchanged\n"
        "✓ Deployment is valid\n");
  CHECK(result.at("plan").at("base") == "");
  CHECK(result.at("plan").at("valid") == true);
}
