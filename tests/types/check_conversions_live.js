// Checks the verdicts of data/conversion_cases.tsv against chDB
// (ClickHouse 26.7):
//   node tests/types/check_conversions_live.js
// impossible -> CAST of the type's default value is rejected; otherwise it is accepted (a
// fallible CAST may reject the default, e.g. NULL into a non-Nullable type). For scalar types
// with sample values: lossless -> every sample survives CAST there and back; lossy -> at
// least one does not (or CAST changes it silently); fallible -> at least one sample fails or
// changes. Prints the disagreements and the agreement count.
const fs = require("fs");
const path = require("path");
const { query } = require(path.join(__dirname, "../oracle/node_modules/chdb"));

const samples = {
  UInt8: ["0", "255"], UInt16: ["0", "65535"], UInt32: ["0", "4294967295"],
  UInt64: ["0", "18446744073709551615", "9007199254740993"], Int8: ["-128", "127"],
  Int32: ["-2147483648", "2147483647", "16777217"], Int64: ["-9223372036854775808", "9223372036854775807"],
  Float32: ["1.5", "3.4028235e38", "-0.1"], Float64: ["1e300", "0.1", "nan", "123456789.123456789"],
  "Decimal(9, 2)": ["-9999999.99", "1234567.89"], "Decimal(18, 4)": ["12345678901234.5678", "1.2345"],
  Date: ["1970-01-01", "2149-06-06"], Date32: ["1900-01-01", "2299-12-31"],
  DateTime: ["1970-01-01 00:00:00", "2106-02-07 06:28:15"], "DateTime64(3)": ["2020-01-01 00:00:00.123"],
  "DateTime64(6)": ["2020-01-01 00:00:00.123456"], String: ["", "abc", "12345"], "FixedString(4)": ["ab", "abcd"],
  IPv4: ["1.2.3.4"], IPv6: ["::1", "::ffff:1.2.3.4"], UUID: ["00000000-0000-0000-0000-000000000001"],
  Bool: ["true", "false"], "Nullable(UInt8)": ["1"],
};
const quote = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
const run = (sql) => {
  try { return { ok: true, out: query(sql + " SETTINGS print_pretty_type_names = 0", "TSVRaw").trim() }; }
  catch (e) { return { ok: false, out: String(e.message).split("\n")[0] }; }
};

const file = path.join(__dirname, "data/conversion_cases.tsv");
const rows = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).slice(1);
let agree = 0;
for (const row of rows) {
  const [from, to, expected] = row.split("\t");
  const def = run(`SELECT CAST(defaultValueOfTypeName(${quote(from)}) AS ${to})`);
  let ok;
  let note = def.ok ? "default converts" : "default fails: " + def.out.slice(0, 120);
  if (expected === "impossible") ok = !def.ok;
  else ok = def.ok || expected === "fallible";
  // Round trips need the reverse CAST (UUID -> UInt128 has none: nothing to sample).
  const reverse = run(`SELECT CAST(defaultValueOfTypeName(${quote(to)}) AS ${from})`);
  if (ok && samples[from] && reverse.ok && expected !== "impossible" && expected !== "identical") {
    let changed = 0, failed = 0;
    const numeric = (t) => /^U?Int\d+$/.test(t);
    for (const v of samples[from]) {
      const value = `CAST(${quote(v)} AS ${from})`;
      // Between integers the text must survive too: UInt64 -> Int64 -> UInt64 wraps back.
      const same = numeric(from) && numeric(to) ? ` AND toString(CAST(${value} AS ${to})) = toString(${value})` : "";
      const r = run(`SELECT CAST(CAST(${value} AS ${to}) AS ${from}) = ${value}${same}`);
      if (!r.ok) failed++; else if (r.out !== "1") changed++;
    }
    note += `; samples changed ${changed}, failed ${failed}`;
    if (expected === "lossless") ok = changed === 0 && failed === 0;
    if (expected === "lossy") ok = changed + failed > 0;
  }
  if (ok) agree++; else console.log(`DISAGREE ${from} -> ${to}: expected ${expected}; ${note}`);
}
console.log(`conversion verdicts consistent with chDB: ${agree}/${rows.length}`);
