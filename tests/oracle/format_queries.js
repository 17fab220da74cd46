// Reads a JSON array of SQL texts on stdin; prints a JSON array with ClickHouse 26.7's
// formatQuerySingleLineOrNull of each (null where ClickHouse does not parse it).
const { Session } = require("chdb");

function literal(s) {
  return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
}

let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  const session = new Session();
  const out = [];
  // Batches keep each query small while avoiding one call per statement.
  const batch = 200;
  for (let i = 0; i < texts.length; i += batch) {
    const part = texts.slice(i, i + batch);
    const sql = "SELECT formatQuerySingleLineOrNull(s) FROM (SELECT arrayJoin([" +
      part.map((t, k) => `(${k}, ${literal(t)})`).join(",") + "]) AS p, p.1 AS k, p.2 AS s) ORDER BY k";
    const rows = session.query(sql, "JSONCompactEachRow").trim().split("\n").filter((l) => l.length);
    for (const r of rows) out.push(JSON.parse(r)[0]);
  }
  session.cleanup();
  process.stdout.write(JSON.stringify(out));
});
