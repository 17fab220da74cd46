#!/usr/bin/env bash
# Front-end benchmark: builds `ferry` and `ferry_bench` (RelWithDebInfo, the shipped flags) and
# prints one table: SQL parse throughput on the sql-corpus and on the corpus node SQL, datafile
# parse throughput, `ferry check` cold-start wall times, and ClickHouse's own parser (chDB) on
# the same statements as a peer; then the time to type every corpus node, Ferry's analyzer
# against ClickHouse's DESCRIBE.
#
# Usage: bench/run.sh [--passes N] [--runs N]
# Env:   FERRY_BUILD_DIR (default <repo>/build), FERRY_SHARED_DIR (default <repo>/../shared),
#        FERRY_BENCH_NO_BUILD=1 to use the binaries already in FERRY_BUILD_DIR as they are
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${FERRY_BUILD_DIR:-$root/build}"
shared="${FERRY_SHARED_DIR:-$root/../shared}"
passes=3
runs=11
while [ $# -gt 0 ]; do
  case $1 in
    --passes) passes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--passes N] [--runs N]" >&2; exit 2 ;;
  esac
done
if [ ! -d "$shared/corpus" ] || [ ! -d "$shared/sql-corpus" ]; then
  echo "SKIPPED: ../shared is absent"; exit 0
fi

if [ -z "${FERRY_BENCH_NO_BUILD:-}" ]; then
  [ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$build" ferry ferry_bench project_schema_dump >&2
fi
ferry="$build/ferry"
bench="$(find "$build/bench" -maxdepth 1 -name ferry_bench -type f | head -1)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rows=$tmp/rows.tsv

echo "in-process parse passes (1 cold + $passes warm, median)..." >&2
"$bench" "$shared" --passes "$passes" --statements-json "$tmp/statements.json" | tail -n +2 >"$rows"

if [ ! -d "$root/tests/oracle/node_modules/chdb" ] && command -v npm >/dev/null; then
  (cd "$root/tests/oracle" && npm install --no-save --no-audit --no-fund --loglevel=error) >&2 || true
fi
if [ -d "$root/tests/oracle/node_modules/chdb" ]; then
  echo "chDB peer..." >&2
  node "$root/bench/chdb_format_bench.js" "$tmp/statements.json" "$passes" >>"$rows"
fi

# "<wall> <cpu>" seconds of the run with the median wall time of `$runs` runs of a command (CPU =
# user + sys of the process); its output is discarded, exit 1 (errors found) is not a failure.
median_run() {
  local i line
  for ((i = 0; i < runs; i++)); do
    line=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1 || [ $? -eq 1 ]; } 2>&1 )
    echo "$line"
  done | awk '{ print $1, $2 + $3 }' | sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'
}

datafile_bytes() {
  find "$@" -type f \( -name '*.datasource' -o -name '*.pipe' -o -name '*.connection' \) -print0 |
    du -cb --files0-from=- | tail -1 | cut -f1
}

read -r largest largest_files < <("$bench" --largest-project "$shared/corpus")
echo "ferry check runs ($runs each)..." >&2
read -r wall cpu < <(median_run "$ferry" check "$largest")
printf 'ferry check %s (largest project)\tcold\t%s\t%s\t%s\t%s\t-\n' "$(basename "$largest")" "$largest_files" \
  "$(datafile_bytes "$largest")" "$wall" "$cpu" >>"$rows"
read -r wall cpu < <(median_run "$ferry" deploy --check "$largest" --base "$largest")
printf 'ferry deploy --check %s --base itself\tcold\t%s\t%s\t%s\t%s\t-\n' "$(basename "$largest")" "$largest_files" \
  "$(datafile_bytes "$largest")" "$wall" "$cpu" >>"$rows"
corpus_files=$(find "$shared/corpus" -type f \( -name '*.datasource' -o -name '*.pipe' -o -name '*.connection' \) | wc -l)
read -r wall cpu < <(median_run "$ferry" check --recursive --syntax-only "$shared/corpus")
printf 'ferry check --recursive --syntax-only corpus\tcold\t%s\t%s\t%s\t%s\t-\n' "$corpus_files" \
  "$(datafile_bytes "$shared/corpus")" "$wall" "$cpu" >>"$rows"

# Typing every node of the corpus: `ferry check` (load, parse, analyze every project) against
# ClickHouse itself answering DESCRIBE for the same nodes (tables and views created per project,
# as tests/oracle does). items = pipe nodes.
dump="$(find "$build/tests/oracle" -maxdepth 1 -name project_schema_dump -type f | head -1)"
if [ -n "$dump" ] && [ -d "$root/tests/oracle/node_modules/chdb" ]; then
  "$dump" "$shared/corpus" --recursive --out "$tmp/schema_dump.json"
  nodes=$(node -e 'const d=require(process.argv[1]);let n=0;for(const p of (Array.isArray(d)?d:d.projects||[]))for(const q of p.pipes||[])n+=(q.nodes||[]).length;console.log(n)' "$tmp/schema_dump.json")
  echo "semantic analysis runs ($runs each) and chDB DESCRIBE (1 run)..." >&2
  read -r wall cpu < <(median_run "$ferry" check --recursive "$shared/corpus")
  printf 'ferry check --recursive corpus (types every node)\tcold\t%s\t%s\t%s\t%s\t-\n' "$nodes" \
    "$(datafile_bytes "$shared/corpus")" "$wall" "$cpu" >>"$rows"
  line=$( { TIMEFORMAT='%R %U %S'; time node "$root/tests/oracle/describe_nodes.js" "$tmp/schema_dump.json" \
            "$tmp/schema_answers.json" >/dev/null 2>&1; } 2>&1 )
  read -r wall user sys <<<"$line"
  printf 'chDB DESCRIBE every corpus node\tcold\t%s\t%s\t%s\t%s\t-\n' "$nodes" "$(datafile_bytes "$shared/corpus")" \
    "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >>"$rows"
fi

echo
echo "Ferry front end, $(nproc) cores (1 used), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' '
  { name[NR]=$1; pass[NR]=$2; items[NR]=$3; bytes[NR]=$4; wall[NR]=$5; cpu[NR]=$6; ok[NR]=$7 }
  END {
    printf "%-50s %-4s %6s %6s %8s %8s %7s %8s %8s\n", "measurement", "pass", "items", "MB", "wall s", "CPU s",
           "MB/s", "items/s", "accepted"
    for (i = 1; i <= NR; i++) {
      printf "%-50s %-4s %6d %6.2f %8.3f %8.3f %7.2f %8.0f %8s\n", name[i], pass[i], items[i], bytes[i]/1e6, wall[i],
             cpu[i], bytes[i]/1e6/cpu[i], items[i]/cpu[i], ok[i]
      if (name[i] ~ /chDB/) chdb[pass[i]] = items[i]/cpu[i]
      if (name[i] == "sql-corpus parseQuery") ferry[pass[i]] = items[i]/cpu[i]
      if (name[i] ~ /^ferry check --recursive corpus/) typed_ferry = items[i]/wall[i]
      if (name[i] ~ /^chDB DESCRIBE/) typed_chdb = items[i]/wall[i]
    }
    if (typed_chdb > 0)
      printf "Ferry / chDB DESCRIBE, corpus nodes typed per wall second: %.1fx\n", typed_ferry/typed_chdb
    for (p in chdb) if (p in ferry)
      printf "Ferry parseQuery / chDB formatQuerySingleLineOrNull, statements per CPU second (%s): %.2fx\n", p, ferry[p]/chdb[p]
  }' "$rows"
echo "Rates use CPU time. chDB's figure includes formatting each statement back to text and parsing"
echo "the batch query that carries them. ferry check: items = datafiles; wall/CPU of the median of"
echo "$runs cold process runs (target: < 0.5 s wall for the largest project, check and deploy --check)."
