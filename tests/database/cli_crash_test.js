// Crash test of the product path: `ferry datasource append` and `ferry datasource optimize` on a
// copy of examples/web-analytics (a MergeTree landing datasource with a materialized view into an
// AggregatingMergeTree), killed by SIGKILL at the store's named crash points (FERRY_CRASH_AT,
// see runtime/storage/store.h) and at random moments. After every death `ferry` opens the store
// again and the test checks:
//  - the rows of the killed append are exactly the first G good lines of its file, each once, with
//    G a whole number of batches (--batch-rows) or every good line;
//  - its quarantined rows are exactly the first Q bad lines, each once, and all of them when
//    every batch committed (no quarantined row is lost);
//  - the materialized view agrees with its source (countMerge(hits) = page hits);
//  - a killed optimize changes nothing a query sees;
//  - no temporary or unreferenced file survives the next open, and every file reads back
//    (checksums are verified on read);
//  - the store keeps working: appending the whole file again afterwards adds every row once.
// Exit 0 when every round passes; 1 with the first violation.
//
//   node cli_crash_test.js FERRY EXAMPLE_DIR WORK_DIR [--rounds N] [--seed S]
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const [ferry, example, work] = process.argv.slice(2, 5);
const opt = { rounds: 3, seed: 7 };
for (let i = 5; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, "")] = Number(process.argv[i + 1]);
if (!ferry || !example || !work) {
  console.error("usage: node cli_crash_test.js FERRY EXAMPLE_DIR WORK_DIR [--rounds N] [--seed S]");
  process.exit(2);
}

let seed = opt.seed >>> 0;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];

const BATCH = 1500;
const LINES = 9000;

/// NDJSON events whose session_id names the file and line; every 40th line is bad (a timestamp
/// that is not one, or broken JSON), and its identity stays readable in quarantine.
function writeEvents(file, tag) {
  const now = Math.floor(Date.now() / 1000);
  const good = [], bad = [];
  const lines = [];
  const badBefore = [];  // badBefore[g]: how many bad lines precede good line g
  for (let i = 0; i < LINES; i++) {
    const id = `${tag}-${i}`;
    const ts = new Date((now - Math.floor(rand() * 86400 * 10)) * 1000).toISOString().slice(0, 19).replace("T", " ");
    const event = {
      timestamp: ts, session_id: id, action: pick(["page_hit", "page_hit", "click"]), version: "1",
      tenant_id: pick(["t1", "t2", "t3"]), domain: pick(["a.com", "b.com"]),
      payload: JSON.stringify({ pathname: pick(["/", "/pricing", "/docs"]), locale: "en-US", "user-agent": "Mozilla/5.0 Chrome/120.0" }),
      tags: rand() < 0.5 ? ["x"] : [],
    };
    if (i % 40 === 39) {
      bad.push(id);
      if (i % 80 === 79) lines.push(`{"timestamp": "${ts}", "session_id": "${id}", "action": broken`);
      else lines.push(JSON.stringify({ ...event, timestamp: "not a time" }));
    } else {
      badBefore.push(bad.length);
      good.push(id);
      lines.push(JSON.stringify(event));
    }
  }
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return { good, bad, badBefore };
}

function run(args, env = {}) {
  const r = spawnSync(ferry, [...args], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return r;
}
function sql(project, query) {
  const r = run(["sql", query, "--project", project, "--format", "tsv"]);
  if (r.status !== 0) throw new Error(`ferry sql failed (${r.status}): ${query}\n${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l.length).slice(1);  // without the header
}

/// Runs ferry with `args`, killed by SIGKILL after `ms` milliseconds (or by a crash point).
function runKilled(args, env, ms) {
  return new Promise((resolve) => {
    const child = spawn(ferry, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const timer = ms === undefined ? null : setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function freshProject(name) {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(example, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.ferry`) });
  const r = run(["datasource", "ls", "--project", dir]);
  if (r.status !== 0) fail(`cannot create the store of ${dir}: ${r.stderr}`);
  return dir;
}

/// Checks the store of `project` against what the appends so far may have committed.
function checkStore(project, files, label) {
  const ids = sql(project, "SELECT session_id FROM analytics_events");
  const seen = new Map();
  for (const id of ids) seen.set(id, (seen.get(id) || 0) + 1);
  for (const [id, n] of seen) if (n !== 1) fail(`${label}: row ${id} is there ${n} times`);
  const quarantine = sql(project, "SELECT ifNull(session_id, ''), arrayStringConcat(c__error, ' | ') FROM analytics_events_quarantine");
  const qseen = new Map();
  for (const line of quarantine) {
    const [sid, error] = line.split("\t");
    const m = /session_id\\?": ?\\?"([a-z0-9]+-\d+)/.exec(error);
    const id = sid || (m && m[1]);
    if (!id) fail(`${label}: a quarantined row without identity: ${line}`);
    qseen.set(id, (qseen.get(id) || 0) + 1);
  }
  for (const [id, n] of qseen) if (n !== 1) fail(`${label}: quarantined row ${id} is there ${n} times`);
  let rows = 0;
  for (const f of files) {
    const g = f.good.filter((id) => seen.has(id)).length;
    const q = f.bad.filter((id) => qseen.has(id)).length;
    for (let i = 0; i < f.good.length; i++)
      if (seen.has(f.good[i]) !== i < g) fail(`${label}: the rows of ${f.tag} are not a prefix of its good lines (line ${f.good[i]})`);
    for (let i = 0; i < f.bad.length; i++)
      if (qseen.has(f.bad[i]) !== i < q) fail(`${label}: the quarantined rows of ${f.tag} are not a prefix of its bad lines`);
    if (f.complete && (g !== f.good.length || q !== f.bad.length))
      fail(`${label}: ${f.tag} was appended completely but ${g}/${f.good.length} rows and ${q}/${f.bad.length} quarantined rows are there`);
    if (g !== f.good.length && g % BATCH !== 0) fail(`${label}: ${g} rows of ${f.tag}: not a whole number of batches of ${BATCH}`);
    if (g === f.good.length && q !== f.bad.length) fail(`${label}: every row of ${f.tag} committed but ${f.bad.length - q} quarantined rows are lost`);
    // A rejected line commits with its batch or an earlier one, never after the rows behind it.
    if (g > 0 && q < f.badBefore[g - 1])
      fail(`${label}: ${g} rows of ${f.tag} committed but only ${q} of the ${f.badBefore[g - 1]} bad lines before them are in quarantine`);
    f.committed = g;
    rows += g;
  }
  if (ids.length !== rows) fail(`${label}: ${ids.length} rows, of which ${ids.length - rows} belong to no append`);
  const [hits, mv] = [sql(project, "SELECT count() FROM analytics_events WHERE action = 'page_hit'")[0],
    sql(project, "SELECT countMerge(hits) FROM analytics_pages_mv")[0]];
  if (hits !== mv) fail(`${label}: the view holds ${mv} hits, its source ${hits}`);
  checkNoGarbage(project, label);
  return rows;
}

/// After an open (the sql calls above), the store holds no temporary files and only parts that
/// the latest manifest references.
function checkNoGarbage(project, label) {
  const store = path.join(project, ".ferry", "store");
  const tmp = fs.existsSync(path.join(store, "tmp")) ? fs.readdirSync(path.join(store, "tmp")) : [];
  if (tmp.length) fail(`${label}: temporary entries survived the open: ${tmp.join(", ")}`);
  const manifests = fs.readdirSync(path.join(store, "manifests")).filter((m) => /^\d+\.json$/.test(m));
  const latest = manifests.sort((a, b) => parseInt(b) - parseInt(a))[0];
  const referenced = new Set();
  const manifest = JSON.parse(fs.readFileSync(path.join(store, "manifests", latest), "utf8"));
  JSON.stringify(manifest, (k, v) => {
    if (typeof v === "string" && v.startsWith("parts/")) referenced.add(v.split("/")[1]);
    if (k === "name" && typeof v === "string") referenced.add(v);
    return v;
  });
  for (const part of fs.readdirSync(path.join(store, "parts")))
    if (!referenced.has(part)) fail(`${label}: part ${part} is on disk but not in the latest manifest`);
}

const appendPoints = ["sequence.reserved", "part.columns_written", "part.written", "commit.before_lock",
  "commit.part_renamed", "commit.parts_renamed", "commit.manifest_written", "commit.manifest_renamed",
  "commit.manifest_synced"];
const mergePoints = ["part.written", "commit.parts_renamed", "commit.manifest_renamed", "commit.part_removed"];

let tags = 0;  // file tags: `a<n>`, `b<n>` (quarantine identities are matched as <letters+digits>-<line>)

async function appendRound(round, kill) {
  const project = freshProject(`append-${round}`);
  const files = [];
  const n = ++tags;
  const first = { tag: `a${n}`, ...writeEvents(path.join(project, "first.ndjson"), `a${n}`) };
  const done = run(["datasource", "append", "analytics_events", path.join(project, "first.ndjson"), "--project", project,
    "--batch-rows", String(BATCH), "--allow-quarantine"]);
  if (done.status !== 0) fail(`round ${round}: the first append failed: ${done.stderr}`);
  first.complete = true;
  files.push(first);
  const second = { tag: `b${n}`, ...writeEvents(path.join(project, "second.ndjson"), `b${n}`) };
  files.push(second);
  const args = ["datasource", "append", "analytics_events", path.join(project, "second.ndjson"), "--project", project,
    "--batch-rows", String(BATCH), "--allow-quarantine"];
  const r = await runKilled(args, kill.env || {}, kill.ms);
  const label = `round ${round} (append killed ${kill.what})`;
  if (r.signal !== "SIGKILL" && r.code !== 0) fail(`${label}: ferry exited ${r.code}: ${r.stderr}`);
  if (r.code === 0) second.complete = true;
  const before = checkStore(project, files, label);
  // The store keeps working: the whole file again adds every line once more.
  const again = run(["datasource", "append", "analytics_events", path.join(project, "second.ndjson"), "--project", project,
    "--allow-quarantine"]);
  if (again.status !== 0) fail(`${label}: appending after the crash failed: ${again.stderr}`);
  const after = Number(sql(project, "SELECT count() FROM analytics_events")[0]);
  if (after !== before + second.good.length) fail(`${label}: appending after the crash gave ${after} rows, expected ${before + second.good.length}`);
  return r.signal === "SIGKILL" ? `killed, ${second.committed}/${second.good.length} rows committed` : "completed";
}

const mergeQueries = [
  "SELECT tenant_id, domain, date, pathname, countMerge(hits), uniqMerge(visits), min(first_seen), max(last_seen) FROM analytics_pages_mv GROUP BY ALL ORDER BY ALL",
  "SELECT count(), uniqExact(session_id), sum(length(tags)) FROM analytics_events",
];

async function mergeRound(round, kill, table) {
  const project = freshProject(`merge-${round}`);
  for (let k = 0; k < 3; k++) {
    writeEvents(path.join(project, `m${k}.ndjson`), `m${++tags}`);
    const r = run(["datasource", "append", "analytics_events", path.join(project, `m${k}.ndjson`), "--project", project,
      "--batch-rows", "700", "--allow-quarantine"]);
    if (r.status !== 0) fail(`merge round ${round}: append failed: ${r.stderr}`);
  }
  const expected = mergeQueries.map((q) => sql(project, q).join("\n"));
  const r = await runKilled(["datasource", "optimize", table, "--final", "--project", project], kill.env || {}, kill.ms);
  const label = `round ${round} (optimize ${table} killed ${kill.what})`;
  if (r.signal !== "SIGKILL" && r.code !== 0) fail(`${label}: ferry exited ${r.code}: ${r.stderr}`);
  mergeQueries.forEach((q, i) => {
    if (sql(project, q).join("\n") !== expected[i]) fail(`${label}: the result of ${q} changed`);
  });
  checkNoGarbage(project, label);
  return r.signal === "SIGKILL" ? "killed" : "completed";
}

async function timed(f) {
  const t0 = Date.now();
  await f();
  return Date.now() - t0;
}

(async () => {
  fs.mkdirSync(work, { recursive: true });
  let n = 0, killed = 0;
  const note = (what) => {
    n++;
    if (what.startsWith("killed")) killed++;
  };
  // How long an undisturbed append and optimize take: random kills land inside that window.
  let append_ms = 0, optimize_ms = 0;
  {
    const project = freshProject("timing");
    writeEvents(path.join(project, "t.ndjson"), "t");
    append_ms = await timed(() => runKilled(["datasource", "append", "analytics_events", path.join(project, "t.ndjson"),
      "--project", project, "--batch-rows", String(BATCH), "--allow-quarantine"], {}));
    optimize_ms = await timed(() => runKilled(["datasource", "optimize", "analytics_events", "--final", "--project", project], {}));
  }
  for (let r = 0; r < opt.rounds; r++) {
    for (const point of appendPoints) {
      const k = 1 + Math.floor(rand() * 4);
      note(await appendRound(`${r}-${point}`, { what: `at ${point}@${k}`, env: { FERRY_CRASH_AT: `${point}@${k}` } }));
    }
    for (let i = 0; i < 4; i++) {
      const ms = Math.floor(rand() * append_ms);
      note(await appendRound(`${r}-random${i}`, { what: `after ${ms} ms`, ms }));
    }
    for (const table of ["analytics_events", "analytics_pages_mv"]) {
      for (const point of mergePoints)
        note(await mergeRound(`${r}-${table}-${point}`, { what: `at ${point}`, env: { FERRY_CRASH_AT: `${point}@1` } }, table));
      const ms = Math.floor(rand() * optimize_ms);
      note(await mergeRound(`${r}-${table}-random`, { what: `after ${ms} ms`, ms }, table));
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`cli crash test: ${n} rounds passed, ${killed} of them killed mid-way ` +
    `(append ${append_ms} ms, optimize ${optimize_ms} ms undisturbed)`);
})().catch((e) => fail(e.stack || String(e)));
