// The deployment planner (compiler/plan/planner.h): small live/new projects written to a temp
// folder, loaded, analyzed and planned; the decisions, causes, ALTER statements, backfills and
// diagnostics are checked rule by rule (seed 002, datafiles.md §6.4).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "compiler/analyze/project_analysis.h"
#include "compiler/plan/planner.h"
#include "compiler/plan/ttl_duration.h"
#include "compiler/project/layout.h"
#include "compiler/sqlparse/sql_parser.h"

using namespace ferry;
namespace fs = std::filesystem;

namespace {

using Files = std::map<std::string, std::string>;

/// A temp folder removed when the test ends.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ferry_planner_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void writeFiles(const fs::path& root, const Files& files) {
  fs::create_directories(root);
  for (const auto& [rel, text] : files) {
    fs::path p = root / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
}

/// Both projects loaded and analyzed, and the plan with its diagnostics.
struct PlanRun {
  SourceManager sources;
  DiagnosticSink load_sink;
  std::unique_ptr<project::Project> live, next;
  std::unique_ptr<analyze::ProjectAnalysis> live_analysis, next_analysis;
  DiagnosticSink sink;
  plan::Plan plan;

  const plan::ResourcePlan& at(const std::string& name) const {
    const plan::ResourcePlan* r = plan.find(name);
    INFO("resource " << name);
    REQUIRE(r != nullptr);
    return *r;
  }
  plan::Decision decision(const std::string& name) const { return at(name).decision; }
  std::vector<std::string> causes(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& c : at(name).causes) out.push_back(c.code);
    return out;
  }
  bool hasCause(const std::string& name, const std::string& code) const {
    auto c = causes(name);
    return std::find(c.begin(), c.end(), code) != c.end();
  }
  std::string causeText(const std::string& name, const std::string& code) const {
    for (const auto& c : at(name).causes)
      if (c.code == code) return c.text;
    return {};
  }
  std::vector<std::string> alterSql(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& op : at(name).alter) out.push_back(op.sql);
    return out;
  }
  size_t count(DiagId id) const {
    return std::count_if(sink.all().begin(), sink.all().end(), [&](const Diagnostic& d) { return d.id == id; });
  }
  const Diagnostic* diag(DiagId id) const {
    for (const auto& d : sink.all())
      if (d.id == id) return &d;
    return nullptr;
  }
  std::string diagnostics() const {
    std::string out;
    for (const auto& d : sink.all()) out += renderText(d, sources) + "\n";
    return out;
  }
  std::string planText() const {
    std::string out;
    for (const auto& r : plan.resources) {
      out += std::string(project::resourceKindName(r.kind)) + " " + r.name + " " +
             std::string(plan::decisionName(r.decision)) + "\n";
      for (const auto& c : r.causes) out += "  cause " + c.code + ": " + c.text + "\n";
      for (const auto& a : r.alter) out += "  alter " + a.sql + "\n";
      if (r.backfill.method != plan::BackfillMethod::None)
        out += "  backfill " + std::string(plan::backfillMethodName(r.backfill.method)) + "\n";
    }
    return out;
  }
};

std::unique_ptr<PlanRun> planProjects(const fs::path* live_root, const fs::path& next_root,
                                      const plan::PlanOptions& options = {}) {
  auto run = std::make_unique<PlanRun>();
  if (live_root) {
    run->live = project::loadProject(*live_root, run->sources, run->load_sink);
    run->live_analysis =
        std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*run->live, run->load_sink));
  }
  run->next = project::loadProject(next_root, run->sources, run->load_sink);
  run->next_analysis = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*run->next, run->load_sink));
  plan::ProjectView live{run->live.get(), run->live_analysis.get()};
  plan::ProjectView next{run->next.get(), run->next_analysis.get()};
  run->plan = plan::planDeployment(live, next, options, run->sink);
  return run;
}

std::unique_ptr<PlanRun> planFiles(const Files& live, const Files& next, const plan::PlanOptions& options = {}) {
  TempDir dir;
  writeFiles(dir.path() / "live", live);
  writeFiles(dir.path() / "new", next);
  fs::path live_root = dir.path() / "live";
  return planProjects(&live_root, dir.path() / "new", options);
}

/// `files` with `path` replaced (or added, or removed when `text` is empty).
Files with(Files files, const std::string& path, const std::string& text) {
  if (text.empty()) files.erase(path);
  else files[path] = text;
  return files;
}

const std::string kEvents = R"DF(SCHEMA >
    `timestamp` DateTime `json:$.timestamp`,
    `session_id` String `json:$.session_id`,
    `action` String `json:$.action`,
    `payload` String `json:$.payload`

ENGINE "MergeTree"
ENGINE_PARTITION_KEY "toYYYYMM(timestamp)"
ENGINE_SORTING_KEY "timestamp"
)DF";

const std::string kDailyPipe = R"DF(NODE daily
SQL >
    SELECT toDate(timestamp) AS day, action, countState() AS n
    FROM events
    GROUP BY day, action

TYPE materialized
DATASOURCE daily_actions
)DF";

const std::string kDailyActions = R"DF(SCHEMA >
    `day` Date,
    `action` String,
    `n` AggregateFunction(count)

ENGINE "AggregatingMergeTree"
ENGINE_SORTING_KEY "day, action"
)DF";

const std::string kTopPipe = R"DF(NODE top
SQL >
    SELECT action, countMerge(n) AS total
    FROM daily_actions
    GROUP BY action
    ORDER BY total DESC

TYPE endpoint
)DF";

const Files kBase = {
    {"datasources/events.datasource", kEvents},
    {"materializations/daily.pipe", kDailyPipe},
    {"datasources/daily_actions.datasource", kDailyActions},
    {"endpoints/top.pipe", kTopPipe},
};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

/// ${FERRY_SHARED_DIR} when the build defines it (or the environment sets it), else `shared`
/// next to the repository holding this test, found from the working folder or this file.
fs::path sharedDir() {
  if (const char* env = std::getenv("FERRY_SHARED_DIR")) return env;
#ifdef FERRY_SHARED_DIR
  return FERRY_SHARED_DIR;
#else
  std::error_code ec;
  for (fs::path start : {fs::current_path(ec), fs::absolute(fs::path(__FILE__), ec).parent_path()})
    for (fs::path p = start; !p.empty() && p != p.root_path(); p = p.parent_path())
      if (fs::is_regular_file(p / "compiler" / "plan" / "planner.h", ec)) return p.parent_path() / "shared";
  return "../shared";
#endif
}

}  // namespace

using plan::BackfillMethod;
using plan::Decision;

// ---- invariants ---------------------------------------------------------------------------------

TEST_CASE("planning a project against itself gives nothing to do", "[planner]") {
  auto run = planFiles(kBase, kBase);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->plan.empty());
  CHECK(run->plan.resources.size() == 4);
  CHECK(run->sink.all().empty());
  for (const auto& r : run->plan.resources) CHECK(r.decision == Decision::Unchanged);
}

TEST_CASE("formatting, comments, quoting and file order never create a change", "[planner]") {
  Files reformatted = {
      {"a/events.datasource", R"DF(# landing events
SCHEMA >
  timestamp DateTime `json:$.timestamp`,   session_id   String `json:$.session_id`,
  `action` String `json:$.action`,
  payload String `json:$.payload`

ENGINE MergeTree
ENGINE_PARTITION_KEY toYYYYMM( timestamp )
ENGINE_SORTING_KEY "(timestamp)"
)DF"},
      {"z/daily.pipe", R"DF(NODE daily
SQL >
    select toDate(timestamp) as day, action, countState() as n from events -- per day
    group by day, action
TYPE MATERIALIZED
DATASOURCE daily_actions
)DF"},
      {"b/daily_actions.datasource", replaced(kDailyActions, "\"day, action\"", "\"tuple(day, action)\"")},
      {"top.pipe", kTopPipe},
  };
  auto run = planFiles(kBase, reformatted);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->plan.empty());
}

TEST_CASE("the resource order follows dependencies, then kind and name, whatever the file names", "[planner]") {
  Files renamed;
  int i = 0;
  for (const auto& [path, text] : kBase)
    renamed["f" + std::to_string(9 - i++) + "/" + fs::path(path).filename().string()] = text;
  auto a = planFiles(kBase, kBase);
  auto b = planFiles(renamed, renamed);
  std::vector<std::string> names_a, names_b;
  for (const auto& r : a->plan.resources) names_a.push_back(r.name);
  for (const auto& r : b->plan.resources) names_b.push_back(r.name);
  CHECK(names_a == names_b);
  // A view's target table comes before the view.
  CHECK(names_a == std::vector<std::string>{"events", "daily_actions", "daily", "top"});
}

TEST_CASE("without a live project every resource is created", "[planner]") {
  TempDir dir;
  writeFiles(dir.path(), kBase);
  auto run = planProjects(nullptr, dir.path());
  INFO(run->planText());
  CHECK(run->decision("events") == Decision::Create);
  CHECK(run->decision("daily") == Decision::Create);
  CHECK(run->decision("top") == Decision::Create);
  CHECK(run->at("daily_actions").type == "materialized");
  CHECK(run->at("events").type == "landing");
  CHECK(run->at("daily").type == "materialized");
  CHECK(run->at("top").type == "endpoint");
  // A new MV target is populated by its MV query; a landing datasource gets nothing.
  CHECK(run->at("daily_actions").backfill.method == BackfillMethod::MvQuery);
  CHECK(run->at("daily_actions").backfill.sources == std::vector<std::string>{"daily.daily"});
  CHECK(run->at("events").backfill.method == BackfillMethod::None);
  CHECK(run->plan.order == std::vector<std::string>{"events", "daily_actions", "daily", "top"});
  CHECK(run->sink.all().empty());
}

// ---- ALTER -------------------------------------------------------------------------------------

TEST_CASE("adding a column is an ALTER applied in place", "[planner][alter]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "`action` String `json:$.action`,",
                            "`action` String `json:$.action`,\n    `country` LowCardinality(String) `json:$.country` DEFAULT 'XX',"));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Alter);
  CHECK(run->causes("events") == std::vector<std::string>{"column_added"});
  CHECK(run->alterSql("events") ==
        std::vector<std::string>{"ALTER TABLE events ADD COLUMN `country` LowCardinality(String) DEFAULT 'XX' AFTER `action`"});
  const auto& op = run->at("events").alter.at(0);
  CHECK(op.kind == plan::AlterOp::Kind::AddColumn);
  CHECK(op.after == "action");
  CHECK(op.default_expr == "'XX'");
  CHECK(run->at("events").backfill.method == BackfillMethod::None);
  // ALTERs do not propagate: the MV and its target are untouched.
  CHECK(run->decision("daily") == Decision::Unchanged);
  CHECK(run->decision("daily_actions") == Decision::Unchanged);
  CHECK(run->sink.all().empty());
}

TEST_CASE("a column added first is added FIRST", "[planner][alter]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "SCHEMA >\n", "SCHEMA >\n    `id` UInt64,\n"));
  auto run = planFiles(kBase, next);
  CHECK(run->alterSql("events") == std::vector<std::string>{"ALTER TABLE events ADD COLUMN `id` UInt64 FIRST"});
}

TEST_CASE("dropping a column is an ALTER that needs --allow-destructive-operations", "[planner][alter]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, ",\n    `payload` String `json:$.payload`", ""));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Alter);
  CHECK(run->alterSql("events") == std::vector<std::string>{"ALTER TABLE events DROP COLUMN `payload`"});
  CHECK(run->at("events").destructive);
  REQUIRE(run->count(DiagId::PLAN_DROP_COLUMN) == 1);
  CHECK(run->diag(DiagId::PLAN_DROP_COLUMN)->severity == Severity::Error);

  plan::PlanOptions allow;
  allow.allow_destructive = true;
  auto allowed = planFiles(kBase, next, allow);
  REQUIRE(allowed->count(DiagId::PLAN_DROP_COLUMN) == 1);
  CHECK(allowed->diag(DiagId::PLAN_DROP_COLUMN)->severity == Severity::Warning);
}

TEST_CASE("dropping a column the sorting key uses needs a rewrite", "[planner][rewrite]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(replaced(kEvents, "    `timestamp` DateTime `json:$.timestamp`,\n", ""),
                            "ENGINE_PARTITION_KEY \"toYYYYMM(timestamp)\"\nENGINE_SORTING_KEY \"timestamp\"",
                            "ENGINE_SORTING_KEY \"session_id\""));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Rewrite);
  CHECK(run->hasCause("events", "column_dropped"));
  CHECK(run->causeText("events", "column_dropped").find("used by") != std::string::npos);
  CHECK(run->alterSql("events").empty());
  CHECK(run->count(DiagId::PLAN_DROP_COLUMN) == 1);
}

TEST_CASE("making a column Nullable is an ALTER", "[planner][alter]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "`payload` String", "`payload` Nullable(String)"));
  auto run = planFiles(kBase, next);
  INFO(run->planText());
  CHECK(run->decision("events") == Decision::Alter);
  CHECK(run->causes("events") == std::vector<std::string>{"column_nullable"});
  CHECK(run->causeText("events", "column_nullable") == "column `payload`: String -> Nullable(String)");
  CHECK(run->alterSql("events") == std::vector<std::string>{"ALTER TABLE events MODIFY COLUMN `payload` Nullable(String)"});
}

TEST_CASE("making a sorting-key column Nullable is not an ALTER", "[planner][rewrite]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "`timestamp` DateTime", "`timestamp` Nullable(DateTime)"));
  auto run = planFiles(kBase, next);
  CHECK(run->decision("events") == Decision::Rewrite);
}

TEST_CASE("changing or removing a DEFAULT is an ALTER", "[planner][alter]") {
  auto with_default = with(kBase, "datasources/events.datasource",
                           replaced(kEvents, "`payload` String `json:$.payload`", "`payload` String `json:$.payload` DEFAULT '{}'"));
  auto added = planFiles(kBase, with_default);
  CHECK(added->decision("events") == Decision::Alter);
  CHECK(added->causes("events") == std::vector<std::string>{"column_default"});
  CHECK(added->alterSql("events") == std::vector<std::string>{"ALTER TABLE events MODIFY COLUMN `payload` DEFAULT '{}'"});
  auto removed = planFiles(with_default, kBase);
  CHECK(removed->alterSql("events") == std::vector<std::string>{"ALTER TABLE events MODIFY COLUMN `payload` REMOVE DEFAULT"});
  CHECK(removed->at("events").alter.at(0).kind == plan::AlterOp::Kind::ModifyDefault);
}

TEST_CASE("adding, changing and removing ENGINE_TTL are ALTERs", "[planner][alter]") {
  auto ttl60 = with(kBase, "datasources/events.datasource", kEvents + "ENGINE_TTL \"timestamp + toIntervalDay(60)\"\n");
  auto ttl10 = with(kBase, "datasources/events.datasource", kEvents + "ENGINE_TTL \"timestamp + INTERVAL 10 DAY\"\n");
  auto add = planFiles(kBase, ttl60);
  CHECK(add->decision("events") == Decision::Alter);
  CHECK(add->causes("events") == std::vector<std::string>{"ttl"});
  CHECK(add->alterSql("events") == std::vector<std::string>{"ALTER TABLE events MODIFY TTL timestamp + toIntervalDay(60)"});
  auto change = planFiles(ttl60, ttl10);
  CHECK(change->alterSql("events") == std::vector<std::string>{"ALTER TABLE events MODIFY TTL timestamp + INTERVAL 10 DAY"});
  CHECK(change->at("events").alter.at(0).expression == "timestamp + INTERVAL 10 DAY");
  auto remove = planFiles(ttl10, kBase);
  CHECK(remove->alterSql("events") == std::vector<std::string>{"ALTER TABLE events REMOVE TTL"});
  CHECK(remove->at("events").alter.at(0).expression.empty());
}

TEST_CASE("adding and dropping indexes are ALTERs", "[planner][alter]") {
  auto indexed = with(kBase, "datasources/events.datasource",
                      kEvents + "\nINDEXES >\n    idx_action action TYPE bloom_filter(0.01) GRANULARITY 4\n");
  auto add = planFiles(kBase, indexed);
  INFO(add->planText() << add->diagnostics());
  CHECK(add->decision("events") == Decision::Alter);
  CHECK(add->causes("events") == std::vector<std::string>{"index_added"});
  CHECK(add->alterSql("events") ==
        std::vector<std::string>{"ALTER TABLE events ADD INDEX `idx_action` action TYPE bloom_filter(0.01) GRANULARITY 4"});
  auto drop = planFiles(indexed, kBase);
  CHECK(drop->causes("events") == std::vector<std::string>{"index_dropped"});
  CHECK(drop->alterSql("events") == std::vector<std::string>{"ALTER TABLE events DROP INDEX `idx_action`"});
  auto changed = planFiles(indexed, with(kBase, "datasources/events.datasource",
                                         kEvents + "\nINDEXES >\n    idx_action action TYPE set(100) GRANULARITY 4\n"));
  CHECK(changed->decision("events") == Decision::Alter);
  CHECK(changed->causes("events") == std::vector<std::string>{"index_changed"});
  CHECK(changed->alterSql("events").size() == 2);
}

TEST_CASE("several ALTER-able changes are one ALTER in an order that runs", "[planner][alter]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(replaced(kEvents, ",\n    `payload` String `json:$.payload`", ",\n    `extra` String"),
                            "`action` String", "`action` Nullable(String)") +
                       "ENGINE_TTL \"timestamp + INTERVAL 30 DAY\"\n");
  auto run = planFiles(kBase, next);
  INFO(run->planText());
  CHECK(run->decision("events") == Decision::Alter);
  auto sql = run->alterSql("events");
  REQUIRE(sql.size() == 4);
  CHECK(sql[0] == "ALTER TABLE events ADD COLUMN `extra` String AFTER `action`");
  CHECK(sql[1] == "ALTER TABLE events MODIFY COLUMN `action` Nullable(String)");
  CHECK(sql[2] == "ALTER TABLE events MODIFY TTL timestamp + INTERVAL 30 DAY");
  CHECK(sql[3] == "ALTER TABLE events DROP COLUMN `payload`");
}

// ---- rewrites and backfills --------------------------------------------------------------------

TEST_CASE("a sorting key change rewrites a landing datasource with an implicit SELECT *", "[planner][rewrite]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "ENGINE_SORTING_KEY \"timestamp\"", "ENGINE_SORTING_KEY \"session_id, timestamp\""));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  const auto& events = run->at("events");
  CHECK(events.decision == Decision::Rewrite);
  CHECK(run->causes("events") == std::vector<std::string>{"sorting_key"});
  CHECK(run->causeText("events", "sorting_key") == "ENGINE_SORTING_KEY: timestamp -> session_id, timestamp");
  CHECK(events.backfill.method == BackfillMethod::ForwardQuery);
  CHECK(events.backfill.generated);
  CHECK(events.backfill.sql == "SELECT *");
  CHECK(events.backfill.sources == std::vector<std::string>{"events"});
  CHECK_FALSE(events.destructive);
  // Downstream: the MV reading `events` is recreated and its target replayed; the endpoint is untouched.
  CHECK(run->decision("daily") == Decision::Update);
  CHECK(run->causes("daily") == std::vector<std::string>{"upstream_rewritten"});
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->causes("daily_actions") == std::vector<std::string>{"upstream_rewritten"});
  CHECK(run->at("daily_actions").backfill.method == BackfillMethod::MvQuery);
  CHECK(run->at("daily_actions").backfill.sources == std::vector<std::string>{"daily.daily"});
  CHECK(run->at("daily_actions").backfill.sql.find("countState()") != std::string::npos);
  CHECK(run->decision("top") == Decision::Unchanged);
  CHECK(run->plan.order == std::vector<std::string>{"events", "daily_actions", "daily"});
  CHECK(run->sink.all().empty());
}

TEST_CASE("engine, partition key and engine settings changes are rewrites", "[planner][rewrite]") {
  auto engine = planFiles(kBase, with(kBase, "datasources/events.datasource",
                                      replaced(kEvents, "ENGINE \"MergeTree\"", "ENGINE \"ReplacingMergeTree\"")));
  CHECK(engine->decision("events") == Decision::Rewrite);
  CHECK(engine->causeText("events", "engine") == "ENGINE: MergeTree -> ReplacingMergeTree");
  auto partition = planFiles(kBase, with(kBase, "datasources/events.datasource",
                                         replaced(kEvents, "toYYYYMM(timestamp)", "toYYYYMMDD(timestamp)")));
  CHECK(partition->causes("events") == std::vector<std::string>{"partition_key"});
  auto replacing = with(kBase, "datasources/events.datasource",
                        replaced(kEvents, "ENGINE \"MergeTree\"", "ENGINE \"ReplacingMergeTree\"\nENGINE_VER \"timestamp\""));
  auto ver = planFiles(replacing, with(kBase, "datasources/events.datasource",
                                        replaced(kEvents, "ENGINE \"MergeTree\"",
                                                 "ENGINE \"ReplacingMergeTree\"\nENGINE_VER \"toUnixTimestamp(timestamp)\"")));
  CHECK(ver->causes("events") == std::vector<std::string>{"engine_setting"});
  CHECK(ver->causeText("events", "engine_setting") == "ENGINE_VER: timestamp -> toUnixTimestamp(timestamp)");
  auto settings = planFiles(kBase, with(kBase, "datasources/events.datasource",
                                        kEvents + "ENGINE_SETTINGS \"index_granularity = 4096\"\n"));
  CHECK(settings->decision("events") == Decision::Rewrite);
  CHECK(settings->causes("events") == std::vector<std::string>{"engine_setting"});
}

TEST_CASE("an incompatible type change without FORWARD_QUERY is an error with a recommended query", "[planner][rewrite]") {
  auto next = with(kBase, "datasources/events.datasource", replaced(kEvents, "`session_id` String", "`session_id` UUID"));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Rewrite);
  CHECK(run->causeText("events", "column_type") == "column `session_id`: String -> UUID");
  REQUIRE(run->count(DiagId::PLAN_FORWARD_QUERY_REQUIRED) == 1);
  const Diagnostic* d = run->diag(DiagId::PLAN_FORWARD_QUERY_REQUIRED);
  CHECK(d->severity == Severity::Error);
  CHECK(d->hint.find("FORWARD_QUERY >") != std::string::npos);
  CHECK(d->hint.find("session_id") != std::string::npos);
  REQUIRE(d->notes.size() == 1);
  CHECK(d->notes[0].message.find("`session_id`") == 0);
  CHECK(run->at("events").backfill.generated);
}

TEST_CASE("a FORWARD_QUERY is used for the backfill and turns an ALTER into a rewrite", "[planner][rewrite]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "`session_id` String", "`session_id` UUID") +
                       "\nFORWARD_QUERY >\n    SELECT timestamp, toUUIDOrZero(session_id) AS session_id, action, payload\n");
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Rewrite);
  CHECK(run->at("events").backfill.method == BackfillMethod::ForwardQuery);
  CHECK_FALSE(run->at("events").backfill.generated);
  CHECK(run->at("events").backfill.sql.find("toUUIDOrZero") != std::string::npos);
  CHECK(run->count(DiagId::PLAN_FORWARD_QUERY_REQUIRED) == 0);

  // An ALTER-able change (a new column) with a FORWARD_QUERY is rewritten.
  auto alterable = with(kBase, "datasources/events.datasource",
                        replaced(kEvents, "`payload` String `json:$.payload`",
                                 "`payload` String `json:$.payload`,\n    `extra` String DEFAULT ''") +
                            "\nFORWARD_QUERY >\n    SELECT *, '' AS extra\n");
  auto forced = planFiles(kBase, alterable);
  INFO(forced->planText() << forced->diagnostics());
  CHECK(forced->decision("events") == Decision::Rewrite);
  CHECK(forced->causes("events") == std::vector<std::string>{"column_added", "forward_query"});
  CHECK(forced->causeText("events", "forward_query") == "a FORWARD_QUERY forces a rewrite");
  CHECK(forced->at("events").alter.empty());
}

TEST_CASE("a FORWARD_QUERY left from the live deployment is stale; one on an unchanged datasource is not run",
          "[planner][forward_query]") {
  auto fq = with(kBase, "datasources/events.datasource",
                 kEvents + "\nFORWARD_QUERY >\n    SELECT timestamp, session_id, action, concat(payload, '') AS payload\n");
  auto changed = with(fq, "datasources/events.datasource",
                      replaced(fq.at("datasources/events.datasource"), "ENGINE_SORTING_KEY \"timestamp\"",
                               "ENGINE_SORTING_KEY \"action, timestamp\""));
  auto run = planFiles(fq, changed);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Rewrite);
  CHECK(run->count(DiagId::PLAN_FORWARD_QUERY_STALE) == 1);
  CHECK(run->diag(DiagId::PLAN_FORWARD_QUERY_STALE)->severity == Severity::Warning);

  // A new FORWARD_QUERY on a datasource nothing rewrites: a note says it does not run.
  auto ignored = planFiles(kBase, fq);
  CHECK(ignored->plan.empty());
  CHECK(ignored->count(DiagId::PLAN_FORWARD_QUERY_IGNORED) == 1);
  // Kept unchanged in an unchanged datasource: nothing to say.
  auto kept = planFiles(fq, fq);
  CHECK(kept->sink.all().empty());
}

TEST_CASE("removed and added columns of the same type get a rename hint", "[planner][rewrite]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(replaced(kEvents, "`payload` String `json:$.payload`", "`body` String `json:$.payload`"),
                            "ENGINE_SORTING_KEY \"timestamp\"", "ENGINE_SORTING_KEY \"action, timestamp\""));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Rewrite);
  REQUIRE(run->count(DiagId::PLAN_RENAME_HINT) == 1);
  CHECK(run->diag(DiagId::PLAN_RENAME_HINT)->message.find("`payload AS body`") != std::string::npos);
  CHECK(run->count(DiagId::PLAN_DROP_COLUMN) == 1);
  CHECK(run->at("events").destructive);

  // With `payload AS body` in a FORWARD_QUERY the data is carried: no hint, nothing dropped.
  auto carried = with(next, "datasources/events.datasource",
                      next.at("datasources/events.datasource") +
                          "\nFORWARD_QUERY >\n    SELECT timestamp, session_id, action, payload AS body\n");
  auto ok = planFiles(kBase, carried);
  INFO(ok->diagnostics());
  CHECK(ok->count(DiagId::PLAN_RENAME_HINT) == 0);
  CHECK(ok->count(DiagId::PLAN_DROP_COLUMN) == 0);
}

// ---- materialized views ------------------------------------------------------------------------

TEST_CASE("an MV query change rewrites its target from the MV query", "[planner][mv]") {
  auto next = with(kBase, "materializations/daily.pipe",
                   replaced(kDailyPipe, "FROM events", "FROM events\n    WHERE action != ''"));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily") == Decision::Update);
  CHECK(run->causes("daily") == std::vector<std::string>{"node_sql"});
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->causes("daily_actions") == std::vector<std::string>{"mv_query_changed"});
  CHECK(run->at("daily_actions").backfill.method == BackfillMethod::MvQuery);
  CHECK(run->decision("events") == Decision::Unchanged);  // nothing upstream is touched
  CHECK(run->sink.all().empty());
}

TEST_CASE("DEPLOYMENT_METHOD alter changes an MV query in place", "[planner][mv]") {
  auto next = with(kBase, "materializations/daily.pipe",
                   replaced(kDailyPipe, "FROM events", "FROM events\n    WHERE action != ''") +
                       "DEPLOYMENT_METHOD alter\n");
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily") == Decision::Update);
  REQUIRE(run->at("daily").alter.size() == 1);
  const auto& op = run->at("daily").alter[0];
  CHECK(op.kind == plan::AlterOp::Kind::ModifyQuery);
  CHECK(op.sql.rfind("ALTER TABLE daily MODIFY QUERY SELECT", 0) == 0);
  CHECK(run->decision("daily_actions") == Decision::Unchanged);
  CHECK(run->count(DiagId::PLAN_MODIFY_QUERY_SCHEMA) == 0);

  // Changing the output columns cannot be done in place.
  auto reshaped = with(kBase, "materializations/daily.pipe",
                       replaced(kDailyPipe, "countState() AS n", "countState() AS n, any(payload) AS p") +
                           "DEPLOYMENT_METHOD alter\n");
  auto bad = planFiles(kBase, reshaped);
  INFO(bad->diagnostics());
  CHECK(bad->count(DiagId::PLAN_MODIFY_QUERY_SCHEMA) == 1);
}

TEST_CASE("a new MV writing into an existing datasource rewrites it", "[planner][mv]") {
  auto next = with(kBase, "materializations/daily_more.pipe", replaced(kDailyPipe, "NODE daily", "NODE more"));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily_more") == Decision::Create);
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->causes("daily_actions") == std::vector<std::string>{"mv_added"});
  CHECK(run->at("daily_actions").backfill.sources == std::vector<std::string>{"daily.daily", "daily_more.more"});
}

TEST_CASE("a new MV target is populated unless BACKFILL skip", "[planner][mv]") {
  Files base = {{"datasources/events.datasource", kEvents}};
  auto created = planFiles(base, kBase);
  CHECK(created->decision("daily_actions") == Decision::Create);
  CHECK(created->at("daily_actions").backfill.method == BackfillMethod::MvQuery);
  auto skip = planFiles(base, with(kBase, "datasources/daily_actions.datasource", kDailyActions + "\nBACKFILL skip\n"));
  CHECK(skip->at("daily_actions").backfill.method == BackfillMethod::Skip);
  CHECK(skip->sink.all().empty());
}

TEST_CASE("BACKFILL skip on an existing datasource is ignored with a warning", "[planner][mv]") {
  auto skip = with(kBase, "datasources/daily_actions.datasource", kDailyActions + "\nBACKFILL skip\n");
  auto next = with(skip, "datasources/daily_actions.datasource",
                   replaced(skip.at("datasources/daily_actions.datasource"), "\"day, action\"", "\"action, day\""));
  auto run = planFiles(skip, next);
  INFO(run->diagnostics());
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->count(DiagId::PLAN_BACKFILL_SKIP_IGNORED) == 1);
  CHECK(planFiles(skip, skip)->sink.all().empty());
}

TEST_CASE("replaying an MV over a source with a shorter TTL loses history", "[planner][mv][ttl]") {
  auto short_source = with(kBase, "datasources/events.datasource", kEvents + "ENGINE_TTL \"timestamp + INTERVAL 7 DAY\"\n");
  auto next = with(short_source, "datasources/daily_actions.datasource",
                   replaced(kDailyActions, "\"day, action\"", "\"action, day\""));
  auto run = planFiles(short_source, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->at("daily_actions").backfill.method == BackfillMethod::MvQuery);
  CHECK(run->at("daily_actions").destructive);
  REQUIRE(run->count(DiagId::PLAN_SOURCE_TTL_SHORTER) == 1);
  const Diagnostic* d = run->diag(DiagId::PLAN_SOURCE_TTL_SHORTER);
  CHECK(d->severity == Severity::Error);
  CHECK(d->message.find("7 days") != std::string::npos);
  CHECK(d->hint.find("FORWARD_QUERY") != std::string::npos);

  plan::PlanOptions allow;
  allow.allow_destructive = true;
  auto allowed = planFiles(short_source, next, allow);
  CHECK(allowed->diag(DiagId::PLAN_SOURCE_TTL_SHORTER)->severity == Severity::Warning);

  // A target keeping less than its source loses nothing.
  auto shorter_target = with(next, "datasources/daily_actions.datasource",
                             next.at("datasources/daily_actions.datasource") + "ENGINE_TTL \"day + toIntervalDay(3)\"\n");
  auto fine = planFiles(with(short_source, "datasources/daily_actions.datasource",
                             kDailyActions + "ENGINE_TTL \"day + toIntervalDay(3)\"\n"),
                        shorter_target);
  INFO(fine->diagnostics());
  CHECK(fine->count(DiagId::PLAN_SOURCE_TTL_SHORTER) == 0);

  // A SELECT * FORWARD_QUERY copies the live data instead: no replay, no loss.
  auto with_fq = with(next, "datasources/daily_actions.datasource",
                      next.at("datasources/daily_actions.datasource") + "\nFORWARD_QUERY >\n    SELECT *\n");
  auto copied = planFiles(short_source, with_fq);
  CHECK(copied->at("daily_actions").backfill.method == BackfillMethod::ForwardQuery);
  CHECK(copied->count(DiagId::PLAN_SOURCE_TTL_SHORTER) == 0);
}

TEST_CASE("replaying an MV over a Null-engine source backfills nothing", "[planner][mv]") {
  auto null_source = with(kBase, "datasources/events.datasource",
                          replaced(replaced(kEvents, "ENGINE \"MergeTree\"", "ENGINE \"Null\""),
                                   "ENGINE_PARTITION_KEY \"toYYYYMM(timestamp)\"\nENGINE_SORTING_KEY \"timestamp\"\n", ""));
  auto next = with(null_source, "materializations/daily.pipe",
                   replaced(kDailyPipe, "FROM events", "FROM events\n    WHERE action != ''"));
  auto run = planFiles(null_source, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  REQUIRE(run->count(DiagId::PLAN_NULL_ENGINE_SOURCE) == 1);
  CHECK(run->diag(DiagId::PLAN_NULL_ENGINE_SOURCE)->severity == Severity::Error);
  CHECK(run->at("daily_actions").destructive);
}

TEST_CASE("rewrites propagate down a chain of MVs in topological order, never upstream", "[planner][propagation]") {
  Files chain = kBase;
  chain["materializations/weekly.pipe"] = R"DF(NODE weekly
SQL >
    SELECT toMonday(day) AS week, countMergeState(n) AS n
    FROM daily_actions
    GROUP BY week

TYPE materialized
DATASOURCE weekly_actions
)DF";
  chain["datasources/weekly_actions.datasource"] = R"DF(SCHEMA >
    `week` Date,
    `n` AggregateFunction(count)

ENGINE "AggregatingMergeTree"
ENGINE_SORTING_KEY "week"

FORWARD_QUERY >
    SELECT *
)DF";
  auto next = with(chain, "datasources/events.datasource",
                   replaced(kEvents, "ENGINE_SORTING_KEY \"timestamp\"", "ENGINE_SORTING_KEY \"action, timestamp\""));
  auto run = planFiles(chain, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->decision("weekly") == Decision::Update);
  CHECK(run->decision("weekly_actions") == Decision::Rewrite);
  CHECK(run->causes("weekly_actions") == std::vector<std::string>{"upstream_rewritten"});
  // Its `SELECT *` FORWARD_QUERY copies the live rows instead of replaying the MV.
  CHECK(run->at("weekly_actions").backfill.method == BackfillMethod::ForwardQuery);
  CHECK(run->plan.order ==
        std::vector<std::string>{"events", "daily_actions", "weekly_actions", "daily", "weekly"});

  // A change in the middle touches only what is below it.
  auto middle = with(chain, "datasources/daily_actions.datasource",
                     replaced(kDailyActions, "\"day, action\"", "\"action, day\""));
  auto mid = planFiles(chain, middle);
  INFO(mid->planText());
  CHECK(mid->decision("events") == Decision::Unchanged);
  // The view writing into the rewritten table is created again over the new table.
  CHECK(mid->decision("daily") == Decision::Update);
  CHECK(mid->causes("daily") == std::vector<std::string>{"target_rewritten"});
  CHECK(mid->decision("daily_actions") == Decision::Rewrite);
  CHECK(mid->decision("weekly_actions") == Decision::Rewrite);
  CHECK(mid->decision("top") == Decision::Unchanged);
}

TEST_CASE("an MV reading a rewritten datasource through another pipe is recreated", "[planner][propagation]") {
  Files files = {
      {"datasources/events.datasource", kEvents},
      {"pipes/clean.pipe", "NODE clean\nSQL >\n    SELECT timestamp, action FROM events WHERE action != ''\n"},
      {"materializations/daily.pipe", replaced(replaced(kDailyPipe, "FROM events", "FROM clean"),
                                               "countState() AS n", "countState() AS n")},
      {"datasources/daily_actions.datasource", kDailyActions},
  };
  auto next = with(files, "datasources/events.datasource",
                   replaced(kEvents, "ENGINE_SORTING_KEY \"timestamp\"", "ENGINE_SORTING_KEY \"action, timestamp\""));
  auto run = planFiles(files, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("clean") == Decision::Unchanged);
  CHECK(run->decision("daily") == Decision::Update);
  CHECK(run->causeText("daily", "upstream_rewritten") == "reads `events` (rewritten) through `clean`");
  CHECK(run->decision("daily_actions") == Decision::Rewrite);

  // A query change in the pipe the MV reads changes what the MV materializes.
  auto changed = with(files, "pipes/clean.pipe", "NODE clean\nSQL >\n    SELECT timestamp, action FROM events\n");
  auto run2 = planFiles(files, changed);
  INFO(run2->planText());
  CHECK(run2->decision("clean") == Decision::Update);
  CHECK(run2->decision("daily_actions") == Decision::Rewrite);
  CHECK(run2->causes("daily_actions") == std::vector<std::string>{"mv_query_changed"});
}

// ---- pipes, metadata, deletions ----------------------------------------------------------------

TEST_CASE("an endpoint change updates the pipe only", "[planner][pipe]") {
  auto next = with(kBase, "endpoints/top.pipe", replaced(kTopPipe, "ORDER BY total DESC", "ORDER BY total DESC\n    LIMIT 10"));
  auto run = planFiles(kBase, next);
  CHECK(run->decision("top") == Decision::Update);
  CHECK(run->causes("top") == std::vector<std::string>{"node_sql"});
  CHECK(run->plan.order == std::vector<std::string>{"top"});

  auto added = planFiles(kBase, with(kBase, "endpoints/top.pipe", "NODE first\nSQL >\n    SELECT 1 AS x\n\n" + kTopPipe));
  CHECK(added->causes("top") == std::vector<std::string>{"node_added"});
  auto typed = planFiles(kBase, with(kBase, "endpoints/top.pipe", replaced(kTopPipe, "TYPE endpoint\n", "")));
  CHECK(typed->causes("top") == std::vector<std::string>{"node_type"});
}

TEST_CASE("description, tokens, tags, shared_with and jsonpaths are metadata only", "[planner][metadata]") {
  auto described = planFiles(kBase, with(kBase, "datasources/events.datasource", "DESCRIPTION >\n    Events\n\n" + kEvents));
  CHECK(described->decision("events") == Decision::Metadata);
  CHECK(described->causes("events") == std::vector<std::string>{"description"});
  auto tokens = planFiles(kBase, with(kBase, "datasources/events.datasource", "TOKEN \"ingest\" APPEND\n\n" + kEvents));
  CHECK(tokens->decision("events") == Decision::Metadata);
  CHECK(tokens->causes("events") == std::vector<std::string>{"tokens"});
  auto tags = planFiles(kBase, with(kBase, "datasources/events.datasource", "TAGS \"web, raw\"\n\n" + kEvents));
  CHECK(tags->causes("events") == std::vector<std::string>{"tags"});
  auto shared = planFiles(kBase, with(kBase, "datasources/events.datasource", kEvents + "\nSHARED_WITH >\n    other_ws\n"));
  CHECK(shared->causes("events") == std::vector<std::string>{"shared_with"});
  auto jsonpath = planFiles(kBase, with(kBase, "datasources/events.datasource",
                                        replaced(kEvents, "`json:$.payload`", "`json:$.body`")));
  CHECK(jsonpath->decision("events") == Decision::Metadata);
  CHECK(jsonpath->causes("events") == std::vector<std::string>{"ingestion"});
  // Metadata does not propagate.
  CHECK(jsonpath->decision("daily_actions") == Decision::Unchanged);
  auto pipe_tokens = planFiles(kBase, with(kBase, "endpoints/top.pipe", "TOKEN \"reader\" READ\n\n" + kTopPipe));
  CHECK(pipe_tokens->decision("top") == Decision::Update);
  CHECK(pipe_tokens->causes("top") == std::vector<std::string>{"tokens"});
}

TEST_CASE("deleted resources are listed last and need --allow-destructive-operations", "[planner][delete]") {
  auto next = with(with(kBase, "endpoints/top.pipe", ""), "datasources/zzz.datasource", "SCHEMA >\n    `a` String\n");
  auto run = planFiles(with(kBase, "datasources/old.datasource", "SCHEMA >\n    `a` String\n"), next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("old") == Decision::Delete);
  CHECK(run->decision("top") == Decision::Delete);
  CHECK(run->decision("zzz") == Decision::Create);
  CHECK(run->at("old").destructive);
  CHECK(run->at("top").type == "endpoint");
  // Deletions run in reverse deployment order: pipes before the tables.
  CHECK(run->plan.resources.back().name == "old");
  CHECK(run->plan.resources[run->plan.resources.size() - 2].name == "top");
  CHECK(run->count(DiagId::PLAN_DELETE_RESOURCE) == 2);
  for (const auto& d : run->sink.all())
    if (d.id == DiagId::PLAN_DELETE_RESOURCE) CHECK(d.severity == Severity::Error);
  plan::PlanOptions allow;
  allow.allow_destructive = true;
  auto allowed = planFiles(with(kBase, "datasources/old.datasource", "SCHEMA >\n    `a` String\n"), next, allow);
  for (const auto& d : allowed->sink.all())
    if (d.id == DiagId::PLAN_DELETE_RESOURCE) CHECK(d.severity == Severity::Warning);
}

TEST_CASE("partial inputs are planned without a crash", "[planner][robustness]") {
  auto broken = with(with(kBase, "datasources/events.datasource", replaced(kEvents, "`payload` String", "`payload` Strng")),
                     "materializations/daily.pipe", replaced(kDailyPipe, "GROUP BY day, action", "GROUP BY ((("));
  auto a = planFiles(kBase, broken);
  INFO(a->planText() << a->diagnostics());
  CHECK(a->decision("events") == Decision::Rewrite);  // a type that does not parse is a type change
  auto b = planFiles(broken, broken);
  CHECK(b->plan.empty());
  auto c = planFiles(broken, kBase);
  CHECK_FALSE(c->plan.empty());
  auto empty = planFiles({}, {});
  CHECK(empty->plan.resources.empty());
}

// ---- generated SQL re-parses --------------------------------------------------------------------

TEST_CASE("every ALTER expression and backfill query the planner writes re-parses", "[planner][sql]") {
  std::vector<Files> nexts = {
      with(kBase, "datasources/events.datasource",
           replaced(replaced(kEvents, "`payload` String", "`payload` Nullable(String) DEFAULT 'x'"),
                    "SCHEMA >\n", "SCHEMA >\n    `id` UInt64 DEFAULT rand64() % 100,\n") +
               "ENGINE_TTL \"timestamp + INTERVAL 1 MONTH\"\n\nINDEXES >\n    i (action, session_id) TYPE minmax\n"),
      with(kBase, "datasources/events.datasource", replaced(kEvents, "`session_id` String", "`session_id` UUID")),
      with(kBase, "materializations/daily.pipe", replaced(kDailyPipe, "FROM events", "FROM events WHERE 1") +
                                                      "DEPLOYMENT_METHOD alter\n"),
  };
  for (const auto& next : nexts) {
    auto run = planFiles(kBase, next);
    for (const auto& r : run->plan.resources) {
      for (const auto& op : r.alter) {
        INFO(op.sql);
        DiagnosticSink s;
        switch (op.kind) {
          case plan::AlterOp::Kind::AddColumn:
          case plan::AlterOp::Kind::ModifyColumn:
            CHECK(sql::parseType(op.type, SourceMap(), s));
            if (!op.default_expr.empty()) CHECK(sql::parseExpression(op.default_expr, SourceMap(), s));
            break;
          case plan::AlterOp::Kind::ModifyDefault:
            if (!op.default_expr.empty()) CHECK(sql::parseExpression(op.default_expr, SourceMap(), s));
            break;
          case plan::AlterOp::Kind::ModifyTtl:
            if (!op.expression.empty()) CHECK_FALSE(sql::parseTtl(op.expression, SourceMap(), s).empty());
            break;
          case plan::AlterOp::Kind::AddIndex:
            CHECK(sql::parseExpression(op.expression, SourceMap(), s));
            CHECK(sql::parseExpression(op.index_type, SourceMap(), s));
            break;
          case plan::AlterOp::Kind::ModifyQuery:
            CHECK(sql::parseQuery(op.expression, SourceMap(), s));
            break;
          default:
            break;
        }
        CHECK(s.all().empty());
      }
      if (r.backfill.method == BackfillMethod::ForwardQuery) {
        INFO(r.backfill.sql);
        DiagnosticSink s;
        CHECK(sql::parseQuery(r.backfill.sql, SourceMap(), s));
      }
    }
  }
}

// ---- TTL durations ------------------------------------------------------------------------------

TEST_CASE("TTL retention reads the common forms", "[planner][ttl]") {
  auto retention = [](const std::string& text, types::TypePtr column = types::makeDateTime()) {
    DiagnosticSink s;
    auto ttl = sql::parseTtl(text, SourceMap(), s);
    REQUIRE(s.all().empty());
    return plan::retentionOf(ttl, [&](const std::string&) { return column; });
  };
  CHECK(retention("ts + INTERVAL 7 DAY").seconds == 7 * 86400);
  CHECK(retention("ts + toIntervalDay(60)").seconds == 60 * 86400);
  CHECK(retention("toDate(ts) + 3").seconds == 3 * 86400);
  CHECK(retention("d + 3", types::makeType(types::TypeKind::Date)).seconds == 3 * 86400);
  CHECK(retention("ts + 3600").seconds == 3600);
  CHECK(retention("ts + INTERVAL 1 DAY + INTERVAL 12 HOUR").seconds == 36 * 3600);
  CHECK(retention("ts + INTERVAL 1 WEEK, ts + INTERVAL 1 DAY TO VOLUME 'cold'").seconds == 7 * 86400);
  CHECK(retention("ts + INTERVAL 2 DAY, ts + INTERVAL 1 DAY").text == "1 day");
  CHECK(retention("ts + INTERVAL 1 DAY TO DISK 'cold'").kind == plan::Retention::Kind::Forever);
  CHECK(retention("ts + INTERVAL 1 DAY WHERE x = 1").kind == plan::Retention::Kind::Unknown);
  CHECK(retention("ts + INTERVAL '5 day'").seconds == 5 * 86400);
  CHECK(retention("ts + 3", nullptr).kind == plan::Retention::Kind::Unknown);
  CHECK(plan::formatDuration(2 * 3600) == "2 hours");
}

// ---- the corpus ---------------------------------------------------------------------------------

TEST_CASE("every corpus project planned against itself has nothing to do", "[planner][corpus]") {
  fs::path corpus = sharedDir() / "corpus";
  if (!fs::is_directory(corpus)) {
    WARN("SKIPPED: ../shared is absent");
    return;
  }
  // How fast this is is bench/run.sh's business (`ferry deploy --check P --base P`), not a test's.
  size_t projects = 0, resources = 0;
  for (const auto& root : project::findProjects(corpus)) {
    auto run = planProjects(&root, root);
    ++projects;
    resources += run->plan.resources.size();
    INFO(root.string() << "\n" << run->planText() << run->diagnostics());
    CHECK(run->plan.empty());
    // Nothing changes, so nothing is worth saying.
    CHECK(run->sink.all().empty());
  }
  CHECK(projects > 50);
  WARN(projects << " corpus projects, " << resources << " resources, each planned against itself");
}

// ---- more rules ---------------------------------------------------------------------------------

TEST_CASE("equivalent spellings of intervals and parentheses are not changes", "[planner]") {
  auto a = with(kBase, "datasources/events.datasource", kEvents + "ENGINE_TTL \"timestamp + INTERVAL 60 DAY\"\n");
  auto b = with(kBase, "datasources/events.datasource", kEvents + "ENGINE_TTL \"(timestamp + toIntervalDay(60))\"\n");
  auto run = planFiles(a, b);
  INFO(run->planText());
  CHECK(run->plan.empty());
}

TEST_CASE("a column change of a materialized datasource without a matching MV change is a rewrite", "[planner][mv]") {
  auto next = with(kBase, "datasources/daily_actions.datasource",
                   replaced(kDailyActions, "`action` String,", "`action` String,\n    `country` String,"));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("daily_actions") == Decision::Rewrite);
  CHECK(run->causes("daily_actions") == std::vector<std::string>{"column_added"});
  CHECK(run->causeText("daily_actions", "column_added").find("does not change") != std::string::npos);
  CHECK(run->at("daily_actions").backfill.method == BackfillMethod::MvQuery);
  CHECK(run->at("daily_actions").alter.empty());
  // TTL and index changes of a materialized datasource stay ALTERs.
  auto ttl = planFiles(kBase, with(kBase, "datasources/daily_actions.datasource",
                                   kDailyActions + "ENGINE_TTL \"day + toIntervalDay(365)\"\n"));
  CHECK(ttl->decision("daily_actions") == Decision::Alter);
}

TEST_CASE("a copy target whose aggregate state changes representation cannot be carried", "[planner][rewrite]") {
  Files live = {
      {"datasources/events.datasource", kEvents},
      {"datasources/rollup.datasource",
       "SCHEMA >\n    `day` Date,\n    `users` AggregateFunction(uniq, String)\n\nENGINE \"AggregatingMergeTree\"\n"
       "ENGINE_SORTING_KEY \"day\"\n"},
      {"copies/copy_rollup.pipe",
       "NODE r\nSQL >\n    SELECT toDate(timestamp) AS day, uniqState(session_id) AS users FROM events GROUP BY day\n\n"
       "TYPE copy\nTARGET_DATASOURCE rollup\n"},
  };
  auto next = with(live, "datasources/rollup.datasource",
                   replaced(live.at("datasources/rollup.datasource"), "uniq, String", "uniq, UUID"));
  auto run = planFiles(live, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->at("rollup").type == "copy");
  CHECK(run->decision("rollup") == Decision::Rewrite);
  CHECK(run->count(DiagId::PLAN_STATE_INCOMPATIBLE) == 1);
  // A copy target is never replayed: its data comes from the live table.
  CHECK(run->decision("copy_rollup") == Decision::Unchanged);
  CHECK(run->at("rollup").backfill.method == BackfillMethod::ForwardQuery);
}

TEST_CASE("the TTL check follows an MV reading its source through another pipe", "[planner][ttl]") {
  Files files = {
      {"datasources/events.datasource", kEvents + "ENGINE_TTL \"timestamp + INTERVAL 7 DAY\"\n"},
      {"pipes/hits.pipe", "NODE hits\nSQL >\n    SELECT timestamp, action FROM events\n"},
      {"materializations/daily.pipe", replaced(kDailyPipe, "FROM events", "FROM hits")},
      {"datasources/daily_actions.datasource", kDailyActions},
  };
  auto next = with(files, "datasources/daily_actions.datasource",
                   replaced(kDailyActions, "\"day, action\"", "\"action, day\""));
  auto run = planFiles(files, next);
  INFO(run->diagnostics());
  CHECK(run->count(DiagId::PLAN_SOURCE_TTL_SHORTER) == 1);
}

TEST_CASE("a rename that is otherwise an ALTER still gets the rename hint", "[planner][alter]") {
  auto next = with(kBase, "datasources/events.datasource",
                   replaced(kEvents, "`payload` String `json:$.payload`", "`body` String `json:$.payload`"));
  auto run = planFiles(kBase, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Alter);
  CHECK(run->alterSql("events") == std::vector<std::string>{"ALTER TABLE events ADD COLUMN `body` String AFTER `action`",
                                                            "ALTER TABLE events DROP COLUMN `payload`"});
  CHECK(run->count(DiagId::PLAN_RENAME_HINT) == 1);
  CHECK(run->count(DiagId::PLAN_DROP_COLUMN) == 1);
}

TEST_CASE("a datasource shared by another workspace is never changed or deleted", "[planner]") {
  Files live = {{"vendor/other_ws/datasources/shared.datasource", "SCHEMA >\n    `a` String\n"}};
  Files next = {{"vendor/other_ws/datasources/shared.datasource", "SCHEMA >\n    `a` String,\n    `b` String\n"}};
  auto run = planFiles(live, next);
  CHECK(run->plan.empty());
  CHECK(run->decision("other_ws.shared") == Decision::Unchanged);
  auto gone = planFiles(live, {});
  CHECK(gone->plan.empty());
}

TEST_CASE("a Classic versioned file is matched by its versioned name", "[planner]") {
  Files live = {{"datasources/hits.datasource", "VERSION 0\nSCHEMA >\n    `a` String\n"}};
  Files next = {{"datasources/hits__v0.datasource", "SCHEMA >\n    `a` String\n"}};
  auto run = planFiles(live, next);
  INFO(run->planText());
  CHECK(run->plan.empty());
}

TEST_CASE("connections are created, updated and deleted", "[planner]") {
  Files live = {{"connections/kafka.connection", "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS a:9092\n"}};
  auto changed = planFiles(live, {{"connections/kafka.connection", "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS b:9092\n"}});
  CHECK(changed->decision("kafka") == Decision::Update);
  CHECK(changed->at("kafka").type == "kafka");
  CHECK(changed->causeText("kafka", "settings") == "KAFKA_BOOTSTRAP_SERVERS: a:9092 -> b:9092");
  auto gone = planFiles(live, {});
  CHECK(gone->decision("kafka") == Decision::Delete);
  CHECK(gone->count(DiagId::PLAN_DELETE_RESOURCE) == 1);
}

TEST_CASE("the primary key defaults to the sorting key", "[planner][rewrite]") {
  auto explicit_same = with(kBase, "datasources/events.datasource", kEvents + "ENGINE_PRIMARY_KEY \"timestamp\"\n");
  CHECK(planFiles(kBase, explicit_same)->plan.empty());
  auto sorting = with(kBase, "datasources/events.datasource",
                      replaced(kEvents, "ENGINE_SORTING_KEY \"timestamp\"", "ENGINE_SORTING_KEY \"timestamp, action\"") +
                          "ENGINE_PRIMARY_KEY \"timestamp\"\n");
  auto run = planFiles(explicit_same, sorting);
  CHECK(run->causes("events") == std::vector<std::string>{"sorting_key"});
  auto primary = planFiles(kBase, with(kBase, "datasources/events.datasource",
                                       replaced(kEvents, "ENGINE_SORTING_KEY \"timestamp\"",
                                                "ENGINE_SORTING_KEY \"timestamp, action\"\nENGINE_PRIMARY_KEY \"timestamp\"")));
  CHECK(primary->causes("events") == std::vector<std::string>{"sorting_key"});
  auto both = planFiles(sorting, with(sorting, "datasources/events.datasource",
                                      replaced(sorting.at("datasources/events.datasource"),
                                               "ENGINE_PRIMARY_KEY \"timestamp\"", "ENGINE_PRIMARY_KEY \"timestamp, action\"")));
  CHECK(both->causes("events") == std::vector<std::string>{"primary_key"});
  CHECK(both->causeText("events", "primary_key") == "ENGINE_PRIMARY_KEY: timestamp -> timestamp, action");
}

TEST_CASE("a rewritten Null-engine datasource has nothing to backfill", "[planner][rewrite]") {
  std::string null_events = replaced(replaced(kEvents, "ENGINE \"MergeTree\"", "ENGINE \"Null\""),
                                     "ENGINE_PARTITION_KEY \"toYYYYMM(timestamp)\"\nENGINE_SORTING_KEY \"timestamp\"\n", "");
  Files live = {{"datasources/events.datasource", null_events}};
  Files next = {{"datasources/events.datasource", replaced(replaced(null_events, "`session_id` String", "`session_id` UUID"),
                                                           ",\n    `payload` String `json:$.payload`", "")}};
  auto run = planFiles(live, next);
  INFO(run->planText() << run->diagnostics());
  CHECK(run->decision("events") == Decision::Rewrite);
  CHECK(run->at("events").backfill.method == BackfillMethod::None);
  CHECK_FALSE(run->at("events").destructive);
  CHECK(run->sink.all().empty());
}

TEST_CASE("a project with duplicate node and column names still equals itself", "[planner][robustness]") {
  // Both are errors the loader and the analyzer report; the planner must not see changes in them.
  Files files = {
      {"datasources/dup.datasource", "SCHEMA >\n    `a` String,\n    `b` UInt8,\n    `a` UInt64\n\nENGINE \"MergeTree\"\n"},
      {"pipes/dup_nodes.pipe", "NODE n\nSQL >\n    SELECT a FROM dup\n\nNODE n\nSQL >\n    SELECT b FROM dup\n"},
  };
  auto run = planFiles(files, files);
  INFO(run->planText());
  CHECK(run->plan.empty());
  // Changing the second node `n` is a change of that node only.
  auto next = with(files, "pipes/dup_nodes.pipe", "NODE n\nSQL >\n    SELECT a FROM dup\n\nNODE n\nSQL >\n    SELECT a, b FROM dup\n");
  auto changed = planFiles(files, next);
  INFO(changed->planText());
  CHECK(changed->decision("dup_nodes") == Decision::Update);
  CHECK(changed->causes("dup_nodes") == std::vector<std::string>{"node_sql"});
}
