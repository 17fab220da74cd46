// chDB (ClickHouse 26.7) side of the deploy bench: the base project's tables and materialized view
// built from its files and loaded from FILE (not timed), then, each run, the edited project's
// landing table and view target created beside them and timed:
//  - with_view: `INSERT INTO new_events SELECT * FROM events` with the edited project's view
//    (new_events -> new_user_daily) firing on every block: what the deploy's backfill does;
//  - landing_only: the same INSERT ... SELECT into a copy of new_events without the view.
// Prints one JSON line {rows, ingest_seconds, with_view: {seconds}, landing_only: {seconds},
// check: {events, hits, total}} (best of RUNS).
//   node chdb_backfill.js BASE_PROJECT EDITED_PROJECT FILE NODE_MODULES RUNS
"use strict";
const fs = require("fs");
const path = require("path");
const [base, edited, file, modules, runsArg] = process.argv.slice(2);
const { Session } = require(path.join(modules, "chdb"));
const runs = Number(runsArg || 3);

/// The datafile's SCHEMA and ENGINE_* lines as a CREATE TABLE (as bench/runtime/chdb_mv_query.js).
function createTable(name, text) {
  const schema = /SCHEMA >\n([\s\S]*?)\n\n/.exec(text)[1].split("\n").map((l) => l.trim())
    .map((l) => l.replace(/`json:[^`]*`/, "")).join(" ");
  const setting = (key) => { const m = new RegExp(`^${key} (.*)$`, "m").exec(text); return m ? m[1].trim() : null; };
  const partition = setting("ENGINE_PARTITION_KEY");
  return `CREATE TABLE ${name} (${schema}) ENGINE = ${setting("ENGINE")}` + (partition ? ` PARTITION BY ${partition}` : "") +
    ` ORDER BY (${setting("ENGINE_SORTING_KEY")})`;
}
/// The single-node materialized pipe's query and target.
function pipeQuery(text) {
  const sql = /^SQL >\n((?:    .*\n|\n)*)/m.exec(text)[1].split("\n").map((l) => l.slice(4)).join("\n").trim();
  return { sql, target: /^DATASOURCE (\w+)$/m.exec(text)[1] };
}
const read = (p, ...f) => fs.readFileSync(path.join(p, ...f), "utf8");

const s = new Session();
s.query(createTable("events", read(base, "datasources", "events.datasource")));
s.query(createTable("user_daily", read(base, "datasources", "user_daily.datasource")));
const mv = pipeQuery(read(base, "materializations", "user_daily_mv.pipe"));
s.query(`CREATE MATERIALIZED VIEW user_daily_mv TO ${mv.target} AS ${mv.sql}`);
const columns = /SCHEMA >\n([\s\S]*?)\n\n/.exec(read(base, "datasources", "events.datasource"))[1].split("\n")
  .map((l) => l.trim().replace(/`json:[^`]*`/, "").replace(/,$/, "")).join(", ");
let t = process.hrtime.bigint();
s.query(`INSERT INTO events SELECT * FROM file('${file.replace(/'/g, "\\'")}', JSONEachRow, '${columns.replace(/'/g, "\\'")}') SETTINGS session_timezone='UTC'`);
const ingestSeconds = Number(process.hrtime.bigint() - t) / 1e9;
const rows = Number(s.query("SELECT count() FROM events", "TSV").trim());

const editedEvents = read(edited, "datasources", "events.datasource");
const editedMv = pipeQuery(read(edited, "materializations", "user_daily_mv.pipe"));
const out = { rows, ingest_seconds: ingestSeconds, with_view: { seconds: Infinity }, landing_only: { seconds: Infinity } };
for (let r = 0; r < runs; r++) {
  for (const x of ["new_user_daily_mv", "new_events", "new_user_daily", "new_events_only"]) s.query(`DROP TABLE IF EXISTS ${x}`);
  s.query(createTable("new_events", editedEvents));
  s.query(createTable("new_user_daily", read(edited, "datasources", "user_daily.datasource")));
  s.query(`CREATE MATERIALIZED VIEW new_user_daily_mv TO new_${editedMv.target} AS ${editedMv.sql.replace(/\bFROM events\b/, "FROM new_events")}`);
  s.query(createTable("new_events_only", editedEvents));
  t = process.hrtime.bigint();
  s.query("INSERT INTO new_events SELECT * FROM events");
  out.with_view.seconds = Math.min(out.with_view.seconds, Number(process.hrtime.bigint() - t) / 1e9);
  t = process.hrtime.bigint();
  s.query("INSERT INTO new_events_only SELECT * FROM events");
  out.landing_only.seconds = Math.min(out.landing_only.seconds, Number(process.hrtime.bigint() - t) / 1e9);
}
const [events, hits, total] = s.query("SELECT (SELECT count() FROM new_events), countMerge(hits), sumMerge(total) FROM new_user_daily", "TSV")
  .trim().split("\t").map(Number);
out.check = { events, hits, total };
s.cleanup && s.cleanup();
console.log(JSON.stringify(out));
