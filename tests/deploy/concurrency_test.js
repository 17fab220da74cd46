// Deployments while a second process appends (issue 6, "exactly-once cut-over by ingestion order").
//
// Each round, on a fresh copy of tests/deploy/projects/events_v1 (a MergeTree landing `events`
// with two materialized views into an AggregatingMergeTree `user_daily` and a SummingMergeTree
// `action_totals`, and an endpoint):
//  1. a few initial appends (tens of thousands of rows);
//  2. a SECOND PROCESS (this script with --appender) appends continuously: many small NDJSON files
//     with a small --batch-rows, 15% of the events stamped years in the past (late events);
//  3. meanwhile the working copy is switched to the edited project and `ferry deploy P` runs, then
//     `ferry deployment promote`, with seeded random sleeps so that appends land before the fence,
//     during the backfill, between backfill and promote, during and after promote. Rounds cycle
//     through the edits: events_v2_mv_column (a column added to a materialized view and its
//     target, seeds 000/001), events_v3_landing_sorting_key (the landing rewritten, its views
//     downstream rebuilt), and "chained": v2 deployed first (--auto, no appender), then
//     events_v4_chained_sorting_key (v2 with the landing's sorting key changed) over it;
//  4. the appender stops; every table and endpoint of the new live deployment must equal a
//     from-scratch recomputation: a fresh copy of the edited project with every file that was
//     appended successfully (exit 0), in the same order. The previous deployment (the rollback
//     window, `--deployment previous`) must equal the recomputation under the old project;
//  5. the appender starts again, `ferry deployment rollback` runs in the middle of it, and live
//     must equal the old project's recomputation over every file, including those appended while
//     the new deployment was live.
// Prints per table the rows expected and found, lost and duplicated (and for aggregates the events
// lost/duplicated per key), and how many appends landed in each phase. Exit 0 when every round
// passes, 1 otherwise (every failure with the command that shows it).
//
//   node concurrency_test.js FERRY WORK_DIR [--rounds N] [--seed S] [--edit mv_column|landing_sorting_key|chained] [--keep]
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");
const L = require("./deploy_test_lib.js");

const PROJECTS = path.join(__dirname, "projects");
const BASE = path.join(PROJECTS, "events_v1");
const EDITS = [
  { name: "mv_column", dir: path.join(PROJECTS, "events_v2_mv_column") },
  { name: "landing_sorting_key", dir: path.join(PROJECTS, "events_v3_landing_sorting_key") },
  // a second deployment over a promoted one: v1 -> v2 first (deploy --auto, no appender), then
  // v2 -> v4 (the landing's sorting key) under the appender; the rollback returns to v2
  { name: "chained", via: path.join(PROJECTS, "events_v2_mv_column"), dir: path.join(PROJECTS, "events_v4_chained_sorting_key") },
];

// ---- the appender: a second process -------------------------------------------------------------

/// Appends small files until STOP_FILE exists, one JSON line per append in LOG_FILE.
function appender([ferry, project, dir, seed, firstId, stopFile, logFile]) {
  const fx = L.makeFerry(ferry);
  const rand = L.makeRng(Number(seed));
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let id = Number(firstId);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; !fs.existsSync(stopFile); i++) {
    const rows = rand.int(10, 120), batch = rand.int(10, 60);
    const file = path.join(dir, `append-${String(i).padStart(5, "0")}.ndjson`);
    L.writeEvents(file, rand, id, rows);
    id += rows;
    const args = ["datasource", "append", "events", file, "--project", project, "--batch-rows", String(batch)];
    const start = Date.now();
    const r = fx.run(args);
    const entry = { file, rows, batch, code: r.status, signal: r.signal, start, end: Date.now() };
    if (r.status !== 0) entry.error = `${fx.show(args)} exited ${r.status}${r.signal ? " " + r.signal : ""}: ${(r.stderr || "").trim().slice(0, 800)}`;
    fs.appendFileSync(logFile, JSON.stringify(entry) + "\n");
    Atomics.wait(pause, 0, 0, rand.int(0, 40));
  }
}

const running = new Set();  // appenders to stop when a round fails half-way

function startAppender(ferry, project, dir, seed, firstId) {
  const stopFile = path.join(dir, "STOP"), logFile = path.join(dir, "log.ndjson");
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(stopFile, { force: true });
  fs.writeFileSync(logFile, "");
  const child = spawn(process.execPath, [__filename, "--appender", ferry, project, dir, String(seed), String(firstId), stopFile, logFile],
    { stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const handle = {
    stop: async () => {
      fs.writeFileSync(stopFile, "");
      const r = await exited;
      running.delete(handle);
      if (r.code !== 0) L.fail(`the appender process exited ${r.code} ${r.signal || ""}`);
      return fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    },
  };
  running.add(handle);
  return handle;
}

// ---- one round ----------------------------------------------------------------------------------

/// Which phase window(s) an append [start, end] overlapped.
function phaseCounts(log, windows) {
  const counts = Object.fromEntries(windows.map((w) => [w.name, 0]));
  for (const a of log) for (const w of windows) if (a.start <= w.end && a.end >= w.start) counts[w.name]++;
  return counts;
}

async function round(fx, work, r, rand, opt) {
  const edits = opt.edit ? EDITS.filter((e) => e.name === opt.edit) : EDITS;
  const edit = edits[r % edits.length];
  const dir = path.join(work, `round-${r}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const P = path.join(dir, "project");
  L.copyProject(BASE, P);
  const failures = [];
  const check = (ok, message) => { if (!ok) failures.push(message); return ok; };
  const OLD = edit.via || BASE;  // the live project when the deploy under test starts
  console.log(`round ${r}: ${edit.via ? `${path.basename(BASE)} -> ${path.basename(edit.via)} (deploy --auto), then ` : ""}` +
    `${path.basename(OLD)} -> ${path.basename(edit.dir)} (${P})`);

  // 1. initial appends
  const files = [];
  const nInitial = rand.int(2, 3);
  let id = 0;
  for (let k = 0; k < nInitial; k++) {
    const rows = rand.int(10000, 30000);
    const f = L.writeEvents(path.join(dir, `initial-${k}.ndjson`), rand, id, rows);
    id += rows;
    const args = ["datasource", "append", "events", f.file, "--project", P, "--batch-rows", String(rand.int(3000, 12000))];
    const res = fx.run(args);
    if (res.status !== 0) L.fail(`round ${r}: initial append failed: ${fx.show(args)}: ${res.stderr}`);
    files.push(f.file);
  }
  const initialRows = id;
  if (edit.via) {
    L.switchFiles(edit.via, P);
    const args = ["deploy", P, "--auto"];
    const res = fx.run(args);
    if (res.status !== 0) L.fail(`round ${r}: the first deploy failed: ${fx.show(args)}: ${res.stderr}`);
  }

  // 2.-3. the appender, deploy, promote
  // each append of the second process takes a few hundred ms (a commit per small batch, fsynced):
  // windows of a few appends each
  const sleeps = { beforeDeploy: rand.int(500, 2500), beforePromote: rand.int(300, 2000), afterPromote: rand.int(500, 2000),
    beforeRollback: rand.int(300, 1500), afterRollback: rand.int(300, 1500) };
  const a1 = startAppender(fx.path, P, path.join(dir, "appender-1"), opt.seed * 1000 + r * 2 + 1, 10_000_000);
  await L.sleep(sleeps.beforeDeploy);
  L.switchFiles(edit.dir, P);
  const deployArgs = ["deploy", P];
  const deploy = await fx.runAsync(deployArgs);
  let staged = check(deploy.code === 0, `round ${r}: ${fx.show(deployArgs)} exited ${deploy.code} ${deploy.signal || ""}:\n${deploy.stderr}${deploy.stdout}`);
  let cut = null, ids = {};
  if (staged) {
    const ls = L.deployments(fx, P);
    const staging = L.withStatus(ls, "staging"), live = L.withStatus(ls, "live");
    staged = check(staging.length === 1 && live.length === 1, `round ${r}: after deploy, deployment ls shows ${JSON.stringify(ls)}`);
    if (staged) {
      ids = { old: String(live[0].id), new: String(staging[0].id) };
      cut = staging[0].cut;
      const q = ["sql", "SELECT count() AS n FROM events", "--project", P, "--deployment", "staging", "--format", "json"];
      const s = fx.run(q);
      check(s.status === 0, `round ${r}: querying staging failed: ${fx.show(q)}: ${s.stderr}`);
    }
  }
  await L.sleep(sleeps.beforePromote);
  let promote = { start: 0, end: 0 };
  let promoted = false;
  if (staged) {
    const promoteArgs = ["deployment", "promote", "--project", P];
    promote = await fx.runAsync(promoteArgs);
    promoted = check(promote.code === 0, `round ${r}: ${fx.show(promoteArgs)} exited ${promote.code} ${promote.signal || ""}:\n${promote.stderr}`);
  }
  await L.sleep(sleeps.afterPromote);
  const log1 = await a1.stop();
  const phases1 = phaseCounts(log1, [
    { name: "before deploy", start: 0, end: deploy.start },
    { name: "during deploy", start: deploy.start, end: deploy.end },
    { name: "between deploy and promote", start: deploy.end, end: promote.start || Infinity },
    { name: "during promote", start: promote.start || Infinity, end: promote.end || Infinity },
    { name: "after promote", start: promote.end || Infinity, end: Infinity },
  ]);
  for (const a of log1) {
    if (a.code === 0) files.push(a.file);
    else check(false, `round ${r}: an append failed: ${a.error}`);
  }
  const appended1 = log1.filter((a) => a.code === 0).reduce((s, a) => s + a.rows, 0);
  console.log(`  initial ${initialRows} rows in ${nInitial} files; appender: ${log1.length} appends (${appended1} rows); ` +
    `deploy ${deploy.end - deploy.start} ms (cut ${cut}), promote ${promote.end - promote.start} ms`);
  console.log(`  appends per phase: ${Object.entries(phases1).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  for (const [phase, n] of Object.entries(phases1)) if (n === 0 && phase !== "during promote") console.log(`  note: no append overlapped "${phase}" this round`);
  if (!promoted) return failures;

  // 4. new live == recomputation under the edited project; previous == recomputation under the old one
  const expectedNew = L.recompute(fx, edit.dir, path.join(dir, "recompute-new"), files);
  const live = L.snapshot(fx, P, edit.dir);
  const reportNew = L.compare(expectedNew, live);
  console.log(`  new live deployment ${ids.new} vs recomputation of ${path.basename(edit.dir)} over ${files.length} files:`);
  console.log(L.formatReport(reportNew));
  check(L.allOk(reportNew), `round ${r}: the new live deployment differs from the recomputation (see above)`);
  const ls = L.deployments(fx, P);
  check(L.withStatus(ls, "live").map((d) => d.id).join() === ids.new && L.withStatus(ls, "previous").map((d) => d.id).join() === ids.old &&
    L.withStatus(ls, "staging").length === 0, `round ${r}: after promote, deployment ls shows ${JSON.stringify(ls)}`);
  for (const m of L.datasourceLsMismatches(fx, P, edit.dir)) check(false, `round ${r}: after promote, ${m}`);
  const expectedOld = L.recompute(fx, OLD, path.join(dir, "recompute-old"), files);
  const previous = L.snapshot(fx, P, OLD, "previous");
  if (Object.values(previous).every((t) => t.error && /^exit 2\b/.test(t.error))) {
    console.log(`  note: --deployment previous is not accepted (${Object.values(previous)[0].error.split("\n")[0]}); ` +
      "the rollback window is checked after the rollback only");
  } else {
    const reportPrev = L.compare(expectedOld, previous);
    console.log(`  previous deployment ${ids.old} (--deployment previous) vs recomputation of ${path.basename(OLD)}:`);
    console.log(L.formatReport(reportPrev));
    check(L.allOk(reportPrev), `round ${r}: the previous deployment (rollback window) differs from the recomputation (see above)`);
  }

  // 5. rollback while appending
  const a2 = startAppender(fx.path, P, path.join(dir, "appender-2"), opt.seed * 1000 + r * 2 + 2, 20_000_000);
  await L.sleep(sleeps.beforeRollback);
  const rollbackArgs = ["deployment", "rollback", "--project", P];
  const rollback = await fx.runAsync(rollbackArgs);
  check(rollback.code === 0, `round ${r}: ${fx.show(rollbackArgs)} exited ${rollback.code} ${rollback.signal || ""}:\n${rollback.stderr}`);
  await L.sleep(sleeps.afterRollback);
  const log2 = await a2.stop();
  for (const a of log2) {
    if (a.code === 0) files.push(a.file);
    else check(false, `round ${r}: an append failed: ${a.error}`);
  }
  const phases2 = phaseCounts(log2, [
    { name: "before rollback", start: 0, end: rollback.start },
    { name: "during rollback", start: rollback.start, end: rollback.end },
    { name: "after rollback", start: rollback.end, end: Infinity },
  ]);
  console.log(`  rollback ${rollback.end - rollback.start} ms; appends per phase: ${Object.entries(phases2).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (rollback.code === 0) {
    // the working copy goes back to the old files too, so that later commands see no pending change
    L.switchFiles(OLD, P);
    const expectedBack = L.recompute(fx, OLD, path.join(dir, "recompute-old-2"), files);
    const back = L.snapshot(fx, P, OLD);
    const reportBack = L.compare(expectedBack, back);
    console.log(`  live after rollback (deployment ${ids.old}) vs recomputation of ${path.basename(OLD)} over ${files.length} files:`);
    console.log(L.formatReport(reportBack));
    check(L.allOk(reportBack), `round ${r}: live after rollback differs from the recomputation (see above)`);
    for (const m of L.datasourceLsMismatches(fx, P, OLD)) check(false, `round ${r}: after rollback, ${m}`);
    const ls2 = L.deployments(fx, P);
    check(L.withStatus(ls2, "live").map((d) => d.id).join() === ids.old && L.withStatus(ls2, "staging").length === 0 &&
      L.withStatus(ls2, "previous").length === 0, `round ${r}: after rollback, deployment ls shows ${JSON.stringify(ls2)}`);
  }
  return failures;
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === "--appender") return appender(argv.slice(1));
  const [ferry, work] = argv;
  const opt = { rounds: 4, seed: 1, keep: false };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === "--keep") opt.keep = true;
    else if (argv[i] === "--rounds" || argv[i] === "--seed") opt[argv[i].slice(2)] = Number(argv[++i]);
    else if (argv[i] === "--edit" && EDITS.some((e) => e.name === argv[i + 1])) opt.edit = argv[++i];
    else { console.error(`unknown option ${argv[i]}`); process.exit(2); }
  }
  if (!ferry || !work) {
    console.error("usage: node concurrency_test.js FERRY WORK_DIR [--rounds N] [--seed S] [--edit mv_column|landing_sorting_key|chained] [--keep]");
    process.exit(2);
  }
  const fx = L.makeFerry(path.resolve(ferry));
  const root = path.resolve(work);
  fs.mkdirSync(root, { recursive: true });
  const rand = L.makeRng(opt.seed);
  const t0 = Date.now();
  let failed = 0;
  for (let r = 0; r < opt.rounds; r++) {
    let failures;
    try {
      failures = await round(fx, root, r, rand, opt);
    } catch (e) {
      if (!(e instanceof L.Fail)) throw e;
      failures = [e.message];
      for (const a of [...running]) await a.stop().catch(() => {});
    }
    if (failures.length) failed++;
    console.log(failures.length ? `round ${r}: FAILED\n  ${failures.join("\n  ")}` : `round ${r}: passed`);
  }
  console.log(`deploy concurrency test (seed ${opt.seed}): ${opt.rounds - failed}/${opt.rounds} rounds passed ` +
    `in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (failed) {
    console.log(`work dir kept: ${root}`);
    process.exit(1);
  }
  if (!opt.keep) fs.rmSync(root, { recursive: true, force: true });
}

main().catch((e) => { console.error(`FAIL: ${e.stack || e}`); process.exit(1); });
