// Differential test of runtime/column/value_text against ClickHouse 26.7 (chDB): every case's text
// is read by ClickHouse's TSV input format (`SELECT v FROM format(TSV, 'v <type>', '<text>')`,
// scalars escaped, \N for NULL) and must print byte-identical TSV, CSV and JSONEachRow values (JSON
// with ClickHouse's default JSON settings, UTC session); a case ClickHouse rejects must be
// rejected by Ferry too. chDB's node binding cuts results at a NUL byte: a Ferry value holding
// one is compared up to it.
//   node value_text_oracle.js DUMP.jsonl NODE_MODULES
"use strict";
const fs = require("fs");
const path = require("path");
const [dumpFile, modules] = process.argv.slice(2);
let chdb;
try {
  chdb = require(path.join(modules, "chdb"));
} catch (e) {
  console.log("SKIPPED: chdb is not installed in " + modules);
  process.exit(77);
}
const settings = " SETTINGS session_timezone='UTC'";
const sqlString = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\0/g, "\\0") + "'";
let failures = 0, compared = 0;
for (const line of fs.readFileSync(dumpFile, "utf8").split("\n")) {
  if (!line) continue;
  const c = JSON.parse(line);
  // TSV reads a scalar from its escaped form but an array/tuple/map straight from its text form;
  // an empty TSV input has no rows, so the empty string goes through CSV.
  const composite = /^(Array|Tuple|Map)\(/.test(c.type);
  const field = c.text === "\\N" || composite ? c.text
    : c.text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  const format = c.text === "" ? "CSV" : "TSV";
  const sql = `SELECT v FROM format(${format}, ${sqlString("v " + c.type)}, ${sqlString(c.text === "" ? '""' : field)})` + settings;
  let ch;
  try {
    ch = {
      tsv: chdb.query(sql, "TSV"),
      csv: chdb.query(sql, "CSV"),
      json: chdb.query(sql, "JSONEachRow"),
    };
  } catch (e) {
    if (c.ok) {
      failures++;
      console.log(`FAIL ${c.type} ${JSON.stringify(c.text)}: ClickHouse rejects it (${e.message.split("\n")[0].slice(0, 160)}), Ferry accepts`);
    }
    continue;
  }
  if (!c.ok) {
    failures++;
    console.log(`FAIL ${c.type} ${JSON.stringify(c.text)}: Ferry rejects it (${c.error}), ClickHouse accepts`);
    continue;
  }
  const bytes = (a) => Buffer.from(a).toString("latin1");
  const strip = (s) => Buffer.from(s, "utf8").toString("latin1").replace(/\n$/, "");
  const expected = {
    tsv: strip(ch.tsv),
    csv: strip(ch.csv),
    json: strip(ch.json).replace(/^\{"v":/, "").replace(/\}$/, ""),
  };
  for (const f of ["tsv", "csv", "json"]) {
    compared++;
    let ours = bytes(c[f]);
    const nul = ours.indexOf("\0");
    if (nul >= 0 && f === "csv") ours = ours.slice(0, nul);
    if (ours !== expected[f]) {
      failures++;
      console.log(`FAIL ${c.type} ${JSON.stringify(c.text)} ${f}: Ferry ${JSON.stringify(ours)} ClickHouse ${JSON.stringify(expected[f])}`);
    }
  }
}
console.log(`${compared} values compared, ${failures} failures`);
process.exit(failures ? 1 : 0);
