#!/usr/bin/env bash
# Runs a ClickHouse oracle check (ctest driver; exit 77 = skipped).
#
#   run_oracle.sh roundtrip <shared-dir> <sql_roundtrip_dump> <work-dir>
#       Ferry's printed SQL gives the same ClickHouse formatQuery as the original, for every
#       statement of <shared-dir>/sql-corpus and <shared-dir>/corpus that Ferry parses.
#   run_oracle.sh project <project-dir> <project_sql_dump> <work-dir>
#       Every SQL text of the project (templates rendered) is valid ClickHouse SQL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=$1 input=$2 dump_exe=$3 work=$4
if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is not installed (the oracle runs ClickHouse through npm chdb)"
  exit 77
fi
if [ ! -d "$here/node_modules/chdb" ]; then
  echo "SKIPPED: tests/oracle/node_modules/chdb is missing (run 'npm ci' in tests/oracle)"
  exit 77
fi
mkdir -p "$work"
case "$mode" in
  roundtrip)
    if [ ! -d "$input/sql-corpus/clickhouse-tests" ] || [ ! -d "$input/corpus" ]; then
      echo "SKIPPED: ../shared is absent ($input)"
      exit 77
    fi
    "$dump_exe" --shared "$input" --out "$work/oracle_roundtrip_dump.json"
    exec node "$here/roundtrip.js" "$work/oracle_roundtrip_dump.json" "$work/oracle_roundtrip_report.md"
    ;;
  project)
    name=$(basename "$input")
    "$dump_exe" "$input" --out "$work/oracle_project_sql_$name.json"
    exec node "$here/check_valid.js" "$work/oracle_project_sql_$name.json"
    ;;
  *)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
