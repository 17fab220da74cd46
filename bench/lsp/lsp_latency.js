// Edit -> diagnostics latency of `ferry lsp` on one project, speaking raw LSP framing over stdio.
//
//   node lsp_latency.js FERRY PROJECT [--edits N] [--open K] [--check-runs R] [--debounce-ms D] [--brief]
//
// 1. Picks the central datasource (the one the most pipe files name) and K pipes that read it.
// 2. Cold start: spawn `ferry lsp`, initialize (rootUri = the project), initialized, didOpen of
//    the datasource and the K pipes; times to the initialize response, to the first
//    publishDiagnostics and to the last of the K + 1 first publishes.
// 3. N edits, one at a time, two of each kind in turn (after one unmeasured calibration round
//    that finds which open pipes the datasource edit republishes):
//    (a) pipe: an incremental edit in the first pipe's SQL that misspells a column reference
//        (`col` -> `col_x`), then one that removes it again; latency = didChange written ->
//        publishDiagnostics of that document with that `version` (the error must appear and
//        disappear, checked);
//    (b) datasource: an incremental edit that removes a column the open pipes read (its whole
//        SCHEMA line), then one that puts it back; latency = didChange written ->
//        publishDiagnostics of the datasource with that `version`, and -> every open pipe that
//        reads the column republished with its new list (the dependents re-checked).
// 4. Peer, same run: `ferry check PROJECT` (a full re-check from scratch: what an editor
//    integration without incremental analysis runs per edit), R runs, wall time.
// Prints one table (median / p90 / max in ms) and the ratios check / edit; exit 1 if an edit
// did not produce the expected diagnostics.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const [ferry, project] = argv;
const EDITS = opt("--edits", 200);
const OPEN = opt("--open", 8);
const CHECK_RUNS = opt("--check-runs", 11);
const DEBOUNCE = argv.includes("--debounce-ms") ? opt("--debounce-ms", 20) : null;
const debounceLabel = DEBOUNCE === null ? "default debounce" : `--debounce-ms ${DEBOUNCE}`;
const BRIEF = argv.includes("--brief"); // only the edit rows (a second pass, e.g. with --debounce-ms 0)
const STEP_MS = 30000;
if (!ferry || !project) {
  console.error("usage: node lsp_latency.js FERRY PROJECT [--edits N] [--open K] [--check-runs R] [--debounce-ms D]");
  process.exit(2);
}

// ---- the project: central datasource, pipes that read it, the column to edit -----------------
const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name.startsWith(".") ? [] : walk(path.join(dir, e.name))) : [path.join(dir, e.name)],
  );
const files = walk(project).sort();
const datasources = files.filter((f) => f.endsWith(".datasource"));
const pipes = files.filter((f) => f.endsWith(".pipe"));
const text = new Map(files.filter((f) => /\.(datasource|pipe)$/.test(f)).map((f) => [f, fs.readFileSync(f, "utf8")]));
const word = (w) => new RegExp(`(?<![A-Za-z0-9_])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`);
const readers = (ds) => pipes.filter((p) => word(path.basename(ds, ".datasource")).test(text.get(p)));
const central = datasources.reduce((best, ds) => (readers(ds).length > readers(best).length ? ds : best), datasources[0]);
const centralName = path.basename(central, ".datasource");
const dsText = text.get(central);
const schemaLines = dsText.split("\n").map((l, i) => [l, i]).filter(([l]) => /^\s+`[^`]+`\s/.test(l));
const columns = schemaLines.map(([l, i]) => ({ name: /`([^`]+)`/.exec(l)[1], line: i, text: l }));
// SQL part of a pipe (after its first `SQL >`), where a column reference is looked for
const sqlOf = (p) => {
  const t = text.get(p);
  const at = t.search(/^SQL >/m);
  return at < 0 ? "" : t.slice(at);
};
const allReaders = readers(central);
// the column most of the readers name (and not the last SCHEMA line: removing it would leave a
// trailing comma on the previous line)
const lastColumn = columns[columns.length - 1]?.name;
const column = columns
  .filter((c) => c.name !== lastColumn)
  .map((c) => ({ ...c, uses: allReaders.filter((p) => word(c.name).test(sqlOf(p))).length }))
  .sort((a, b) => b.uses - a.uses)[0];
// pipes without template blocks first: a column in a `{% if %}` branch is not always analyzed
const templated = (p) => /\{%/.test(sqlOf(p));
const opened = allReaders
  .filter((p) => word(column.name).test(sqlOf(p)))
  .sort((a, b) => templated(a) - templated(b) || a.localeCompare(b))
  .slice(0, OPEN);
const editPipe = opened[0];

// ---- raw LSP over stdio -------------------------------------------------------------------------
const args = ["lsp", ...(DEBOUNCE !== null ? ["--debounce-ms", String(DEBOUNCE)] : [])];
const child = spawn(ferry, args, { stdio: ["pipe", "pipe", "pipe"] });
let stderr = "";
child.stderr.on("data", (d) => (stderr += d));
child.on("exit", (code, signal) => {
  if (!finished) {
    console.error(`ferry lsp exited early (code ${code}, signal ${signal})\n${stderr}`);
    process.exit(1);
  }
});
let finished = false;
let buf = Buffer.alloc(0);
const waiters = [];
child.stdout.on("data", (chunk) => {
  const now = process.hrtime.bigint();
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) break;
    const m = /Content-Length:\s*(\d+)/i.exec(buf.subarray(0, end).toString("latin1"));
    if (!m) throw new Error(`bad header from the server: ${buf.subarray(0, end)}`);
    const len = Number(m[1]);
    if (buf.length < end + 4 + len) break;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString("utf8"));
    buf = buf.subarray(end + 4 + len);
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i].pred(msg)) {
        waiters[i].resolve({ msg, at: now });
        waiters.splice(i, 1);
        i--;
      }
    }
  }
});
const send = (obj) => {
  const body = Buffer.from(JSON.stringify(obj), "utf8");
  child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  return process.hrtime.bigint();
};
const wait = (pred, what) =>
  new Promise((resolve, reject) => {
    const w = { pred, resolve };
    waiters.push(w);
    setTimeout(() => {
      const i = waiters.indexOf(w);
      if (i >= 0) {
        waiters.splice(i, 1);
        reject(new Error(`timeout (${STEP_MS} ms): ${what}`));
      }
    }, STEP_MS).unref();
  });
const ms = (a, b) => Number(b - a) / 1e6;
const uri = (f) => pathToFileURL(f).href;
const isPublish = (u, pred = () => true) => (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === u && pred(m.params);

// UTF-16 position of a JS string index
const posAt = (t, index) => {
  const lineStart = t.lastIndexOf("\n", index - 1) + 1;
  return { line: t.slice(0, lineStart).split("\n").length - 1, character: index - lineStart };
};

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p90: q(0.9), max: s[s.length - 1] };
};

async function main() {
  // ---- cold start ----
  const t0 = process.hrtime.bigint();
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: process.pid, rootUri: uri(project), capabilities: {} } });
  const init = await wait((m) => m.id === 1, "initialize response");
  if (init.msg.error) throw new Error(`initialize failed: ${JSON.stringify(init.msg.error)}`);
  send({ jsonrpc: "2.0", method: "initialized", params: {} });
  const docs = [central, ...opened];
  const firstPublishes = docs.map((f) => wait(isPublish(uri(f)), `first diagnostics of ${path.basename(f)}`));
  const anyFirst = Promise.race(firstPublishes);
  for (const f of docs) {
    send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri: uri(f), languageId: "tinybird", version: 1, text: text.get(f) } } });
  }
  const first = await anyFirst;
  const all = await Promise.all(firstPublishes);
  const last = all.reduce((a, b) => (b.at > a ? b.at : a), 0n);
  const baseline = new Map(all.map((r) => [r.msg.params.uri, r.msg.params.diagnostics.length]));
  const cold = { init: ms(t0, init.at), first: ms(t0, first.at), all: ms(t0, last) };

  // ---- edits ----
  const versions = new Map(docs.map((f) => [uri(f), 1]));
  const current = new Map(docs.map((f) => [uri(f), text.get(f)]));
  const change = (f, range, newText) => {
    const u = uri(f);
    const v = versions.get(u) + 1;
    versions.set(u, v);
    const t = current.get(u);
    const lines = t.split("\n");
    const idx = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    current.set(u, t.slice(0, idx(range.start)) + newText + t.slice(idx(range.end)));
    const sent = send({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri: u, version: v }, contentChanges: [{ range, text: newText }] } });
    return { u, v, sent };
  };
  const pipeSql = text.get(editPipe);
  const colAt = pipeSql.search(/^SQL >/m) + sqlOf(editPipe).search(word(column.name));
  const colEnd = posAt(pipeSql, colAt + column.name.length);
  const pipeLat = [];
  const dsLat = [];
  const depLat = [];
  const problems = [];
  // (a) the pipe: `col` -> `col_x` (broken), then back; latency to the publish of that version
  const pipeEdit = async (broken) => {
    const range = broken ? { start: colEnd, end: colEnd } : { start: colEnd, end: { line: colEnd.line, character: colEnd.character + 2 } };
    const { u, v, sent } = change(editPipe, range, broken ? "_x" : "");
    const r = await wait(isPublish(u, (p) => p.version === v), `diagnostics of ${path.basename(editPipe)} version ${v}`);
    const n = r.msg.params.diagnostics.length;
    if (broken ? n <= baseline.get(u) : n !== baseline.get(u)) problems.push(`pipe edit (${broken ? "break" : "fix"}): ${n} diagnostics, baseline ${baseline.get(u)}`);
    return ms(sent, r.at);
  };
  // (b) the datasource: remove the column's SCHEMA line (broken), then put it back; latency to
  // the publish of the datasource's version, and to the last dependent republished
  const line = column.line;
  const dsEdit = async (broken, dependents) => {
    const range = broken ? { start: { line, character: 0 }, end: { line: line + 1, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 0 } };
    const deps = dependents.map((d) => wait(isPublish(d), `${path.basename(d)} re-checked after a datasource edit`));
    const { u, v, sent } = change(central, range, broken ? "" : column.text + "\n");
    const r = await wait(isPublish(u, (p) => p.version === v), `diagnostics of ${centralName} version ${v}`);
    const got = await Promise.all(deps);
    for (const g of got) {
      const n = g.msg.params.diagnostics.length;
      const b = baseline.get(g.msg.params.uri);
      if (broken ? n <= b : n !== b) problems.push(`datasource edit (${broken ? "drop" : "restore"}): ${path.basename(g.msg.params.uri)} has ${n} diagnostics, baseline ${b}`);
    }
    return [ms(sent, r.at), ms(sent, got.reduce((a, b) => (b.at > a ? b.at : a), r.at))];
  };
  // calibration (not measured): which open pipes are republished when the column goes away
  await pipeEdit(true);
  await pipeEdit(false);
  const seen = new Set();
  const grace = (d) => wait(isPublish(d), "").then(() => seen.add(d), () => {});
  const graces = opened.map(uri).map(grace);
  await dsEdit(true, []);
  await new Promise((r) => setTimeout(r, 1000));
  await dsEdit(false, []);
  await Promise.race([Promise.all(graces), new Promise((r) => setTimeout(r, 100))]);
  const dependents = opened.map(uri).filter((d) => seen.has(d));
  await new Promise((r) => setTimeout(r, 500)); // let the restore's republishes arrive
  if (problems.length) throw new Error(`calibration: ${problems.join("; ")}`);
  if (!dependents.length) throw new Error(`no open pipe was republished when ${column.name} was removed from ${centralName}`);
  for (let i = 0; i < EDITS; i++) {
    const k = i % 4;
    if (k < 2) pipeLat.push(await pipeEdit(k === 0));
    else {
      const [own, deps] = await dsEdit(k === 2, dependents);
      dsLat.push(own);
      depLat.push(deps);
    }
  }
  // ---- shutdown ----
  const rss = (() => {
    try {
      return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;
    } catch {
      return null;
    }
  })();
  send({ jsonrpc: "2.0", id: 2, method: "shutdown" });
  await wait((m) => m.id === 2, "shutdown response");
  finished = true;
  send({ jsonrpc: "2.0", method: "exit" });
  const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on("exit", r)));

  if (BRIEF) {
    const fmt = (x) => x.toFixed(1).padStart(8);
    for (const [name, st] of [
      [`(a) pipe SQL edit, ${debounceLabel}`, stats(pipeLat)],
      [`(b) datasource edit, ${debounceLabel}`, stats(dsLat)],
      [`(b) ... -> the ${dependents.length} open dependents, ${debounceLabel}`, stats(depLat)],
    ]) console.log(`  ${name.padEnd(66)} ${String(st.n).padStart(4)} ${fmt(st.median).padStart(9)} ${fmt(st.p90)} ${fmt(st.max)}`);
    if (problems.length || code !== 0) {
      console.log(`  UNEXPECTED: ${problems.slice(0, 10).join("; ")} exit code ${code}`);
      process.exit(1);
    }
    return;
  }
  // ---- peer: ferry check, from scratch ----
  const checks = [];
  for (let i = 0; i < CHECK_RUNS; i++) {
    const a = process.hrtime.bigint();
    const r = spawnSync(ferry, ["check", project], { stdio: "ignore" });
    checks.push(ms(a, process.hrtime.bigint()));
    if (r.status !== 0 && r.status !== 1) throw new Error(`ferry check exited ${r.status}`);
  }

  const c = stats(checks);
  const rows = [
    ["cold: spawn + initialize -> response", { n: 1, median: cold.init, p90: cold.init, max: cold.init }],
    ["cold: initialize + didOpen -> first diagnostics", { n: 1, median: cold.first, p90: cold.first, max: cold.first }],
    [`cold: ... -> all ${docs.length} opened documents published`, { n: 1, median: cold.all, p90: cold.all, max: cold.all }],
    ["(a) pipe SQL edit (error in / out) -> its diagnostics", stats(pipeLat)],
    ["(b) datasource edit (drop / restore a column) -> its diagnostics", stats(dsLat)],
    [`(b) ... -> the ${dependents.length} open dependent pipes republished`, stats(depLat)],
    ["peer: ferry check (full re-check from scratch)", c],
  ];
  const fmt = (x) => x.toFixed(1).padStart(8);
  console.log(`  project ${path.basename(path.dirname(project)) === "packages" ? project.split(path.sep).slice(-3).join("/") : path.basename(project)}: ${files.filter((f) => /\.(datasource|pipe)$/.test(f)).length} datafiles; central datasource ${centralName} (read by ${allReaders.length} pipes); open: it + ${opened.length} pipes; column edited: ${column.name}; debounce ${DEBOUNCE ?? "default (20)"} ms`);
  console.log(`  ${"measurement".padEnd(66)} ${"n".padStart(4)} ${"median ms".padStart(9)} ${"p90 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const [name, s] of rows) console.log(`  ${name.padEnd(66)} ${String(s.n).padStart(4)} ${fmt(s.median).padStart(9)} ${fmt(s.p90)} ${fmt(s.max)}`);
  const ratio = (s) => (c.median / s.median).toFixed(1);
  console.log(`  ratio ferry check / edit -> diagnostics (medians; above 1: the server is faster than a re-check): ` +
    `pipe edit ${ratio(stats(pipeLat))}x, datasource edit ${ratio(stats(dsLat))}x, datasource edit with dependents ${ratio(stats(depLat))}x`);
  console.log(`  server: peak RSS ${rss === null ? "?" : rss.toFixed(0) + " MB"}, exit code ${code} after shutdown/exit, stderr ${stderr.length} bytes`);
  if (problems.length) {
    console.log(`  UNEXPECTED DIAGNOSTICS (${problems.length}):\n    ` + problems.slice(0, 10).join("\n    "));
    process.exit(1);
  }
  if (code !== 0) process.exit(1);
}

main().catch((e) => {
  console.error(e.message);
  if (stderr) console.error(stderr);
  child.kill("SIGKILL");
  process.exit(1);
});
