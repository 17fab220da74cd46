/// The language server's project model: an edit re-parses one file and re-analyzes only what it
/// can have changed, and the result is the same as analyzing everything again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "compiler/lsp/project_state.h"
#include "tests/lsp/state/diagnostics_text.h"

namespace fs = std::filesystem;
using ferry::lsp::ProjectState;

namespace {

struct TempProject {
  fs::path root;
  TempProject() {
    root = fs::temp_directory_path() / ("ferry_lsp_state_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::remove_all(root);
    fs::create_directories(root / "datasources");
    fs::create_directories(root / "pipes");
  }
  ~TempProject() { fs::remove_all(root); }
  fs::path write(const std::string& rel, const std::string& text) {
    fs::path p = (root / rel).lexically_normal();
    std::ofstream(p) << text;
    return p;
  }
};

const char* kEvents = R"(SCHEMA >
    `ts` DateTime `json:$.ts`,
    `user` String `json:$.user`,
    `amount` Float64 `json:$.amount`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "user, ts"
)";

const char* kOther = R"(SCHEMA >
    `id` UInt64 `json:$.id`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "id"
)";

std::string pipeReading(const std::string& table, const std::string& column) {
  return "NODE n\nSQL >\n    SELECT " + column + " FROM " + table + "\n\nTYPE endpoint\n";
}


}  // namespace

TEST_CASE("an edit re-analyzes the edited resource and what reads it, nothing else", "[lsp][state]") {
  TempProject t;
  auto events = t.write("datasources/events.datasource", kEvents);
  t.write("datasources/other.datasource", kOther);
  auto a = t.write("pipes/a.pipe", pipeReading("events", "amount"));
  t.write("pipes/b.pipe", pipeReading("events", "user"));
  t.write("pipes/c.pipe", pipeReading("other", "id"));
  t.write("pipes/d.pipe", pipeReading("a", "amount"));  // reads pipe a

  ProjectState state(t.root);
  auto first = state.refresh();
  CHECK(first.parsed == 6);
  CHECK(first.analyzed == 6);
  CHECK(state.diagnostics().all().empty());

  SECTION("a leaf pipe") {
    state.setBuffer(a, pipeReading("events", "amout"));
    auto s = state.refresh();
    CHECK(s.parsed == 1);
    CHECK(s.analyzed == 2);  // a, and d which reads a
    CHECK(s.reused == 4);
    REQUIRE(state.diagnostics().all().size() == 1);
    CHECK(ferry::diagName(state.diagnostics().all()[0].id) == "SEM_UNKNOWN_COLUMN");
  }
  SECTION("a datasource: its readers, transitively") {
    std::string edited = kEvents;
    edited.replace(edited.find("`amount`"), 8, "`price`");
    state.setBuffer(events, edited);
    auto s = state.refresh();
    CHECK(s.parsed == 1);
    CHECK(s.analyzed == 4);  // events, a, b, d; not other, c
    CHECK(s.reused == 2);
    CHECK(state.diagnostics().all().size() == 1);  // `amount` in a; d is skipped (its input failed)
  }
  SECTION("nothing changed: everything reused") {
    state.setBuffer(a, pipeReading("events", "amount"));
    auto s = state.refresh();
    CHECK(s.parsed == 1);
    CHECK(s.analyzed == 2);
    state.dropBuffer(a);
    s = state.refresh();
    CHECK(s.analyzed == 2);
    CHECK(state.diagnostics().all().empty());
  }
  SECTION("a new file that defines a name a pipe was missing") {
    auto e = t.write("pipes/e.pipe", pipeReading("later", "x"));
    state.diskChanged(e);
    state.refresh();
    CHECK(ferry::lsp::test::diagnosticsText(state).size() == 1);  // PRJ_UNKNOWN_TABLE 'later'
    auto later = t.write("datasources/later.datasource", "SCHEMA >\n    `x` Int32\n\nENGINE \"MergeTree\"\n");
    state.diskChanged(later);
    auto s = state.refresh();
    CHECK(s.parsed == 1);
    CHECK(s.analyzed == 2);  // later, and e which names it
    CHECK(state.diagnostics().all().empty());
    fs::remove(later);
    state.diskChanged(later);
    s = state.refresh();
    CHECK(s.analyzed == 1);  // e again
    CHECK(ferry::lsp::test::diagnosticsText(state).size() == 1);
  }
}

TEST_CASE("incremental results equal a fresh analysis", "[lsp][state]") {
  TempProject t;
  auto events = t.write("datasources/events.datasource", kEvents);
  auto a = t.write("pipes/a.pipe", pipeReading("events", "amount"));
  t.write("pipes/d.pipe", pipeReading("a", "amount"));
  ProjectState incremental(t.root);
  incremental.refresh();
  std::vector<std::pair<fs::path, std::string>> edits = {
      {a, pipeReading("events", "nope")},
      {events, std::string(kEvents) + "ENGINE_TTL \"ts + INTERVAL 1 DAY\"\n"},
      {a, pipeReading("events", "amount * 2 AS amount")},
      {events, "SCHEMA >\n    `ts` DateTime\n\nENGINE \"MergeTree\"\n"},
      {a, pipeReading("events", "ts AS amount")},
  };
  for (const auto& [path, text] : edits) {
    incremental.setBuffer(path, text);
    incremental.refresh();
    ProjectState fresh(t.root);
    // The fresh state sees the same buffers: every edit so far, per file the last one.
    std::map<fs::path, std::string> buffers;
    for (const auto& e : edits) {
      buffers[e.first] = e.second;
      if (&e.second == &text) break;
    }
    for (const auto& [p, x] : buffers) fresh.setBuffer(p, x);
    fresh.refresh();
    CHECK(ferry::lsp::test::diagnosticsText(incremental) == ferry::lsp::test::diagnosticsText(fresh));
  }
}

TEST_CASE("closed files changed on disk are noticed without a notification", "[lsp][state]") {
  TempProject t;
  t.write("datasources/events.datasource", kEvents);
  auto a = t.write("pipes/a.pipe", pipeReading("events", "amount"));
  ProjectState state(t.root);
  state.refresh();
  CHECK_FALSE(state.pollDisk());
  // Another size, so that the change shows even within the file system's time resolution.
  t.write("pipes/a.pipe", pipeReading("events", "missing_column"));
  CHECK(state.pollDisk());
  auto s = state.refresh();
  CHECK(s.parsed == 1);
  CHECK(state.diagnostics().all().size() == 1);
  auto b = t.write("pipes/b.pipe", pipeReading("a", "amount"));
  CHECK(state.pollDisk());
  s = state.refresh();
  CHECK(s.parsed == 1);
  CHECK(state.resourceAt(b) != nullptr);
  fs::remove(b);
  CHECK(state.pollDisk());
  state.refresh();
  CHECK(state.resourceAt(b) == nullptr);
  // An open buffer wins over the disk.
  state.setBuffer(a, pipeReading("events", "amount"));
  state.refresh();
  t.write("pipes/a.pipe", pipeReading("events", "another_missing_column"));
  CHECK_FALSE(state.pollDisk());
  CHECK(state.diagnostics().all().empty());
}

TEST_CASE("a pipe reading a quarantine table is analyzed again when its datasource changes", "[lsp][state]") {
  TempProject t;
  auto events = t.write("datasources/events.datasource", kEvents);
  t.write("pipes/q.pipe", pipeReading("events_quarantine", "amount"));
  ProjectState state(t.root);
  state.refresh();
  CHECK(state.diagnostics().all().empty());
  std::string edited = kEvents;
  edited.replace(edited.find("`amount`"), 8, "`price`");
  state.setBuffer(events, edited);
  auto s = state.refresh();
  CHECK(s.analyzed == 2);
  REQUIRE(state.diagnostics().all().size() == 1);
  CHECK(ferry::diagName(state.diagnostics().all()[0].id) == "SEM_UNKNOWN_COLUMN");
}
