#!/usr/bin/env node
// Turns the probes of probe_functions.js into the rows of scalar_functions.tsv.
//
//   node propose_catalog.js <raw.jsonl> <hand_rules.tsv> <out.tsv> [<review.txt>]
//
// For each probed function it proposes:
//   min_args / max_args  the arities at which some call type-checked (-1 when the longest
//                        probe, 9 arguments, did);
//   arguments            per position, every class except those probed and never accepted there
//                        (`const` when only constants were);
//   returns              the first rule that reproduces every accepted probe: a fixed type,
//                        argN, element/array/nullable of one, typearg(N), withtz(...); `?` when
//                        none does (review.txt then lists what ClickHouse answered);
//   flags                raw-nulls / raw-lc / lc-strip / dynamic=... when the Nullable, NULL, Dynamic and
//                        LowCardinality probes differ from ClickHouse's default handling.
// hand_rules.tsv (name, min_args, max_args, arguments, returns, note) overrides any of these
// for the rows that need a rule written in code; its non-empty fields win.
"use strict";
const fs = require("fs");
const path = require("path");
const S = require("./probe_samples");

const CHDB = process.env.CHDB_MODULE ||
  path.resolve(__dirname, "../../../tests/oracle/node_modules/chdb");

// ---- Type strings -------------------------------------------------------------------------------
function unwrap(type, family) {
  const prefix = family + "(";
  return type.startsWith(prefix) && type.endsWith(")") ? type.slice(prefix.length, -1) : null;
}
/// As ClickHouse's makeNullable for function results: Nullable(Tuple(...)) is allowed there.
function canBeInsideNullable(t) {
  return !/^(Nullable|LowCardinality|Array|Map|Variant|Dynamic|JSON|Nested|AggregateFunction|Object|Nothing$)/.test(t) &&
    !/^(Point|Ring|Polygon|MultiPolygon|LineString|MultiLineString|Geometry)$/.test(t);
}
function nullable(t) { return canBeInsideNullable(t) ? `Nullable(${t})` : t; }
function canBeInsideLowCardinality(t) {
  const inner = unwrap(t, "Nullable") || t;
  return /^(U?Int(8|16|32|64|128|256)|BFloat16|Float(32|64)|Bool|String|FixedString\(\d+\)|Date|Date32|DateTime(\('.*'\))?|Time|UUID|IPv4|IPv6)$/.test(inner);
}
function lowCardinality(t) { return canBeInsideLowCardinality(t) ? `LowCardinality(${t})` : t; }

const C_TYPE_NAME = "UInt8";  // what the c_type sample names
const C_TZ = "UTC";

// ---- Probes ------------------------------------------------------------------------------------
const WRAPPED = new Set(["nullable", "lowcardinality", "nothing"]);
const IGNORED = new Set(["dyn", "var"]);  // Dynamic / Variant dispatch is not modelled by rows

function parseProbes(rec) {
  return rec.probes.map(([key, result]) => {
    const args = key === "" ? [] : key.split(",");
    return { args, result, ok: !result.startsWith("!") };
  });
}
function isPlain(p) {
  return p.args.every((a) => !IGNORED.has(a) && !WRAPPED.has(S.SAMPLES.get(a).cls) && !a.startsWith("k_"));
}

// ---- Rule candidates -----------------------------------------------------------------------------
function argType(p, i) {
  const n = i < 0 ? p.args.length + i : i;
  return n >= 0 && n < p.args.length ? S.SAMPLES.get(p.args[n]).type : null;
}
function timezoneOf(type) {
  const m = type.match(/^DateTime(?:64\(\d+)?(?:,\s*)?\(?'(.*)'\)$/) || type.match(/^DateTime64\(\d+, '(.*)'\)$/);
  return m ? m[1] : "";
}
function withTz(base, tz) {
  if (base === "DateTime") return tz ? `DateTime('${tz}')` : "DateTime";
  const p = base.match(/^DateTime64\((\d+)\)$/)[1];
  return tz ? `DateTime64(${p}, '${tz}')` : `DateTime64(${p})`;
}

/// Each candidate: [rule text, function(probe) -> expected type or null].
function candidates(maxArity) {
  const out = [];
  for (let i = 0; i < maxArity; ++i) {
    const a = (p) => argType(p, i);
    out.push([`arg${i}`, a]);
    out.push([`element(arg${i})`, (p) => (a(p) && unwrap(a(p), "Array"))]);
    out.push([`array(arg${i})`, (p) => (a(p) && `Array(${a(p)})`)]);
    out.push([`nullable(arg${i})`, (p) => (a(p) && nullable(a(p)))]);
    out.push([`typearg(${i})`, (p) => (p.args[i] === "c_type" ? C_TYPE_NAME : null)]);
    out.push([`nullable(typearg(${i}))`, (p) => (p.args[i] === "c_type" ? nullable(C_TYPE_NAME) : null)]);
  }
  for (let tzArg = 0; tzArg <= maxArity; ++tzArg)
    for (const base of ["DateTime", "DateTime64(3)", "DateTime64(6)", "DateTime64(9)"]) {
      out.push([`nullable(withtz(${base}, ${tzArg}))`, (p) => {
        const t = withTzExpect(base, tzArg, p);
        return t && nullable(t);
      }]);
      out.push([`withtz(${base}, ${tzArg})`, (p) => withTzExpect(base, tzArg, p)]);
    }
  return out;
}

/// withtz(base, tzArg) on a probe: the zone is the c_tz argument at tzArg when the call has
/// one, else the zone of the first DateTime argument.
function withTzExpect(base, tzArg, p) {
  let tz = "";
  if (tzArg < p.args.length) {
    if (p.args[tzArg] !== "c_tz") return null;
    tz = C_TZ;
  } else {
    for (const a of p.args) {
      const t = S.SAMPLES.get(a).type;
      if (t.startsWith("DateTime")) { tz = timezoneOf(t); break; }
    }
  }
  return withTz(base, tz);
}

/// A composite result seen only with one container sample (one map, one array type) may just
/// echo that sample (`mapAdd(m, m)` is `Map(String, UInt64)` because `m` is): not a fixed type.
function fromOneContainer(accepted, result) {
  if (!/^(Array|Map|Tuple)\(/.test(result)) return false;
  const containerTypes = new Set();
  for (const p of accepted)
    for (const a of p.args) {
      const t = S.SAMPLES.get(a).type;
      if (/^(Array|Map|Tuple)\(/.test(t)) containerTypes.add(t);
    }
  return containerTypes.size === 1;
}

/// The rule text that reproduces every accepted plain probe, or null.
function inferRule(accepted, maxArity) {
  if (!accepted.length) return null;
  const results = new Set(accepted.map((p) => p.result));
  // A function that answers with the type argument must not be read as a fixed UInt8.
  const usesTypeArg = accepted.every((p) => p.args.includes("c_type"));
  if (results.size === 1 && !usesTypeArg && !fromOneContainer(accepted, [...results][0])) return [...results][0];
  for (const [rule, expect] of candidates(maxArity))
    if (accepted.every((p) => expect(p) === p.result)) return rule;
  return null;
}

/// For the review: the candidate that explains most probes, and the probes it does not.
function nearestRule(accepted, maxArity) {
  let best = null, bestMisses = null;
  const fixed = accepted.length ? accepted[0].result : null;
  const all = [[fixed, () => fixed], ...candidates(maxArity)];
  for (const [rule, expect] of all) {
    const misses = accepted.filter((p) => expect(p) !== p.result);
    if (!bestMisses || misses.length < bestMisses.length) { best = rule; bestMisses = misses; }
  }
  return best ? `nearest: ${best}, misses ${bestMisses.slice(0, 4).map((p) => `(${p.args.join(",")}) -> ${p.result}`).join("; ")}` : "";
}

/// Evaluates a rule text on a probe (the subset propose understands), for the flag checks.
function expectFor(rule, maxArity) {
  if (!rule || rule === "?" || rule.startsWith("@") || rule.startsWith("supertype")) return null;
  for (const [text, f] of candidates(maxArity)) if (text === rule) return f;
  return () => rule;  // a fixed type
}

// ---- Flags ---------------------------------------------------------------------------------------
/// How a function treats NULL / Nullable / LowCardinality arguments, as modes that each probe
/// either satisfies or not; the first mode (in preference order) that every probe satisfies
/// wins. Defaults (no flag written): null=nothing, nullable=propagate, lc=propagate.
const NULL_MODES = ["nothing", "rule", "error"];
const NULLABLE_MODES = ["propagate", "rule", "error"];
const LC_MODES = ["propagate", "strip", "rule"];

function chooseMode(modes, satisfied) {
  for (const m of modes) if (satisfied.every((s) => s.has(m))) return { mode: m, clean: true };
  // No single mode explains everything: the most often satisfied one, flagged for review.
  let best = modes[0], bestCount = -1;
  for (const m of modes) {
    const n = satisfied.filter((s) => s.has(m)).length;
    if (n > bestCount) { best = m; bestCount = n; }
  }
  return { mode: best, clean: satisfied.length === 0 };
}

function inferFlags(probes, rule, maxArity) {
  const byKey = new Map(probes.map((p) => [p.args.join(","), p]));
  const expect = expectFor(rule, maxArity);
  const raw = (q) => (expect ? expect({ args: q.args }) : null);
  const nullSat = [], nullableSat = [], lcSat = [], dynSat = [];
  for (const p of probes) {
    if (!p.ok || !isPlain(p)) continue;
    p.args.forEach((a, i) => {
      const swap = (sub) => byKey.get(p.args.map((x, j) => (j === i ? sub : x)).join(","));
      // A Dynamic argument in place of a plain one (ClickHouse's default implementation for
      // Dynamic runs the function per variant): the result as is, Nullable, or Dynamic.
      const dq = swap("dyn");
      if (dq && dq.ok) {
        const s = new Set();
        if (dq.result === nullable(p.result)) s.add("nullable");
        if (dq.result === "Dynamic") s.add("dynamic");
        dynSat.push(s);
      }
      const q = swap("c_null");
      if (q) {
        const s = new Set();
        if (q.result === "Nullable(Nothing)") s.add("nothing");
        if (!q.ok) s.add("error");
        if (q.ok && raw(q) === q.result) s.add("rule");
        nullSat.push(s);
      }
      const twin = S.NULLABLE_TWIN[a];
      const t = twin && swap(twin);
      if (t) {
        const s = new Set();
        if (t.result === nullable(p.result)) s.add("propagate");
        if (!t.ok) s.add("error");
        if (t.ok && raw(t) === t.result) s.add("rule");
        nullableSat.push(s);
      }
      if (S.LOWCARD_TWIN[a]) {
        const rest = p.args.map((x, j) => (j === i ? x : (S.SAMPLES.has(`k_${x}`) ? `k_${x}` : x)));
        const base = byKey.get(rest.join(","));
        const lc = byKey.get(rest.map((x, j) => (j === i ? "lc" : x)).join(","));
        if (!base || !lc || !base.ok) return;
        const s = new Set();
        if (lc.result === lowCardinality(base.result)) s.add("propagate");
        if (lc.result === base.result) s.add("strip");
        if (lc.ok && expect && expect({ args: rest.map((x, j) => (j === i ? "lc" : x)) }) === lc.result) s.add("rule");
        lcSat.push(s);
      }
    });
  }
  const flags = [];
  const problems = [];
  const nul = chooseMode(NULL_MODES, nullSat);
  const nbl = chooseMode(NULLABLE_MODES, nullableSat);
  const lcm = chooseMode(LC_MODES, lcSat);
  if (nul.mode === "rule" && nbl.mode === "rule") flags.push("raw-nulls");
  else {
    if (nul.mode !== "nothing") flags.push(`null=${nul.mode}`);
    if (nbl.mode !== "propagate") flags.push(`nullable=${nbl.mode}`);
  }
  if (lcm.mode === "strip") flags.push("lc-strip");
  if (lcm.mode === "rule") flags.push("raw-lc");
  // Written only when every Dynamic probe agrees (no flag: the rule sees Dynamic as it is).
  for (const m of ["nullable", "dynamic"])
    if (dynSat.length && dynSat.every((x) => x.has(m))) { flags.push(`dynamic=${m}`); break; }
  if (!nul.clean) problems.push("NULL arguments");
  if (!nbl.clean) problems.push("Nullable arguments");
  if (!lcm.clean) problems.push("LowCardinality arguments");
  return { flags, review: problems.length ? `no handling mode explains all probes of: ${problems.join(", ")}` : null };
}

// ---- Arguments -----------------------------------------------------------------------------------
const ALL_CLASSES = ["uint8", "uint16", "uint32", "uint64", "uint128", "uint256", "int8", "int16", "int32",
  "int64", "int128", "int256", "bfloat16", "float32", "float64", "decimal", "bool", "string", "fixedstring",
  "date", "date32", "datetime", "datetime64", "time", "uuid", "ipv4", "ipv6", "enum", "array", "tuple", "map",
  "json", "dynamic", "variant", "interval", "lambda", "state", "nothing", "other"];
const UINTS = ["uint8", "uint16", "uint32", "uint64", "uint128", "uint256"];
const INTS = ["int8", "int16", "int32", "int64", "int128", "int256"];
const FLOATS = ["bfloat16", "float32", "float64"];
const SHORTHANDS = [
  ["number", [...UINTS, ...INTS, ...FLOATS, "decimal"]], ["native", [...UINTS, ...INTS, ...FLOATS]],
  ["integer", [...UINTS, ...INTS]], ["uint", UINTS], ["int", INTS], ["float", FLOATS],
  ["strings", ["string", "fixedstring"]],
  ["temporal", ["date", "date32", "datetime", "datetime64"]], ["dates", ["date", "date32"]],
  ["datetimes", ["datetime", "datetime64"]],
];
/// Classes never checked against a constraint (argument_classes.cpp isCheckedClass).
const UNCHECKED = new Set(["dynamic", "variant", "time", "state", "other"]);
function shorthandText(set) {
  const left = new Set(set);
  const words = [];
  for (const [name, members] of SHORTHANDS)
    if (members.every((m) => left.has(m))) { words.push(name); members.forEach((m) => left.delete(m)); }
  for (const c of ALL_CLASSES) if (left.has(c)) words.push(c);
  return words.join("|");
}
/// The shorter of "what is allowed" and "!what is not": classes never tried at a position are
/// allowed (the probes only say no to what they asked about).
function classSetText(accepted, tried) {
  // A width family (uint, int, float) that was tried and never accepted is rejected whole, also
  // at the widths the grid did not try.
  for (const members of [UINTS, INTS, FLOATS])
    if (members.some((m) => tried.has(m)) && !members.some((m) => accepted.has(m))) members.forEach((m) => tried.add(m));
  const rejected = ALL_CLASSES.filter((c) => tried.has(c) && !accepted.has(c) && !UNCHECKED.has(c));
  if (!rejected.length) return "any";
  const allowed = ALL_CLASSES.filter((c) => !rejected.includes(c) && !UNCHECKED.has(c));
  const positive = shorthandText(allowed);
  const negative = "!" + shorthandText(rejected);
  return positive.length <= negative.length ? positive : negative;
}

function inferArguments(probes, maxArity) {
  // Only calls of an arity ClickHouse accepts say anything about argument types.
  const arities = new Set(probes.filter((p) => p.ok && isPlain(p)).map((p) => p.args.length));
  const variadicFrom = Math.max(0, ...arities);
  const arityOk = (n) => arities.has(n) || (arities.has(9) && n >= variadicFrom);
  const specs = [];
  for (let i = 0; i < maxArity; ++i) {
    const tried = new Set(), accepted = new Set();
    let column_ok = false, constant_ok = false;
    for (const p of probes) {
      if (p.args.length <= i || !arityOk(p.args.length)) continue;
      // Plain calls, and plain calls with NULL in this position (the class `nothing`).
      if (!isPlain({ args: p.args.map((a, j) => (j === i && a === "c_null" ? "u8" : a)) })) continue;
      const sample = S.SAMPLES.get(p.args[i]);
      tried.add(sample.cls);
      if (p.ok) {
        accepted.add(sample.cls);
        if (sample.column) column_ok = true; else constant_ok = true;
      }
    }
    const needsConstant = constant_ok && !column_ok;
    specs.push((needsConstant ? "const " : "") + classSetText(accepted, tried));
  }
  // Trailing identical specs collapse (the last one repeats).
  while (specs.length > 1 && specs[specs.length - 1] === specs[specs.length - 2]) specs.pop();
  if (specs.length === 1 && specs[0] === "any") return "";
  return specs.join(", ");
}

// ---- Rows ----------------------------------------------------------------------------------------
function readHandRules(file) {
  const rules = new Map();
  if (!fs.existsSync(file)) return rules;
  const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => !l.startsWith("#"));
  const header = lines[0].split("\t");
  for (const line of lines.slice(1)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const f = line.split("\t");
    const row = {};
    header.forEach((h, i) => { row[h] = (f[i] || "").trim(); });
    rules.set(row.name, row);
  }
  return rules;
}

function aliasCaseInsensitivity() {
  const { query } = require(CHDB);
  const out = new Map();
  for (const line of query("SELECT name, case_insensitive FROM system.functions WHERE alias_to != ''", "TSVRaw").split("\n")) {
    if (!line) continue;
    const [name, ci] = line.split("\t");
    out.set(name, ci === "1");
  }
  return out;
}

function proposeRow(rec, hand, aliasCi) {
  let probes = parseProbes(rec);
  const plainOk = probes.filter((p) => p.ok && isPlain(p));
  const arities = plainOk.map((p) => p.args.length);
  let min_args = arities.length ? Math.min(...arities) : 0;
  let max_args = arities.length ? Math.max(...arities) : -1;
  // Arities above 6 were only probed at 9: a function taking 6 may take 7 or 8 as well.
  if (max_args >= 6) max_args = -1;
  const maxTested = Math.max(0, ...probes.map((p) => p.args.length));
  const widest = max_args < 0 ? maxTested : max_args;
  let returns = inferRule(plainOk, widest) || "?";
  // Date functions also take an interval (toDayOfMonth(INTERVAL 1 DAY) is Int64); when only
  // that overload stands in the way, the row types the date overloads and rejects intervals.
  if (returns === "?") {
    const withoutInterval = plainOk.filter((p) => !p.args.includes("c_interval"));
    const rule = withoutInterval.length < plainOk.length && inferRule(withoutInterval, widest);
    if (rule) {
      returns = rule;
      probes = probes.map((p) => (p.args.includes("c_interval") ? { ...p, ok: false, result: "!INTERVAL_OVERLOAD" } : p));
    }
  }
  let args = inferArguments(probes, Math.min(widest, 6));
  let review = returns === "?" ? `no declarative rule fits; ${nearestRule(plainOk, widest)}` : null;
  if (hand) {
    if (hand.min_args) min_args = Number(hand.min_args);
    if (hand.max_args) max_args = Number(hand.max_args);
    if (hand.arguments) args = hand.arguments === "-" ? "" : hand.arguments;
  }
  const baseRule = hand && hand.returns ? hand.returns.split(";")[0].trim() : returns;
  const flags = inferFlags(probes, baseRule, widest);
  if (hand && hand.returns) {
    // A hand rule without flags gets the handling the probes show (`;` in it: as written).
    returns = hand.returns.includes(";") || !flags.flags.length ? hand.returns : `${hand.returns}; ${flags.flags.join(" ")}`;
    review = null;
  } else if (returns !== "?") {
    if (flags.flags.length) returns += "; " + flags.flags.join(" ");
    if (flags.review) review = flags.review;
  }
  const aliases = rec.aliases.map((a) => (aliasCi.get(a) ? `${a}*` : a)).join(",");
  // Hover text: markdown links keep their text only.
  const description = (rec.description || "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\t/g, " ");
  return {
    row: [rec.name, aliases, rec.case_insensitive ? "1" : "0", "scalar", String(min_args), String(max_args),
      args, returns, description],
    review, plainOk,
  };
}

function main() {
  const [raw, handFile, out, reviewFile] = process.argv.slice(2);
  if (!raw || !handFile || !out) {
    console.error("usage: node propose_catalog.js <raw.jsonl> <hand_rules.tsv> <out.tsv> [<review.txt>]");
    process.exit(2);
  }
  const hand = readHandRules(handFile);
  const aliasCi = aliasCaseInsensitivity();
  const rows = [];
  const review = [];
  let typed = 0;
  for (const line of fs.readFileSync(raw, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line);
    const r = proposeRow(rec, hand.get(rec.name), aliasCi);
    rows.push(r.row);
    if (r.row[7] !== "?") ++typed;
    if (r.review) {
      const seen = new Map();
      for (const p of r.plainOk) if (!seen.has(p.result)) seen.set(p.result, p.args.join(","));
      review.push(`${rec.name}: ${r.review}\n  ${[...seen].slice(0, 12).map(([t, a]) => `(${a}) -> ${t}`).join("\n  ")}`);
    }
  }
  // Hand rows for names system.functions does not list (parser rewrites such as date_add,
  // internal ones such as _CAST): they need every field from hand_rules.tsv.
  const probed = new Set(rows.map((r) => r[0]));
  for (const [name, h] of hand) {
    if (probed.has(name) || !h.returns) continue;
    rows.push([name, h.aliases || "", h.case_insensitive || "0", "scalar", h.min_args || "0", h.max_args || "-1",
      h.arguments && h.arguments !== "-" ? h.arguments : "", h.returns, h.description || h.note || ""]);
    ++typed;
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const header = ["name", "aliases", "case_insensitive", "kind", "min_args", "max_args", "arguments", "returns", "description"];
  fs.writeFileSync(out, [header, ...rows].map((r) => r.join("\t")).join("\n") + "\n");
  if (reviewFile) fs.writeFileSync(reviewFile, review.join("\n") + "\n");
  console.error(`${rows.length} rows, ${typed} with a rule, ${review.length} to review`);
}

main();
