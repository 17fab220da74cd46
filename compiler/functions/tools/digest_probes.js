#!/usr/bin/env node
// A small, checked-in sample of the raw probes (tests/functions/data/probe_digest.tsv) so that
// ctest can replay ClickHouse's answers through typeCall without the large raw file.
//
//   node digest_probes.js <raw.jsonl> <out.tsv> [accepted_per_function] [rejected_per_function]
//
// Per function: accepted calls with the most varied results first (plain arguments, then
// Nullable / NULL / LowCardinality variants), and a few rejected calls whose error is about
// types (not a constant's value). Deterministic: same input, same digest.
"use strict";
const fs = require("fs");

const VALUE_ERRORS = /^!(CANNOT_|INCORRECT_DATA|TOO_LARGE_STRING_SIZE|TLD_LIST_NOT_FOUND|UNKNOWN_TABLE|UNKNOWN_DATABASE|UNKNOWN_DISK|FILE_DOESNT_EXIST|CLUSTER_DOESNT_EXIST|NO_ELEMENTS_IN_CONFIG|UNKNOWN_FORMAT|STD_EXCEPTION|UNKNOWN_SETTING|ZERO_ARRAY_OR_TUPLE_INDEX|ARGUMENT_OUT_OF_BOUND|BAD_GET|UNKNOWN_AGGREGATE_FUNCTION|BAD_ARGUMENTS|UNKNOWN_TYPE|SYNTAX_ERROR|SUPPORT_IS_DISABLED)/;

const [raw, out, acceptedN = "6", rejectedN = "2"] = process.argv.slice(2);
if (!raw || !out) {
  console.error("usage: node digest_probes.js <raw.jsonl> <out.tsv> [accepted] [rejected]");
  process.exit(2);
}
const lines = ["function\targs\tresult"];
for (const line of fs.readFileSync(raw, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const rec = JSON.parse(line);
  const probes = rec.probes.filter(([k]) => !/(^|,)(dyn|var)(,|$)/.test(k));
  const ok = probes.filter(([, r]) => !r.startsWith("!"));
  const seen = new Set();
  const first = [], rest = [];
  for (const p of ok) (seen.has(p[1]) ? rest : first).push(p), seen.add(p[1]);
  const wrapped = (k) => /(^|,)(n_|lc|c_null)/.test(k);
  const pick = [...first.filter((p) => !wrapped(p[0])), ...first.filter((p) => wrapped(p[0])), ...rest]
    .slice(0, Number(acceptedN));
  // Rejections at an arity ClickHouse accepts say something about argument types.
  const arity = (k) => (k === "" ? 0 : k.split(",").length);
  const arities = new Set(ok.map(([k]) => arity(k)));
  const rejected = probes.filter(([k, r]) => r.startsWith("!") && !VALUE_ERRORS.test(r) && arities.has(arity(k)))
    .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / Number(rejectedN))) === 0)
    .slice(0, Number(rejectedN));
  for (const [k, r] of [...pick, ...rejected]) lines.push(`${rec.name}\t${k}\t${r}`);
}
fs.writeFileSync(out, lines.join("\n") + "\n");
console.error(`${lines.length - 1} probes`);
