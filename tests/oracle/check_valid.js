// Every SQL text of a project (from project_sql_dump) is valid ClickHouse 26.7 SQL:
// formatQuerySingleLineOrNull is not NULL for any of them.
//
//   node check_valid.js <sql.json>
const fs = require("fs");
const { Session, formatAll } = require("./chdb_format");

const path = process.argv[2];
if (!path) {
  console.error("usage: node check_valid.js <sql.json>");
  process.exit(2);
}
const items = JSON.parse(fs.readFileSync(path, "utf8"));
const session = new Session();
const formatted = formatAll(session, items.map(([, sql]) => sql));
session.cleanup();
const invalid = items.filter(([, sql]) => formatted.get(sql) === null);
for (const [id, sql, isTemplate] of invalid)
  console.log(`INVALID ${id}${isTemplate ? " (rendered template)" : ""}:\n${sql}\n`);
const templates = items.filter(([, , t]) => t).length;
console.log(`${items.length} SQL texts (${templates} rendered templates), ${invalid.length} not valid ClickHouse`);
process.exit(invalid.length ? 1 : 0);
