// Rewrites the expectations of tests/analyze/golden/queries.txt with ClickHouse 26.7's answers
// (embedded chDB): for each `query:` line, the columns DESCRIBE gives (name <TAB> type), or
// `ERROR <CODE>` when ClickHouse rejects the query. The `table` lines define the tables.
//
//   node tests/analyze/update_golden.js [tests/analyze/golden/queries.txt]
const path = require("path");
const fs = require("fs");
const { Session } = require(path.join(__dirname, "..", "oracle", "node_modules", "chdb"));

const file = process.argv[2] || path.join(__dirname, "golden", "queries.txt");
const lines = fs.readFileSync(file, "utf8").split("\n");
const dir = fs.mkdtempSync("/tmp/ferry-analyze-golden-");
const session = new Session(dir);

const unescape = (s) => s.replace(/\\(.)/g, (m, c) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "0" ? "\0" : c));
const out = [];
for (const line of lines) {
  if (line.startsWith("  ")) continue;  // an old expectation
  out.push(line);
  const table = line.match(/^table (\S+): (.*)$/);
  if (table) {
    session.query(`DROP TABLE IF EXISTS ${table[1]}`);
    session.query(`CREATE TABLE ${table[1]} (${table[2]}) ENGINE = MergeTree ORDER BY tuple() SETTINGS allow_nullable_key = 1`);
    continue;
  }
  const query = line.match(/^query: (.*)$/);
  if (!query) continue;
  try {
    const tsv = session.query(`DESCRIBE (${query[1]}) SETTINGS print_pretty_type_names = 0`, "TSV");
    for (const row of tsv.split("\n").filter((r) => r.length)) {
      const f = row.split("\t");
      out.push(`  ${unescape(f[0])}\t${unescape(f[1])}`);
    }
  } catch (e) {
    const code = String(e.message).match(/\(([A-Z_]+)\)\s*$/m) || String(e.message).match(/\(([A-Z_]+)\)/);
    out.push(`  ERROR ${code ? code[1] : "UNKNOWN"}`);
  }
}
fs.writeFileSync(file, out.join("\n"));
fs.rmSync(dir, { recursive: true, force: true });
