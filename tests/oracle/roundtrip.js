// The round-trip oracle: for every statement Ferry parses, ClickHouse 26.7 must give the same
// formatQuery for the original SQL and for Ferry's printed SQL (one-line and pretty).
//
//   node roundtrip.js <dump.json> <report.md>
//
// <dump.json> comes from sql_roundtrip_dump. Prints the totals, writes every difference (and
// every original ClickHouse does not parse) to <report.md>, exits 1 when anything differs.
const fs = require("fs");
const { Session, formatAll } = require("./chdb_format");

const [dumpPath, reportPath] = process.argv.slice(2);
if (!dumpPath || !reportPath) {
  console.error("usage: node roundtrip.js <dump.json> <report.md>");
  process.exit(2);
}
const dump = JSON.parse(fs.readFileSync(dumpPath, "utf8"));
const items = dump.items.map(([id, original, single, pretty, note]) => ({ id, original, single, pretty, note }));

const started = Date.now();
const session = new Session();
const errors = [];
const texts = [];
for (const it of items) texts.push(it.original, it.single, it.pretty);
const formatted = formatAll(session, texts, { errors });
const seconds = (Date.now() - started) / 1000;

let equal = 0;
const different = [];
const chNull = [];
for (const it of items) {
  const original = formatted.get(it.original);
  if (original === null) {
    chNull.push(it);
    continue;
  }
  const single = formatted.get(it.single);
  const pretty = formatted.get(it.pretty);
  if (single === original && pretty === original && !it.note) {
    ++equal;
  } else {
    different.push({ ...it, formatted: { original, single, pretty } });
  }
}

// Sorting the differences into kinds (for the report only; the figure is formatQuery equality).
// ClickHouse's formatQuery keeps parentheses the user wrote, EXPLAIN AST does not: when the
// EXPLAIN AST of both sides is equal, the difference is in the written form only.
function explainAst(sql) {
  if (/\bINTO\s+OUTFILE\b/i.test(sql)) return null;  // EXPLAIN ... INTO OUTFILE writes a file
  try {
    return session.query("EXPLAIN AST " + sql, "TSVRaw");
  } catch (e) {
    return null;
  }
}
for (const d of different) {
  if (d.note) d.kind = d.note;
  else if (d.formatted.single === null || d.formatted.pretty === null) d.kind = "printed SQL rejected by ClickHouse";
  else {
    const a = explainAst(d.original);
    const b = explainAst(d.single);
    const c = d.pretty === d.single ? b : explainAst(d.pretty);
    if (a === null || b === null || c === null) d.kind = "EXPLAIN AST failed (kind unknown)";
    else if (a === b && a === c) d.kind = "same ClickHouse AST (written form differs: parentheses, ...)";
    else d.kind = "ClickHouse AST differs";
  }
}
session.cleanup();
const kinds = new Map();
for (const d of different) kinds.set(d.kind, (kinds.get(d.kind) || 0) + 1);
different.sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));

const block = (s) => "```sql\n" + (s === null ? "NULL (ClickHouse does not parse it)" : s) + "\n```\n";
let report = `# Round-trip oracle: differences (ClickHouse 26.7 formatQuery)\n\n`;
report += `${different.length} differing, ${chNull.length} originals ClickHouse does not parse.\n\n`;
for (const [k, n] of kinds) report += `- ${k}: ${n}\n`;
report += "\n";
for (const d of different) {
  report += `## ${d.id}\n\n**${d.kind}**\n\noriginal:\n${block(d.original)}printed (one line):\n${block(d.single)}`;
  if (d.formatted.pretty !== d.formatted.single) report += `printed (pretty):\n${block(d.pretty)}`;
  report += `formatQuery(original):\n${block(d.formatted.original)}`;
  report += `formatQuery(printed one line):\n${block(d.formatted.single)}`;
  if (d.formatted.pretty !== d.formatted.single)
    report += `formatQuery(printed pretty):\n${block(d.formatted.pretty)}`;
  report += "\n";
}
if (chNull.length) {
  report += `# Originals ClickHouse does not parse\n\n`;
  for (const it of chNull) report += `## ${it.id}\n\n${block(it.original)}\n`;
}
if (errors.length) {
  report += `# chDB errors\n\n`;
  for (const e of errors) report += `${e.error}\n${block(e.text)}\n`;
}
fs.writeFileSync(reportPath, report);

console.log(
  `statements ${dump.statements}, parsed ${dump.parsed}` +
    (dump.skipped_not_utf8 ? ` (${dump.skipped_not_utf8} not UTF-8, left out)` : "") +
    `, compared ${items.length - chNull.length}, equal ${equal}, different ${different.length}` +
    `, ClickHouse-null ${chNull.length} (chDB ${seconds.toFixed(1)}s)`,
);
for (const [k, n] of kinds) console.log(`  ${k}: ${n}`);
// Per source: the datafile corpus (real projects) matters most to Ferry's users.
for (const source of ["sql", "corpus"]) {
  const mine = items.filter((it) => it.id.startsWith(source + ":"));
  const diff = different.filter((d) => d.id.startsWith(source + ":")).length;
  if (mine.length) console.log(`  ${source}: compared ${mine.length}, different ${diff}`);
}
for (const d of different.slice(0, 5)) {
  console.log(`--- ${d.id}\n  original:  ${d.formatted.original}\n  printed:   ${d.formatted.single}` +
    (d.formatted.pretty !== d.formatted.single ? `\n  pretty:    ${d.formatted.pretty}` : ""));
}
if (different.length) console.log(`report: ${reportPath}`);
process.exit(different.length || errors.length ? 1 : 0);
