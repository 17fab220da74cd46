/// Crash test of the store: a writer process (fork, then exec) appends blocks (and, in the merge
/// scenario, merges them) and dies by SIGKILL, either at a named crash point (FERRY_CRASH_AT, see
/// Store::crashPoint) or at a random moment chosen by the parent. After every death the parent
/// re-opens the store and checks: every row of a commit that returned is there exactly once, the
/// commit in flight is there entirely or not at all, nothing else is there, every file reads back
/// with a valid checksum, and no garbage (tmp entries, unreferenced parts, manifest leftovers)
/// survived the open. Exit 0 on success, 1 on the first violation.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/storage/store.h"

using namespace ferry::rt;
namespace fs = std::filesystem;

namespace {

class TestKeys : public KeyEvaluator {
 public:
  Block evaluate(const Block& rows) const override {
    Block out;
    out.add("p", rows.columns[size_t(rows.find("p"))]);
    out.add("payload", rows.columns[size_t(rows.find("payload"))]);
    out.rows = rows.rows;
    return out;
  }
};

TableSpec tableSpec() {
  TableSpec spec;
  spec.name = "t";
  spec.columns = {{"id", makeType(TypeKind::UInt64), ""},
                  {"p", makeType(TypeKind::UInt8), ""},
                  {"payload", makeType(TypeKind::String), "ZSTD(1)"},
                  {"tags", makeArray(makeType(TypeKind::String)), ""}};
  spec.has_partition_key = true;
  spec.sorting_key_size = 1;
  spec.sorting_key_names = {"payload"};
  spec.key_columns = {"p", "payload"};
  return spec;
}

void say(int fd, const std::string& line) {
  std::string s = line + "\n";
  ssize_t n = ::write(fd, s.data(), s.size());
  (void)n;
}

/// The writer: appends `blocks` blocks of ids first_id.., reporting each commit around it.
[[noreturn]] void runChild(const fs::path& dir, bool merging, uint64_t first_id, int fd, unsigned seed) {
  std::mt19937 rng(seed);
  auto store = Store::open(dir);
  TestKeys keys;
  TableSpec spec = tableSpec();
  uint64_t next = first_id;
  for (int block = 0; block < 8; ++block) {
    size_t rows = 5 + rng() % 40;
    ColumnPtr id = makeColumn(spec.columns[0].type), p = makeColumn(spec.columns[1].type),
              payload = makeColumn(spec.columns[2].type), tags = makeColumn(spec.columns[3].type);
    for (size_t r = 0; r < rows; ++r) {
      uint64_t v = next + r;
      appendField(*id, v);
      appendField(*p, uint64_t(v % 3));
      appendField(*payload, std::to_string(rng() % 1000) + "-" + std::to_string(v));
      FieldArray t;
      for (uint64_t k = 0; k < v % 3; ++k) t.push_back(Field("tag" + std::to_string(k)));
      appendField(*tags, Field(t));
    }
    Block b;
    b.add("id", id);
    b.add("p", p);
    b.add("payload", payload);
    b.add("tags", tags);
    Transaction txn(*store);
    txn.insert("t", b, keys);
    say(fd, "B " + std::to_string(next) + " " + std::to_string(next + rows));
    txn.commit();
    say(fd, "C " + std::to_string(next) + " " + std::to_string(next + rows));
    next += rows;
    if (merging) {
      maybeMergeInBackground(*store, "t", keys, 0, 2);
      if (block % 3 == 2) optimizeTable(*store, "t", keys, block % 6 == 5, 0);
    }
  }
  ::_exit(0);
}

int failures = 0;
void fail(const std::string& what) {
  std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  ++failures;
}

}  // namespace

int main(int argc, char** argv) {
  // The writer runs as a fresh process (fork, then exec of this binary): a forked copy of a
  // process whose worker threads (the store's task pool) held a lock at the fork would wait on it
  // forever.
  if (argc == 7 && std::string(argv[1]) == "--writer")
    runChild(argv[2], std::string(argv[3]) == "1", std::strtoull(argv[4], nullptr, 10), std::atoi(argv[5]),
             unsigned(std::strtoul(argv[6], nullptr, 10)));
  double budget_s = argc > 1 ? std::atof(argv[1]) : 35.0;
  fs::path dir = fs::temp_directory_path() / ("ferry-crash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    auto store = Store::open(dir);
    Transaction txn(*store);
    txn.createTable(tableSpec());
    txn.commit();
  }
  const std::vector<std::string> points = {
      "part.columns_written", "part.written", "sequence.reserved", "commit.before_lock", "commit.part_renamed",
      "commit.parts_renamed", "commit.manifest_written", "commit.manifest_renamed", "commit.manifest_synced",
      "commit.part_removed", "merge.parts_read", "merge.part_written", "gc.removed"};
  std::mt19937 rng(12345);
  std::multiset<uint64_t> expected_ids;
  uint64_t next_id = 1;
  auto start = std::chrono::steady_clock::now();
  int iterations = 0, killed_at_point = 0, killed_randomly = 0, finished = 0;
  std::map<std::string, int> point_hits;
  for (;; ++iterations) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > budget_s || failures) break;
    bool merging = iterations % 2 == 1;
    // Named points first (each with a few hit counts), then random kills mixed in.
    std::string point;
    bool random_kill = false;
    // Every third run is killed at a random moment; the others cycle through the named points,
    // first at their first hit, then at their second.
    if (iterations % 3 == 2) {
      random_kill = true;
    } else {
      size_t scenario = size_t(iterations - iterations / 3);
      point = points[scenario % points.size()] + "@" + std::to_string(1 + (scenario / points.size()) % 2);
    }
    int fds[2];
    if (::pipe(fds) != 0) return 2;
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      if (!point.empty()) ::setenv("FERRY_CRASH_AT", point.c_str(), 1);
      std::string args[] = {dir.string(), merging ? "1" : "0", std::to_string(next_id), std::to_string(fds[1]),
                            std::to_string(iterations)};
      ::execl("/proc/self/exe", argv[0], "--writer", args[0].c_str(), args[1].c_str(), args[2].c_str(),
              args[3].c_str(), args[4].c_str(), static_cast<char*>(nullptr));
      ::_exit(127);  // exec failed: reported as an unexpected death
    }
    ::close(fds[1]);
    if (random_kill) {
      std::uniform_int_distribution<int> delay(0, 300000);
      ::usleep(useconds_t(delay(rng)));
      ::kill(pid, SIGKILL);
    }
    std::string text;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, size_t(n));
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    bool was_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (was_killed) (random_kill ? killed_randomly : killed_at_point)++;
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ++finished;
    else fail("writer died unexpectedly, status " + std::to_string(status));
    if (was_killed && !random_kill) point_hits[point]++;

    // What the writer reported: committed ranges, and at most one in flight.
    std::vector<std::pair<uint64_t, uint64_t>> committed;
    bool has_in_flight = false;
    std::pair<uint64_t, uint64_t> in_flight{0, 0};
    std::istringstream lines(text);
    std::string tag;
    uint64_t a, b;
    while (lines >> tag >> a >> b) {
      if (tag == "B") {
        in_flight = {a, b};
        has_in_flight = true;
      }
      if (tag == "C") {
        committed.emplace_back(a, b);
        has_in_flight = false;
      }
      next_id = std::max(next_id, b);
    }

    // Re-open (garbage collection runs) and check.
    std::unique_ptr<Store> store;
    try {
      store = Store::open(dir);
    } catch (const std::exception& e) {
      fail(std::string("open after crash: ") + e.what());
      break;
    }
    auto snap = store->snapshot();
    std::set<std::string> referenced;
    std::multiset<uint64_t> ids;
    try {
      for (const auto& part : snap->parts.at("t")) {
        referenced.insert(part->name);
        Block rows = store->readPart(*part, {"id", "p", "payload", "tags"});
        for (size_t r = 0; r < rows.rows; ++r) ids.insert(std::get<uint64_t>(fieldAt(*rows.columns[0], r).value));
      }
    } catch (const std::exception& e) {
      fail(std::string("reading after crash: ") + e.what());
      break;
    }
    for (const auto& [lo, hi] : committed)
      for (uint64_t v = lo; v < hi; ++v) expected_ids.insert(v);
    if (has_in_flight) {
      size_t present = 0;
      for (uint64_t v = in_flight.first; v < in_flight.second; ++v) present += ids.count(v);
      uint64_t size = in_flight.second - in_flight.first;
      if (present != 0 && present != size)
        fail("a partial commit is visible (" + std::to_string(present) + " of " + std::to_string(size) + " rows)");
      if (present == size)
        for (uint64_t v = in_flight.first; v < in_flight.second; ++v) expected_ids.insert(v);
    }
    if (ids != expected_ids)
      fail("iteration " + std::to_string(iterations) + " (" + (point.empty() ? "random kill" : point) +
           "): rows differ from the committed ones: have " + std::to_string(ids.size()) + ", expected " +
           std::to_string(expected_ids.size()));
    for (const auto& e : fs::directory_iterator(dir / "tmp")) fail("garbage left in tmp/: " + e.path().string());
    for (const auto& e : fs::directory_iterator(dir / "parts"))
      if (!referenced.count(e.path().filename().string())) fail("unreferenced part left: " + e.path().string());
    for (const auto& e : fs::directory_iterator(dir / "manifests"))
      if (e.path().extension() != ".json") fail("manifest leftover: " + e.path().string());
  }
  std::printf("%d iterations: %d killed at crash points, %d killed at random, %d finished; %zu rows committed\n",
              iterations, killed_at_point, killed_randomly, finished, expected_ids.size());
  for (const auto& [p, n] : point_hits) std::printf("  crashed at %s: %d\n", p.c_str(), n);
  if (!failures) fs::remove_all(dir);
  return failures ? 1 : 0;
}
