// Differential test of the embedded runtime against ClickHouse 26.7 (chDB): one project, the
// same generated data ingested into both, then every materialized-view target, every query and
// every endpoint call and copy-pipe run of the case compared row for row.
//
//   node differential.js <case.json> <ferry> <ferry_db_project_dump> <work-dir>
//
// Ferry side: the project is copied into <work-dir>, data is appended with
// `ferry datasource append`, results come from `ferry sql|endpoint --format json`.
// ClickHouse side: a chDB session gets each datasource as a table (its columns, DEFAULTs and
// engine), each materialized pipe as `CREATE MATERIALIZED VIEW ... TO target AS` its last node
// with the earlier nodes as CTEs, the rows Ferry accepted via JSONEachRow, and runs the same SQL
// (endpoints: the pipe rendered with the same parameters).
// Rows compare as multisets (an endpoint with an `order` also checks Ferry's order); floats
// with relative tolerance 1e-9; `approx` pairs compare an approximate aggregate of Ferry with
// ClickHouse's exact counterpart within a relative error.
// Exit: 0 all equal, 1 a difference, 77 chDB or the data it needs is absent.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const CHDB = path.join(__dirname, "../oracle/node_modules/chdb");
if (!fs.existsSync(CHDB)) {
  console.log("SKIPPED: tests/oracle/node_modules/chdb is absent (npm install in tests/oracle)");
  process.exit(77);
}
const { Session } = require(CHDB);

const [caseFile, ferry, dumpTool, workDir] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(caseFile, "utf8"));
const repo = path.resolve(__dirname, "../..");
const shared = process.env.FERRY_SHARED_DIR || path.join(repo, "../shared");
const projectSource = path.resolve(repo, spec.project.replace("${shared}", shared));
if (!fs.existsSync(projectSource)) {
  console.log(`SKIPPED: ${projectSource} is absent (../shared)`);
  process.exit(77);
}

let failures = 0;
const fail = (what, detail) => {
  ++failures;
  console.log(`FAIL ${what}\n${detail}\n`);
};
const pass = (what) => console.log(`ok   ${what}`);

// ---- setup ------------------------------------------------------------------------------------
const project = path.join(workDir, "project");
fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(workDir, { recursive: true });
fs.cpSync(projectSource, project, { recursive: true, filter: (src) => !/\/\.ferry(\/|$)/.test(src) });

const today = new Date().toISOString().slice(0, 10);
const dayOffset = (n) => new Date(Date.parse(today + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
const expand = (s) => String(s).replace(/\$\{today([+-]\d+)?\}/g, (_, n) => dayOffset(Number(n || 0)));

function runFerry(args, { allowFail = false } = {}) {
  try {
    return execFileSync(ferry, args, { cwd: project, encoding: "utf8", maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (allowFail) return null;
    throw new Error(`ferry ${args.join(" ")} failed (exit ${e.status}):\n${e.stderr}${e.stdout}`);
  }
}

const dump = JSON.parse(execFileSync(dumpTool, [project], { encoding: "utf8", maxBuffer: 1 << 28 }));
const session = new Session();
const ch = (sql, format) => session.query(sql, format);
const quote = (n) => "`" + n.replace(/`/g, "\\`") + "`";

/// CREATE TABLE from a datasource's columns and ENGINE settings.
function createTable(ds) {
  const e = ds.engine;
  const family = (e.ENGINE || "MergeTree").replace(/\(.*$/s, "").trim();
  const args = {
    ReplacingMergeTree: [e.ENGINE_VER, e.ENGINE_VER && e.ENGINE_IS_DELETED].filter(Boolean),
    CollapsingMergeTree: [e.ENGINE_SIGN],
    VersionedCollapsingMergeTree: [e.ENGINE_SIGN, e.ENGINE_VERSION || e.ENGINE_VER],
    SummingMergeTree: e.ENGINE_SUMMING_COLUMNS ? [`(${e.ENGINE_SUMMING_COLUMNS})`] : [],
  }[family] || [];
  const cols = ds.columns.map((c) => [quote(c.name), c.type, c.default ? `DEFAULT ${c.default}` : ""].join(" "));
  let sql = `CREATE TABLE ${quote(ds.name)} (${cols.join(", ")}) ENGINE = ${family}`;
  if (family === "Null") {
    ch(sql);
    return;
  }
  sql += `(${args.join(", ")})`;
  if (e.ENGINE_PARTITION_KEY) sql += ` PARTITION BY ${e.ENGINE_PARTITION_KEY}`;
  sql += ` ORDER BY ${e.ENGINE_SORTING_KEY ? `(${e.ENGINE_SORTING_KEY})` : "tuple()"}`;
  if (e.ENGINE_TTL) sql += ` TTL ${e.ENGINE_TTL}`;
  sql += " SETTINGS allow_nullable_key = 1";
  ch(sql);
}

const mentions = (sql, name) =>
  new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`).test(sql);
const nodeSql = (n) => n.sql.replace(/;\s*$/, "");

/// `nodes` as one query: the last node, with the earlier nodes as CTEs and, before them, every
/// other pipe the nodes read (inlined as Tinybird does; a view would not fire materializations).
function withCtes(nodes, pipes, visiting = new Set()) {
  const text = nodes.map(nodeSql).join("\n");
  const own = new Set(nodes.map((n) => n.name));
  const ctes = [];
  for (const p of pipes)
    if (!own.has(p.name) && !visiting.has(p.name) && !datasources.has(p.name) && p.nodes.length && mentions(text, p.name))
      ctes.push(`${quote(p.name)} AS (\n${withCtes(p.nodes, pipes, new Set([...visiting, p.name]))}\n)`);
  for (const n of nodes.slice(0, -1)) ctes.push(`${quote(n.name)} AS (\n${nodeSql(n)}\n)`);
  const last = nodeSql(nodes[nodes.length - 1]);
  return ctes.length ? `WITH ${ctes.join(",\n")}\nSELECT * FROM (\n${last}\n)` : last;
}

const datasources = new Map(dump.datasources.map((d) => [d.name, d]));
for (const ds of dump.datasources) createTable(ds);
for (const p of dump.pipes) {
  const mat = p.nodes.findIndex((n) => n.type === "materialized");
  if (mat < 0 || !p.target) continue;
  const sql = withCtes(p.nodes.slice(0, mat + 1), dump.pipes, new Set([p.name]));
  ch(`CREATE MATERIALIZED VIEW ${quote(p.name + "__mv")} TO ${quote(p.target)} AS ${sql}`);
}

// ---- ingestion --------------------------------------------------------------------------------
for (const a of spec.appends) {
  const file = path.join(workDir, a.datasource + ".ndjson");
  const good = path.join(workDir, a.datasource + ".good.ndjson");
  const gen = path.join(__dirname, a.generator.script);
  const summary = JSON.parse(execFileSync("node", [gen, ...a.generator.args.map(expand), "--out", file, "--good", good,
    ...(a.generator.schema ? ["--schema", JSON.stringify(datasources.get(a.datasource))] : [])], { encoding: "utf8" }));
  let out;
  try {
    out = runFerry(["datasource", "append", a.datasource, file, "--allow-quarantine"]);
  } catch (e) {
    fail(`append ${a.datasource}`, e.message);
    out = "";
  }
  const appended = Number((/: ([\d,]+) rows? appended/.exec(out) || [0, "-1"])[1].replace(/,/g, ""));
  const quarantined = Number((/([\d,]+) quarantined/.exec(out) || [0, "-1"])[1].replace(/,/g, ""));
  if (appended === summary.rows && quarantined === summary.bad)
    pass(`append ${a.datasource}: ${appended} rows, ${quarantined} quarantined`);
  else fail(`append ${a.datasource}`, `expected ${summary.rows} rows and ${summary.bad} quarantined; ferry said:\n${out}`);
  ch(`INSERT INTO ${quote(a.datasource)} SETTINGS date_time_input_format = 'best_effort', input_format_skip_unknown_fields = 1 FORMAT JSONEachRow\n` +
    fs.readFileSync(good, "utf8"));
}

// ---- comparison -------------------------------------------------------------------------------
function chJson(sql) {
  return JSON.parse(ch(`${sql} SETTINGS session_timezone = 'UTC', output_format_json_quote_64bit_integers = 0`, "JSON"));
}
function ferryJson(args) {
  const out = runFerry([...args, "--format", "json"], { allowFail: true });
  if (out === null) {
    try { runFerry([...args, "--format", "json"]); } catch (e) { return { error: e.message }; }
  }
  return JSON.parse(out);
}

const isFloatType = (t) => /Float|Decimal/.test(t);
function sameValue(a, b, type) {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === "object" || typeof b === "object") {
    if (typeof a !== "object" || typeof b !== "object") return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue(a[k], b[kb[i]], type));
  }
  const x = Number(a), y = Number(b);
  if (String(a).trim() !== "" && !Number.isNaN(x) && !Number.isNaN(y)) {
    if (x === y) return true;
    if (isFloatType(type)) return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    return false;
  }
  return false;
}
const rowKey = (row, names) => JSON.stringify(names.map((n) => {
  const v = row[n];
  return typeof v === "number" || (typeof v === "string" && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v)) ? Number(v).toPrecision(12) : v;
}));

function compareResults(what, ours, theirs, { order } = {}) {
  if (ours.error) return fail(what, ours.error);
  const names = theirs.meta.map((m) => m.name);
  const ourNames = ours.meta.map((m) => m.name);
  if (JSON.stringify(names) !== JSON.stringify(ourNames))
    return fail(what, `columns differ: ferry ${JSON.stringify(ourNames)} vs clickhouse ${JSON.stringify(names)}`);
  const typeDiffs = ours.meta.filter((m, i) => m.type !== theirs.meta[i].type)
    .map((m, i) => `${m.name}: ${m.type} vs ${theirs.meta[ours.meta.indexOf(m)].type}`);
  if (typeDiffs.length) return fail(what, `types differ (ferry vs clickhouse): ${typeDiffs.join(", ")}`);
  if (ours.rows !== theirs.rows || ours.data.length !== theirs.data.length)
    return fail(what, `row counts differ: ferry ${ours.data.length} vs clickhouse ${theirs.data.length}`);
  const types = Object.fromEntries(theirs.meta.map((m) => [m.name, m.type]));
  const sortRows = (rows) => rows.map((r) => [rowKey(r, names), r]).sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  const a = sortRows(ours.data), b = sortRows(theirs.data);
  for (let i = 0; i < a.length; ++i) {
    const diff = names.filter((n) => !sameValue(a[i][1][n], b[i][1][n], types[n]));
    if (diff.length)
      return fail(what, `row ${i} (sorted) differs in ${diff.join(", ")}:\n  ferry      ${JSON.stringify(a[i][1])}\n` +
        `  clickhouse ${JSON.stringify(b[i][1])}`);
  }
  if (order) {
    const [column, direction] = order;
    for (let i = 1; i < ours.data.length; ++i) {
      const p = ours.data[i - 1][column], q = ours.data[i][column];
      const c = typeof p === "number" || !Number.isNaN(Number(p)) ? Number(p) - Number(q) : String(p) < String(q) ? -1 : p > q ? 1 : 0;
      if (direction === "desc" ? c < 0 : c > 0)
        return fail(what, `ferry's rows are not ordered by ${column} ${direction} at row ${i}`);
    }
  }
  pass(`${what} (${ours.data.length} rows)`);
}

/// A finalized view of a table: AggregateFunction columns merged, SimpleAggregateFunction
/// columns aggregated, grouped by the other columns (so parts and merges do not matter).
function finalizedQuery(ds) {
  const keys = [], values = [];
  for (const c of ds.columns) {
    const agg = /^AggregateFunction\(\s*([A-Za-z0-9_]+)(\([^)]*\))?/.exec(c.type);
    const simple = /^SimpleAggregateFunction\(\s*([A-Za-z0-9_]+)/.exec(c.type);
    if (agg) values.push(`${agg[1]}Merge${agg[2] || ""}(${quote(c.name)}) AS ${quote(c.name)}`);
    else if (simple) values.push(`${simple[1]}(${quote(c.name)}) AS ${quote(c.name)}`);
    else keys.push(quote(c.name));
  }
  if (!values.length) return `SELECT ${keys.join(", ")} FROM ${quote(ds.name)}`;
  return `SELECT ${[...keys, ...values].join(", ")} FROM ${quote(ds.name)}` + (keys.length ? ` GROUP BY ${keys.join(", ")}` : "");
}

for (const p of dump.pipes) {
  if (!p.target || !p.nodes.some((n) => n.type === "materialized")) continue;
  const sql = finalizedQuery(datasources.get(p.target));
  compareResults(`materialized ${p.name} -> ${p.target}`, ferryJson(["sql", sql]), chJson(sql));
}
for (const q of spec.queries || []) {
  const sql = expand(q);
  compareResults(`sql ${sql.slice(0, 100)}`, ferryJson(["sql", sql]), chJson(sql));
}
for (const [ourSql, exactSql, tolerance] of spec.approx || []) {
  const ours = ferryJson(["sql", expand(ourSql)]);
  const exact = chJson(expand(exactSql));
  if (ours.error) { fail(`approx ${ourSql}`, ours.error); continue; }
  const names = exact.meta.map((m) => m.name);
  const key = (r) => JSON.stringify(names.slice(0, -1).map((n) => r[n]));
  const mine = new Map(ours.data.map((r) => [key(r), Number(r[ours.meta[ours.meta.length - 1].name])]));
  let worst = 0, missing = 0;
  for (const r of exact.data) {
    const v = mine.get(key(r)), e = Number(r[names[names.length - 1]]);
    if (v === undefined) { ++missing; continue; }
    worst = Math.max(worst, Math.abs(v - e) / Math.max(e, 1));
  }
  if (missing || ours.data.length !== exact.data.length || worst > tolerance)
    fail(`approx ${ourSql}`, `groups ${ours.data.length} vs ${exact.data.length}, missing ${missing}, worst relative error ${worst} > ${tolerance}`);
  else pass(`approx ${ourSql.slice(0, 80)}: ${exact.data.length} groups, worst relative error ${worst.toFixed(5)} <= ${tolerance}`);
}
for (const e of spec.endpoints || []) {
  const params = Object.entries(e.params || {}).map(([k, v]) => `${k}=${expand(v)}`);
  const what = `endpoint ${e.pipe} ${params.join(" ")}`;
  const rendered = JSON.parse(execFileSync(dumpTool, [project, "--render", e.pipe, ...params], { encoding: "utf8" }));
  const pipe = rendered.pipes.find((p) => p.name === e.pipe);
  if (pipe.render_errors) { fail(what, "rendering: " + pipe.render_errors); continue; }
  const ours = ferryJson(["endpoint", e.pipe, ...params.flatMap((p) => ["--param", p])]);
  compareResults(what, ours, chJson(withCtes(pipe.nodes, rendered.pipes, new Set([pipe.name]))), { order: e.order });
}

// Copy pipes: `ferry copy run` against INSERT INTO the target (by column name, as Tinybird
// maps a copy's output) of the pipe rendered with the same parameters; COPY_MODE replace
// truncates the target first. Then the targets compare as views do.
for (const c of spec.copies || []) {
  const params = Object.entries(c.params || {}).map(([k, v]) => `${k}=${expand(v)}`);
  const what = `copy ${c.pipe} ${params.join(" ")}`;
  const rendered = JSON.parse(execFileSync(dumpTool, [project, "--render", c.pipe, ...params], { encoding: "utf8" }));
  const pipe = rendered.pipes.find((p) => p.name === c.pipe);
  if (pipe.render_errors) { fail(what, "rendering: " + pipe.render_errors); continue; }
  if (!pipe.target) { fail(what, "the pipe has no target datasource"); continue; }
  let ferryError = null, chError = null;
  try {
    runFerry(["copy", "run", c.pipe, ...params.flatMap((p) => ["--param", p])]);
  } catch (e) {
    ferryError = e.message;
  }
  const query = withCtes(pipe.nodes, rendered.pipes, new Set([pipe.name]));
  const names = JSON.parse(ch(`DESCRIBE (${query})`, "JSON")).data.map((r) => quote(r.name));
  if (pipe.nodes.some((n) => String(n.copy_mode || "").toLowerCase() === "replace")) ch(`TRUNCATE TABLE ${quote(pipe.target)}`);
  try {
    ch(`INSERT INTO ${quote(pipe.target)} (${names.join(", ")}) ${query} SETTINGS session_timezone = 'UTC'`);
  } catch (e) {
    chError = String(e.message);
  }
  // A copy ClickHouse refuses must be refused by Ferry with the same error code, and vice versa.
  if (c.error) {
    const ours = ferryError && ferryError.includes(`error[${c.error}]`), theirs = chError && chError.includes(`(${c.error})`);
    if (ours && theirs) pass(`${what}: refused with ${c.error} by both`);
    else fail(what, `expected ${c.error} from both; ferry: ${ferryError || "succeeded"}; clickhouse: ${chError || "succeeded"}`);
    continue;
  }
  if (ferryError || chError) { fail(what, `ferry: ${ferryError || "succeeded"}; clickhouse: ${chError || "succeeded"}`); continue; }
  const sql = finalizedQuery(datasources.get(pipe.target));
  compareResults(`${what} -> ${pipe.target}`, ferryJson(["sql", sql]), chJson(sql));
}

session.cleanup && session.cleanup();
console.log(failures ? `${failures} difference(s)` : "all equal to ClickHouse");
process.exit(failures ? 1 : 0);
