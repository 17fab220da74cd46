/// `ferry datasource append|optimize|ls`: ingestion into the local store (materialized views
/// fire on every inserted block; rows that do not fit go to `<name>_quarantine`), merges, and a
/// listing of the tables with their rows and parts.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "compiler/driver/commands.h"
#include "compiler/driver/query_run.h"
#include "compiler/driver/store_location.h"

namespace fs = std::filesystem;

namespace ferry::driver {

namespace {

std::optional<rt::InputFormat> inputFormat(const DatasourceAppendOptions& opts) {
  std::string name = opts.format;
  if (name.empty()) {
    if (opts.file == "-") return rt::InputFormat::Ndjson;
    auto ext = fs::path(opts.file).extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".ndjson" || ext == ".jsonl" || ext == ".json") return rt::InputFormat::Ndjson;
    if (ext == ".csv") return rt::InputFormat::Csv;
    std::cerr << "error: cannot tell the format of " << opts.file << " from its extension; pass --format ndjson|csv\n";
    return std::nullopt;
  }
  if (name == "ndjson" || name == "jsonl" || name == "json") return rt::InputFormat::Ndjson;
  if (name == "csv") return rt::InputFormat::Csv;
  std::cerr << "error: unknown format '" << name << "' (ndjson or csv)\n";
  return std::nullopt;
}

/// A datasource users append to: defined, and not a quarantine table.
const rt::TableDefinition* datasource(ProjectRuntime& runtime, const std::string& name) {
  const auto* def = runtime.db->table(name);
  if (!def || def->ingest_columns.empty()) {
    std::string known;
    for (const auto& t : runtime.db->tables())
      if (!t.spec.name.ends_with("_quarantine")) known += (known.empty() ? "" : ", ") + t.spec.name;
    std::cerr << "error[" << diagName(DiagId::PRJ_NOT_FOUND) << "]: no datasource named '" << name
              << "' in the live deployment (datasources: " << (known.empty() ? "none" : known) << ")\n";
    return nullptr;
  }
  return def;
}

std::string count(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

int runDatasourceAppend(const DatasourceAppendOptions& opts) {
  auto format = inputFormat(opts);
  if (!format) return 2;
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code);
  if (!runtime) return exit_code;
  if (!datasource(*runtime, opts.name)) return 1;

  std::ifstream file;
  std::istream* input = &std::cin;
  if (opts.file != "-") {
    file.open(opts.file, std::ios::binary);
    if (!file) {
      std::cerr << "error: cannot read " << opts.file << "\n";
      return 2;
    }
    input = &file;
  }
  rt::IngestOptions options;
  options.format = *format;
  options.batch_rows = opts.batch_rows;
  auto start = std::chrono::steady_clock::now();
  rt::AppendResult result;
  try {
    result = runtime->db->append(opts.name, *input, options);
  } catch (const std::exception& e) {
    printRuntimeError(e);
    std::cerr << "the batches committed before the error stay appended\n";
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& s = result.stats;
  std::cout << fmt::format("{}: {} row{} appended, {} quarantined", opts.name, count(s.rows), s.rows == 1 ? "" : "s",
                           count(s.quarantined));
  std::cout << fmt::format(" in {:.3f}s ({:.1f} MB, {} rows/s)\n", seconds, double(s.bytes) / 1e6,
                           count(uint64_t(double(s.rows + s.quarantined) / std::max(seconds, 1e-9))));
  for (const auto& [target, rows] : result.view_rows)
    std::cout << fmt::format("  {}: {} row{} materialized\n", target, count(rows), rows == 1 ? "" : "s");
  if (s.quarantined > 0) {
    std::cerr << fmt::format("{} {} quarantined: see `ferry sql \"SELECT * FROM {}_quarantine\"`\n",
                             count(s.quarantined), s.quarantined == 1 ? "row was" : "rows were", opts.name);
    if (!opts.allow_quarantine) return 1;
  }
  return 0;
}

int runDatasourceOptimize(const DatasourceOptimizeOptions& opts) {
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code);
  if (!runtime) return exit_code;
  if (!runtime->db->table(opts.name)) {
    std::cerr << "error[" << diagName(DiagId::PRJ_NOT_FOUND) << "]: no datasource named '" << opts.name << "'\n";
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  try {
    size_t replaced = runtime->db->optimize(opts.name, opts.final);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << fmt::format("{}: {} part{} merged{} in {:.3f}s\n", opts.name, replaced, replaced == 1 ? "" : "s",
                             opts.final ? " (final)" : "", seconds);
  } catch (const std::exception& e) {
    printRuntimeError(e);
    return 1;
  }
  return 0;
}

int runDatasourceLs(const DatasourceLsOptions& opts) {
  int exit_code = 0;
  auto runtime = openProjectRuntime(opts.project, exit_code);
  if (!runtime) return exit_code;
  auto snapshot = runtime->db->store().snapshot();
  size_t width = 0;
  for (const auto& t : runtime->db->tables()) width = std::max(width, t.spec.name.size());
  std::cout << fmt::format("live deployment {} ({})\n", runtime->deployment_id, runtime->live_root.string());
  for (const auto& t : runtime->db->tables()) {
    uint64_t rows = 0;
    size_t parts = 0;
    // A datasource a deployment rewrote lives in its version's table (`name@<id>`).
    std::string physical = runtime->db->physicalName(runtime->db->served(), t.spec.name);
    if (auto it = snapshot->parts.find(physical); it != snapshot->parts.end()) {
      parts = it->second.size();
      for (const auto& p : it->second) rows += p->rows;
    }
    std::cout << fmt::format("{:<{}}  {:>12} rows  {:>4} parts\n", t.spec.name, width, count(rows), parts);
  }
  return 0;
}

}  // namespace ferry::driver
