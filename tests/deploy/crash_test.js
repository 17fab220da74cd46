// Crash injection into deployments (issue 6, "crash safety"): every journaled step of
// `ferry deploy --auto`, `ferry deployment promote` and `ferry deployment rollback`, and a few store
// crash points inside the deploy's backfill, each killed by SIGKILL (FERRY_CRASH_AT=deploy.step@N,
// FERRY_CRASH_AT=<store point>@K) on a fresh copy of a prepared store (tests/deploy/projects/events_v1
// with data: a MergeTree landing with two materialized views, an endpoint).
//
// For N = 1, 2, 3, ... until the command completes (exit 0: N is past its last step):
//  - after the kill, `ferry deployment ls` names the live deployment, and every table, every
//    table's columns and the endpoint of live equal the old deployment's results or the new one's,
//    whichever is live: never a mix;
//  - one more file is appended into the crashed state (it must succeed, leave the live deployment
//    as it was, and reach whatever recovery keeps: the final checks are over every file);
//  - recovery, alternately: re-running the same command (it resumes and completes) or, for deploy
//    and promote, `ferry deployment discard` (live stays the old deployment, no staging remains, and
//    the store holds exactly the physical tables it held before the deploy; every other time, a
//    deploy afterwards completes);
//  - the final state equals a from-scratch recomputation (a fresh copy of the old or new project
//    with every file appended in the same order), and so does the previous deployment (the
//    rollback window, `--deployment previous`) after a completed deploy; `deployment ls` shows
//    what it should.
// Exit 0 when every case passes; 1 otherwise, each failure with the commands that reproduce it.
//
//   node crash_test.js FERRY WORK_DIR [--rows N] [--max-steps N] [--all | --edit NAME] [--keep]
//     --all: every sweep for both edits (default: deploy and store points with the landing rewrite
//            events_v3_landing_sorting_key, promote and rollback with the view change
//            events_v2_mv_column); --edit mv_column|landing_sorting_key: every sweep with that edit
"use strict";
const fs = require("fs");
const path = require("path");
const L = require("./deploy_test_lib.js");

const PROJECTS = path.join(__dirname, "projects");
const BASE = path.join(PROJECTS, "events_v1");
const EDITS = {
  mv_column: path.join(PROJECTS, "events_v2_mv_column"),
  landing_sorting_key: path.join(PROJECTS, "events_v3_landing_sorting_key"),
};
const STORE_POINTS = [["part.written", 1], ["part.written", 4], ["commit.parts_renamed", 1], ["commit.manifest_written", 2],
  ["commit.manifest_renamed", 1], ["commit.manifest_renamed", 3], ["commit.manifest_synced", 2], ["commit.part_removed", 1]];

const argv = process.argv.slice(2);
const [ferryArg, workArg] = argv;
const opt = { rows: 10000, "max-steps": 200, all: false, keep: false };
for (let i = 2; i < argv.length; i++) {
  if (argv[i] === "--all" || argv[i] === "--keep") opt[argv[i].slice(2)] = true;
  else if (argv[i] === "--rows" || argv[i] === "--max-steps") opt[argv[i].slice(2)] = Number(argv[++i]);
  else if (argv[i] === "--edit" && EDITS[argv[i + 1]]) opt.edit = argv[++i];
  else { console.error(`unknown option ${argv[i]}`); process.exit(2); }
}
if (!ferryArg || !workArg) {
  console.error("usage: node crash_test.js FERRY WORK_DIR [--rows N] [--max-steps N] [--all | --edit NAME] [--keep]");
  process.exit(2);
}
const fx = L.makeFerry(path.resolve(ferryArg));
const work = path.resolve(workArg);
const failures = [];

const copyStore = (src, dst) => {
  fs.rmSync(dst, { recursive: true, force: true });
  fs.cpSync(src, dst, { recursive: true });
};

function mustRun(args, what) {
  const r = fx.run(args);
  if (r.status !== 0) L.fail(`${what}: ${fx.show(args)} exited ${r.status}${r.signal ? " " + r.signal : ""}:\n${r.stderr}${r.stdout}`);
  return r;
}

/// The prepared stores and the expected results: A = the files of the prepared store, B = the file
/// appended after each crash.
function prepare() {
  const rand = L.makeRng(11);
  const data = path.join(work, "data");
  fs.mkdirSync(data, { recursive: true });
  const A = [];
  let id = 0;
  for (const share of [0.5, 0.3, 0.2]) {
    const rows = Math.max(1, Math.round(opt.rows * share));
    A.push(L.writeEvents(path.join(data, `a${A.length}.ndjson`), rand, id, rows).file);
    id += rows;
  }
  const B = L.writeEvents(path.join(data, "b.ndjson"), rand, 5_000_000, 400).file;
  const base = path.join(work, "prepared", "base");
  L.copyProject(BASE, base);
  for (const f of A) mustRun(["datasource", "append", "events", f, "--project", base, "--batch-rows", String(Math.ceil(opt.rows / 7))], "preparing the store");
  const ls = L.deployments(fx, base);
  const oldId = String(L.withStatus(ls, "live")[0].id);
  const tablesBefore = L.storeTables(base);
  const expect = {
    oldA: L.snapshot(fx, base, BASE),
    oldAB: L.recompute(fx, BASE, path.join(work, "expected", "old-AB"), [...A, B]),
  };
  const check = L.compare(L.recompute(fx, BASE, path.join(work, "expected", "old-A"), A), expect.oldA);
  if (!L.allOk(check)) L.fail(`the prepared store differs from its recomputation (an append bug, not a deploy one):\n${L.formatReport(check)}`);
  return { A, B, base, oldId, tablesBefore, expect };
}

function expectationsFor(prep, edit) {
  const dir = EDITS[edit];
  return {
    edit, dir,
    newA: L.recompute(fx, dir, path.join(work, "expected", `${edit}-A`), prep.A),
    newAB: L.recompute(fx, dir, path.join(work, "expected", `${edit}-AB`), [...prep.A, prep.B]),
  };
}

/// A prepared store with the working copy switched to `edit`, then `extra` run on it (deploy, deploy --auto).
function preparedWith(prep, edit, name, extra) {
  const dir = path.join(work, "prepared", name);
  copyStore(prep.base, dir);
  L.switchFiles(EDITS[edit], dir);
  if (extra) mustRun(extra(dir), `preparing ${name}`);
  return dir;
}

/// Live's state: which deployment (old or new) `deployment ls` calls live, and whether every table,
/// column list and endpoint equals that deployment's expectation (`which`: A or AB).
function checkLive(P, prep, ex, which, label, { withSchema = false } = {}) {
  const ls = L.deployments(fx, P);
  const live = L.withStatus(ls, "live");
  if (live.length !== 1) return { ok: false, ls, message: `${label}: deployment ls shows ${live.length} live deployments: ${JSON.stringify(ls)}` };
  const state = String(live[0].id) === prep.oldId ? "old" : "new";
  const expected = state === "old" ? prep.expect[`old${which}`] : ex[`new${which}`];
  const actual = L.snapshot(fx, P, state === "old" ? BASE : ex.dir, null, { withSchema });
  const report = L.compare(expected, actual);
  const ok = L.allOk(report);
  return { ok, state, ls, report,
    message: ok ? "" : `${label}: live is deployment ${live[0].id} (${state}) but its results are not the ${state} ones over ${which}:\n${L.formatReport(report)}` };
}

const noStaging = (ls) => L.withStatus(ls, "staging").length === 0;

/// One crash case: `command` on a copy of `prepared` with FERRY_CRASH_AT=`point`. Returns
/// "completed" (not killed), "killed" or "failed".
async function crashCase({ label, prepared, command, point, ex, recovery, onComplete }) {
  const P = path.join(work, "cases", label.replace(/[^\w.@-]+/g, "_"));
  copyStore(prepared, P);
  const args = command(P);
  const repro = `rm -rf ${P} && cp -r ${prepared} ${P} && FERRY_CRASH_AT=${point} ${fx.show(args)}`;
  const caseFailures = [];
  const bad = (m) => caseFailures.push(`${label}: ${m}\n    reproduce: ${repro}`);
  const r = await fx.runAsync(args, { FERRY_CRASH_AT: point });
  let outcome = "killed";
  const steps = [];
  try {
    if (r.signal !== "SIGKILL") {
      if (r.code !== 0) {
        bad(`exited ${r.code} ${r.signal || ""} (neither completed nor killed):\n${r.stderr}${r.stdout}`);
        return { outcome: "failed", failures: caseFailures };
      }
      outcome = "completed";
      const s = onComplete(P);
      if (s) bad(s);
      return { outcome, failures: caseFailures, steps: ["completed"] };
    }
    // after the kill: old or new, never a mix
    const after = checkLive(P, prep, ex, "A", "after the kill", { withSchema: true });
    if (!after.ok) { bad(after.message); return { outcome, failures: caseFailures }; }
    steps.push(`live ${after.state}`);
    // an append into the crashed state (it reaches whichever deployments recovery keeps: the final
    // checks are over A and B)
    const append = ["datasource", "append", "events", prep.B, "--project", P, "--batch-rows", "200"];
    const ar = fx.run(append);
    if (ar.status !== 0) { bad(`appending after the kill failed: ${fx.show(append)} exited ${ar.status}:\n${ar.stderr}`); return { outcome, failures: caseFailures }; }
    const liveAfter = L.withStatus(L.deployments(fx, P), "live").map((d) => String(d.id)).join();
    if (liveAfter !== String(L.withStatus(after.ls, "live")[0].id)) bad(`the append switched live from ${after.state} to deployment ${liveAfter}`);
    steps.push("append ok");
    const m = recovery(P, after, args, steps);
    if (m) bad(m);
  } catch (e) {
    if (!(e instanceof L.Fail)) throw e;
    bad(e.message);
  }
  return { outcome, failures: caseFailures, steps };
}

// ---- recoveries ---------------------------------------------------------------------------------

/// Re-runs `args` (no crash): it must complete; then live must be the new deployment over AB, with
/// no staging and the old one previous.
function recoverByRerun(P, ex, args, steps, { mayFailWhenDone = false, expectState = "new" } = {}) {
  const r = fx.run(args);
  if (r.status !== 0) {
    const ls = L.deployments(fx, P);
    // promote/rollback re-run after the kill of their very last step: nothing is left to do
    if (!(mayFailWhenDone && mayFailWhenDone(ls)))
      return `re-running ${fx.show(args)} exited ${r.status}:\n${r.stderr}${r.stdout}\n    deployment ls: ${JSON.stringify(ls)}`;
    steps.push(`re-run exit ${r.status} (already done: ${r.stderr.trim().split("\n")[0]})`);
  } else {
    steps.push("re-run ok");
  }
  const fin = checkLive(P, prep, ex, "AB", `after re-running ${args[0]} ${args[1]}`);
  if (!fin.ok) return fin.message;
  if (fin.state !== expectState) return `after re-running, live is the ${fin.state} deployment, expected the ${expectState} one: ${JSON.stringify(fin.ls)}`;
  if (!noStaging(fin.ls)) return `after re-running, a staging deployment remains: ${JSON.stringify(fin.ls)}`;
  if (expectState === "new") {
    if (L.withStatus(fin.ls, "previous").map((d) => d.id).join() !== prep.oldId)
      return `after re-running, the previous deployment is not ${prep.oldId}: ${JSON.stringify(fin.ls)}`;
    // the rollback window holds every row too, the one appended into the crashed state included
    const report = L.compare(prep.expect.oldAB, L.snapshot(fx, P, BASE, "previous", { withSchema: false }));
    if (!L.allOk(report)) return `after re-running, the previous deployment (--deployment previous) differs from the old recomputation over AB:\n${L.formatReport(report)}`;
  }
  if (expectState === "old") {
    if (L.withStatus(fin.ls, "previous").length) return `after the rollback, a previous deployment remains: ${JSON.stringify(fin.ls)}`;
    const tables = L.storeTables(P);
    if (tables.join() !== prep.tablesBefore.join())
      return `after the rollback the store holds tables ${tables.join(", ")}; before the deploy: ${prep.tablesBefore.join(", ")}`;
  }
  steps.push(`live ${fin.state} = recomputation`);
  return null;
}

/// `ferry deployment discard`: live stays old (over AB), no staging, the store's tables as before
/// the deploy; then a deploy --auto of the same files completes.
function recoverByDiscard(P, ex, steps, deployAgain) {
  const before = L.deployments(fx, P);
  const args = ["deployment", "discard", "--project", P];
  const r = fx.run(args);
  if (r.status !== 0 && !noStaging(before)) return `${fx.show(args)} exited ${r.status} with a staging deployment there:\n${r.stderr}`;
  steps.push(r.status === 0 ? "discard ok" : `discard exit ${r.status} (no staging listed)`);
  const fin = checkLive(P, prep, ex, "AB", "after discard");
  if (!fin.ok) return fin.message;
  if (fin.state !== "old") return `after discard, live is the new deployment: ${JSON.stringify(fin.ls)}`;
  if (!noStaging(fin.ls)) return `after discard, a staging deployment remains: ${JSON.stringify(fin.ls)}`;
  const tables = L.storeTables(P);
  if (tables.join() !== prep.tablesBefore.join())
    return `after discard the store holds tables ${tables.join(", ")}; before the deploy: ${prep.tablesBefore.join(", ")} (leftovers of staging)`;
  const ds = mustRun(["datasource", "ls", "--project", P], "datasource ls after discard").stdout;
  steps.push("live old = recomputation, store clean");
  if (!deployAgain) return null;
  const again = ["deploy", P, "--auto"];
  const d = fx.run(again);
  if (d.status !== 0) return `deploying again after discard: ${fx.show(again)} exited ${d.status}:\n${d.stderr}\n    datasource ls:\n${ds}`;
  const re = checkLive(P, prep, ex, "AB", "after deploying again");
  if (!re.ok) return re.message;
  if (re.state !== "new") return `after deploying again, live is not the new deployment: ${JSON.stringify(re.ls)}`;
  steps.push("deploy again ok");
  return null;
}

/// A completed deploy/promote: live = new over A, old previous, no staging.
function completedNew(P, ex) {
  const fin = checkLive(P, prep, ex, "A", "after completing");
  if (!fin.ok) return fin.message;
  if (fin.state !== "new" || !noStaging(fin.ls)) return `completed, but deployment ls shows ${JSON.stringify(fin.ls)}`;
  return null;
}

// ---- the sweeps ---------------------------------------------------------------------------------

let prep;
const summary = [];

async function sweep(name, { prepared, command, ex, recovery, onComplete, points }) {
  const t0 = Date.now();
  let killed = 0, completedAt = null, failed = 0;
  const list = points || [];
  for (let n = 1; points ? n <= list.length : n <= opt["max-steps"]; n++) {
    const point = points ? `${list[n - 1][0]}@${list[n - 1][1]}` : `deploy.step@${n}`;
    const label = `${name} ${point}`;
    const res = await crashCase({ label, prepared, command, point, ex, onComplete, recovery: (P, after, args, steps) => recovery(P, after, args, steps, n) });
    console.log(`  ${label.padEnd(58)} ${res.outcome}${res.steps && res.steps.length ? ": " + res.steps.join("; ") : ""}` +
      (res.failures.length ? "  FAILED" : ""));
    for (const f of res.failures) console.log(`    FAIL ${f}`);
    failures.push(...res.failures);
    if (res.failures.length) failed++;
    if (res.outcome === "killed") killed++;
    if (!points && res.outcome !== "killed") { completedAt = n; break; }
  }
  if (!points && completedAt === null) failures.push(`${name}: still killed at deploy.step@${opt["max-steps"]} (a loop, or --max-steps too low)`);
  summary.push(`${name}: ${killed} kills${points ? "" : `, completed at N=${completedAt} (${completedAt === null ? "?" : completedAt - 1} journaled steps)`}` +
    `, ${failed} failed, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

(async () => {
  const t0 = Date.now();
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  try {
    prep = prepare();
  } catch (e) {
    if (!(e instanceof L.Fail)) throw e;
    console.log(`FAIL preparing: ${e.message}`);
    process.exit(1);
  }
  let deployEdits = opt.all ? ["landing_sorting_key", "mv_column"] : ["landing_sorting_key"];
  let promoteEdits = opt.all ? ["mv_column", "landing_sorting_key"] : ["mv_column"];
  if (opt.edit) deployEdits = promoteEdits = [opt.edit];
  const exs = {};
  const exFor = (e) => (exs[e] = exs[e] || expectationsFor(prep, e));
  try {
    for (const edit of deployEdits) {
      const ex = exFor(edit);
      const prepared = preparedWith(prep, edit, `switched-${edit}`);
      const command = (P) => ["deploy", P, "--auto"];
      const recovery = (P, after, args, steps, n) =>
        (after.state === "new" || n % 2 === 0 ? recoverByRerun(P, ex, args, steps) : recoverByDiscard(P, ex, steps, n % 4 === 1));
      console.log(`deploy --auto (${path.basename(ex.dir)}), killed at every journaled step:`);
      await sweep(`deploy ${edit}`, { prepared, command, ex, recovery, onComplete: (P) => completedNew(P, ex) });
      console.log(`deploy --auto (${path.basename(ex.dir)}), killed at store crash points:`);
      await sweep(`deploy ${edit} (store)`, { prepared, command, ex, recovery, onComplete: (P) => completedNew(P, ex), points: STORE_POINTS });
    }
    for (const edit of promoteEdits) {
      const ex = exFor(edit);
      const staged = preparedWith(prep, edit, `staged-${edit}`, (P) => ["deploy", P]);
      const stagedLs = L.deployments(fx, staged);
      if (L.withStatus(stagedLs, "staging").length !== 1) L.fail(`after ${fx.show(["deploy", staged])}: deployment ls shows ${JSON.stringify(stagedLs)}`);
      console.log(`deployment promote (${path.basename(ex.dir)}), killed at every journaled step:`);
      await sweep(`promote ${edit}`, {
        prepared: staged, command: (P) => ["deployment", "promote", "--project", P], ex, onComplete: (P) => completedNew(P, ex),
        recovery: (P, after, args, steps, n) => (after.state === "new" || n % 2 === 0
          ? recoverByRerun(P, ex, args, steps, { mayFailWhenDone: (ls) => after.state === "new" && noStaging(ls) })
          : recoverByDiscard(P, ex, steps, true)),
      });
      const promoted = preparedWith(prep, edit, `promoted-${edit}`, (P) => ["deploy", P, "--auto"]);
      console.log(`deployment rollback (${path.basename(ex.dir)}), killed at every journaled step:`);
      await sweep(`rollback ${edit}`, {
        prepared: promoted, command: (P) => ["deployment", "rollback", "--project", P], ex,
        onComplete: (P) => {
          const fin = checkLive(P, prep, ex, "A", "after the rollback");
          if (!fin.ok) return fin.message;
          if (fin.state !== "old" || !noStaging(fin.ls) || L.withStatus(fin.ls, "previous").length)
            return `rollback completed, but deployment ls shows ${JSON.stringify(fin.ls)}`;
          const tables = L.storeTables(P);
          if (tables.join() !== prep.tablesBefore.join())
            return `after the rollback the store holds tables ${tables.join(", ")}; before the deploy: ${prep.tablesBefore.join(", ")}`;
          return null;
        },
        recovery: (P, after, args, steps) => recoverByRerun(P, ex, args, steps, {
          expectState: "old", mayFailWhenDone: (ls) => after.state === "old" && L.withStatus(ls, "previous").length === 0 }),
      });
    }
  } catch (e) {
    if (!(e instanceof L.Fail)) throw e;
    failures.push(e.message);
    console.log(`FAIL ${e.message}`);
  }
  console.log(summary.join("\n"));
  console.log(`deploy crash test: ${failures.length ? `${failures.length} FAILED` : "passed"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (failures.length) {
    console.log(`work dir kept: ${work}`);
    process.exit(1);
  }
  if (!opt.keep) fs.rmSync(work, { recursive: true, force: true });
})().catch((e) => { console.error(`FAIL: ${e.stack || e}`); process.exit(1); });
