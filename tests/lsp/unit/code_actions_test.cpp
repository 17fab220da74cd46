// textDocument/codeAction (compiler/lsp/code_actions.cpp): "did you mean" quick fixes, the
// FORWARD_QUERY action against the live local deployment, the "Show deployment plan" command.
#include <catch2/catch.hpp>

#include "compiler/lsp/features.h"
#include "compiler/lsp/file_uri.h"
#include "compiler/lsp/live_plan.h"
#include "tests/lsp/unit/lsp_workspace.h"

using namespace ferry;
using namespace ferry::lsp;
using namespace ferry::lsp::test;

namespace {

const std::string kEvents =
    "SCHEMA >\n"
    "    `id` UInt64,\n"
    "    `user_id` String,\n"
    "    `n` UInt32\n"
    "\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"id\"\n";

/// The diagnostic as the server publishes it: the hint after "\n".
nlohmann::json published(const RequestContext& ctx, DiagId id) {
  for (const auto& d : ctx.project.diagnostics().all())
    if (d.id == id && d.span.file == ctx.file)
      return {{"range", ctx.range(d.span)},
              {"severity", 1},
              {"code", std::string(diagName(d.id))},
              {"source", "ferry"},
              {"message", d.message + (d.hint.empty() ? "" : "\n" + d.hint)}};
  return nullptr;
}

nlohmann::json params(const nlohmann::json& diagnostics, const nlohmann::json& only = nullptr) {
  nlohmann::json context = {{"diagnostics", diagnostics}};
  if (!only.is_null()) context["only"] = only;
  return {{"range", range(0, 0, 0, 0)}, {"context", context}};
}

/// `<root>/.ferry/live` naming deployment `id`, whose folder holds `files`.
void deploy(const Workspace& ws, const std::string& id, const Files& files) {
  writeFiles(ws.root() / ".ferry" / "deployments" / id, files);
  writeFiles(ws.root() / ".ferry", {{"live", id + "\n"}});
}

}  // namespace

TEST_CASE("code actions: a misspelled column gets `Change to` its suggestion") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents},
                     {"pipes/p.pipe", "NODE a\nSQL >\n    SELECT usr_id FROM events\n"}});
  auto ctx = ws.context("pipes/p.pipe");
  auto diagnostic = published(ctx, DiagId::SEM_UNKNOWN_COLUMN);
  REQUIRE(diagnostic.is_object());
  CHECK(diagnostic.at("message") == "unknown column or alias `usr_id`\ndid you mean `user_id`?");
  auto actions = codeActions(ctx, params(nlohmann::json::array({diagnostic}), {"quickfix"}));
  std::string uri = uriFromPath(ws.path("pipes/p.pipe"));
  nlohmann::json expected = nlohmann::json::array(
      {{{"title", "Change to 'user_id'"},
        {"kind", "quickfix"},
        {"diagnostics", nlohmann::json::array({diagnostic})},
        {"isPreferred", true},
        {"edit", {{"changes", {{uri, {{{"range", range(2, 11, 2, 17)}, {"newText", "user_id"}}}}}}}}}});
  CHECK(actions == expected);
}

TEST_CASE("code actions: a qualified column keeps its qualifier") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents},
                {"pipes/p.pipe", "NODE a\nSQL >\n    SELECT e.usr_id FROM events AS e\n"}});
  auto ctx = ws.context("pipes/p.pipe");
  auto diagnostic = published(ctx, DiagId::SEM_UNKNOWN_COLUMN);
  REQUIRE(diagnostic.is_object());
  CHECK(diagnostic.at("range") == range(2, 11, 2, 19));
  auto actions = codeActions(ctx, params(nlohmann::json::array({diagnostic}), {"quickfix"}));
  REQUIRE(actions.size() == 1);
  auto edit = actions[0]["edit"]["changes"][uriFromPath(ws.path("pipes/p.pipe"))][0];
  CHECK(edit == nlohmann::json({{"range", range(2, 13, 2, 19)}, {"newText", "user_id"}}));
}

TEST_CASE("code actions: a misspelled function: only its name is replaced, not the whole call") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents},
                     {"pipes/p.pipe", "NODE a\nSQL >\n    SELECT sumx(n) AS total FROM events\n"}});
  auto ctx = ws.context("pipes/p.pipe");
  std::string uri = uriFromPath(ws.path("pipes/p.pipe"));
  auto diagnostic = published(ctx, DiagId::SEM_UNKNOWN_FUNCTION);
  REQUIRE(diagnostic.is_object());
  CHECK(diagnostic.at("range") == range(2, 11, 2, 18));
  CHECK(diagnostic.at("message") == "unknown function `sumx`\ndid you mean `sum` or `sumIf`?");
  auto actions = codeActions(ctx, params(nlohmann::json::array({diagnostic}), {"quickfix"}));
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["title"] == "Change to 'sum'");
  CHECK(actions[1]["title"] == "Change to 'sumIf'");
  for (const auto& a : actions) {
    CHECK(a["isPreferred"] == false);
    CHECK(a["edit"]["changes"][uri][0]["range"] == range(2, 11, 2, 15));
  }
}

TEST_CASE("code actions: several suggestions, none preferred, and none for a diagnostic without a hint") {
  Workspace ws(Files{{"pipes/p.pipe", "NODE a\nSQL >\n    SELECT nme FROM system.one\n"}});
  auto ctx = ws.context("pipes/p.pipe");
  nlohmann::json hinted = {{"range", range(2, 11, 2, 14)},
                           {"message", "unknown column or alias `nme`\ndid you mean `name`, `num` or 'nm'?"}};
  nlohmann::json plain = {{"range", range(2, 11, 2, 14)}, {"message", "unknown column or alias `nme`"}};
  auto actions = codeActions(ctx, params({hinted, plain}, {"quickfix"}));
  REQUIRE(actions.size() == 3);
  CHECK(actions[0]["title"] == "Change to 'name'");
  CHECK(actions[1]["title"] == "Change to 'num'");
  CHECK(actions[2]["title"] == "Change to 'nm'");
  for (const auto& a : actions) {
    CHECK(a["isPreferred"] == false);
    CHECK(a["diagnostics"] == nlohmann::json::array({hinted}));
  }
}

TEST_CASE("code actions: the deployment plan command is always offered") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  auto actions = codeActions(ws.context("datasources/events.datasource"), params(nlohmann::json::array()));
  nlohmann::json expected = nlohmann::json::array(
      {{{"title", "Show deployment plan"},
        {"kind", "source"},
        {"command",
         {{"title", "Show deployment plan"}, {"command", "ferry.plan"}, {"arguments", {uriFromPath(ws.root())}}}}}});
  CHECK(actions == expected);
}

TEST_CASE("code actions: Insert FORWARD_QUERY when the live deployment needs one, as `ferry build --write`") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  deploy(ws, "1", {{"datasources/events.datasource", kEvents}});
  LivePlan live;
  // The column widens: the deployment rewrites the table, with a generated CAST.
  std::string widened = kEvents;
  widened.replace(widened.find("UInt32"), 6, "UInt64");
  ws.open("datasources/events.datasource", widened);
  auto ctx = ws.context("datasources/events.datasource");
  auto actions = codeActions(ctx, params(nlohmann::json::array(), {"source.ferry.forwardQuery"}), live);
  std::string uri = uriFromPath(ws.path("datasources/events.datasource"));
  nlohmann::json expected = nlohmann::json::array(
      {{{"title", "Insert FORWARD_QUERY"},
        {"kind", "source.ferry.forwardQuery"},
        {"isPreferred", true},
        {"edit",
         {{"changes",
           {{uri,
             {{{"range", range(7, 0, 7, 0)},
               {"newText",
                "\nFORWARD_QUERY >\n    SELECT\n        id,\n        user_id,\n"
                "        CAST(n, 'UInt64') AS n\n"}}}}}}}}}});
  CHECK(actions == expected);

  SECTION("the live schema unchanged: no action") {
    ws.open("datasources/events.datasource", kEvents);
    CHECK(codeActions(ws.context("datasources/events.datasource"),
                      params(nlohmann::json::array(), {"source.ferry.forwardQuery"}), live)
              .empty());
  }
  SECTION("the block written: no action any more") {
    ws.open("datasources/events.datasource",
            widened + "\nFORWARD_QUERY >\n    SELECT\n        id,\n        user_id,\n        CAST(n, 'UInt64') AS n\n");
    CHECK(codeActions(ws.context("datasources/events.datasource"),
                      params(nlohmann::json::array(), {"source.ferry.forwardQuery"}), live)
              .empty());
  }
  SECTION("a FORWARD_QUERY that no longer fits: Update FORWARD_QUERY rewrites inside the block") {
    ws.open("datasources/events.datasource", widened + "\nFORWARD_QUERY >\n    SELECT id, user_id\n# end\n");
    auto update = codeActions(ws.context("datasources/events.datasource"),
                              params(nlohmann::json::array(), {"source.ferry.forwardQuery"}), live);
    REQUIRE(update.size() == 1);
    CHECK(update[0]["title"] == "Update FORWARD_QUERY");
    CHECK(update[0]["edit"]["changes"][uri] ==
          nlohmann::json::parse(R"([{"range": {"start": {"line": 9, "character": 10},
                                               "end": {"line": 9, "character": 22}},
                                     "newText": "\n        id,\n        user_id,\n        CAST(n, 'UInt64') AS n"}])"));
  }
}

TEST_CASE("code actions: no live deployment, no FORWARD_QUERY action") {
  Workspace ws(Files{{"datasources/events.datasource", kEvents}});
  LivePlan live;
  CHECK(codeActions(ws.context("datasources/events.datasource"),
                    params(nlohmann::json::array(), {"source.ferry.forwardQuery"}), live)
            .empty());
}
