// Deterministic sample events for examples/web-analytics and the corpus's web-analytics starter
// kits (analytics_events, payload as the tracking snippet sends it): several tenants and
// domains, desktop/mobile/tablet user agents, locales, late events (weeks behind the others) and a
// few malformed rows that must land in quarantine.
//
//   node gen_web_analytics.js --rows N [--seed S] [--end YYYY-MM-DD] [--bad json,timestamp,tags]
//                             --out FILE [--good FILE]
//
// Timestamps fall in the 14 days before --end (default: today, UTC), late ones 20-40 days before.
// --bad picks the kinds of malformed rows (`tags` only for schemas with an Array `tags`).
// --good also writes the rows that fit the schema (what ClickHouse is given). Prints a JSON
// summary {rows, bad} on stdout.
"use strict";
const fs = require("fs");

function args() {
  const a = { rows: 10000, seed: 1, end: new Date().toISOString().slice(0, 10), bad: "json,timestamp,tags" };
  for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
  a.rows = Number(a.rows);
  a.seed = Number(a.seed);
  a.bad = new Set(a.bad.split(",").filter(Boolean));
  return a;
}

/// mulberry32: a small seeded generator, so the same arguments give the same file.
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TENANTS = [["acme", ["acme.dev", "shop.acme.dev"], 5], ["globex", ["globex.com", "docs.globex.com"], 3],
  ["initech", ["initech.io"], 2], ["umbrella", ["umbrella.corp", "blog.umbrella.corp"], 1]];
const PATHS = ["/", "/pricing", "/docs", "/docs/getting-started", "/docs/api", "/about", "/contact", "/careers",
  "/blog", "/produits/café", "/日本語", "/search?q=a%20b"];
const LOCALES = ["en-US", "en-GB", "de-DE", "es-ES", "fr-FR", "ja-JP", "pt-BR"];
const LOCATIONS = ["US", "GB", "DE", "ES", "FR", "JP", "BR", "IN"];
const REFERRERS = ["", "", "https://www.google.com/", "https://news.ycombinator.com/", "https://t.co/abc",
  "https://github.com/tinybirdco"];
const AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Safari/604.1",
  "Mozilla/5.0 (Android 13; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0",
  "curl/8.4.0",
];

function main() {
  const a = args();
  const rnd = prng(a.seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const weighted = (xs) => {
    const total = xs.reduce((s, x) => s + x[2], 0);
    let r = rnd() * total;
    for (const x of xs) if ((r -= x[2]) < 0) return x;
    return xs[xs.length - 1];
  };
  const end = Date.parse(a.end + "T00:00:00Z") + 86400000 - 1000;
  const fmt = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  const lines = [], good = [];
  let bad = 0;
  for (let i = 0; i < a.rows; ++i) {
    const [tenant, domains] = weighted(TENANTS);
    const late = rnd() < 0.03;
    const back = late ? (20 + rnd() * 20) * 86400000 : rnd() * 14 * 86400000;
    const r = rnd();
    const action = r < 0.75 ? "page_hit" : r < 0.85 ? "click" : r < 0.92 ? "web_vital" : "signup";
    const domain = pick(domains);
    const pathname = pick(PATHS);
    let payload;
    if (action === "page_hit" || action === "click") {
      payload = { pathname, locale: pick(LOCALES), location: pick(LOCATIONS), "user-agent": pick(AGENTS),
        href: `https://${domain}${pathname}`, referrer: pick(REFERRERS) };
    } else if (action === "web_vital") {
      const name = pick(["LCP", "CLS", "INP", "FCP", "TTFB"]);
      payload = { name, value: Math.round(rnd() * 400000) / 100, delta: Math.round(rnd() * 1000) / 100, pathname,
        href: `https://${domain}${pathname}` };
    } else {
      payload = { plan: pick(["free", "pro", "enterprise"]), referrer: "https://example.com/\"quoted\"" };
    }
    if (rnd() < 0.02) delete payload["user-agent"];
    const event = { timestamp: fmt(end - back), session_id: `${tenant}-${Math.floor(rnd() * 400)}`, action,
      version: pick(["1", "1", "2"]), tenant_id: tenant, domain, payload: JSON.stringify(payload) };
    if (rnd() < 0.7) event.tags = rnd() < 0.5 ? [] : [pick(["a", "b", "paid", "beta"]), pick(["x", "y"])];
    if (rnd() < 0.01) delete event.domain;     // takes DEFAULT ''
    if (rnd() < 0.005) delete event.tenant_id;
    const b = rnd();
    if (b < 0.004 && a.bad.has("json")) {    // malformed JSON
      lines.push(JSON.stringify(event).slice(0, 40));
      ++bad;
    } else if (b >= 0.004 && b < 0.008 && a.bad.has("timestamp")) {  // a timestamp that is no DateTime
      event.timestamp = pick(["yesterday", "2026-13-45 99:99:99"]);
      lines.push(JSON.stringify(event));
      ++bad;
    } else if (b >= 0.008 && b < 0.010 && a.bad.has("tags")) {  // a string where an array belongs (tags)
      event.tags = "not-an-array";
      lines.push(JSON.stringify(event));
      ++bad;
    } else {
      const line = JSON.stringify(event);
      lines.push(line);
      good.push(line);
    }
  }
  fs.writeFileSync(a.out, lines.join("\n") + "\n");
  if (a.good) fs.writeFileSync(a.good, good.join("\n") + "\n");
  process.stdout.write(JSON.stringify({ rows: good.length, bad }) + "\n");
}

main();
