// The plantest invariants catch what they are meant to catch: hand-made plans that break each
// invariant are reported, and the matching correct plans are not.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "compiler/analyze/project_analysis.h"
#include "compiler/project/project.h"
#include "tests/plan/plantest/plan_invariants.h"

namespace fs = std::filesystem;
using namespace ferry;
using namespace ferry::plantest;
using plan::AlterOp;
using plan::BackfillMethod;
using plan::Decision;

namespace {

constexpr const char* kLive =
    "SCHEMA >\n"
    "    `ts` DateTime `json:$.ts`,\n"
    "    `n` UInt32 `json:$.n`\n\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"ts\"\n";
constexpr const char* kNew =
    "SCHEMA >\n"
    "    `ts` DateTime `json:$.ts`,\n"
    "    `n` UInt64 `json:$.n`,\n"
    "    `env` String `json:$.env` DEFAULT 'prod'\n\n"
    "ENGINE \"MergeTree\"\n"
    "ENGINE_SORTING_KEY \"ts\"\n";

/// A loaded one-datasource project in a temporary folder.
struct Loaded {
  fs::path dir;
  std::unique_ptr<project::Project> project;
  std::unique_ptr<analyze::ProjectAnalysis> analysis;
  plan::ProjectView view() const { return {project.get(), analysis.get()}; }
  ~Loaded() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::unique_ptr<Loaded> load(const char* datasource, SourceManager& sources) {
  auto l = std::make_unique<Loaded>();
  std::random_device rd;
  l->dir = fs::temp_directory_path() / ("ferry-invariant-test-" + std::to_string(rd()));
  fs::create_directories(l->dir / "datasources");
  std::ofstream(l->dir / "datasources/events.datasource") << datasource;
  DiagnosticSink sink;
  l->project = project::loadProject(l->dir, sources, sink);
  l->analysis = std::make_unique<analyze::ProjectAnalysis>(analyze::analyzeProject(*l->project, sink));
  REQUIRE_FALSE(sink.hasErrors());
  return l;
}

plan::ResourcePlan datasourcePlan(Decision d) {
  plan::ResourcePlan r;
  r.kind = project::ResourceKind::Datasource;
  r.name = "events";
  r.decision = d;
  return r;
}

AlterOp op(AlterOp::Kind kind, std::string column, std::string type = {}, std::string def = {},
           std::string after = {}) {
  AlterOp o{};
  o.kind = kind;
  o.column = std::move(column);
  o.type = std::move(type);
  o.default_expr = std::move(def);
  o.after = std::move(after);
  o.sql = "ALTER TABLE events ...";
  return o;
}

}  // namespace

TEST_CASE("invariant (c): ALTER operations must turn the live columns into the new ones", "[plantest]") {
  SourceManager sources;
  auto live = load(kLive, sources);
  auto next = load(kNew, sources);
  DiagnosticSink no_errors;

  auto r = datasourcePlan(Decision::Alter);
  r.alter = {op(AlterOp::Kind::ModifyColumn, "n", "UInt64"),
             op(AlterOp::Kind::AddColumn, "env", "String", "'prod'", "n")};
  plan::Plan good;
  good.resources = {r};
  InvariantReport ok;
  checkSchemaEffects(good, live->view(), next->view(), no_errors, ok);
  CHECK(ok.failures.empty());
  CHECK(ok.checked == 1);

  r.alter[1].default_expr.clear();  // the DEFAULT is lost
  plan::Plan bad;
  bad.resources = {r};
  InvariantReport report;
  checkSchemaEffects(bad, live->view(), next->view(), no_errors, report);
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0].find("columns") != std::string::npos);

  r.alter = {op(AlterOp::Kind::DropColumn, "missing")};
  plan::Plan drops;
  drops.resources = {r};
  InvariantReport report2;
  checkSchemaEffects(drops, live->view(), next->view(), no_errors, report2);
  CHECK(report2.failures.size() >= 2);  // the drop does not apply, and the columns differ
}

TEST_CASE("invariant (c): an unchanged datasource must have the same schema", "[plantest]") {
  SourceManager sources;
  auto live = load(kLive, sources);
  auto next = load(kNew, sources);
  auto same = load(kLive, sources);
  DiagnosticSink no_errors;
  plan::Plan p;
  p.resources = {datasourcePlan(Decision::Unchanged)};
  InvariantReport differs;
  checkSchemaEffects(p, live->view(), next->view(), no_errors, differs);
  CHECK(differs.failures.size() == 1);
  InvariantReport equal;
  checkSchemaEffects(p, live->view(), same->view(), no_errors, equal);
  CHECK(equal.failures.empty());
}

TEST_CASE("invariant (c): a forward query typed over the live table must give the new columns", "[plantest]") {
  SourceManager sources;
  auto live = load(kLive, sources);
  auto next = load(kNew, sources);
  DiagnosticSink no_errors;
  auto r = datasourcePlan(Decision::Rewrite);
  r.backfill.method = BackfillMethod::ForwardQuery;

  r.backfill.sql = "SELECT ts, CAST(n, 'UInt64') AS n, 'prod' AS env";
  plan::Plan good;
  good.resources = {r};
  InvariantReport ok;
  checkSchemaEffects(good, live->view(), next->view(), no_errors, ok);
  CHECK(ok.failures.empty());

  r.backfill.sql = "SELECT ts, n, 'prod' AS env";  // UInt32 into UInt64: a lossless INSERT cast
  plan::Plan widening;
  widening.resources = {r};
  InvariantReport ok2;
  checkSchemaEffects(widening, live->view(), next->view(), no_errors, ok2);
  CHECK(ok2.failures.empty());

  r.backfill.sql = "SELECT ts, toString(n) AS n, 'prod' AS env";  // String does not fit UInt64
  plan::Plan wrong;
  wrong.resources = {r};
  InvariantReport bad;
  checkSchemaEffects(wrong, live->view(), next->view(), no_errors, bad);
  CHECK(bad.failures.size() == 1);

  r.backfill.sql = "SELECT ts, n";  // a column is missing
  plan::Plan missing;
  missing.resources = {r};
  InvariantReport bad2;
  checkSchemaEffects(missing, live->view(), next->view(), no_errors, bad2);
  CHECK(bad2.failures.size() == 1);

  // An error reported for the datasource makes the check not checkable.
  DiagnosticSink errors;
  errors.report(DiagId::PLAN_FORWARD_QUERY_REQUIRED, Span{next->project->resources[0]->datafile.file, 0, 0}, "x");
  InvariantReport skipped;
  checkSchemaEffects(missing, live->view(), next->view(), errors, skipped);
  CHECK(skipped.failures.empty());
  CHECK(skipped.not_checkable == 1);
}

TEST_CASE("invariant (b): generated SQL must parse and format stably", "[plantest]") {
  auto r = datasourcePlan(Decision::Rewrite);
  r.backfill.method = BackfillMethod::ForwardQuery;
  r.backfill.sql = "SELECT\n    ts,\n    CAST(n, 'UInt64') AS n";
  r.alter = {op(AlterOp::Kind::AddColumn, "env", "String", "'prod'")};
  r.alter[0].sql = "ALTER TABLE events ADD COLUMN `env` String DEFAULT 'prod'";
  plan::Plan good;
  good.resources = {r};
  InvariantReport ok;
  checkGeneratedSql(good, ok);
  CHECK(ok.failures.empty());
  CHECK(ok.checked >= 3);

  r.backfill.sql = "SELECT ts, CAST(n AS";
  r.alter[0].sql = "ADD COLUMN env";
  r.alter[0].type = "Nullable(";
  plan::Plan bad;
  bad.resources = {r};
  InvariantReport report;
  checkGeneratedSql(bad, report);
  CHECK(report.failures.size() == 3);
}

TEST_CASE("invariant (a): a self plan must be empty and free of PLAN errors", "[plantest]") {
  plan::Plan empty;
  empty.resources = {datasourcePlan(Decision::Unchanged)};
  DiagnosticSink quiet;
  InvariantReport ok;
  checkSelfPlan("new", empty, quiet, ok);
  CHECK(ok.failures.empty());

  plan::Plan busy;
  busy.resources = {datasourcePlan(Decision::Rewrite)};
  busy.order = {"events"};
  DiagnosticSink errors;
  errors.report(DiagId::PLAN_DROP_COLUMN, Span{}, "dropped");
  InvariantReport report;
  checkSelfPlan("new", busy, errors, report);
  CHECK(report.failures.size() == 2);
}
