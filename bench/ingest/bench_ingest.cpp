// Ingestion benchmark: parses an analytics-events NDJSON file (generate_events.js) with
// ferry::rt::ingest into blocks of the analytics_events schema and prints one JSON line
// {rows, quarantined, bytes, seconds} (best of --runs). run.sh runs chDB on the same file.
// Writing the blocks into a store (runtime/storage, Transaction::insert) is not wired in yet.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "runtime/ingest/ingest.h"

using namespace ferry::rt;

namespace {

std::vector<IngestColumn> analyticsEventsColumns() {
  auto string = makeType(TypeKind::String);
  auto lowCardinality = [&] {
    auto t = std::make_shared<ColumnType>();
    t->kind = TypeKind::LowCardinality;
    t->children = {string};
    t->name = "LowCardinality(String)";
    return ColumnTypePtr(t);
  };
  auto literal = [](ColumnTypePtr type, Field value) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Literal;
    e->type = std::move(type);
    e->literal = std::move(value);
    return ExprPtr(e);
  };
  auto tags = makeArray(string);
  return {
      {"timestamp", makeType(TypeKind::DateTime), "$.timestamp", nullptr},
      {"session_id", string, "$.session_id", nullptr},
      {"action", lowCardinality(), "$.action", nullptr},
      {"version", lowCardinality(), "$.version", nullptr},
      {"tenant_id", string, "$.tenant_id", literal(string, std::string())},
      {"domain", string, "$.domain", literal(string, std::string())},
      {"payload", string, "$.payload", nullptr},
      {"tags", tags, "$.tags[:]", literal(tags, FieldArray{})},
  };
}

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoi(argv[++i]);
    else file = argv[i];
  }
  if (file.empty()) {
    std::cerr << "usage: ferry_bench_ingest FILE.ndjson [--runs N]\n";
    return 2;
  }
  auto columns = analyticsEventsColumns();
  double best = 1e300;
  IngestStats stats;
  for (int r = 0; r < runs; ++r) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "cannot open " << file << "\n";
      return 2;
    }
    IngestOptions options;
    size_t blocks = 0;
    auto t0 = std::chrono::steady_clock::now();
    stats = ingest(in, columns, options, "bench", 0, [&](Block rows, Block) { blocks += rows.rows > 0; });
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, seconds);
  }
  std::printf("{\"rows\": %llu, \"quarantined\": %llu, \"bytes\": %llu, \"seconds\": %.4f}\n",
              (unsigned long long)stats.rows, (unsigned long long)stats.quarantined,
              (unsigned long long)stats.bytes, best);
  return stats.quarantined ? 1 : 0;
}
