#!/usr/bin/env bash
# `ferry check` on broken projects: every case must end with the expected diagnostic IDs and
# exit code 1 (or 0/1 where nothing is guaranteed), valid JSON and readable text output, and
# never a crash, a hang or a sanitizer report.
#
# Usage: malformed_input_test.sh <path-to-ferry>
set -uo pipefail
ferry=$1
# Sanitizer builds exit 1 on a report by default, which is also "errors found".
export ASAN_OPTIONS="exitcode=86:${ASAN_OPTIONS:-}" UBSAN_OPTIONS="exitcode=86:${UBSAN_OPTIONS:-}"
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-malformed-XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

# expect <case> <expected-exit: 1 | any> <ID...>: runs `ferry check` on $work/<case> in both
# output formats and checks the exit code and that each ID is reported.
expect() {
  local name=$1 want=$2
  shift 2
  local dir=$work/$name out rc
  cases=$((cases + 1))
  out=$(timeout 60 "$ferry" check --format json "$dir" 2>"$work/$name.err")
  rc=$?
  if [ $rc -ge 124 ]; then
    echo "FAIL $name: ferry check died (exit $rc)"; sed -n 1,20p "$work/$name.err"; failures=$((failures + 1)); return
  fi
  if grep -qE 'Sanitizer|runtime error:' "$work/$name.err"; then
    echo "FAIL $name: sanitizer report"; sed -n 1,30p "$work/$name.err"; failures=$((failures + 1))
  fi
  if [ "$want" != any ] && [ $rc -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; failures=$((failures + 1))
  elif [ $rc -gt 1 ]; then
    echo "FAIL $name: exit $rc (usage error?)"; failures=$((failures + 1))
  fi
  if ! printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert isinstance(d["diagnostics"], list)' 2>/dev/null; then
    echo "FAIL $name: --format json did not print a diagnostics document"; failures=$((failures + 1))
  fi
  local id
  for id in "$@"; do
    if ! printf '%s' "$out" | grep -q "\"id\": *\"$id\""; then
      echo "FAIL $name: $id not reported"; printf '%s\n' "$out" | head -c 2000; echo; failures=$((failures + 1))
    fi
  done
  timeout 60 "$ferry" check "$dir" >"$work/$name.txt" 2>&1
  rc=$?
  if [ $rc -gt 1 ] || grep -qE 'Sanitizer|runtime error:' "$work/$name.txt"; then
    echo "FAIL $name: text output run exited $rc"; sed -n 1,20p "$work/$name.txt"; failures=$((failures + 1))
  fi
}

# mk <case> <file> : writes stdin into $work/<case>/<file>.
mk() { mkdir -p "$work/$1"; cat >"$work/$1/$2"; }

printf '' | mk empty_pipe empty.pipe
expect empty_pipe 1 DF_PIPE_WITHOUT_NODES

printf '' | mk empty_datasource empty.datasource
expect empty_datasource 1 DF_SCHEMA_MISSING

printf 'SCHEMA >\n    `a` Array(Tuple(String, ' | mk truncated_schema t.datasource
expect truncated_schema 1 DF_SCHEMA_UNCLOSED

printf 'NODE n\nSQL >\n    SELECT a, b FROM t WHERE (x = 1 AND' | mk truncated_sql t.pipe
expect truncated_sql 1 SQL_SYNTAX_ERROR

printf "NODE n\nSQL >\n    SELECT 'abc FROM t\n" | mk unbalanced_quote_sql q.pipe
expect unbalanced_quote_sql 1 SQL_SYNTAX_ERROR

printf 'DESCRIPTION "never closed\nNODE n\nSQL >\n    SELECT 1\n' | mk unbalanced_quote_directive q.pipe
expect unbalanced_quote_directive any

printf 'NODE n\nSQL >\n    SELECT ((1 + 2) * (3 FROM t\n' | mk unbalanced_parens p.pipe
expect unbalanced_parens 1 SQL_SYNTAX_ERROR

printf 'NODE n\nSQL >\n    SELECT `a FROM t\n' | mk unbalanced_backtick_sql b.pipe
expect unbalanced_backtick_sql 1 SQL_SYNTAX_ERROR

printf 'SCHEMA >\n    `a String,\n    b Int32\n' | mk unbalanced_backtick_schema b.datasource
expect unbalanced_backtick_schema 1 DF_SCHEMA_UNCLOSED_BACKTICK

printf 'FROBNICATE yes\nNODE n\nSQL >\n    SELECT 1\n' | mk unknown_directive u.pipe
expect unknown_directive 1 DF_UNKNOWN_DIRECTIVE

printf 'NODE n\nSQL >\n    %%\n    SELECT {{ column(c, 1)\n' | mk unclosed_template_tag t.pipe
expect unclosed_template_tag 1 TPL_UNCLOSED_OUTPUT

printf 'NODE n\nSQL >\n    %%\n    SELECT 1 {%% if defined(x) %%} AND 1\n' | mk unclosed_template_block t.pipe
expect unclosed_template_block 1 TPL_MISSING_END

printf 'INCLUDE "nowhere/missing.incl"\nNODE n\nSQL >\n    SELECT 1\n' | mk missing_include i.pipe
expect missing_include 1 DF_INCLUDE_NOT_FOUND

head -c 65536 /dev/urandom | mk binary_garbage g.pipe
head -c 65536 /dev/urandom | mk binary_garbage g.datasource
expect binary_garbage 1

printf 'NODE n\x00x\nSQL >\n    SELECT \xff\xfe\x80 FROM \xe2\x82\n' | mk invalid_utf8 u.pipe
# Bytes >= 0x80 are name characters to ClickHouse; the JSON output must stay valid (it threw once).
expect invalid_utf8 any

printf 'NODE n\r\nSQL >\r\n    SELECT 1\r\n\r\nTYPE endpoint\r' | mk crlf_truncated c.pipe
expect crlf_truncated 0

# A deeply nested expression is refused before it exhausts the stack.
{ printf 'NODE n\nSQL >\n    SELECT '; head -c 100000 /dev/zero | tr '\0' '('; echo 1; } | mk deep_nesting d.pipe
expect deep_nesting 1 SQL_TOO_DEEPLY_NESTED

# Very large files: an 8 MB description and a 5,000-branch UNION ALL node, both valid.
{ printf 'DESCRIPTION >\n'; head -c 8000000 /dev/zero | tr '\0' 'x'; printf '\n\nNODE n\nSQL >\n';
  for ((i = 0; i < 5000; i++)); do echo "    SELECT $i AS c UNION ALL"; done; printf '    SELECT 0 AS c\n\nTYPE endpoint\n'
} | mk very_large l.pipe
expect very_large 0

echo "$cases cases, $failures failures"
[ $failures -eq 0 ]
