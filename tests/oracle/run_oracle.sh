#!/usr/bin/env bash
# Runs a ClickHouse oracle check (ctest driver; exit 77 = skipped).
#
#   run_oracle.sh roundtrip <shared-dir> <sql_roundtrip_dump> <work-dir>
#       Ferry's printed SQL gives the same ClickHouse formatQuery as the original, for every
#       statement of <shared-dir>/sql-corpus and <shared-dir>/corpus that Ferry parses.
#   run_oracle.sh project <project-dir> <project_sql_dump> <work-dir>
#       Every SQL text of the project (templates rendered) is valid ClickHouse SQL.
#   run_oracle.sh schemas <project-dir> <project_schema_dump> <work-dir> <ferry>
#       `ferry explain` gives every node of the project the columns ClickHouse describes (100%).
#   run_oracle.sh corpus-schemas <shared-dir> <project_schema_dump> <work-dir> <ferry> <known-differences>
#       The same over every project of <shared-dir>/corpus; listed differences are excused.
#   run_oracle.sh corpus-schemas-selftest <shared-dir> <project_schema_dump> <work-dir>
#       The live ClickHouse answers equal the stored <shared-dir>/oracle/corpus-schemas answers.
#   run_oracle.sh compare-fixture <fixture-dir> - <work-dir>
#       compare_schemas.js reports every kind of disagreement of a small fixture as in
#       <fixture-dir>/expected.txt (FERRY_UPDATE_GOLDEN=1 rewrites it). Needs node only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=$1 input=$2 dump_exe=$3 work=$4
ferry=${5:-} known=${6:-}
if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is not installed (the oracle runs ClickHouse through npm chdb)"
  exit 77
fi
if [ "$mode" = compare-fixture ]; then
  mkdir -p "$work"
  set +e
  node "$here/compare_schemas.js" "$input/answers.json" --self-test "$input/stored" --known "$input/known.tsv" \
    --min-agreement 50 > "$work/compare_fixture.out"
  echo "exit $?" >> "$work/compare_fixture.out"
  set -e
  if [ "${FERRY_UPDATE_GOLDEN:-}" = 1 ]; then cp "$work/compare_fixture.out" "$input/expected.txt"; fi
  exec diff -u "$input/expected.txt" "$work/compare_fixture.out"
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
  schemas)
    name=$(basename "$input")
    "$dump_exe" "$input" --out "$work/oracle_schema_dump_$name.json"
    node "$here/describe_nodes.js" "$work/oracle_schema_dump_$name.json" "$work/oracle_schema_answers_$name.json"
    exec node "$here/compare_schemas.js" "$work/oracle_schema_answers_$name.json" --ferry "$ferry" \
      --min-agreement 100
    ;;
  corpus-schemas|corpus-schemas-selftest)
    if [ ! -d "$input/corpus" ] || { [ "$mode" != corpus-schemas ] && [ ! -d "$input/oracle/corpus-schemas" ]; }; then
      echo "SKIPPED: ../shared is absent ($input)"
      exit 77
    fi
    "$dump_exe" "$input/corpus" --recursive --out "$work/$mode.dump.json"
    node "$here/describe_nodes.js" "$work/$mode.dump.json" "$work/$mode.answers.json"
    if [ "$mode" = corpus-schemas ]; then
      exec node "$here/compare_schemas.js" "$work/$mode.answers.json" --ferry "$ferry" --known "$known"
    fi
    exec node "$here/compare_schemas.js" "$work/$mode.answers.json" --self-test "$input/oracle/corpus-schemas"
    ;;
  *)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
