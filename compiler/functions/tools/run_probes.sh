#!/usr/bin/env bash
# Runs probe_functions.js to completion: when chDB crashes on a function, that function is
# recorded as unprobed (a line with no probes) and the run resumes after it.
#   compiler/functions/tools/run_probes.sh <out.jsonl>
set -u
out=${1:?usage: run_probes.sh <out.jsonl>}
here=$(cd "$(dirname "$0")" && pwd)
for attempt in $(seq 1 50); do
  if node "$here/probe_functions.js" "$out"; then exit 0; fi
  if [[ -f "$out.current" ]]; then
    name=$(cat "$out.current")
    echo "chDB failed while probing $name; skipping it" >&2
    printf '{"name":"%s","aliases":[],"case_insensitive":false,"category":"","higher_order":false,"description":"","probes":[],"crashed":true}\n' "$name" >>"$out"
    rm -f "$out.current"
  else
    exit 1
  fi
done
exit 1
