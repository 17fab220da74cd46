# The set-up every bench against chDB shares, sourced after setting `runs` (the default number of
# runs) and `targets` (what to build): the --rows/--runs options, the chDB module (the bench is
# skipped without it), the build (unless FERRY_BENCH_NO_BUILD=1) and the events file
# (FERRY_BENCH_DATA, default /tmp/ferry-bench-events-<rows>.ndjson, generated when absent).
# Sets root, build, rows, runs, modules and data.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${FERRY_BUILD_DIR:-$root/build}"
rows=1000000
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--runs N]" >&2; exit 2 ;;
  esac
done
modules="$root/tests/oracle/node_modules"
[ -d "$modules/chdb" ] || { echo "SKIPPED: $modules/chdb is absent"; exit 0; }
if [ -z "${FERRY_BENCH_NO_BUILD:-}" ]; then
  [ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  # shellcheck disable=SC2086  # a list of targets
  ninja -j2 -C "$build" $targets >&2
fi
data="${FERRY_BENCH_DATA:-/tmp/ferry-bench-events-$rows.ndjson}"
[ -f "$data" ] || node "$root/bench/ingest/generate_events.js" "$rows" "$data"
