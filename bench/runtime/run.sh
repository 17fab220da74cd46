#!/usr/bin/env bash
# Runtime benchmark on examples/web-analytics (its TTL dropped: the generated events are older),
# the same NDJSON file and the same queries for Ferry and chDB (ClickHouse 26.7) in the same run:
#  - materialized-view throughput: `ferry datasource append analytics_events FILE` with the
#    analytics_pages view firing on every batch, against chDB's INSERT into the same tables and
#    view (built from the project's files by chdb_mv_query.js);
#  - query latency: each query run --runs times on the loaded data, the median kept. Ferry's
#    figure is the query's own time (`--format json` statistics.elapsed: plan, scan, execute);
#    the whole `ferry sql` process (start, project load, lowering) is printed beside it.
# Results must be equal (checked as sorted TSV); prints rows/s and ratios (chDB time / Ferry time:
# above 1, Ferry is faster).
#
# Usage: bench/runtime/run.sh [--rows N] [--runs N]
# Env:   FERRY_BUILD_DIR (default <repo>/build), FERRY_BENCH_NO_BUILD=1,
#        FERRY_BENCH_DATA (default /tmp/ferry-bench-events-<rows>.ndjson; regenerated when absent)
runs=10
targets="ferry"
source "$(dirname "$0")/../bench_prelude.sh"

project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
cp -r "$root/examples/web-analytics/." "$project/"
rm -rf "$project/.ferry" "$project/fixtures"
sed -i '/^ENGINE_TTL/d' "$project"/datasources/*.datasource

queries='[
 "SELECT tenant_id, count() AS n, uniqExact(session_id) AS sessions FROM analytics_events GROUP BY tenant_id ORDER BY tenant_id",
 "SELECT action, count() AS n, sum(length(tags)) AS tags FROM analytics_events GROUP BY action ORDER BY action",
 "SELECT toDate(timestamp) AS day, count() AS n FROM analytics_events WHERE tenant_id = '"'"'tenant_3'"'"' AND domain = '"'"'shop.example.com'"'"' GROUP BY day ORDER BY day",
 "SELECT pathname, device, uniqMerge(visits) AS visits, countMerge(hits) AS hits FROM analytics_pages_mv WHERE tenant_id = '"'"'tenant_3'"'"' GROUP BY pathname, device ORDER BY hits DESC, pathname, device LIMIT 10"
]'

"$build/ferry" datasource ls --project "$project" >/dev/null  # creates the store (not timed)
t0=$(date +%s%N)
"$build/ferry" datasource append analytics_events "$data" --project "$project" >/dev/null
append_ns=$(( $(date +%s%N) - t0 ))

ferry_queries="[]"
n=$(node -e 'console.log(JSON.parse(process.argv[1]).length)' "$queries")
for i in $(seq 0 $((n - 1))); do
  q=$(node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$queries" "$i")
  elapsed=() walls=()
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    out=$("$build/ferry" sql "$q" --project "$project" --format json)
    walls+=($(( $(date +%s%N) - t0 )))
    elapsed+=("$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).statistics.elapsed)' <<<"$out")")
  done
  tsv=$("$build/ferry" sql "$q" --project "$project" --format tsv | tail -n +2)
  ferry_queries=$(node -e '
    const [acc, el, wall, tsv] = process.argv.slice(1);
    const med = (a) => { a.sort((x, y) => x - y); return a[Math.floor(a.length / 2)]; };
    const list = JSON.parse(acc);
    list.push({ median_ms: med(el.split(" ").map(Number)) * 1000, process_ms: med(wall.split(" ").map(Number)) / 1e6, tsv });
    console.log(JSON.stringify(list));' "$ferry_queries" "${elapsed[*]}" "${walls[*]}" "$tsv")
done
ferry_rows=$("$build/ferry" sql "SELECT count() AS n FROM analytics_events" --project "$project" --format tsv | tail -1)
chdb=$(node "$root/bench/runtime/chdb_mv_query.js" "$project" "$data" "$modules" "$queries" "$runs")

node - "$ferry_rows" "$append_ns" "$ferry_queries" "$chdb" "$queries" "$data" <<'JS'
const [rows, appendNs, ferryQ, chdbJ, queriesJ, file] = process.argv.slice(2);
const ferry = JSON.parse(ferryQ), chdb = JSON.parse(chdbJ), queries = JSON.parse(queriesJ);
const seconds = Number(appendNs) / 1e9;
const bytes = require("fs").statSync(file).size;
const sorted = (tsv) => tsv.split("\n").filter(Boolean).sort().join("\n");
console.log(`Materialized view throughput: ${file} (${(bytes / 1e6).toFixed(1)} MB) into analytics_events, analytics_pages firing`);
console.log(`  Ferry datasource append + view   ${rows} rows ${seconds.toFixed(3)} s ${(rows / seconds / 1e6).toFixed(2)} M rows/s`);
console.log(`  chDB INSERT + materialized view  ${chdb.insert.rows} rows ${chdb.insert.seconds.toFixed(3)} s ${(chdb.insert.rows / chdb.insert.seconds / 1e6).toFixed(2)} M rows/s`);
console.log(`  ratio (chDB time / Ferry time): ${(chdb.insert.seconds / seconds).toFixed(2)}x` +
  (Number(rows) === chdb.insert.rows ? "" : `  (row counts differ: ${rows} vs ${chdb.insert.rows})`));
console.log(`Query latency, median of runs (Ferry: the query's own time; the whole ferry sql process in brackets)`);
let mismatches = 0;
queries.forEach((q, i) => {
  const f = ferry[i], c = chdb.queries[i];
  const same = sorted(f.tsv) === sorted(c.tsv);
  if (!same) mismatches++;
  console.log(`  Q${i + 1} Ferry ${f.median_ms.toFixed(1).padStart(7)} ms [${f.process_ms.toFixed(0)} ms]  chDB ${c.median_ms.toFixed(1).padStart(7)} ms  ` +
    `ratio ${(c.median_ms / f.median_ms).toFixed(2)}x${same ? "" : "  RESULTS DIFFER"}  ${q.slice(0, 70)}...`);
});
if (mismatches) process.exit(1);
JS
