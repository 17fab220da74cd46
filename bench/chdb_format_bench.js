// Peer figure: ClickHouse's own parser (chDB) over the same statements as ferry_bench.
// Runs formatQuerySingleLineOrNull in one chDB session, batched as tests/oracle/format_queries.js
// does; the time therefore includes ClickHouse formatting each statement back to text and
// parsing the batch query that carries the statements as string literals.
//
// Usage: node chdb_format_bench.js <statements.json> [passes]
// Prints one tab-separated row per pass kind: name pass items bytes wall_seconds cpu_seconds
// accepted (CPU = the whole process, every chDB thread included).
const fs = require("fs");
const path = require("path");
const { Session } = require(path.join(__dirname, "..", "tests", "oracle", "node_modules", "chdb"));

// chDB takes the query as a C string: NUL and other control bytes are written as \xHH escapes.
function literal(s) {
  return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")
    .replace(/[\x00-\x08\x0b-\x1f]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")) + "'";
}

const texts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const passes = Number(process.argv[3] || 3);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
// Batches are built once, outside the timed region.
const batch = 200;
const queries = [];
for (let i = 0; i < texts.length; i += batch) {
  const part = texts.slice(i, i + batch);
  queries.push("SELECT formatQuerySingleLineOrNull(s) FROM (SELECT arrayJoin([" +
    part.map((t, k) => `(${k}, ${literal(t)})`).join(",") + "]) AS p, p.1 AS k, p.2 AS s) ORDER BY k");
}

const session = new Session();
let failed_batches = 0;
function pass() {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let accepted = 0;
  for (const q of queries) {
    let rows = [];
    try {
      rows = session.query(q, "JSONCompactEachRow").trim().split("\n").filter((l) => l.length);
    } catch (e) {
      ++failed_batches;  // counted, not retried: the batch's statements count as not accepted
    }
    for (const r of rows) if (JSON.parse(r)[0] !== null) ++accepted;
  }
  const c = process.cpuUsage(c0);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6, accepted };
}
const cold = pass();
const name = "sql-corpus chDB formatQuerySingleLineOrNull";
console.log([name, "cold", texts.length, bytes, cold.seconds.toFixed(6), cold.cpu.toFixed(6), cold.accepted].join("\t"));
const warm = [];
for (let i = 0; i < passes; ++i) warm.push(pass());
warm.sort((a, b) => a.cpu - b.cpu);
const m = warm[Math.floor(warm.length / 2)];
console.log([name, "warm", texts.length, bytes, m.seconds.toFixed(6), m.cpu.toFixed(6), m.accepted].join("\t"));
session.cleanup();
if (failed_batches) console.error(`chDB: ${failed_batches / (passes + 1)} batch(es) per pass failed to run`);
