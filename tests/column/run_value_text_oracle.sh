#!/usr/bin/env bash
# value_text_dump CASES | value_text_oracle.js; exit 77 (skipped) without node or chDB.
set -euo pipefail
dump=$1 cases=$2 modules=$3 out=$4
command -v node >/dev/null || { echo "SKIPPED: node is absent"; exit 77; }
[ -d "$modules/chdb" ] || { echo "SKIPPED: $modules/chdb is absent"; exit 77; }
"$dump" "$cases" > "$out"
exec node "$(dirname "$0")/value_text_oracle.js" "$out" "$modules"
