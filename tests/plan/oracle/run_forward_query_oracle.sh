#!/usr/bin/env bash
# ctest driver of the forward-query oracle (exit 77 = skipped).
#
#   run_forward_query_oracle.sh <forward_query_cases> <node_modules-dir> <work-dir> [forward_query_cases options...]
#
# Generates the cases with Ferry, then runs each in ClickHouse 26.7 through npm chdb
# (forward_query_oracle.js). Skipped when node or <node_modules-dir>/chdb is missing
# (`npm ci` in tests/oracle installs it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cases_exe=$1 modules=$2 work=$3
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
"$cases_exe" "$@" > "$work/forward_query_cases.jsonl"
exec node "$here/forward_query_oracle.js" "$work/forward_query_cases.jsonl" --node-modules "$modules" \
  --report "$work/forward_query_oracle_report.json"
