#include "compiler/project/project.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include "compiler/project/graph.h"
#include "compiler/project/layout.h"

namespace fs = std::filesystem;
using namespace ferry;

namespace {

/// A throwaway project folder, removed at the end of the test.
class TempProject {
 public:
  TempProject() {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("ferry-project-test-" + std::to_string(rd()));
    fs::create_directories(root_);
  }
  ~TempProject() { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

const char* kEvents = "SCHEMA >\n    `ts` DateTime,\n    `amount` Float64\n\nENGINE MergeTree\nENGINE_SORTING_KEY ts\n";
const char* kDaily = "SCHEMA >\n    `day` Date,\n    `total` AggregateFunction(sum, Float64)\n\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY day\n";
const char* kMv =
    "NODE agg\nSQL >\n    SELECT toDate(ts) AS day, sumState(amount) AS total\n    FROM events\n    GROUP BY day\n\n"
    "TYPE materialized\nDATASOURCE daily\n";

std::vector<std::string> ids(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const auto& d : sink.all()) out.emplace_back(diagName(d.id));
  return out;
}

}  // namespace

TEST_CASE("a project loads its resources and the graph datasource -> pipe -> datasource") {
  TempProject p;
  p.write("datasources/events.datasource", kEvents);
  p.write("datasources/daily.datasource", kDaily);
  p.write("materializations/daily_mv.pipe", kMv);
  p.write("endpoints/report.pipe",
          "NODE report\nSQL >\n    %\n    SELECT day, sumMerge(total) AS total FROM daily\n"
          "    WHERE day >= {{ Date(since, '2026-01-01') }} GROUP BY day\n\nTYPE endpoint\n");
  SourceManager sm;
  DiagnosticSink sink;
  auto proj = project::loadProject(p.root(), sm, sink);
  CHECK(ids(sink).empty());
  REQUIRE(proj->resources.size() == 4);
  auto events = proj->indexOf("events"), daily = proj->indexOf("daily"), mv = proj->indexOf("daily_mv"),
       report = proj->indexOf("report");
  REQUIRE((events && daily && mv && report));
  auto hasEdge = [&](size_t a, size_t b) {
    for (const auto& e : proj->edges)
      if (e.from == a && e.to == b) return true;
    return false;
  };
  CHECK(hasEdge(*events, *mv));
  CHECK(hasEdge(*mv, *daily));
  CHECK(hasEdge(*daily, *report));
  CHECK(proj->edges.size() == 3);
  auto order = proj->topologicalOrder();
  auto pos = [&](size_t i) { return std::find(order.begin(), order.end(), i) - order.begin(); };
  CHECK(pos(*events) < pos(*mv));
  CHECK(pos(*mv) < pos(*daily));
  CHECK(pos(*daily) < pos(*report));
  // The template was rendered and parsed; its parameter is known.
  const auto& node = proj->find("report")->nodes.at(0);
  REQUIRE(node.sql.statement);
  REQUIRE(node.sql.parameters.size() == 1);
  CHECK(node.sql.parameters[0].name == "since");
  // Column types and engine keys were parsed as SQL.
  const auto* ev = proj->find("events");
  REQUIRE(ev->columns.size() == 2);
  CHECK(ev->columns[1].type);
  CHECK(ev->engine_exprs.at("ENGINE_SORTING_KEY").size() == 1);
}

TEST_CASE("project diagnostics: duplicate names, unknown and wrong targets, unknown tables, cycles") {
  SECTION("PRJ_DUPLICATE_NAME") {
    TempProject p;
    p.write("datasources/events.datasource", kEvents);
    p.write("pipes/events.pipe", "NODE n\nSQL >\n    SELECT 1\n");
    SourceManager sm;
    DiagnosticSink sink;
    project::loadProject(p.root(), sm, sink);
    CHECK(ids(sink) == std::vector<std::string>{"PRJ_DUPLICATE_NAME"});
    REQUIRE(sink.all()[0].notes.size() == 1);
  }
  SECTION("PRJ_UNKNOWN_TARGET with the span of the target name") {
    TempProject p;
    p.write("datasources/events.datasource", kEvents);
    p.write("pipes/daily_mv.pipe", kMv);
    SourceManager sm;
    DiagnosticSink sink;
    project::loadProject(p.root(), sm, sink);
    REQUIRE(ids(sink) == std::vector<std::string>{"PRJ_UNKNOWN_TARGET"});
    const auto& d = sink.all()[0];
    LineCol lc = sm.file(d.span.file).lineCol(d.span.begin);
    CHECK(lc.line == 8);
    CHECK(lc.column == 12);
    CHECK(sm.file(d.span.file).slice(d.span) == "daily");
  }
  SECTION("PRJ_TARGET_NOT_DATASOURCE") {
    TempProject p;
    p.write("datasources/events.datasource", kEvents);
    p.write("pipes/daily.pipe", "NODE n\nSQL >\n    SELECT 1\n");
    p.write("pipes/daily_mv.pipe", kMv);
    SourceManager sm;
    DiagnosticSink sink;
    project::loadProject(p.root(), sm, sink);
    CHECK(ids(sink) == std::vector<std::string>{"PRJ_TARGET_NOT_DATASOURCE"});
  }
  SECTION("PRJ_UNKNOWN_TABLE is a warning; CTEs, nodes, shared and quarantine tables are known") {
    TempProject p;
    p.write("datasources/events.datasource", kEvents);
    p.write("pipes/q.pipe",
            "NODE a\nSQL >\n    WITH c AS (SELECT 1) SELECT * FROM c, events, ws.shared, events_quarantine\n\n"
            "NODE b\nSQL >\n    SELECT * FROM a JOIN missing_table USING ts\n");
    SourceManager sm;
    DiagnosticSink sink;
    auto proj = project::loadProject(p.root(), sm, sink);
    REQUIRE(ids(sink) == std::vector<std::string>{"PRJ_UNKNOWN_TABLE"});
    CHECK(sink.all()[0].severity == Severity::Warning);
    CHECK(sm.file(sink.all()[0].span.file).slice(sink.all()[0].span) == "missing_table");
    CHECK_FALSE(sink.hasErrors());
  }
  SECTION("PRJ_CYCLE through materializations; a copy reading its own target is fine") {
    TempProject p;
    p.write("datasources/a.datasource", kEvents);
    p.write("datasources/b.datasource", kEvents);
    p.write("pipes/a_to_b.pipe", "NODE n\nSQL >\n    SELECT * FROM a\n\nTYPE materialized\nDATASOURCE b\n");
    p.write("pipes/b_to_a.pipe", "NODE n\nSQL >\n    SELECT * FROM b\n\nTYPE materialized\nDATASOURCE a\n");
    p.write("pipes/dedup.pipe", "NODE n\nSQL >\n    SELECT DISTINCT * FROM a\n\nTYPE copy\nTARGET_DATASOURCE a\n");
    SourceManager sm;
    DiagnosticSink sink;
    auto proj = project::loadProject(p.root(), sm, sink);
    REQUIRE(ids(sink) == std::vector<std::string>{"PRJ_CYCLE"});
    CHECK(sink.all()[0].message.find("a_to_b") != std::string::npos);
    CHECK(proj->topologicalOrder().size() == 5);
  }
  SECTION("PRJ_NOT_FOUND") {
    SourceManager sm;
    DiagnosticSink sink;
    project::loadProject("/nonexistent/ferry/project", sm, sink);
    CHECK(ids(sink) == std::vector<std::string>{"PRJ_NOT_FOUND"});
  }
  SECTION("syntax-only loading skips names and references") {
    TempProject p;
    p.write("datasources/events.datasource", kEvents);
    p.write("pipes/events.pipe", kMv);
    SourceManager sm;
    DiagnosticSink sink;
    project::LoadOptions lo;
    lo.syntax_only = true;
    project::loadProject(p.root(), sm, sink, lo);
    CHECK(ids(sink).empty());
  }
}

TEST_CASE("layout: projects are found below a folder; standard folders belong to their parent") {
  TempProject p;
  p.write("a/datasources/x.datasource", kEvents);
  p.write("a/pipes/y.pipe", "NODE n\nSQL >\n    SELECT 1\n");
  p.write("a/nested/z.pipe", "NODE n\nSQL >\n    SELECT 1\n");
  p.write("b/w.datasource", kEvents);
  p.write("b/.git/ignored.pipe", "NODE n\nSQL >\n    SELECT 1\n");
  p.write("c/readme.txt", "no datafiles");
  auto roots = project::findProjects(p.root());
  std::vector<std::string> rel;
  for (auto& r : roots) rel.push_back(fs::relative(r, p.root()).generic_string());
  CHECK(rel == std::vector<std::string>{"a", "a/nested", "b"});
  CHECK(project::projectFiles(p.root() / "a", true).size() == 2);
  CHECK(project::projectFiles(p.root() / "a", false).size() == 3);
  CHECK(project::projectFiles(p.root() / "b", true).size() == 1);
}
