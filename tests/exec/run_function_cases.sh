#!/bin/bash
# Runs the differential function test: driver lists what to ask, chDB answers, driver compares.
# Usage: run_function_cases.sh DRIVER NODE_MODULES CASES WORKDIR [-v]. Exits 77 without node/chDB.
set -u
driver=$1 modules=$2 cases=$3 work=$4
shift 4
if ! command -v node >/dev/null || [ ! -d "$modules/chdb" ]; then
  echo "SKIPPED: node or $modules/chdb is absent"
  exit 77
fi
mkdir -p "$work"
"$driver" requests "$cases" "$work/function_requests.json" || exit 2
node "$(dirname "$0")/function_oracle.js" "$modules" "$work/function_requests.json" "$work/function_answers.json" || exit 2
exec "$driver" check "$cases" "$work/function_answers.json" "$@"
