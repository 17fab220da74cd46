// The merge oracle: random inserts into a table of each engine (keys with many duplicates,
// versions with ties, signs in valid and invalid orders, NULLs, several parts, partitions, TTL),
// applied by Ferry's store (merge_oracle_driver) and by ClickHouse 26.7 (chDB), then compared as
// row multisets twice: `SELECT * FROM t FINAL` over the inserted parts, and every row after
// `OPTIMIZE TABLE t FINAL`. AggregateFunction columns are compared through finalizeAggregation.
//
//   node merge_oracle.js --driver EXE --node-modules DIR --work DIR [--known FILE]
//                        [--seeds N] [--only REGEX] [--verbose]
//
// Mismatches listed in the known-differences file (case-name pattern, mode, reason) are reported
// but do not fail the run; anything else exits 1.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const driver = path.resolve(opt("--driver"));
const modules = path.resolve(opt("--node-modules", path.join(__dirname, "../oracle/node_modules")));
const work = path.resolve(opt("--work", fs.mkdtempSync("/tmp/ferry-merge-oracle-")));
const knownFile = opt("--known");
const seeds = Number(opt("--seeds", "6"));
const only = opt("--only") ? new RegExp(opt("--only")) : null;
const verbose = args.includes("--verbose");
const { Session } = require(path.join(modules, "chdb"));

// ---- random cases -----------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRandom(seed) {
  const rnd = mulberry32(seed);
  const r = {
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
    chance: (p) => rnd() < p,
    shuffle: (xs) => {
      for (let i = xs.length - 1; i > 0; --i) {
        const j = Math.floor(rnd() * (i + 1));
        [xs[i], xs[j]] = [xs[j], xs[i]];
      }
      return xs;
    },
  };
  // Cuts a row stream into 2..6 inserts (the stream's order kept: insertion order is meaning).
  r.split = (rows) => {
    const n = r.int(2, 6);
    const cuts = new Set();
    while (cuts.size < Math.min(n - 1, Math.max(0, rows.length - 1))) cuts.add(r.int(1, rows.length - 1));
    const sorted = [...cuts].sort((a, b) => a - b);
    const out = [];
    let at = 0;
    for (const c of [...sorted, rows.length]) {
      out.push(rows.slice(at, c));
      at = c;
    }
    return out.filter((x) => x.length);
  };
  return r;
}

const words = ["a", "b", "c", "xy", "", "zz"];
const dateTime = (r, expired) =>
  expired ? `2001-0${r.int(1, 9)}-1${r.int(0, 9)} 0${r.int(0, 9)}:00:00` : `2099-0${r.int(1, 9)}-1${r.int(0, 9)} 12:30:00`;
const decimal = (r) => `${r.int(-20, 20)}.${r.int(0, 9)}${r.pick([0, 5])}`;
const dyadic = (r) => r.int(-8, 8) / 4;

/// Each family: (random) => case without a name. `engine` gives Ferry's EngineSpec and ClickHouse's
/// engine clause; `columns` ClickHouse types.
const families = {
  merge_tree(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 40); ++i)
      rows.push({ k: r.int(0, 5), p: r.int(0, 2), s: r.chance(0.3) ? null : r.pick(words), lc: r.pick(words),
                  arr: Array.from({ length: r.int(0, 3) }, () => r.int(0, 255)), d: decimal(r) });
    return {
      engine: { kind: "MergeTree" }, order_by: ["k"], partition_by: "p",
      columns: [["k", "UInt16"], ["p", "UInt8"], ["s", "Nullable(String)"], ["lc", "LowCardinality(String)"],
                ["arr", "Array(UInt8)"], ["d", "Decimal(10, 2)"]],
      inserts: r.split(rows),
    };
  },
  merge_tree_ttl(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 30); ++i) rows.push({ k: r.int(0, 5), ts: dateTime(r, r.chance(0.5)), v: r.pick(words) });
    return { engine: { kind: "MergeTree" }, order_by: ["k"], ttl: "ts",
             columns: [["k", "UInt8"], ["ts", "DateTime"], ["v", "String"]], inserts: r.split(rows) };
  },
  replacing(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i) rows.push({ k: r.int(0, 4), k2: r.pick(["a", "b"]), v: `r${i}` });
    return { engine: { kind: "ReplacingMergeTree" }, order_by: ["k", "k2"],
             columns: [["k", "UInt8"], ["k2", "String"], ["v", "String"]], inserts: r.split(rows) };
  },
  replacing_ttl(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 40); ++i)
      rows.push({ k: r.int(0, 4), ver: r.int(0, 3), ts: dateTime(r, r.chance(0.4)), v: `r${i}` });
    return { engine: { kind: "ReplacingMergeTree", version: "ver" }, order_by: ["k"], ttl: "ts",
             columns: [["k", "UInt8"], ["ver", "UInt16"], ["ts", "DateTime"], ["v", "String"]], inserts: r.split(rows) };
  },
  replacing_version(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i) rows.push({ k: r.int(0, 4), ver: r.int(0, 3), v: `r${i}` });
    return { engine: { kind: "ReplacingMergeTree", version: "ver" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["ver", "UInt16"], ["v", "String"]], inserts: r.split(rows) };
  },
  replacing_is_deleted(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i)
      rows.push({ k: r.int(0, 5), ver: r.int(0, 3), del: r.chance(0.3) ? 1 : 0, v: `r${i}` });
    return { engine: { kind: "ReplacingMergeTree", version: "ver", is_deleted: "del" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["ver", "UInt32"], ["del", "UInt8"], ["v", "String"]], inserts: r.split(rows) };
  },
  replacing_nullable_key_partitioned(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i)
      rows.push({ k: r.chance(0.25) ? null : r.int(0, 3), p: r.int(0, 1), ver: r.int(0, 2), v: `r${i}` });
    return { engine: { kind: "ReplacingMergeTree", version: "ver" }, order_by: ["k"], partition_by: "p",
             columns: [["k", "Nullable(UInt8)"], ["p", "UInt8"], ["ver", "UInt32"], ["v", "String"]],
             inserts: r.split(rows) };
  },
  summing(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i)
      rows.push({ k: r.int(0, 5), name: `r${i}`, a: r.int(-3, 3), b: r.int(0, 255), c: r.chance(0.4) ? null : r.int(-5, 5),
                  f: dyadic(r), d: decimal(r) });
    return { engine: { kind: "SummingMergeTree" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["name", "String"], ["a", "Int64"], ["b", "UInt8"], ["c", "Nullable(Int32)"],
                       ["f", "Float64"], ["d", "Decimal(10, 2)"]],
             inserts: r.split(rows) };
  },
  summing_zero_rows(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 40); ++i)
      rows.push({ k: r.int(0, 6), p: r.int(0, 1), a: r.int(-1, 1), b: r.pick([0, 0, 1, -1]),
                  n: r.chance(0.8) ? null : r.int(-1, 1), lc: r.chance(0.8) ? null : r.pick([0, 0, 1, -1]) });
    return { engine: { kind: "SummingMergeTree" }, order_by: ["k"], partition_by: "p",
             columns: [["k", "UInt8"], ["p", "UInt8"], ["a", "Int32"], ["b", "Int16"], ["n", "Nullable(Int32)"],
                       ["lc", "LowCardinality(Nullable(Int64))"]],
             inserts: r.split(rows) };
  },
  summing_simple_aggregates(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 40); ++i)
      rows.push({ k: r.int(0, 6), a: r.int(-1, 1), mx: r.int(0, 2), mn: r.pick(words), name: `r${i}` });
    return { engine: { kind: "SummingMergeTree" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["a", "Int32"], ["mx", "SimpleAggregateFunction(max, UInt8)"],
                       ["mn", "SimpleAggregateFunction(min, String)"], ["name", "String"]],
             inserts: r.split(rows) };
  },
  summing_listed_columns(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 40); ++i) rows.push({ k: r.int(0, 4), a: r.int(-2, 5), b: r.int(0, 9), name: `r${i}` });
    return { engine: { kind: "SummingMergeTree", summing: ["a"] }, order_by: ["k"],
             columns: [["k", "UInt8"], ["a", "Int64"], ["b", "Int64"], ["name", "String"]], inserts: r.split(rows) };
  },
  summing_maps(r) {
    const rows = [];
    const keys = ["x", "y", "z"];
    for (let i = 0; i < r.int(10, 40); ++i) {
      const m = {};
      for (const key of keys) if (r.chance(0.5)) m[key] = r.int(-2, 3);
      const nk = r.shuffle([1, 2, 3, 4]).slice(0, r.int(0, 3));
      rows.push({ k: r.int(0, 4), a: r.int(0, 1), m, "statMap.key": nk, "statMap.value": nk.map(() => r.int(-2, 3)),
                  "statMap.f": nk.map(() => r.pick([0, 0, 0.5])) });
    }
    return { engine: { kind: "SummingMergeTree" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["a", "UInt32"], ["m", "Map(String, Int64)"], ["statMap.key", "Array(UInt16)"],
                       ["statMap.value", "Array(Int64)"], ["statMap.f", "Array(Float64)"]],
             nested: { statMap: [["key", "UInt16"], ["value", "Int64"], ["f", "Float64"]] },
             inserts: r.split(rows) };
  },
  aggregating(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i)
      rows.push({ k: r.int(0, 5), smin: r.int(-50, 50), smax: r.pick(words), ssum: r.int(0, 1000),
                  slast: r.chance(0.3) ? null : `r${i}`, a: Array.from({ length: r.int(0, 3) }, () => r.int(0, 100)),
                  u: Array.from({ length: r.int(0, 3) }, () => r.pick(words)) });
    return { engine: { kind: "AggregatingMergeTree" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["smin", "SimpleAggregateFunction(min, Int32)"],
                       ["smax", "SimpleAggregateFunction(max, String)"], ["ssum", "SimpleAggregateFunction(sum, UInt64)"],
                       ["slast", "SimpleAggregateFunction(anyLast, Nullable(String))"],
                       ["a", "AggregateFunction(sum, UInt64)"], ["u", "AggregateFunction(uniqExact, String)"]],
             inserts: r.split(rows) };
  },
  collapsing_valid(r) {
    // Per key a history of states: +1 state, later -1 of it and +1 of the next, in order.
    const rows = [];
    const live = new Map();
    for (let i = 0; i < r.int(10, 50); ++i) {
      const k = r.int(0, 5);
      if (live.has(k) && r.chance(0.6)) {
        rows.push({ k, v: live.get(k), sign: -1 });
        live.delete(k);
      } else if (!live.has(k)) {
        live.set(k, `r${i}`);
        rows.push({ k, v: `r${i}`, sign: 1 });
      }
    }
    return { engine: { kind: "CollapsingMergeTree", sign: "sign" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["v", "String"], ["sign", "Int8"]], inserts: r.split(rows) };
  },
  collapsing_any_order(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i) rows.push({ k: r.int(0, 4), v: `r${i}`, sign: r.pick([1, -1]) });
    return { engine: { kind: "CollapsingMergeTree", sign: "sign" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["v", "String"], ["sign", "Int8"]], inserts: r.split(rows) };
  },
  versioned_collapsing_valid(r) {
    // Per key, states of increasing version; each state's -1 row arrives anywhere (before or after
    // its +1): the point of the engine.
    const rows = [];
    for (let k = 0; k < r.int(2, 6); ++k) {
      for (let ver = 0; ver < r.int(1, 4); ++ver) {
        const v = `k${k}v${ver}`;
        rows.push({ k, v, ver, sign: 1 });
        if (r.chance(0.6)) rows.push({ k, v, ver, sign: -1 });
      }
    }
    return { engine: { kind: "VersionedCollapsingMergeTree", sign: "sign", version: "ver" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["v", "String"], ["ver", "UInt8"], ["sign", "Int8"]],
             inserts: r.split(r.shuffle(rows)) };
  },
  versioned_collapsing_any_order(r) {
    const rows = [];
    for (let i = 0; i < r.int(10, 50); ++i) rows.push({ k: r.int(0, 3), v: `r${i}`, ver: r.int(0, 2), sign: r.pick([1, -1]) });
    return { engine: { kind: "VersionedCollapsingMergeTree", sign: "sign", version: "ver" }, order_by: ["k"],
             columns: [["k", "UInt8"], ["v", "String"], ["ver", "UInt8"], ["sign", "Int8"]], inserts: r.split(rows) };
  },
};

const cases = [];
for (const [family, make] of Object.entries(families))
  for (let seed = 1; seed <= seeds; ++seed) {
    const name = `${family}#${seed}`;
    if (only && !only.test(name)) continue;
    const c = make(makeRandom(seed * 7919 + family.length));
    c.name = name;
    c.columns = c.columns.map(([n, type]) => ({ name: n, type }));
    cases.push(c);
  }

// ---- Ferry ------------------------------------------------------------------------------------

const casesFile = path.join(work, "merge_oracle_cases.jsonl");
fs.writeFileSync(casesFile, cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
const ferry = new Map(
  execFileSync(driver, [casesFile], { encoding: "utf8", maxBuffer: 1 << 28 })
    .split("\n").filter(Boolean).map((l) => JSON.parse(l)).map((o) => [o.name, o]));

// ---- ClickHouse -------------------------------------------------------------------------------

const chDir = fs.mkdtempSync(path.join(work, "chdb-"));
const session = new Session(chDir);
const ch = (sql, format) => session.query(sql, format);
ch("SET allow_suspicious_low_cardinality_types = 1");
const q = (n) => "`" + n + "`";
const simpleInner = (t) => t.replace(/^SimpleAggregateFunction\(\w+, (.*)\)$/, "$1");
const aggregateMatch = (t) => t.match(/^AggregateFunction\((\w+), (.*)\)$/);

function engineClause(e) {
  const a = {
    ReplacingMergeTree: [e.version, e.version && e.is_deleted].filter(Boolean),
    CollapsingMergeTree: [e.sign],
    VersionedCollapsingMergeTree: [e.sign, e.version],
    SummingMergeTree: e.summing ? [`(${e.summing.join(", ")})`] : [],
  }[e.kind] || [];
  return `${e.kind}(${a.join(", ")})`;
}

function runClickHouse(c, table) {
  const nestedDone = new Set();
  const defs = [];
  for (const col of c.columns) {
    const dot = col.name.indexOf(".");
    if (dot > 0 && c.nested && c.nested[col.name.slice(0, dot)]) {
      const n = col.name.slice(0, dot);
      if (!nestedDone.has(n)) defs.push(`${q(n)} Nested(${c.nested[n].map(([f, t]) => `${f} ${t}`).join(", ")})`);
      nestedDone.add(n);
    } else defs.push(`${q(col.name)} ${col.type}`);
  }
  let sql = `CREATE TABLE ${table} (${defs.join(", ")}) ENGINE = ${engineClause(c.engine)}`;
  if (c.partition_by) sql += ` PARTITION BY ${c.partition_by}`;
  sql += ` ORDER BY (${c.order_by.join(", ")})`;
  if (c.ttl) sql += ` TTL ${c.ttl}`;
  // No background TTL merge either (it could run between START MERGES and OPTIMIZE).
  sql += " SETTINGS allow_nullable_key = 1, allow_dimensions_outside_sorting_key = 1, max_number_of_merges_with_ttl_in_pool = 0";
  ch(sql);
  // No background merge may run before the FINAL query: ClickHouse would merge (and apply TTL to)
  // parts at moments of its own choosing.
  ch(`SYSTEM STOP MERGES ${table}`);
  const structure = c.columns.map((col) => {
    const agg = aggregateMatch(col.type);
    return `${q(col.name)} ${agg ? `Array(${agg[2]})` : simpleInner(col.type)}`;
  }).join(", ");
  const exprs = c.columns.map((col) => {
    const agg = aggregateMatch(col.type);
    return agg ? `arrayReduce('${agg[1]}State', ${q(col.name)})` : q(col.name);
  }).join(", ");
  for (const rows of c.inserts) {
    const data = rows.map((row) => JSON.stringify(row)).join("\n");
    ch(`INSERT INTO ${table} (${c.columns.map((col) => q(col.name)).join(", ")}) SELECT ${exprs} ` +
       `FROM format(JSONEachRow, '${structure}', $$${data}$$)`);
  }
  const shown = c.columns.map((col) => (aggregateMatch(col.type) ? `finalizeAggregation(${q(col.name)})` : q(col.name)));
  const select = (final) => ch(`SELECT ${shown.join(", ")} FROM ${table}${final ? " FINAL" : ""} SETTINGS session_timezone = 'UTC'`, "TSV")
    .split("\n").filter((l, i, all) => !(l === "" && i === all.length - 1));
  const final = select(c.engine.kind !== "MergeTree");  // MergeTree has no FINAL: every row
  ch(`SYSTEM START MERGES ${table}`);
  ch(`OPTIMIZE TABLE ${table} FINAL`);
  const optimized = select(false);
  ch(`DROP TABLE ${table}`);
  return { final, optimized };
}

// ---- compare ------------------------------------------------------------------------------------

const known = knownFile && fs.existsSync(knownFile) ? JSON.parse(fs.readFileSync(knownFile, "utf8")).differences : [];
const knownReason = (name, mode) =>
  known.find((k) => new RegExp(k.cases).test(name) && (k.mode === "*" || k.mode === mode));

function multisetDiff(a, b) {
  const count = new Map();
  for (const x of a) count.set(x, (count.get(x) || 0) + 1);
  const extra = [];
  for (const x of b) {
    const n = count.get(x) || 0;
    if (n > 0) count.set(x, n - 1);
    else extra.push(x);
  }
  const missing = [];
  for (const [x, n] of count) for (let i = 0; i < n; ++i) missing.push(x);
  return { missing, extra };  // missing: in a (ClickHouse) not in b (Ferry)
}

let failures = 0, knownCount = 0, compared = 0;
const report = [];
cases.forEach((c, i) => {
  const f = ferry.get(c.name);
  let expected;
  try {
    expected = runClickHouse(c, `t_${i}`);
  } catch (e) {
    console.log(`ERROR ${c.name}: ClickHouse failed: ${e.message.split("\n")[0]}`);
    ++failures;
    return;
  }
  for (const mode of ["final", "optimized"]) {
    ++compared;
    const got = f && f[mode];
    let problem = null;
    if (!f) problem = "no result from the driver";
    else if (f.error || f[`${mode}_error`]) problem = `Ferry failed: ${f.error || f[`${mode}_error`]}`;
    else {
      const d = multisetDiff(expected[mode], got);
      if (d.missing.length || d.extra.length)
        problem = `ClickHouse only: ${JSON.stringify(d.missing.slice(0, 6))}; Ferry only: ${JSON.stringify(d.extra.slice(0, 6))}` +
                  ` (${expected[mode].length} vs ${got.length} rows)`;
    }
    if (!problem) {
      if (verbose) console.log(`ok ${c.name} ${mode} (${expected[mode].length} rows)`);
      continue;
    }
    const k = knownReason(c.name, mode);
    report.push({ case: c.name, mode, problem, known: k ? k.reason : null });
    if (k) {
      ++knownCount;
      console.log(`KNOWN ${c.name} ${mode}: ${problem}\n  reason: ${k.reason}`);
    } else {
      ++failures;
      console.log(`MISMATCH ${c.name} ${mode}: ${problem}`);
      if (verbose) console.log(`  inserts: ${JSON.stringify(c.inserts)}`);
    }
  }
});
fs.writeFileSync(path.join(work, "merge_oracle_report.json"), JSON.stringify(report, null, 1));
if (session.close) session.close();
console.log(`${cases.length} cases, ${compared} comparisons: ${compared - failures - knownCount} equal, ` +
            `${knownCount} known differences, ${failures} mismatches`);
process.exit(failures ? 1 : 0);
