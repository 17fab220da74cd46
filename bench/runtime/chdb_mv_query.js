// chDB (ClickHouse 26.7) side of the runtime bench: the web-analytics datasources and its
// materialized view, built from the project's own files (the view's query is the pipe's nodes,
// each later node reading the earlier one as a subquery), then
//  - a timed INSERT of the NDJSON file (the view fires on every block);
//  - each query of QUERIES_JSON run RUNS times, the median time kept, the result as TSV.
// Prints one JSON line {insert: {rows, seconds}, queries: [{median_ms, tsv}]}.
//   node chdb_mv_query.js PROJECT FILE NODE_MODULES QUERIES_JSON RUNS
"use strict";
const fs = require("fs");
const path = require("path");
const [project, file, modules, queriesJson, runsArg] = process.argv.slice(2);
const { Session } = require(path.join(modules, "chdb"));
const runs = Number(runsArg || 10);
const queries = JSON.parse(queriesJson);

/// The datafile's SCHEMA and ENGINE_* lines as a CREATE TABLE.
function createTable(name, text) {
  const schema = /SCHEMA >\n([\s\S]*?)\n\n/.exec(text)[1].split("\n").map((l) => l.trim())
    .map((l) => l.replace(/`json:[^`]*`/, "")).join(" ");
  const setting = (key) => { const m = new RegExp(`^${key} (.*)$`, "m").exec(text); return m ? m[1].trim() : null; };
  const engine = setting("ENGINE");
  const partition = setting("ENGINE_PARTITION_KEY");
  return `CREATE TABLE ${name} (${schema}) ENGINE = ${engine}` + (partition ? ` PARTITION BY ${partition}` : "") +
    ` ORDER BY (${setting("ENGINE_SORTING_KEY")})`;
}

/// A materialized pipe as one SELECT: each node's SQL, later nodes reading earlier ones inline.
function pipeQuery(text) {
  const nodes = [];
  const re = /^NODE (\w+)\n[\s\S]*?^SQL >\n((?:    .*\n|\n)*)/gm;
  for (let m; (m = re.exec(text));) nodes.push({ name: m[1], sql: m[2].split("\n").map((l) => l.slice(4)).join("\n").trim() });
  let sql = "";
  for (const node of nodes) {
    sql = node.sql;
    for (const earlier of nodes) if (earlier !== node) sql = sql.replace(new RegExp(`FROM ${earlier.name}\\b`), `FROM (${earlier.sql})`);
    node.sql = sql;
  }
  return { sql, target: /^DATASOURCE (\w+)$/m.exec(text)[1] };
}

const s = new Session();
const ds = path.join(project, "datasources");
for (const f of fs.readdirSync(ds)) {
  const name = f.replace(/\.datasource$/, "");
  s.query(createTable(name, fs.readFileSync(path.join(ds, f), "utf8")));
}
const mvDir = path.join(project, "materializations");
for (const f of fs.readdirSync(mvDir)) {
  const { sql, target } = pipeQuery(fs.readFileSync(path.join(mvDir, f), "utf8"));
  s.query(`CREATE MATERIALIZED VIEW ${f.replace(/\.pipe$/, "")} TO ${target} AS ${sql}`);
}
const events = fs.readFileSync(path.join(ds, "analytics_events.datasource"), "utf8");
const columns = /SCHEMA >\n([\s\S]*?)\n\n/.exec(events)[1].split("\n").map((l) => l.trim().replace(/`json:[^`]*`/, "").replace(/,$/, "")).join(", ");
const t0 = process.hrtime.bigint();
s.query(`INSERT INTO analytics_events SELECT * FROM file('${file.replace(/'/g, "\\'")}', JSONEachRow, '${columns.replace(/'/g, "\\'")}') SETTINGS session_timezone='UTC'`);
const insertSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const rows = Number(s.query("SELECT count() FROM analytics_events", "TSV").trim());
const out = { insert: { rows, seconds: insertSeconds }, queries: [] };
for (const q of queries) {
  const times = [];
  let tsv = "";
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    tsv = String(s.query(q + " SETTINGS session_timezone='UTC'", "TSV"));
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  out.queries.push({ median_ms: times[Math.floor(times.length / 2)], tsv });
}
s.cleanup && s.cleanup();
console.log(JSON.stringify(out));
