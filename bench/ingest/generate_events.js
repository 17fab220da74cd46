// Deterministic analytics events for examples/web-analytics/datasources/analytics_events.datasource:
// one JSON object per line with timestamp, session_id, action, version, tenant_id, domain,
// payload (a JSON document as a string, as the tracking snippet sends it) and tags.
//   node generate_events.js ROWS OUT.ndjson [SEED]
"use strict";
const fs = require("fs");
const [rowsArg, out, seedArg] = process.argv.slice(2);
const rows = Number(rowsArg || 1000000);
let seed = Number(seedArg || 42) >>> 0;
const rand = () => {  // xorshift32: the same file for the same seed, everywhere
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];
const hex = (n) => { let s = ""; for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(rand() * 16)]; return s; };
const actions = ["page_hit", "page_hit", "page_hit", "click", "scroll", "signup", "purchase"];
const tenants = Array.from({ length: 20 }, (_, i) => "tenant_" + i);
const domains = ["example.com", "shop.example.com", "blog.example.org", "docs.example.net", "app.example.io"];
const paths = ["/", "/pricing", "/blog/how-to-ingest", "/docs/getting-started", "/product/42", "/cart", "/signup"];
const agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"];
const locales = ["en-US", "es-ES", "de-DE", "fr-FR", "ja-JP", "pt-BR"];
const countries = ["US", "ES", "DE", "FR", "JP", "BR", "GB", "IN"];
const tagPool = ["new", "returning", "mobile", "desktop", "campaign:spring", "ab:variant-b", "beta"];
const start = Date.UTC(2024, 0, 1) / 1000;
const pad = (n) => String(n).padStart(2, "0");
const fmt = (t) => { const d = new Date(t * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };
const fd = fs.openSync(out, "w");
let chunk = [];
for (let i = 0; i < rows; i++) {
  const domain = pick(domains);
  const payload = JSON.stringify({ "user-agent": pick(agents), locale: pick(locales), location: pick(countries),
    referrer: rand() < 0.5 ? "https://www.google.com/" : "", pathname: pick(paths), href: `https://${domain}${pick(paths)}?utm_source=${hex(6)}` });
  const tags = []; const nt = Math.floor(rand() * 4); for (let k = 0; k < nt; k++) tags.push(pick(tagPool));
  const event = { timestamp: fmt(start + Math.floor(rand() * 86400 * 90)), session_id: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    action: pick(actions), version: "1", tenant_id: pick(tenants), domain, payload, tags };
  chunk.push(JSON.stringify(event));
  if (chunk.length === 10000) { fs.writeSync(fd, chunk.join("\n") + "\n"); chunk = []; }
}
if (chunk.length) fs.writeSync(fd, chunk.join("\n") + "\n");
fs.closeSync(fd);
