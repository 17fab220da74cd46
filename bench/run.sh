#!/usr/bin/env bash
# Front-end benchmark: builds `ferry` and `ferry_bench` (RelWithDebInfo, the shipped flags) and
# prints one table: SQL parse throughput on the sql-corpus and on the corpus node SQL, datafile
# parse throughput, `ferry check` cold-start wall times, and ClickHouse's own parser (chDB) on
# the same statements as a peer.
#
# Usage: bench/run.sh [--passes N] [--runs N]
# Env:   FERRY_BUILD_DIR (default <repo>/build), FERRY_SHARED_DIR (default <repo>/../shared)
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

[ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" ferry ferry_bench >&2
ferry="$build/ferry"
bench="$(find "$build/bench" -maxdepth 1 -name ferry_bench -type f | head -1)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rows=$tmp/rows.tsv

echo "in-process parse passes (1 cold + $passes warm, median)..." >&2
"$bench" "$shared" --passes "$passes" --statements-json "$tmp/statements.json" | tail -n +2 >"$rows"

if [ ! -d "$root/tests/oracle/node_modules/chdb" ] && command -v npm >/dev/null; then
  (cd "$root/tests/oracle" && npm ci --no-audit --no-fund --loglevel=error) >&2 || true
fi
if [ -d "$root/tests/oracle/node_modules/chdb" ]; then
  echo "chDB peer..." >&2
  node "$root/bench/chdb_format_bench.js" "$tmp/statements.json" "$passes" >>"$rows"
fi

# Median wall time (seconds) of `$runs` runs of a command; its output is discarded, exit 1 (errors
# found) is not a failure here.
median_wall() {
  local times=() i t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.6f\n", a[int((NR+1)/2)]/1e6}'
}

read -r largest largest_files < <("$bench" --largest-project "$shared/corpus")
largest_bytes=$(find "$largest" -type f \( -name '*.datasource' -o -name '*.pipe' -o -name '*.connection' \) -print0 |
  du -cb --files0-from=- | tail -1 | cut -f1)
echo "ferry check wall times ($runs runs each)..." >&2
printf 'ferry check %s\tcold\t%s\t%s\t%s\t-\n' "$(basename "$largest")" "$largest_files" "$largest_bytes" \
  "$(median_wall "$ferry" check "$largest")" >>"$rows"
corpus_files=$(find "$shared/corpus" -type f \( -name '*.datasource' -o -name '*.pipe' -o -name '*.connection' \) | wc -l)
corpus_bytes=$(find "$shared/corpus" -type f \( -name '*.datasource' -o -name '*.pipe' -o -name '*.connection' \) -print0 |
  du -cb --files0-from=- | tail -1 | cut -f1)
printf 'ferry check --recursive --syntax-only corpus\tcold\t%s\t%s\t%s\t-\n' "$corpus_files" "$corpus_bytes" \
  "$(median_wall "$ferry" check --recursive --syntax-only "$shared/corpus")" >>"$rows"

echo
echo "Ferry front end, $(nproc) cores (1 used), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' '
  { name[NR]=$1; pass[NR]=$2; items[NR]=$3; bytes[NR]=$4; sec[NR]=$5; ok[NR]=$6 }
  END {
    printf "%-48s %-5s %7s %8s %9s %8s %10s %8s\n", "measurement", "pass", "items", "MB", "seconds", "MB/s", "items/s", "accepted"
    for (i = 1; i <= NR; i++) {
      printf "%-48s %-5s %7d %8.2f %9.3f %8.2f %10.0f %8s\n", name[i], pass[i], items[i], bytes[i]/1e6, sec[i],
             bytes[i]/1e6/sec[i], items[i]/sec[i], ok[i]
      if (name[i] ~ /chDB/ ) chdb[pass[i]] = items[i]/sec[i]
      if (name[i] == "sql-corpus parseQuery") ferry[pass[i]] = items[i]/sec[i]
    }
    for (p in chdb) if (p in ferry)
      printf "ratio Ferry parseQuery / chDB format (%s): %.2fx  (chDB figure includes formatting and batching)\n", p, ferry[p]/chdb[p]
  }' "$rows"
echo "ferry check items = datafiles, seconds = median wall time of $runs runs (target < 0.5 s for the largest project)"
