#!/usr/bin/env bash
# Ingestion benchmark: NDJSON analytics events (examples/web-analytics analytics_events), the same
# file in the same run:
#  - Ferry: `ferry datasource append analytics_events FILE` into a fresh store of a project holding
#    only that datasource (parse, sort, partition, compress, fsync, commit: the whole product path);
#  - Ferry's parser alone (ingest() into blocks, no storage) for reference;
#  - chDB (ClickHouse 26.7): INSERT ... SELECT FROM file(FILE, JSONEachRow) into a MergeTree table
#    PARTITION BY toYYYYMM(timestamp) ORDER BY (tenant_id, domain, timestamp), as the datasource.
# Prints rows/s, MB/s and the ratio chDB time / Ferry time (above 1: Ferry is faster).
#
# Usage: bench/ingest/run.sh [--rows N] [--runs N]
# Env:   FERRY_BUILD_DIR (default <repo>/build), FERRY_BENCH_NO_BUILD=1 to use the binary as it is,
#        FERRY_BENCH_DATA (default /tmp/ferry-bench-events-<rows>.ndjson; regenerated when absent)
runs=3
targets="ferry ferry_bench_ingest"
source "$(dirname "$0")/../bench_prelude.sh"
bench=$(find "$build" -name ferry_bench_ingest -type f -perm -u+x | head -1)

parse=$("$bench" "$data" --runs "$runs")
# The product path: a fresh store per run, timed around the whole process.
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
mkdir -p "$project/datasources"
# Without its ENGINE_TTL: the generated events are older than the TTL, and chDB's table has none.
grep -v '^ENGINE_TTL' "$root/examples/web-analytics/datasources/analytics_events.datasource" \
  > "$project/datasources/analytics_events.datasource"
best_ns=
for _ in $(seq "$runs"); do
  rm -rf "$project/.ferry"
  "$build/ferry" datasource ls --project "$project" >/dev/null  # creates the store (not timed)
  t0=$(date +%s%N)
  "$build/ferry" datasource append analytics_events "$data" --project "$project" >/dev/null
  ns=$(( $(date +%s%N) - t0 ))
  [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ] && best_ns=$ns
done
stored=$("$build/ferry" sql "SELECT count() AS n FROM analytics_events" --project "$project" --format tsv | tail -1)
ferry="{\"rows\": $stored, \"seconds\": $(awk "BEGIN{print $best_ns/1e9}")}"
chdb=$(node "$root/bench/ingest/chdb_insert.js" "$data" "$modules" "$runs")
node - "$ferry" "$chdb" "$data" "$parse" <<'JS'
const [ferry, chdb, file, parse] = process.argv.slice(2).map((s, i) => i === 2 ? s : JSON.parse(s));
const bytes = require("fs").statSync(file).size;
const line = (name, r) => `${name.padEnd(36)} ${String(r.rows).padStart(9)} rows ${r.seconds.toFixed(3).padStart(8)} s ` +
  `${(r.rows / r.seconds / 1e6).toFixed(2).padStart(7)} M rows/s ${(bytes / r.seconds / 1e6).toFixed(1).padStart(8)} MB/s`;
console.log(`NDJSON analytics events: ${file} (${(bytes / 1e6).toFixed(1)} MB), best of runs`);
console.log(line("Ferry datasource append (stored)", ferry));
console.log(line("chDB INSERT ... JSONEachRow MergeTree", chdb));
console.log(line("Ferry parser only (ingest() -> blocks)", parse));
console.log(`ratio (chDB time / Ferry time): ${(chdb.seconds / ferry.seconds).toFixed(2)}x` +
  (ferry.rows === chdb.rows ? "" : `  (row counts differ: ${ferry.rows} vs ${chdb.rows})`));
JS
