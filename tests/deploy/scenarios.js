// End-to-end seed scenarios of deployments on the embedded store (issue 6).
//
//   node scenarios.js FERRY WORK_DIR [--only NAME] [--list]
//
// Every folder scenarios/<name>/ holds:
//   before/         the project as first deployed (.datasource/.pipe files)
//   after/ (and any other folder named by a "files" step): edited versions of the project
//   data/           NDJSON files appended by the steps
//   scenario.json   {"description", "queries": {NAME: SQL}, "results": {NAME: ROWS}, "steps": [...]}
//
// The project lives in WORK_DIR/<name>/project (wiped at start); it starts as a copy of before/.
// Steps run in order; each step is one line of output ("ok" or "FAIL" with expected/got). Every
// command the runner runs is also written to WORK_DIR/<name>/commands.sh (runnable with bash from
// WORK_DIR/<name>), so a failure can be reproduced by hand up to the failing step.
//
// Steps ("do"):
//   files     {"from": "after"}         replace the project's datafiles by the folder's (keeps .ferry)
//   append    {"datasource", "file", ["args"], ["expect_exit"]=0}
//   deploy    {["args"], ["expect_exit"]=0, ["output"]: [regex...], ["output_not"]: [regex...]}
//             runs `ferry deploy PROJECT ARGS`; regexes (case-insensitive) are matched against
//             stdout+stderr
//   optimize  {"datasource", ["args"]: ["--final"]}   `ferry datasource optimize` (live)
//   promote | discard | rollback   {["expect_exit"]=0, ["output"]}
//   ls        {"expect": [[id, status], ...]}   `ferry deployment ls --format json`, ordered by id;
//             an expected id "*" matches any id
//   query     {"sql" | "name", ["on"]="live"|"staging", "expect": ROWS | RESULT_NAME, ["columns"]}
//             or {"expect_error": regex}: the query must fail (non-zero exit) with that message.
//             ROWS: an array of rows, each an array of values compared as strings with the TSV
//             output (numbers written as JSON numbers or strings alike).
//   endpoint  {"pipe", ["params"]: {k: v}, ["on"], "expect" | "expect_error"}
//   recompute {"from": "after", "queries": [NAME...], ["on"]="live"}
//             a fresh project from the folder, with every file appended so far appended to it in
//             the same order (the appends that succeeded); each query must give on it exactly what
//             it gives on the scenario's project (from-scratch recomputation == the deployment).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const argv = process.argv.slice(2);
const positional = [];
const opt = { only: null, list: false };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--only") opt.only = argv[++i];
  else if (argv[i] === "--list") opt.list = true;
  else positional.push(argv[i]);
}
const scenariosDir = path.join(__dirname, "scenarios");
const allNames = fs.readdirSync(scenariosDir).filter((n) => fs.existsSync(path.join(scenariosDir, n, "scenario.json"))).sort();
if (opt.list) {
  for (const n of allNames) console.log(n);
  process.exit(0);
}
const [ferryArg, workArg] = positional;
if (!ferryArg || !workArg) {
  console.error("usage: node scenarios.js FERRY WORK_DIR [--only NAME] [--list]");
  process.exit(2);
}
const ferry = path.resolve(ferryArg);
const work = path.resolve(workArg);
const names = opt.only ? opt.only.split(",") : allNames;
for (const n of names) {
  if (!allNames.includes(n)) {
    console.error(`no scenario named ${n} (have: ${allNames.join(", ")})`);
    process.exit(2);
  }
}

const q = (s) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'\\''`)}'`);
const TIMEOUT_MS = 120000;

function copyDatafiles(from, to) {
  // Replace every datafile of `to` (outside .ferry) by those of `from`.
  const walk = (dir, fn) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === ".ferry") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, fn);
      else fn(p);
    }
  };
  if (fs.existsSync(to)) {
    walk(to, (p) => { if (/\.(datasource|pipe|incl|sql)$/.test(p)) fs.rmSync(p); });
    // remove directories left empty
    const prune = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== ".ferry") {
          const p = path.join(dir, e.name);
          prune(p);
          if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
        }
      }
    };
    prune(to);
  }
  fs.mkdirSync(to, { recursive: true });
  walk(from, (p) => {
    const dst = path.join(to, path.relative(from, p));
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(p, dst);
  });
}

function parseTsv(text) {
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (!lines.length) return { columns: [], rows: [] };
  return { columns: lines[0].split("\t"), rows: lines.slice(1).map((l) => l.split("\t")) };
}
const norm = (rows) => rows.map((r) => r.map((v) => (v === null ? "\\N" : typeof v === "object" ? JSON.stringify(v) : String(v))));
const show = (rows) => (rows.length ? rows.map((r) => r.join(" | ")).join("\n               ") : "(no rows)");
const expectLabel = (e) => (typeof e === "string" ? e : JSON.stringify(e).length <= 70 ? JSON.stringify(e) : `${e.length} rows`);
const sameRows = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const oneLine = (s) => s.replace(/\s+/g, " ").trim().slice(0, 400);

function runScenario(name) {
  const dir = path.join(scenariosDir, name);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "scenario.json"), "utf8"));
  const base = path.join(work, name);
  fs.rmSync(base, { recursive: true, force: true });
  fs.mkdirSync(base, { recursive: true });
  const project = path.join(base, "project");
  copyDatafiles(path.join(dir, "before"), project);
  const script = [
    "#!/bin/bash",
    `# scenario ${name}: ${spec.description || ""}`.replace(/\n/g, " "),
    `# run from ${base}; the project starts as a copy of ${path.join(dir, "before")}`,
    `F=${q(ferry)}`,
    `S=${q(dir)}`,
    "rm -rf project && mkdir project && cp -r $S/before/. project/",
  ];
  const commands = path.join(base, "commands.sh");
  const flushScript = () => fs.writeFileSync(commands, script.join("\n") + "\n");
  const appended = [];  // [datasource, file] of every successful append, in order
  let failures = 0, checks = 0, aborted = false, stoppedAt = 0;

  const relDir = (p) => p.startsWith(dir + path.sep) ? "$S/" + path.relative(dir, p) : q(p);
  const relArg = (a) => (a === project ? "project" : a.startsWith(dir + path.sep) ? relDir(a) : a.startsWith(base + path.sep) ? q(path.relative(base, a)) : q(a));
  const ferryRun = (args, cwd = base) => {
    script.push("$F " + args.map(relArg).join(" "));
    flushScript();
    const r = spawnSync(ferry, args, { cwd, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
    const out = (r.stdout || "") + (r.stderr || "");
    const status = r.status === null ? (r.signal ? `signal ${r.signal}` : `error ${r.error && r.error.code}`) : r.status;
    return { status, stdout: r.stdout || "", stderr: r.stderr || "", out, cmd: "$F " + args.map(relArg).join(" ") };
  };

  const report = (idx, label, ok, detail, r) => {
    checks++;
    if (ok) {
      console.log(`ok   ${name} #${idx} ${label}`);
      return true;
    }
    failures++;
    console.log(`FAIL ${name} #${idx} ${label}`);
    for (const line of detail) console.log(`      ${line}`);
    if (r) {
      console.log(`      command: ${r.cmd}`);
      console.log(`      reproduce: cd ${base} && bash commands.sh   (steps up to #${idx}; F=${ferry})`);
    }
    return false;
  };
  const resolveRows = (e) => (typeof e === "string" ? spec.results[e] : e);
  const expectOutput = (r, step) => {
    const bad = [];
    for (const re of step.output || []) if (!new RegExp(re, "i").test(r.out)) bad.push(`output does not match /${re}/i`);
    for (const re of step.output_not || []) if (new RegExp(re, "i").test(r.out)) bad.push(`output matches /${re}/i, which it must not`);
    return bad;
  };

  const steps = spec.steps;
  for (let i = 0; i < steps.length && !aborted; i++) {
    const s = steps[i];
    const idx = i + 1;
    stoppedAt = idx;
    script.push(`# step ${idx}: ${s.do}${s.note ? " - " + s.note : ""}`);
    switch (s.do) {
      case "files": {
        copyDatafiles(path.join(dir, s.from), project);
        script.push(`find project -path project/.ferry -prune -o -type f \\( -name '*.datasource' -o -name '*.pipe' \\) -print | xargs -r rm -f; cp -r $S/${s.from}/. project/`);
        flushScript();
        console.log(`--   ${name} #${idx} project files <- ${s.from}/`);
        break;
      }
      case "append": {
        const file = path.join(dir, "data", s.file);
        const r = ferryRun(["datasource", "append", "--project", project, s.datasource, file, ...(s.args || [])]);
        const want = s.expect_exit ?? 0;
        const ok = r.status === want;
        if (ok && want === 0) appended.push([s.datasource, file, s.args || []]);
        if (!report(idx, `append ${s.file} -> ${s.datasource} (exit ${want})`, ok, [`exit ${r.status}, expected ${want}`, `output: ${oneLine(r.out)}`], r)) aborted = true;
        break;
      }
      case "optimize": {
        const r = ferryRun(["datasource", "optimize", "--project", project, s.datasource, ...(s.args || [])]);
        const want = s.expect_exit ?? 0;
        if (!report(idx, `optimize ${s.datasource}${s.args && s.args.length ? " " + s.args.join(" ") : ""} (exit ${want})`, r.status === want, [`exit ${r.status}, expected ${want}`, `output: ${oneLine(r.out)}`], r)) aborted = true;
        break;
      }
      case "deploy":
      case "promote":
      case "discard":
      case "rollback": {
        const args = s.do === "deploy" ? ["deploy", project, ...(s.args || [])] : ["deployment", s.do, "--project", project, ...(s.args || [])];
        const r = ferryRun(args);
        const want = s.expect_exit ?? 0;
        const problems = [];
        if (r.status !== want) problems.push(`exit ${r.status}, expected ${want}`);
        problems.push(...expectOutput(r, s));
        const label = `${s.do}${s.args && s.args.length ? " " + s.args.join(" ") : ""}${s.note ? " (" + s.note + ")" : ""} -> exit ${want}${(s.output || []).length ? ", output ~ " + s.output.map((x) => "/" + x + "/").join(" ") : ""}`;
        if (!report(idx, label, problems.length === 0, [...problems, `output: ${oneLine(r.out)}`], r)) {
          if (r.status !== want) aborted = true;  // the state is not what later steps expect
        }
        break;
      }
      case "ls": {
        const r = ferryRun(["deployment", "ls", "--project", project, "--format", "json"]);
        let got = null, err = null;
        if (r.status !== 0) err = `exit ${r.status}: ${oneLine(r.out)}`;
        else {
          try {
            const j = JSON.parse(r.stdout);
            got = (j.deployments || []).map((d) => [String(d.id), String(d.status)]).sort((a, b) => Number(a[0]) - Number(b[0]) || (a[0] < b[0] ? -1 : 1));
          } catch (e) {
            err = `not JSON (${e.message}): ${oneLine(r.stdout)}`;
          }
        }
        const want = norm(s.expect);
        // an expected id "*" matches any id (e.g. the id of a deployment made after a discard)
        const ok = !err && got.length === want.length && got.every((g, k) => (want[k][0] === "*" || want[k][0] === g[0]) && want[k][1] === g[1]);
        report(idx, `deployment ls = ${want.map((d) => d.join(":")).join(", ")}`, ok, err ? [err] : [`expected ${want.map((d) => d.join(":")).join(", ") || "(none)"}`, `got      ${got.map((d) => d.join(":")).join(", ") || "(none)"}`, `raw: ${oneLine(r.stdout)}`], r);
        break;
      }
      case "query":
      case "endpoint": {
        const on = s.on || "live";
        const dep = on === "live" ? [] : ["--deployment", on];
        let args, label;
        if (s.do === "query") {
          const sql = s.sql || spec.queries[s.name];
          if (!sql) throw new Error(`${name} step ${idx}: no query named ${s.name}`);
          args = ["sql", "--project", project, ...dep, "--format", "tsv", sql];
          label = `query ${s.name || oneLine(sql).slice(0, 60)} on ${on}`;
        } else {
          args = ["endpoint", "--project", project, ...dep, "--format", "tsv", s.pipe];
          for (const [k, v] of Object.entries(s.params || {})) args.push("--param", `${k}=${v}`);
          label = `endpoint ${s.pipe}${Object.keys(s.params || {}).length ? " " + JSON.stringify(s.params) : ""} on ${on}`;
        }
        const r = ferryRun(args);
        if (s.expect_error !== undefined) {
          const ok = r.status !== 0 && r.status !== "signal SIGKILL" && new RegExp(s.expect_error, "i").test(r.out);
          report(idx, `${label} fails ~ /${s.expect_error}/`, ok, [`exit ${r.status}`, `output: ${oneLine(r.out)}`], r);
          break;
        }
        const want = norm(resolveRows(s.expect));
        if (r.status !== 0) {
          report(idx, `${label} = ${expectLabel(s.expect)}`, false, [`exit ${r.status}: ${oneLine(r.out)}`, `expected ${show(want)}`], r);
          break;
        }
        const got = parseTsv(r.stdout);
        const problems = [];
        if (!sameRows(got.rows, want)) problems.push(`expected ${show(want)}`, `got      ${show(got.rows)}`.replace(/\n {15}/g, "\n               "));
        if (s.columns && !sameRows(got.columns, s.columns)) problems.push(`columns expected ${s.columns.join(", ")}`, `columns got      ${got.columns.join(", ")}`);
        report(idx, `${label} = ${expectLabel(s.expect)}`, problems.length === 0, problems, r);
        break;
      }
      case "recompute": {
        const fresh = path.join(base, `recompute-${idx}`);
        fs.rmSync(fresh, { recursive: true, force: true });
        copyDatafiles(path.join(dir, s.from), fresh);
        script.push(`rm -rf recompute-${idx} && mkdir recompute-${idx} && cp -r $S/${s.from}/. recompute-${idx}/`);
        const problems = [];
        let lastCmd = null;
        for (const [ds, file, extra] of appended) {
          const r = ferryRun(["datasource", "append", "--project", fresh, ds, file, ...extra]);
          lastCmd = r;
          if (r.status !== 0) problems.push(`fresh append ${path.basename(file)} -> ${ds}: exit ${r.status}: ${oneLine(r.out)}`);
        }
        const on = s.on || "live";
        const dep = on === "live" ? [] : ["--deployment", on];
        for (const qn of s.queries) {
          const sql = spec.queries[qn];
          const a = ferryRun(["sql", "--project", fresh, "--format", "tsv", sql]);
          const b = ferryRun(["sql", "--project", project, ...dep, "--format", "tsv", sql]);
          lastCmd = b;
          if (a.status !== 0 || b.status !== 0) {
            problems.push(`${qn}: exit fresh ${a.status} / ${on} ${b.status}: ${oneLine(a.status !== 0 ? a.out : b.out)}`);
            continue;
          }
          const ra = parseTsv(a.stdout).rows, rb = parseTsv(b.stdout).rows;
          if (!sameRows(ra, rb)) problems.push(`${qn}: from scratch ${show(ra)}`, `${qn}: ${on}         ${show(rb)}`);
        }
        report(idx, `${on} == from-scratch recomputation of ${s.from}/ with ${appended.length} appends (${s.queries.join(", ")})`, problems.length === 0, problems, lastCmd);
        break;
      }
      default:
        throw new Error(`${name} step ${idx}: unknown step "${s.do}"`);
    }
  }
  if (aborted) console.log(`--   ${name}: stopped after step #${stoppedAt}, whose exit code differs: the later steps depend on it`);
  console.log(`${failures || aborted ? "FAILED" : "PASSED"} ${name}: ${checks - failures}/${checks} checks passed${aborted ? `, steps #${stoppedAt + 1}..#${steps.length} not run` : ""}`);
  return failures === 0 && !aborted;
}

// The deployment verbs must exist: without them every scenario fails here with one clear line.
{
  const r = spawnSync(ferry, ["deployment", "--help"], { encoding: "utf8" });
  if (r.status !== 0 || !/promote/.test(r.stdout + r.stderr)) {
    console.log(`FAIL ${ferry} has no \`deployment\` verb (ferry deployment --help: exit ${r.status})`);
    process.exit(1);
  }
}
fs.mkdirSync(work, { recursive: true });
let ok = true;
for (const n of names) {
  try {
    if (!runScenario(n)) ok = false;
  } catch (e) {
    console.log(`FAIL ${n}: runner error: ${e.stack}`);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
