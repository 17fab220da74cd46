// Regenerates the expected column of data/supertype_cases.tsv from chDB (ClickHouse 26.7):
//   node tests/types/update_supertype_cases.js
// Each row: mode (`if`: the branches of multiIf; `array`: the elements of an array literal),
// the types separated by " | ", and the type ClickHouse gives (or ERROR <code>).
const fs = require("fs");
const path = require("path");
const { query } = require(path.join(__dirname, "../oracle/node_modules/chdb"));

const file = path.join(__dirname, "data/supertype_cases.tsv");
const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
const quote = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
const value = (t) => `defaultValueOfTypeName(${quote(t)})`;
const out = [lines[0]];
for (const line of lines.slice(1)) {
  const [mode, list] = line.split("\t");
  const types = list.split(" | ");
  let expr;
  if (mode === "if") {
    const parts = [];
    types.forEach((t, i) => parts.push(i + 1 < types.length ? `rand() = ${i}, ${value(t)}` : value(t)));
    expr = types.length === 2 ? `if(rand() % 2 = 0, ${value(types[0])}, ${value(types[1])})` : `multiIf(${parts.join(", ")})`;
  } else {
    expr = `[${types.map(value).join(", ")}]`;
  }
  let result;
  try {
    result = query(`SELECT toTypeName(${expr}) SETTINGS print_pretty_type_names = 0`, "TSVRaw").trim();
    if (mode === "array") result = result.replace(/^Array\((.*)\)$/, "$1");
  } catch (e) {
    const m = String(e.message).match(/\(([A-Z_]+)\)\s*$/m);
    result = "ERROR " + (m ? m[1] : "UNKNOWN");
  }
  out.push(`${mode}\t${list}\t${result}`);
}
fs.writeFileSync(file, out.join("\n") + "\n");
console.log(`updated ${out.length - 1} rows`);
