// chDB (ClickHouse 26.7) side of the ingestion bench: the analytics_events schema as a MergeTree
// table sorted like the datasource, then a timed `INSERT INTO t SELECT * FROM file(<ndjson>, JSONEachRow)`.
// Prints one JSON line {rows, seconds}.
//   node chdb_insert.js FILE NODE_MODULES [RUNS]
"use strict";
const path = require("path");
const [file, modules, runsArg] = process.argv.slice(2);
const { Session } = require(path.join(modules, "chdb"));
const runs = Number(runsArg || 3);
const schema = "`timestamp` DateTime, `session_id` String, `action` LowCardinality(String), `version` LowCardinality(String), " +
  "`tenant_id` String DEFAULT '', `domain` String DEFAULT '', `payload` String, `tags` Array(String) DEFAULT []";
const s = new Session();
let best = Infinity, rows = 0;
for (let r = 0; r < runs; r++) {
  s.query("DROP TABLE IF EXISTS t");
  s.query(`CREATE TABLE t (${schema}) ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (tenant_id, domain, timestamp)`);
  const t0 = process.hrtime.bigint();
  s.query(`INSERT INTO t SELECT * FROM file('${file.replace(/'/g, "\\'")}', JSONEachRow, '${schema.replace(/'/g, "\\'")}') SETTINGS session_timezone='UTC'`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  best = Math.min(best, seconds);
  rows = Number(s.query("SELECT count() FROM t", "TSV").trim());
}
s.cleanup && s.cleanup();
console.log(JSON.stringify({ rows, seconds: best }));
