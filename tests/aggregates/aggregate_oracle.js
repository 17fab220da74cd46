// Runs each case's query in ClickHouse 26.7 (chDB) and compares with Ferry's result.
//   node aggregate_oracle.js <cases.jsonl> <node_modules-dir>
// Modes: exact (text equal, numbers within relative 1e-9), sorted (same elements in any order),
// topk (same length, element frequencies equal to ClickHouse's: ties may pick other values),
// approx (numbers within the case's abs_tol).
const fs = require("fs");
const path = require("path");
const [casesFile, modules] = process.argv.slice(2);
const { query } = require(path.resolve(modules, "chdb"));

const numberRe = /^-?(\d+(\.\d*)?(e[+-]?\d+)?|inf|nan)$/i;
function tokens(text) {
  return text.split(/([\[\](),{}:])/).filter((t) => t !== "");
}
function closeNumbers(a, b, absTol) {
  const x = Number(a), y = Number(b);
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  if (x === y) return true;
  const diff = Math.abs(x - y);
  return diff <= absTol || diff <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}
function sameText(a, b, absTol = 0) {
  if (a === b) return true;
  const ta = tokens(a), tb = tokens(b);
  if (ta.length !== tb.length) return false;
  for (let i = 0; i < ta.length; i++) {
    if (ta[i] === tb[i]) continue;
    if (numberRe.test(ta[i]) && numberRe.test(tb[i]) && closeNumbers(ta[i], tb[i], absTol)) continue;
    return false;
  }
  return true;
}

const lines = fs.readFileSync(casesFile, "utf8").split("\n").filter(Boolean);
let failed = 0, passed = 0;
for (const line of lines) {
  const c = JSON.parse(line);
  let expected, expectedType;
  try {
    const out = query(`SELECT ${c.sql.slice(7).replace(/ FROM .*$/s, "")} AS r, toTypeName(r) AS t FROM ${c.sql.replace(/^.*? FROM /s, "")} SETTINGS print_pretty_type_names = 0, session_timezone = 'UTC'`, "TSV");
    const row = out.replace(/\n$/, "");
    const tab = row.lastIndexOf("\t");
    expected = row.slice(0, tab);
    expectedType = row.slice(tab + 1);
  } catch (e) {
    console.log(`FAIL ${c.case}: ClickHouse error ${String(e).slice(0, 200)}`);
    failed++;
    continue;
  }
  if (c.ferry_error !== undefined) {
    console.log(`FAIL ${c.case}: Ferry error ${c.ferry_error}`);
    failed++;
    continue;
  }
  let ok;
  if (c.mode === "sorted") {
    const norm = (t) => JSON.stringify(JSON.parse(t).sort((x, y) => x - y));
    ok = norm(c.ferry) === norm(expected);
  } else if (c.mode === "topk") {
    const freq = (t) => JSON.parse(t).map((v) => c.counts[String(v)]).sort((x, y) => y - x);
    ok = JSON.stringify(freq(c.ferry)) === JSON.stringify(freq(expected));
  } else {
    ok = sameText(c.ferry, expected, c.mode === "approx" ? c.abs_tol : 0);
  }
  if (ok && c.type !== expectedType) {
    console.log(`FAIL ${c.case}: type ${c.type}, ClickHouse ${expectedType}`);
    failed++;
    continue;
  }
  if (!ok) {
    console.log(`FAIL ${c.case}:\n  ferry:      ${c.ferry.slice(0, 300)}\n  clickhouse: ${expected.slice(0, 300)}`);
    failed++;
  } else {
    passed++;
  }
}
console.log(`${passed} passed, ${failed} failed of ${lines.length}`);
process.exit(failed ? 1 : 0);
