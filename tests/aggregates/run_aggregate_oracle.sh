#!/usr/bin/env bash
# ctest driver of the aggregate differential test (exit 77 = skipped).
#   run_aggregate_oracle.sh <aggregate_oracle_cases> <node_modules-dir> <work-dir>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cases_exe=$1 modules=$2 work=$3
if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is not installed (the oracle runs ClickHouse through npm chdb)"
  exit 77
fi
if [ ! -d "$modules/chdb" ]; then
  echo "SKIPPED: $modules/chdb is missing (run 'npm ci' in tests/oracle)"
  exit 77
fi
mkdir -p "$work"
"$cases_exe" > "$work/aggregate_oracle_cases.jsonl"
exec node "$here/aggregate_oracle.js" "$work/aggregate_oracle_cases.jsonl" "$modules"
