// Deterministic NDJSON events for bench/deploy/projects/*/datasources/events.datasource: id,
// timestamp (two years, 24 monthly partitions), user (100,000 users), action, value.
//   node generate_events.js ROWS OUT.ndjson [SEED]
"use strict";
const fs = require("fs");
const [rowsArg, out, seedArg] = process.argv.slice(2);
const rows = Number(rowsArg || 10000000);
let seed = Number(seedArg || 42) >>> 0;
const rand = () => {  // xorshift32: the same file for the same seed, everywhere
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};
const actions = ["view", "view", "view", "view", "click", "click", "purchase", "signup"];
const start = Date.UTC(2024, 0, 1) / 1000, span = 2 * 365 * 86400;
const pad = (n) => (n < 10 ? "0" + n : "" + n);
const fd = fs.openSync(out, "w");
let chunk = "";
for (let i = 0; i < rows; i++) {
  const d = new Date((start + Math.floor(rand() * span)) * 1000);
  const ts = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  chunk += `{"id":${i},"timestamp":"${ts}","user":"u${Math.floor(rand() * 100000)}","action":"${actions[Math.floor(rand() * actions.length)]}","value":${Math.floor(rand() * 100000) - 1000}}\n`;
  if (chunk.length > (1 << 22)) { fs.writeSync(fd, chunk); chunk = ""; }
}
if (chunk) fs.writeSync(fd, chunk);
fs.closeSync(fd);
