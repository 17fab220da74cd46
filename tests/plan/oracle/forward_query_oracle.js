// Runs every forward query Ferry generates in ClickHouse 26.7 (embedded chDB).
//
//   node forward_query_oracle.js <cases.jsonl> [--node-modules DIR] [--report FILE]
//
// <cases.jsonl> comes from forward_query_cases (one case per line). For each case, in one chDB
// session: a Memory table `live` with the live schema gets adversarial sample rows (boundary and
// out-of-range numbers, NULLs, unparsable strings, fractional DateTime64 values, dates past 2106,
// enum elements the new type drops, aggregate states of several values) plus, where ClickHouse
// can generate the types, rows of generateRandom with a fixed seed. Then:
//  - DESCRIBE (SELECT <sql> FROM live) must equal the new schema exactly (names and types);
//  - the query must run over the sample rows, and INSERT INTO a table of the new schema must
//    accept its result (every generated query: plain, recommended, and impossible placeholders);
//  - every flagged column change (recommended or impossible) must be justified: the plain
//    `CAST(c, 'New')` fails on some sample row or changes some sample value (round trip
//    `CAST(CAST(c, 'New'), 'Old')` differs from `c`);
//  - every unflagged CAST must keep every sample value through that round trip.
// Prints the counts and every failure; exits 1 when something failed.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const args = process.argv.slice(2);
const casesFile = args[0];
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const modules = opt("--node-modules") || path.join(__dirname, "..", "..", "oracle", "node_modules");
const reportFile = opt("--report");
const { Session } = require(path.join(modules, "chdb"));

const SETTINGS = ["allow_suspicious_low_cardinality_types", "allow_suspicious_fixed_string_types",
  "allow_suspicious_variant_types", "enable_time_time64_type"];

const quote = (name) => "`" + name.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`";
const str = (text) => "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";

// ---- Type names ---------------------------------------------------------------------------

/// Splits the inside of `F(a, b(c, d), 'x, y')` at top-level commas.
function splitArgs(text) {
  const out = [];
  let depth = 0, quoteChar = null, start = 0;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoteChar) {
      if (c === "\\") ++i;
      else if (c === quoteChar) quoteChar = null;
    } else if (c === "'" || c === "`") quoteChar = c;
    else if (c === "(") ++depth;
    else if (c === ")") --depth;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.slice(start).trim().length) out.push(text.slice(start).trim());
  return out;
}

function parseType(text) {
  const m = /^(\w+)\((.*)\)$/s.exec(text.trim());
  if (!m) return { name: text.trim(), args: [] };
  return { name: m[1], args: splitArgs(m[2]) };
}

// ---- Sample values --------------------------------------------------------------------------

const INTEGERS = {
  UInt8: ["0", "1", "2", "127", "128", "255"],
  UInt16: ["0", "1", "2", "255", "256", "300", "32767", "32768", "65535"],
  UInt32: ["0", "1", "2", "300", "65536", "16777217", "2147483648", "4294967295"],
  UInt64: ["0", "1", "2", "300", "16777217", "4294967296", "9007199254740993", "9223372036854775808",
    "18446744073709551615"],
  UInt128: ["0", "1", "300", "18446744073709551616", "340282366920938463463374607431768211455"],
  UInt256: ["0", "1", "300", "340282366920938463463374607431768211456"],
  Int8: ["-128", "-1", "0", "1", "2", "127"],
  Int16: ["-32768", "-300", "-1", "0", "1", "2", "255", "300", "32767"],
  Int32: ["-2147483648", "-16777217", "-300", "-1", "0", "1", "2", "300", "16777217", "2147483647"],
  Int64: ["-9223372036854775808", "-9007199254740993", "-1", "0", "1", "2", "300", "16777217", "2147483648",
    "4294967296", "9007199254740993", "9223372036854775807"],
  Int128: ["-170141183460469231731687303715884105728", "-1", "0", "1", "300", "9223372036854775808"],
  Int256: ["-1", "0", "1", "300", "170141183460469231731687303715884105728"],
};
const FLOATS = {
  Float32: ["0", "1.5", "-1.5", "0.1", "2", "255", "300", "16777216", "3e38", "-3e38", "nan", "inf", "-inf"],
  Float64: ["0", "1.5", "-1.5", "0.1", "2", "255", "300", "16777217", "1e20", "-1e20", "1e300", "nan", "inf", "-inf"],
  BFloat16: ["0", "1.5", "-2", "256"],
};
const STRINGS = ["", "a", "b", "abc", "1", "2", "-1", "300", "1.5", " 12", "nan", "true", "2020-01-01",
  "2020-13-45", "2020-01-01 10:00:00", "2020-01-01 10:00:00.123", "61f0c404-5cb3-11e7-907b-a6006ad3dba0",
  "1.2.3.4", "::1", "{\"a\":1}", "99999999999999999999", "abcdefgh"];

function decimalSamples(p, s) {
  const intDigits = p - s;
  const frac = (n) => "1234567890123456789012345678901234567890".slice(0, n);
  const num = (i, f) => (f > 0 ? `${i}.${frac(f)}` : `${i}`);
  const big = "9".repeat(Math.max(1, intDigits)) + (s > 0 ? "." + "9".repeat(s) : "");
  return ["0", "1", "-1", num(1, s), num(-12, s), big, "-" + big, s > 0 ? "0." + "0".repeat(s - 1) + "1" : "7"];
}

function dateTime64Samples(p) {
  const f = (text) => (p > 0 ? text.slice(0, p) : "");
  const dot = p > 0 ? "." : "";
  return ["1900-01-01 00:00:00", `2020-01-01 00:00:00${dot}${f("678912345")}`, `1970-01-01 00:00:01${dot}${f("5")}`,
    `2106-02-07 06:28:16${dot}${f("1")}`, `2200-01-01 00:00:00${dot}${f("5")}`, "2299-12-31 23:59:59"];
}

/// SQL expressions of exactly type `type` (as a string), adversarial for conversions from it.
function samples(type) {
  const t = parseType(type);
  const typed = (values) => values.map((v) => `CAST(${str(v)}, ${str(type)})`);
  switch (t.name) {
    case "Nullable":
      return [`CAST(NULL, ${str(type)})`, ...samples(t.args[0]).map((e) => `CAST(${e}, ${str(type)})`)];
    case "LowCardinality":
    case "SimpleAggregateFunction": {
      const inner = t.name === "LowCardinality" ? t.args[0] : t.args[1];
      return samples(inner).map((e) => `CAST(${e}, ${str(type)})`);
    }
    case "Array": {
      const inner = samples(t.args[0]);
      const out = [`CAST([], ${str(type)})`];
      for (let i = 0; i < inner.length; i += 2) out.push(`CAST([${inner.slice(i, i + 2).join(", ")}], ${str(type)})`);
      out.push(`CAST([${inner[1 % inner.length]}, ${inner[1 % inner.length]}], ${str(type)})`);  // a repeated element (duplicate map keys)
      return out;
    }
    case "Map": {
      const keys = samples(t.args[0]).filter((k) => !/^CAST\(NULL/.test(k));
      const values = samples(t.args[1]);
      const out = [`CAST(map(), ${str(type)})`];
      for (let i = 0; i < values.length; ++i) out.push(`CAST(map(${keys[i % keys.length]}, ${values[i]}), ${str(type)})`);
      return out;
    }
    case "Tuple": {
      const elements = t.args.map((a) => {
        const m = /^(\w+|`[^`]*`)\s+(.+)$/s.exec(a);
        return m && !/^(Nullable|LowCardinality|Array|Map|Tuple|Decimal|DateTime64|FixedString|Enum)/.test(a) ? m[2] : a;
      });
      const lists = elements.map(samples);
      const n = Math.max(...lists.map((l) => l.length));
      const out = [];
      for (let i = 0; i < n; ++i) out.push(`CAST(tuple(${lists.map((l) => l[i % l.length]).join(", ")}), ${str(type)})`);
      return out;
    }
    case "AggregateFunction": {
      const fn = t.args[0];
      const argTypes = t.args.slice(1);
      if (argTypes.length !== 1) return [`CAST(arrayReduce('${fn}State', []), ${str(type)})`];
      const values = samples(argTypes[0]).filter((v) => !/^CAST\(NULL/.test(v) || /^Nullable/.test(argTypes[0]));
      const paren = fn.indexOf("(");
      const state = paren < 0 ? `${fn}State` : `${fn.slice(0, paren)}State${fn.slice(paren)}`;
      const out = [];
      for (let i = 0; i < values.length; i += 3) {
        out.push(`CAST(arrayReduce(${str(state)}, [${values.slice(i, i + 3).join(", ")}]), ${str(type)})`);
      }
      return out;
    }
    case "Decimal": return typed(decimalSamples(Number(t.args[0]), Number(t.args[1])));
    case "String": return typed(STRINGS);
    case "FixedString": {
      const n = Number(t.args[0]);
      return typed(["", "a", "b", "1", "abcdefgh".slice(0, n), "xyzw".slice(0, n)]);
    }
    case "Date": return typed(["1970-01-01", "2020-02-29", "2106-02-08", "2149-06-06"]);
    case "Date32": return typed(["1900-01-01", "1970-01-01", "2020-02-29", "2200-01-01", "2299-12-31"]);
    case "DateTime": return typed(["1970-01-01 00:00:00", "2020-02-29 12:34:56", "2106-02-07 06:28:15"]);
    case "DateTime64": return typed(dateTime64Samples(Number(t.args[0])));
    case "Time": return typed(["00:00:00", "12:34:56", "-01:00:00", "99:59:59"]);
    case "Time64": {
      const p = Number(t.args[0]);
      const f = (digits) => (p > 0 ? "." + digits.slice(0, p) : "");
      return typed([`00:00:00${f("001")}`, `12:34:56${f("789123456")}`, `-01:00:00${f("5")}`]);
    }
    case "UUID": return typed(["00000000-0000-0000-0000-000000000000", "61f0c404-5cb3-11e7-907b-a6006ad3dba0",
      "ffffffff-ffff-ffff-ffff-ffffffffffff"]);
    case "IPv4": return typed(["0.0.0.0", "1.2.3.4", "255.255.255.255"]);
    case "IPv6": return typed(["::", "::1", "::ffff:1.2.3.4", "2001:db8::1"]);
    case "Bool": return typed(["true", "false"]);
    case "Enum8":
    case "Enum16": return t.args.map((a) => `CAST(${/^('(?:[^'\\]|\\.)*')/.exec(a)[1]}, ${str(type)})`);
    case "Dynamic": return ["CAST(5, 'Dynamic')", "CAST('x', 'Dynamic')", "CAST(1.5, 'Dynamic')", "CAST(NULL, 'Dynamic')",
      "CAST([1, 2], 'Dynamic')"];
    case "JSON": return ["CAST('{\"a\":1}', 'JSON')", "CAST('{}', 'JSON')"];
    default:
      if (INTEGERS[t.name]) return typed(INTEGERS[t.name]);
      if (FLOATS[t.name]) return typed(FLOATS[t.name]);
      throw new Error(`no samples for type ${type}`);
  }
}

// ---- Checks ---------------------------------------------------------------------------------

function rows(session, sql) {
  const out = session.query(sql, "JSONCompactEachRow");
  return out.split("\n").filter((l) => l.length).map((l) => JSON.parse(l));
}

function errorText(e) {
  return String(e.message || e).replace(/^Query failed: /, "").split("\n")[0].slice(0, 300);
}

/// What a plain `CAST(c, 'To')` does to the sample rows of `live`:
///  - fails: it throws (the value is serialized with toString, so that an enum value CAST let
///    through without checking also fails);
///  - changed: some value differs, by either test that ClickHouse can evaluate for the types:
///    the round trip `CAST(CAST(c, 'To'), 'From')` printed differs from `c` printed, or the
///    converted value compares unequal to the original (`UInt64 -> Int64` wraps 2^64-1 to -1,
///    which the round trip wraps back). When neither test can be evaluated (no CAST back, no
///    comparison: UUID -> UInt128), the number of distinct values must stay the same.
function castVerdict(session, live, change, entry) {
  const col = quote(change.column);
  const cast = `CAST(${col}, ${str(change.to)})`;
  try {
    session.query(`SELECT toString(${cast}) FROM ${live} FORMAT Null`);
  } catch (e) {
    entry.problems.push(`${change.column}: plain CAST fails: ${errorText(e)}`);
    return { fails: true, changed: false, error: errorText(e) };
  }
  const count = (sql) => {
    try {
      return Number(rows(session, sql)[0][0]);
    } catch (e) {
      return null;  // not expressible for these types
    }
  };
  // FixedString pads with NUL bytes, which CAST back refuses: compare the text without them.
  const text = (e) => /FixedString/.test(change.from + change.to) ? `replaceRegexpOne(toString(${e}), '\\x00+$', '')` : `toString(${e})`;
  const roundTrip = count(`SELECT countIf(NOT (${text(`CAST(${cast}, ${str(change.from)})`)} <=> ${text(col)})) FROM ${live}`);
  // NaN equals nothing: rows printing as nan are left to the round trip.
  const compared = count(`SELECT countIf(NOT ifNull(${cast} = ${col}, isNull(${cast}) AND isNull(${col}))) FROM ${live} ` +
                         `WHERE NOT (ifNull(toString(${col}), '') ILIKE '%nan%')`);
  if (roundTrip === null && compared === null) {
    const distinct = count(`SELECT uniqExact(${col}) - uniqExact(${cast}) FROM ${live}`);
    return { fails: false, changed: distinct !== 0, how: `distinct values lost: ${distinct}` };
  }
  const changed = (roundTrip !== null && roundTrip > 0) || (compared !== null && compared > 0);
  return { fails: false, changed, how: `round trip changes ${roundTrip ?? "n/a"}, comparison differs on ${compared ?? "n/a"}` };
}

/// Conversions Ferry's classification flags although CAST keeps every value (known_overflags.tsv:
/// from <TAB> to <TAB> why): over-cautious verdicts are reported, not failed.
function readKnownOverflags(file) {
  const out = new Map();
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [from, to, why] = line.split("\t");
    out.set(`${from}\t${to}`, why || "");
  }
  return out;
}
const knownOverflags = readKnownOverflags(path.join(__dirname, "known_overflags.tsv"));
const overflagged = [];

function columnsSql(schema) {
  return schema.map((c) => `${quote(c.name)} ${c.type}`).join(", ");
}

function main() {
  const cases = fs.readFileSync(casesFile, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ferry-forward-oracle-"));
  const session = new Session(dir);
  for (const s of SETTINGS) {
    try { session.query(`SET ${s} = 1`); } catch (e) { /* a setting this version does not have */ }
  }
  const counts = { cases: 0, queries_run: 0, describe_ok: 0, inserted_ok: 0, plain: 0, recommended: 0,
    impossible: 0, identity: 0, sample_rows: 0, random_rows: 0, casts_kept_values: 0, flags_justified_fail: 0,
    flags_justified_change: 0, known_overflags: 0, failures: 0 };
  const failures = [];
  const fail = (c, what) => {
    counts.failures++;
    failures.push(`${c.name}: ${what}`);
  };
  const report = [];

  for (const [index, c] of cases.entries()) {
    counts.cases++;
    if (c.identity) counts.identity++;
    if (c.impossible) counts.impossible++;
    else if (c.needs_confirmation) counts.recommended++;
    else counts.plain++;
    const live = `live_${index}`, next = `next_${index}`;
    try {
      session.query(`CREATE TABLE ${live} (${columnsSql(c.live_schema)}) ENGINE = Memory`);
      session.query(`CREATE TABLE ${next} (${columnsSql(c.new_schema)}) ENGINE = Memory`);
    } catch (e) {
      fail(c, `cannot create the tables: ${errorText(e)}`);
      continue;
    }
    // Adversarial rows: column i of row r is sample r of column i (cycling).
    const lists = c.live_schema.map((col) => samples(col.type));
    const n = Math.max(...lists.map((l) => l.length));
    try {
      const selects = [];
      for (let r = 0; r < n; ++r) selects.push("SELECT " + lists.map((l) => l[r % l.length]).join(", "));
      session.query(`INSERT INTO ${live} ${selects.join(" UNION ALL ")}`);
      counts.sample_rows += n;
    } catch (e) {
      fail(c, `cannot insert the sample rows: ${errorText(e)}`);
      continue;
    }
    try {
      const structure = c.live_schema.map((col) => `${quote(col.name)} ${col.type}`).join(", ");
      session.query(`INSERT INTO ${live} SELECT * FROM generateRandom(${str(structure)}, 20260707, 12, 3) LIMIT 25`);
      counts.random_rows += 25;
    } catch (e) { /* generateRandom does not support some types (aggregate states, JSON) */ }

    const query = `${c.sql}\nFROM ${live}`;
    const entry = { name: c.name, sql: c.sql, flagged: c.flagged, problems: [] };
    try {
      const described = rows(session, `DESCRIBE (${query}) SETTINGS print_pretty_type_names = 0`).map(([name, type]) => ({ name, type }));
      if (JSON.stringify(described) !== JSON.stringify(c.new_schema)) {
        fail(c, `DESCRIBE gives ${JSON.stringify(described)}, the new schema is ${JSON.stringify(c.new_schema)}`);
      } else {
        counts.describe_ok++;
      }
    } catch (e) {
      fail(c, `DESCRIBE fails: ${errorText(e)}\n    ${query.replace(/\n/g, " ")}`);
    }
    try {
      session.query(`INSERT INTO ${next} ${query}`);
      counts.queries_run++;
      counts.inserted_ok++;
    } catch (e) {
      fail(c, `the query fails over the sample rows: ${errorText(e)}\n    ${query.replace(/\n/g, " ")}`);
    }

    // Is each column's verdict right? Flagged: CAST fails or changes a value. Unflagged: it keeps them.
    for (const change of c.changes) {
      const verdict = castVerdict(session, live, change, entry);
      const known = knownOverflags.get(`${change.from}\t${change.to}`);
      if (change.flagged) {
        if (verdict.fails) counts.flags_justified_fail++;
        else if (verdict.changed) counts.flags_justified_change++;
        else if (known !== undefined) {
          counts.known_overflags++;
          overflagged.push(`${change.from} -> ${change.to}: ${known}`);
        } else {
          fail(c, `column ${change.column} (${change.from} -> ${change.to}, ${change.conversion}) is flagged, but CAST keeps every sample value (${verdict.how})`);
        }
      } else if (verdict.fails) {
        fail(c, `column ${change.column} (${change.from} -> ${change.to}) is a plain CAST, which fails on the sample rows: ${verdict.error}`);
      } else if (verdict.changed) {
        fail(c, `column ${change.column} (${change.from} -> ${change.to}) is a plain CAST, which changes sample values (${verdict.how})`);
      } else {
        counts.casts_kept_values++;
      }
    }
    report.push(entry);
  }
  fs.rmSync(dir, { recursive: true, force: true });

  for (const f of failures) console.log("FAIL " + f);
  console.log(`cases: ${counts.cases} (${counts.plain} plain, ${counts.recommended} recommended, ${counts.impossible} impossible; ${counts.identity} identity)`);
  console.log(`sample rows: ${counts.sample_rows} adversarial + ${counts.random_rows} random`);
  console.log(`DESCRIBE equals the new schema: ${counts.describe_ok}/${counts.cases}`);
  console.log(`queries run over the sample rows and inserted into the new schema: ${counts.inserted_ok}/${counts.cases}`);
  console.log(`unflagged CASTs keeping every sample value: ${counts.casts_kept_values}`);
  console.log(`flagged changes justified: ${counts.flags_justified_fail} (CAST fails) + ${counts.flags_justified_change} (CAST changes values)`);
  for (const o of overflagged) console.log("known over-cautious flag: " + o);
  console.log(`flagged although CAST keeps the sample values (known_overflags.tsv): ${counts.known_overflags}`);
  console.log(`failures: ${counts.failures}`);
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify({ counts, failures, cases: report }, null, 2));
  process.exit(counts.failures ? 1 : 0);
}

main();
