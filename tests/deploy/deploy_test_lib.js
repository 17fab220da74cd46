// What the deploy concurrency and crash tests share: a seeded RNG, the event generator, ferry runs,
// project copies, and "the content of every table of a deployment" as deterministic query results
// compared with a from-scratch recomputation (lost and duplicated rows/events per table).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

/// mulberry32: the same sequence for the same seed, everywhere.
function makeRng(seed) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  rand.int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));  // inclusive
  rand.pick = (a) => a[Math.floor(rand() * a.length)];
  return rand;
}

const pad = (n) => String(n).padStart(2, "0");
const fmtTime = (sec) => {
  const d = new Date(sec * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

const ACTIONS = ["view", "view", "view", "click", "click", "purchase", "signup"];
const COUNTRIES = ["US", "ES", "DE", "FR", "JP", "BR"];
const NOW = Math.floor(Date.UTC(2026, 0, 15, 12) / 1000);  // fixed: results do not depend on the day the test runs

/// Late events land in these months, years before NOW (few months: each batch of a small append
/// writes one part per partition and table, and every part is fsynced).
const OLD_MONTHS = [[2017, 0], [2020, 6], [2023, 2]];

/// `rows` NDJSON events for tests/deploy/projects/events_*: ids firstId.. (unique per event), about
/// `oldShare` of them late events stamped years in the past, the rest within the three days before
/// NOW (one month); some without `country` (its DEFAULT).
function writeEvents(file, rand, firstId, rows, oldShare = 0.15) {
  const lines = [];
  for (let i = 0; i < rows; i++) {
    let ts;
    if (rand() < oldShare) {
      const [year, month] = rand.pick(OLD_MONTHS);
      ts = Math.floor(Date.UTC(year, month, rand.int(1, 28)) / 1000) + rand.int(0, 86399);
    } else {
      ts = NOW - rand.int(0, 3 * 86400);
    }
    const e = { id: firstId + i, timestamp: fmtTime(ts), user: `u${rand.int(0, 149)}`, action: rand.pick(ACTIONS),
      value: rand.int(-1000, 100000) };
    if (rand() < 0.9) e.country = rand.pick(COUNTRIES);
    lines.push(JSON.stringify(e));
  }
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return { file, rows, firstId };
}

class Fail extends Error {}
function fail(message) { throw new Fail(message); }

function makeFerry(ferry) {
  const run = (args, env = {}, opts = {}) => spawnSync(ferry, args, {
    encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 30, ...opts });
  /// Runs and resolves {code, signal, stdout, stderr, start, end}; never rejects.
  const runAsync = (args, env = {}) => new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(ferry, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr, start, end: Date.now() }));
  });
  const show = (args) => `${ferry} ${args.map((a) => (/^[\w./@=:-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ")}`;
  return { path: ferry, run, runAsync, show };
}

/// A copy of the datafiles of `src` (never its .ferry) into `dst` (emptied first).
function copyProject(src, dst) {
  fs.rmSync(dst, { recursive: true, force: true });
  fs.mkdirSync(dst, { recursive: true });
  for (const sub of fs.readdirSync(src)) {
    if (sub === ".ferry") continue;
    fs.cpSync(path.join(src, sub), path.join(dst, sub), { recursive: true });
  }
}

/// Replaces the datafiles of the working copy `dst` by those of `src`, its .ferry left alone.
function switchFiles(src, dst) {
  for (const sub of fs.readdirSync(dst)) if (sub !== ".ferry") fs.rmSync(path.join(dst, sub), { recursive: true, force: true });
  for (const sub of fs.readdirSync(src)) if (sub !== ".ferry") fs.cpSync(path.join(src, sub), path.join(dst, sub), { recursive: true });
}

// ---- the tables of a project and one deterministic query per table ---------------------------------

function splitTopLevel(s) {
  const out = [];
  let depth = 0, cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) { out.push(cur.trim()); cur = ""; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/// name, columns [{name, type}], engine, sorting key of a .datasource file (the subset the test
/// projects use: one column a line in SCHEMA, ENGINE/ENGINE_SORTING_KEY lines).
function parseDatasource(file) {
  const text = fs.readFileSync(file, "utf8");
  const schema = /SCHEMA >\n([\s\S]*?)(\n\s*\n|$)/.exec(text)[1];
  const columns = schema.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const m = /^`([^`]+)`\s+(.*?)(\s+`json:[^`]*`)?(\s+DEFAULT .*)?,?$/.exec(l);
    return { name: m[1], type: m[2].replace(/,$/, "").trim() };
  });
  const setting = (k) => { const m = new RegExp(`^${k} "?(.*?)"?$`, "m").exec(text); return m ? m[1].trim() : ""; };
  return { name: path.basename(file, ".datasource"), columns, engine: setting("ENGINE"),
    sortingKey: splitTopLevel(setting("ENGINE_SORTING_KEY")) };
}

const q = (name) => "`" + name + "`";

/// One query per datasource of `project` whose result is the table's content independent of parts,
/// merges and insertion order: MergeTree rows ORDER BY every column; AggregatingMergeTree states
/// finalized (-Merge, SimpleAggregateFunction's own function) per key; SummingMergeTree numeric
/// columns summed per sorting key. `events` names the finalized column counting events (count
/// states, Summing `n`) used to turn differences into lost/duplicated events.
function tableQueries(project) {
  const dir = path.join(project, "datasources");
  const out = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".datasource")).sort()) {
    const ds = parseDatasource(path.join(dir, f));
    const engine = ds.engine.replace(/\(.*$/, "");
    let keys, values = [], events = null, uniqueKey = null;
    if (engine === "AggregatingMergeTree") {
      keys = ds.columns.filter((c) => !/^(Simple)?AggregateFunction\(/.test(c.type)).map((c) => c.name);
      for (const c of ds.columns) {
        const m = /^(Simple)?AggregateFunction\((\w+(?:\([^)]*\))?)/.exec(c.type);
        if (!m) continue;
        const fn = m[2].replace(/^(\w+)(\(.*\))?$/, (_, f, params) => (m[1] ? f + (params || "") : `${f}Merge${params || ""}`));
        values.push(`${fn}(${q(c.name)}) AS ${q(c.name)}`);
        if (!m[1] && m[2] === "count" && !events) events = c.name;
      }
    } else if (engine === "SummingMergeTree") {
      keys = ds.sortingKey.map((k) => k.replace(/`/g, ""));
      for (const c of ds.columns) {
        if (keys.includes(c.name)) continue;
        if (/^(U?Int|Float|Decimal)/.test(c.type)) values.push(`sum(${q(c.name)}) AS ${q(c.name)}`);
        else values.push(`any(${q(c.name)}) AS ${q(c.name)}`);
        if (c.name === "n" && !events) events = c.name;
      }
    } else {
      keys = ds.columns.map((c) => c.name);
      if (keys.includes("id")) uniqueKey = "id";
    }
    const cols = [...keys.map(q), ...values];
    const sql = values.length
      ? `SELECT ${cols.join(", ")} FROM ${q(ds.name)} GROUP BY ${keys.map(q).join(", ")} ORDER BY ${keys.map(q).join(", ")}`
      : `SELECT ${cols.join(", ")} FROM ${q(ds.name)} ORDER BY ${keys.map(q).join(", ")}`;
    out.push({ table: ds.name, sql, keys, events, uniqueKey, aggregated: values.length > 0 });
  }
  return out;
}

/// The endpoints of `project` (each run with its parameters' defaults).
function endpoints(project) {
  const dir = path.join(project, "endpoints");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".pipe") && /^TYPE endpoint/m.test(fs.readFileSync(path.join(dir, f), "utf8")))
    .map((f) => path.basename(f, ".pipe")).sort();
}

/// Every table's (and endpoint's) content in deployment `deployment` (live, staging, previous, or
/// null: the default) of the store of `store`, with the queries of the files of `filesOf`.
/// Returns {table: {rows:[json strings], error}}, with "columns of <table>" entries (the names
/// and types a query sees) unless !withSchema.
function snapshot(fx, store, filesOf, deployment = null, { withSchema = true } = {}) {
  const out = {};
  const dep = deployment ? ["--deployment", deployment] : [];
  for (const t of tableQueries(filesOf)) {
    const args = ["sql", t.sql, "--project", store, "--format", "json", ...dep];
    const r = fx.run(args);
    out[t.table] = r.status === 0
      ? { rows: JSON.parse(r.stdout).data.map((row) => JSON.stringify(row)), query: t, command: fx.show(args) }
      : { error: `exit ${r.status}${r.signal ? " " + r.signal : ""}: ${r.stderr.trim().slice(0, 600)}`, query: t, command: fx.show(args) };
  }
  if (withSchema) {
    // the columns (names and types) of every table: a deployment switched halfway shows here even
    // where the old columns' contents are equal
    for (const t of tableQueries(filesOf)) {
      const args = ["sql", `SELECT * FROM ${q(t.table)} LIMIT 0`, "--project", store, "--format", "json", ...dep];
      const r = fx.run(args);
      out[`columns of ${t.table}`] = r.status === 0
        ? { rows: JSON.parse(r.stdout).meta.map((m) => JSON.stringify(m)), command: fx.show(args) }
        : { error: `exit ${r.status}: ${r.stderr.trim().slice(0, 600)}`, command: fx.show(args) };
    }
  }
  for (const e of endpoints(filesOf)) {
    const args = ["endpoint", e, "--project", store, "--format", "json", ...dep];
    const r = fx.run(args);
    out[`endpoint ${e}`] = r.status === 0
      ? { rows: JSON.parse(r.stdout).data.map((row) => JSON.stringify(row)), command: fx.show(args) }
      : { error: `exit ${r.status}: ${r.stderr.trim().slice(0, 600)}`, command: fx.show(args) };
  }
  return out;
}

/// Differences of `actual` from `expected` per table: rows lost (expected, absent) and duplicated
/// (present more often than expected, or present and not expected), and for tables with an event
/// counter the events lost/duplicated per key. [{table, expected, actual, lost, duplicated,
/// lostEvents, dupEvents, ok, sample}]
function compare(expected, actual) {
  const report = [];
  for (const table of Object.keys(expected)) {
    const e = expected[table], a = actual[table];
    if (!a && table.startsWith("columns of ")) continue;  // a snapshot taken without them
    if (!a) { report.push({ table, ok: false, error: "missing from the actual snapshot" }); continue; }
    if (e.error || a.error) {
      report.push({ table, ok: false, error: e.error ? `expected side: ${e.error}` : a.error, command: a.command });
      continue;
    }
    const count = (rows) => { const m = new Map(); for (const r of rows) m.set(r, (m.get(r) || 0) + 1); return m; };
    const em = count(e.rows), am = count(a.rows);
    let lost = 0, duplicated = 0;
    const sample = [];
    for (const [r, n] of em) { const k = am.get(r) || 0; if (k < n) { lost += n - k; if (sample.length < 3) sample.push(`missing: ${r}`); } }
    for (const [r, n] of am) { const k = em.get(r) || 0; if (n > k) { duplicated += n - k; if (sample.length < 6) sample.push(`extra:   ${r}`); } }
    const entry = { table, expected: e.rows.length, actual: a.rows.length, lost, duplicated, ok: lost === 0 && duplicated === 0, sample, command: a.command };
    const qd = e.query;
    if (qd && qd.aggregated && qd.events && !entry.ok) {
      // events per key: a differing aggregate row means events lost or counted twice for that key
      const perKey = (rows) => {
        const m = new Map();
        for (const r of rows) {
          const o = JSON.parse(r);
          const key = JSON.stringify(qd.keys.map((k) => o[k]));
          m.set(key, (m.get(key) || 0) + Number(o[qd.events]));
        }
        return m;
      };
      const ek = perKey(e.rows), ak = perKey(a.rows);
      let le = 0, de = 0;
      for (const [k, n] of ek) { const m = ak.get(k) || 0; if (m < n) le += n - m; }
      for (const [k, n] of ak) { const m = ek.get(k) || 0; if (n > m) de += n - m; }
      entry.lostEvents = le;
      entry.dupEvents = de;
    }
    report.push(entry);
  }
  return report;
}

function formatReport(report, indent = "    ") {
  return report.map((r) => {
    if (r.error) return `${indent}${r.table.padEnd(26)} ERROR ${r.error}${r.command ? `\n${indent}  (${r.command})` : ""}`;
    if (r.ok && r.table.startsWith("columns of ")) return `${indent}${r.table.padEnd(26)} ${r.actual} columns, names and types as expected`;
    let s = `${indent}${r.table.padEnd(26)} expected ${String(r.expected).padStart(7)} rows, got ${String(r.actual).padStart(7)}: ` +
      `lost ${r.lost}, duplicated ${r.duplicated}`;
    if (r.lostEvents !== undefined) s += ` (events: lost ${r.lostEvents}, duplicated ${r.dupEvents})`;
    if (!r.ok) s += "  MISMATCH\n" + r.sample.map((x) => `${indent}    ${x}`).join("\n") + `\n${indent}    query: ${r.command}`;
    return s;
  }).join("\n");
}

const allOk = (report) => report.every((r) => r.ok);

/// A fresh copy of `filesOf` in `dir` with `files` appended in order (one append per file, or the
/// files concatenated in order into one append when `concatenate`: the tables compared do not
/// depend on batch boundaries). Returns its snapshot.
function recompute(fx, filesOf, dir, files, { concatenate = true } = {}) {
  copyProject(filesOf, dir);
  const appendOne = (file) => {
    const args = ["datasource", "append", "events", file, "--project", dir];
    const r = fx.run(args);
    if (r.status !== 0) fail(`recomputation: ${fx.show(args)} exited ${r.status}: ${r.stderr}`);
  };
  if (files.length === 0) {
    const r = fx.run(["datasource", "ls", "--project", dir]);
    if (r.status !== 0) fail(`recomputation: datasource ls failed: ${r.stderr}`);
  } else if (concatenate) {
    const all = `${dir}.all.ndjson`;
    fs.writeFileSync(all, "");
    for (const f of files) fs.appendFileSync(all, fs.readFileSync(f));
    appendOne(all);
    fs.rmSync(all);
  } else {
    for (const f of files) appendOne(f);
  }
  return snapshot(fx, dir, filesOf);
}

/// `ferry deployment ls --format json` as {deployments:[...]}, or throws.
function deployments(fx, project) {
  const args = ["deployment", "ls", "--project", project, "--format", "json"];
  const r = fx.run(args);
  if (r.status !== 0) fail(`${fx.show(args)} exited ${r.status}: ${r.stderr}`);
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    fail(`${fx.show(args)}: not JSON: ${r.stdout.slice(0, 400)}`);
  }
}
const withStatus = (ls, status) => ls.deployments.filter((d) => d.status === status);

/// The physical tables of the store: the table names of its latest manifest.
function storeTables(project) {
  const dir = path.join(project, ".ferry", "store", "manifests");
  const latest = fs.readdirSync(dir).filter((m) => /^\d+\.json$/.test(m)).sort((a, b) => parseInt(b) - parseInt(a))[0];
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, latest), "utf8"));
  return (manifest.tables || []).map((t) => t.name).sort();
}

/// `ferry datasource ls` must show, for every datasource of the live deployment, the rows a query
/// of live counts. Returns the mismatches as text (empty when none).
function datasourceLsMismatches(fx, project, filesOf) {
  const args = ["datasource", "ls", "--project", project];
  const r = fx.run(args);
  if (r.status !== 0) return [`${fx.show(args)} exited ${r.status}: ${r.stderr}`];
  const listed = new Map();
  for (const line of r.stdout.split("\n")) {
    const m = /^(\S+)\s+([\d,]+) rows\s+(\d+) parts/.exec(line.trim());
    if (m) listed.set(m[1], Number(m[2].replace(/,/g, "")));
  }
  const out = [];
  for (const t of tableQueries(filesOf)) {
    const c = fx.run(["sql", `SELECT count() AS n FROM ${q(t.table)}`, "--project", project, "--format", "tsv"]);
    const n = c.status === 0 ? Number(c.stdout.trim().split("\n")[1]) : NaN;
    if (listed.get(t.table) !== n)
      out.push(`\`${fx.show(args)}\` lists ${t.table} with ${listed.get(t.table)} rows; \`SELECT count() FROM ${t.table}\` on live gives ${n}`);
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = { makeRng, writeEvents, fmtTime, Fail, fail, makeFerry, copyProject, switchFiles, parseDatasource,
  tableQueries, endpoints, snapshot, compare, formatReport, allOk, recompute, deployments, withStatus, storeTables, datasourceLsMismatches, sleep };
