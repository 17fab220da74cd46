// ClickHouse 26.7's formatQuerySingleLineOrNull for many SQL texts through one chDB Session.
const { Session } = require("chdb");

/// A ClickHouse string literal holding `s` exactly. NUL is escaped too: chDB takes the query as
/// a C string, so a raw NUL would end it.
function literal(s) {
  return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\0/g, "\\0") + "'";
}

function formatBatch(session, texts) {
  const sql = "SELECT formatQuerySingleLineOrNull(s) FROM (SELECT arrayJoin([" +
    texts.map((t, k) => `(${k}, ${literal(t)})`).join(",") +
    "]) AS p, p.1 AS k, p.2 AS s) ORDER BY k";
  const rows = session.query(sql, "JSONCompactEachRow").split("\n").filter((l) => l.length);
  if (rows.length !== texts.length) throw new Error(`expected ${texts.length} rows, got ${rows.length}`);
  return rows.map((r) => JSON.parse(r)[0]);
}

/// Returns a Map text -> formatted text (null where ClickHouse does not parse it). A batch that
/// fails as a whole is retried one text at a time; a text that still fails maps to null and is
/// listed in `errors`.
function formatAll(session, texts, { batchSize = 500, errors = [] } = {}) {
  const unique = [...new Set(texts)];
  const result = new Map();
  for (let i = 0; i < unique.length; i += batchSize) {
    const part = unique.slice(i, i + batchSize);
    let formatted;
    try {
      formatted = formatBatch(session, part);
    } catch (e) {
      formatted = part.map((t) => {
        try {
          return formatBatch(session, [t])[0];
        } catch (e1) {
          errors.push({ text: t, error: String(e1.message || e1) });
          return null;
        }
      });
    }
    part.forEach((t, k) => result.set(t, formatted[k]));
  }
  return result;
}

module.exports = { Session, formatAll, literal };
