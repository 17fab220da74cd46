#!/usr/bin/env node
// Probes every scalar function of ClickHouse 26.7 (embedded chDB) for the argument types it
// accepts and the type it returns, so that the catalog's rules come from ClickHouse itself and
// not from documentation prose.
//
//   node probe_functions.js <out.jsonl> [--only name1,name2]
//
// For each function of system.functions that is not an aggregate and not an alias, it runs
// `DESCRIBE (SELECT f(args) FROM p)` over a grid of argument samples (probe_samples.js): columns
// of an empty table, so nothing is executed, plus the constants some arguments must be. It writes
// one JSON line per function: its name, aliases, case-insensitivity, category, first sentence of
// its description, and every probe as [comma-separated sample names, result type or "!ERROR_CODE"].
// Functions already in <out.jsonl> are skipped, so a run can be resumed; `<out>.current` names the
// function being probed (left there if chDB crashes on it; run_probes.sh then skips it).
// The output is large and stays out of the repository; propose_catalog.js turns it into rows.
"use strict";
const fs = require("fs");
const path = require("path");
const S = require("./probe_samples");

const CHDB = process.env.CHDB_MODULE ||
  path.resolve(__dirname, "../../../tests/oracle/node_modules/chdb");
const { Session } = require(CHDB);

const ARITY_ERRORS = new Set(["NUMBER_OF_ARGUMENTS_DOESNT_MATCH", "TOO_MANY_ARGUMENTS_FOR_FUNCTION",
  "TOO_FEW_ARGUMENTS_FOR_FUNCTION"]);
const MAX_ARITY = 6;
const VARIADIC_PROBE_ARITY = 9;

function errorCode(message) {
  const all = [...message.matchAll(/\(([A-Z][A-Z0-9_]+)\)/g)];
  if (all.length) return all[all.length - 1][1];
  const m = message.match(/Code: (\d+)/);
  return m ? `CODE_${m[1]}` : "UNKNOWN";
}

function firstSentence(text) {
  const t = (text || "").replace(/```[\s\S]*?```/g, " ").replace(/:::[\s\S]*?:::/g, " ")
    .replace(/\s+/g, " ").trim();
  const m = t.match(/^(.+?[.!?])(\s|$)/);
  let s = (m ? m[1] : t).replace(/\t/g, " ");
  if (s.length > 200) s = s.slice(0, 197).replace(/\s+\S*$/, "") + "...";
  return s;
}

class Prober {
  constructor(session, fn) {
    this.session = session;
    this.fn = fn;
    this.results = new Map();
  }

  /// Probes f(args) once; returns the result type or "!CODE".
  call(args) {
    const key = args.join(",");
    if (this.results.has(key)) return this.results.get(key);
    const sqlArgs = args.map((a) => S.SAMPLES.get(a).sql).join(", ");
    const sql = `DESCRIBE (SELECT \`${this.fn}\`(${sqlArgs}) FROM p)`;
    let result;
    try {
      const out = this.session.query(sql, "TSVRaw");
      result = out.split("\n")[0].split("\t")[1];
    } catch (e) {
      result = "!" + errorCode(String(e.message || e));
    }
    this.results.set(key, result);
    return result;
  }

  accepted(arity) {
    const out = [];
    for (const [key, r] of this.results) {
      const args = key === "" ? [] : key.split(",");
      if (args.length === arity && !r.startsWith("!")) out.push(args);
    }
    return out;
  }

  /// Signatures of one arity whose argument classes differ, at most `limit`; those with a
  /// result type not seen before come first, so each kind of call gets extended.
  representatives(arity, limit) {
    const seen_patterns = new Set();
    const seen_results = new Set();
    const first = [], rest = [];
    for (const args of this.accepted(arity)) {
      const pattern = args.map((a) => S.SAMPLES.get(a).cls).join(",");
      if (seen_patterns.has(pattern)) continue;
      seen_patterns.add(pattern);
      const r = this.results.get(args.join(","));
      (seen_results.has(r) ? rest : first).push(args);
      seen_results.add(r);
    }
    return [...first, ...rest].slice(0, limit);
  }

  isArityError(r) { return r.startsWith("!") && ARITY_ERRORS.has(r.slice(1)); }
}

function probeFunction(session, fn, higherOrder) {
  const p = new Prober(session, fn);
  p.call([]);
  // Arity 1: every sample.
  if (!p.isArityError(p.call(["u8"])) || !p.isArityError(p.call(["s"])))
    for (const a of S.UNARY) p.call([a]);
  // Arity 2: the grid (lambdas first for higher-order functions).
  const grid0 = higherOrder ? ["lam1", "lam2", ...S.GRID] : S.GRID;
  if (!p.isArityError(p.call(["u8", "u8"])) || !p.isArityError(p.call(["s", "s"])))
    for (const a of grid0) for (const b of S.GRID) p.call([a, b]);
  // Arity 3..MAX_ARITY: extend what type-checked at the arity below; without any, try
  // homogeneous calls and a small full grid.
  for (let k = 3; k <= MAX_ARITY; ++k) {
    const probe_arity = Array(k).fill("u8");
    if (p.isArityError(p.call(probe_arity)) && p.isArityError(p.call(Array(k).fill("s")))) continue;
    const bases = p.representatives(k - 1, k === 3 ? 8 : 4);
    if (bases.length) {
      for (const base of bases) for (const a of S.GRID) p.call([...base, a]);
    } else {
      for (const a of [...S.GRID, "lam1", "lam2"]) p.call(Array(k).fill(a));
      if (k === 3 && !p.accepted(3).length) {
        for (const a of S.GRID3_PREFIX) for (const b of S.GRID3_PREFIX) for (const c of S.GRID3_PREFIX)
          p.call([a, b, c]);
      } else if (!p.accepted(k).length) {
        for (const a of S.GRID3_PREFIX) for (const b of S.GRID) p.call([a, ...Array(k - 1).fill(b)]);
      }
    }
    // Vary each position of a few accepted calls over the whole grid: per-position classes.
    if (k === 3) for (const base of p.representatives(k, 3))
      for (let i = 0; i < k; ++i)
        for (const a of S.GRID) p.call(base.map((x, j) => (j === i ? a : x)));
  }
  // Variadic: repeat the tail of the longest accepted call.
  for (let k = MAX_ARITY; k >= 1; --k) {
    const reps = p.representatives(k, 4);
    if (!reps.length) continue;
    for (const base of reps) {
      const one = [...base];
      while (one.length < VARIADIC_PROBE_ARITY) one.push(base[base.length - 1]);
      p.call(one);
      if (base.length >= 2) {
        const two = [...base];
        while (two.length < VARIADIC_PROBE_ARITY) two.push(base[two.length % 2 === base.length % 2 ? base.length - 2 : base.length - 1]);
        p.call(two);
      }
    }
    break;
  }
  // Nullable, NULL and LowCardinality behaviour of accepted calls.
  for (let k = 1; k <= MAX_ARITY; ++k) {
    for (const base of p.representatives(k, 12)) {
      for (let i = 0; i < k; ++i) {
        const twin = S.NULLABLE_TWIN[base[i]];
        if (twin) p.call(base.map((x, j) => (j === i ? twin : x)));
        p.call(base.map((x, j) => (j === i ? "c_null" : x)));
        if (S.LOWCARD_TWIN[base[i]]) {
          const constant_rest = base.map((x, j) => (j === i ? x : (S.SAMPLES.has(`k_${x}`) ? `k_${x}` : x)));
          p.call(constant_rest);
          p.call(constant_rest.map((x, j) => (j === i ? S.LOWCARD_TWIN[x] : x)));
          p.call(constant_rest.map((x, j) => (j === i ? "lcn" : x)));
        }
      }
    }
  }
  return [...p.results].map(([k, r]) => [k, r]);
}

function main() {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node probe_functions.js <out.jsonl> [--only a,b]");
    process.exit(2);
  }
  const only_i = process.argv.indexOf("--only");
  const only = only_i > 0 ? new Set(process.argv[only_i + 1].split(",")) : null;
  const done = new Set();
  if (fs.existsSync(out))
    for (const line of fs.readFileSync(out, "utf8").split("\n"))
      if (line.trim()) done.add(JSON.parse(line).name);

  const session = new Session();
  session.query("SET allow_suspicious_low_cardinality_types = 1");
  session.query("SET print_pretty_type_names = 0");
  session.query(S.createTableSql());
  const rows = session.query(
    "SELECT name, is_aggregate, case_insensitive, alias_to, categories, description, higher_order " +
    "FROM system.functions ORDER BY name FORMAT JSONEachRow", "JSONEachRow")
    .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  const aliases = new Map();
  for (const r of rows) if (r.alias_to) {
    if (!aliases.has(r.alias_to)) aliases.set(r.alias_to, []);
    aliases.get(r.alias_to).push(r.name);
  }
  const targets = rows.filter((r) => !r.is_aggregate && !r.alias_to && !r.name.startsWith("_") &&
    (!only || only.has(r.name)) && !done.has(r.name));
  let n = 0;
  const t0 = Date.now();
  for (const r of targets) {
    fs.writeFileSync(out + ".current", r.name);
    const probes = probeFunction(session, r.name, r.higher_order === 1);
    const rec = {
      name: r.name, aliases: aliases.get(r.name) || [], case_insensitive: !!r.case_insensitive,
      category: r.categories, higher_order: r.higher_order === 1,
      description: firstSentence(r.description), probes,
    };
    fs.appendFileSync(out, JSON.stringify(rec) + "\n");
    if (++n % 50 === 0)
      console.error(`${n}/${targets.length} functions, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  fs.rmSync(out + ".current", { force: true });
  session.cleanup();
}

main();
