#!/usr/bin/env bash
# ctest driver of the merge oracle (exit 77 = skipped).
#
#   run_merge_oracle.sh <merge_oracle_driver> <node_modules-dir> <work-dir> [merge_oracle.js options...]
#
# merge_oracle.js generates the cases (fixed seeds), runs them through Ferry's driver and through
# ClickHouse 26.7 (npm chdb) and compares. Skipped when node or <node_modules-dir>/chdb is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
driver=$1 modules=$2 work=$3
shift 3
if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is not installed (the oracle runs ClickHouse through npm chdb)"
  exit 77
fi
if [ ! -d "$modules/chdb" ]; then
  echo "SKIPPED: $modules/chdb is missing (run 'npm ci' in tests/oracle)"
  exit 77
fi
mkdir -p "$work"
cd "$work"
exec node "$here/merge_oracle.js" --driver "$driver" --node-modules "$modules" --work "$work" \
  --known "$here/merge_oracle_known_differences.json" "$@"
