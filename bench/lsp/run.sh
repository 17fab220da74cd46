#!/usr/bin/env bash
# LSP benchmark: edit -> diagnostics latency of `ferry lsp` on the largest corpus project
# (openstatusHQ__openstatus/packages/tinybird, 200 datafiles), speaking raw LSP framing
# (lsp_latency.js): cold start (initialize + didOpen -> first diagnostics), then N edits one at a
# time, in turn (a) a pipe's SQL edit that introduces then removes an unknown column and
# (b) an edit of the central datasource that drops then restores a column its open pipes read,
# each timed from writing didChange to the publishDiagnostics of that version (and, for (b), to
# every open dependent pipe republished). The peer, same run: `ferry check` of the project (a
# full re-check from scratch, what an editor integration without incremental analysis runs per
# edit); prints median / p90 / max and the ratios check / edit. A last pass repeats the edits on
# a copy of the project with a live local deployment, so that the plan runs too.
#
# Usage: bench/lsp/run.sh [--edits N] [--runs N]      (default 200 edits, 11 `ferry check` runs)
# Env:   FERRY_BUILD_DIR (default <repo>/build), FERRY_SHARED_DIR (default <repo>/../shared),
#        FERRY_BENCH_NO_BUILD=1 to use the binary already in FERRY_BUILD_DIR as it is
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/lsp"
build="${FERRY_BUILD_DIR:-$root/build}"
shared="${FERRY_SHARED_DIR:-$root/../shared}"
edits=200
runs=11
while [ $# -gt 0 ]; do
  case $1 in
    --edits) edits=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--edits N] [--runs N]" >&2; exit 2 ;;
  esac
done
project="$shared/corpus/openstatusHQ__openstatus/packages/tinybird"
if [ ! -d "$project" ]; then
  echo "SKIPPED: $project is absent"; exit 0
fi
command -v node >/dev/null || { echo "SKIPPED: node is not installed"; exit 0; }

if [ -z "${FERRY_BENCH_NO_BUILD:-}" ]; then
  [ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -j2 -C "$build" ferry >&2
fi

echo "Ferry language server, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
node "$here/lsp_latency.js" "$build/ferry" "$project" --edits "$edits" --check-runs "$runs"
echo "  for reference, the analysis alone (a second server, no debounce):"
node "$here/lsp_latency.js" "$build/ferry" "$project" --edits "$edits" --debounce-ms 0 --brief
# The same project deployed locally (a copy with `.ferry/live` holding the project itself): every
# analysis is then followed by the plan against live, whose warnings the server publishes too.
live_copy=$(mktemp -d)
trap 'rm -rf "$live_copy"' EXIT
cp -r "$project/." "$live_copy/"
mkdir -p "$live_copy/.ferry/deployments"
cp -r "$project" "$live_copy/.ferry/deployments/1"
echo 1 > "$live_copy/.ferry/live"
echo "  with a live local deployment (the plan against live runs after every analysis):"
node "$here/lsp_latency.js" "$build/ferry" "$live_copy" --edits "$edits" --brief
echo "Latencies include the server's debounce (--debounce-ms, default 20 ms) except in the reference rows."
echo "ferry check: wall time of $runs cold process runs (load, parse and analyze every datafile, print"
echo "diagnostics). Timed from writing didChange to reading the publishDiagnostics of that version."
