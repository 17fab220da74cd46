// Ferry's node schemas against ClickHouse 26.7's (the answers of describe_nodes.js).
//
//   node compare_schemas.js <answers.json> --ferry <ferry-exe> [--known FILE] [--min-agreement PCT]
//   node compare_schemas.js <answers.json> --self-test <corpus-schemas-dir>
//
// --ferry runs `ferry explain <root> --format json` for every project of the answers; its shape is
// {"datasources": [...], "pipes": [{"name", "nodes": [{"name", "file", "columns": [{"name",
// "type"}] | null, "error": null | "<ID>: message"}]}]}. --self-test takes the stored answers of
// ../shared/oracle/corpus-schemas/ in that shape instead, which proves the harness (describe_nodes.js
// must give the same answers, and this script must find full agreement) before the analyzer is there.
//
// For every node ClickHouse describes, Ferry's columns must equal ClickHouse's exactly (names,
// types, order); a Ferry error there is a false error. For every node ClickHouse refuses, a Ferry
// error is a rejection caught, no error one missed. A disagreement fails unless --known lists the
// node (TSV: project, pipe, node, reason); an entry that no longer disagrees fails too, so the
// file stays honest. Agreement below --min-agreement percent (listed nodes count as disagreeing)
// fails as well (default 99; 100 in the self-test, which also needs the same refusals and nodes).
//
// Exit: 0 pass, 1 fail, 2 usage, 77 skipped (ferry explain gives no node schemas yet).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

function parseArgs(argv) {
  const args = { answers: null, ferry: null, selfTest: null, known: null, minAgreement: null };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === "--ferry") args.ferry = argv[++i];
    else if (a === "--self-test") args.selfTest = argv[++i];
    else if (a === "--known") args.known = argv[++i];
    else if (a === "--min-agreement") args.minAgreement = Number(argv[++i]);
    else if (!args.answers) args.answers = a;
    else return null;
  }
  if (!args.answers || !!args.ferry === !!args.selfTest || Number.isNaN(args.minAgreement)) return null;
  if (args.minAgreement === null) args.minAgreement = args.selfTest ? 100 : 99;
  return args;
}

/// `ferry explain --format json` of one project (null when it has no node schemas).
function explainWithFerry(ferry, project) {
  const run = spawnSync(ferry, ["explain", project.root, "--format", "json"], { maxBuffer: 1 << 30, encoding: "utf8" });
  if (run.error) throw run.error;
  let doc;
  try {
    doc = JSON.parse(run.stdout);
  } catch (e) {
    throw new Error(`ferry explain ${project.root} (exit ${run.status}) gave no JSON: ${run.stderr.slice(0, 500)}`);
  }
  return Array.isArray(doc.pipes) ? doc : null;
}

/// A stored corpus-schemas answer as `ferry explain` would print it.
function explainFromStored(dir, project) {
  const file = path.join(dir, project.project.replace(/\//g, "--") + ".json");
  if (!fs.existsSync(file)) return { datasources: [], pipes: [] };
  const stored = JSON.parse(fs.readFileSync(file, "utf8"));
  const pipes = new Map();
  for (const n of stored.nodes) {
    const key = n.file + "\n" + n.pipe;
    if (!pipes.has(key)) pipes.set(key, { name: n.pipe, nodes: [] });
    pipes.get(key).nodes.push({ name: n.node, file: n.file, columns: n.columns,
      error: n.columns ? null : `CH_${n.error_name}: ${n.error}` });
  }
  return { datasources: stored.datasources, pipes: [...pipes.values()] };
}

function readKnown(file) {
  const known = new Map();
  if (!file) return known;
  fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    if (!line.trim() || line.startsWith("#") || (i === 0 && line.startsWith("project\t"))) return;
    const [project, pipe, node, reason] = line.split("\t");
    if (!reason || !reason.trim()) throw new Error(`${file}:${i + 1}: an entry needs project, pipe, node and a reason`);
    known.set([project, pipe, node].join("\t"), reason);
  });
  return known;
}

const columnsText = (cols) => cols.map((c) => `${c.name} ${c.type}`).join(", ");

/// Ferry's node for a ClickHouse answer: by file and node name, else by pipe (or resource) name.
function ferryNodeFinder(doc) {
  const byFile = new Map(), byPipe = new Map();
  for (const p of doc.pipes)
    for (const n of p.nodes) {
      if (n.file) byFile.set(n.file + "\n" + n.name, n);
      byPipe.set(p.name + "\n" + n.name, n);
    }
  return (a) => byFile.get(a.file + "\n" + a.node) || byPipe.get(a.resource + "\n" + a.node) ||
    byPipe.get(a.pipe + "\n" + a.node);
}

function compare(answers, explainOf, known) {
  const s = { nodes: 0, described: 0, agree: 0, listed: [], unlisted: [], falseErrors: [], caught: 0, missed: [],
    stale: [], unmatched: [] };
  const seen = new Set();
  for (const project of answers) {
    const doc = explainOf(project);
    if (!doc) throw new Error(`ferry explain of ${project.root} has no node schemas ("pipes")`);
    const find = ferryNodeFinder(doc);
    const matched = new Set();
    for (const a of project.nodes) {
      ++s.nodes;
      const key = [project.project, a.pipe, a.node].join("\t");
      const f = find(a);
      if (f) matched.add(f);
      const ferryError = f ? f.error || null : "node missing from ferry explain";
      if (a.columns === null) {
        if (ferryError) ++s.caught;
        else s.missed.push(`${key}\t${a.error_name || a.error}`);
        continue;
      }
      ++s.described;
      let problem = null;
      if (ferryError) problem = `false error: ${ferryError}`;
      else if (!Array.isArray(f.columns)) problem = "ferry gives no columns";
      else if (columnsText(f.columns) !== columnsText(a.columns))
        problem = `ferry:      ${columnsText(f.columns)}\n    clickhouse: ${columnsText(a.columns)}`;
      if (ferryError) s.falseErrors.push(`${key}\t${ferryError}`);
      if (!problem) {
        ++s.agree;
        continue;
      }
      if (known.has(key)) {
        seen.add(key);
        s.listed.push(key);
      } else {
        s.unlisted.push(`${key}\n    ${problem}`);
      }
    }
    for (const p of doc.pipes)
      for (const n of p.nodes) if (!matched.has(n)) s.unmatched.push([project.project, p.name, n.name].join("\t"));
  }
  for (const [key, reason] of known) if (!seen.has(key)) s.stale.push(`${key}\t${reason}`);
  return s;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error("usage: node compare_schemas.js <answers.json> (--ferry EXE [--known FILE] [--min-agreement PCT]" +
      " | --self-test DIR)");
    process.exit(2);
  }
  const answers = JSON.parse(fs.readFileSync(args.answers, "utf8"));
  const explainOf = args.ferry ? (p) => explainWithFerry(args.ferry, p) : (p) => explainFromStored(args.selfTest, p);
  if (args.ferry && answers.length && !explainOf(answers[0])) {
    console.log("SKIPPED: `ferry explain --format json` gives no node schemas (no \"pipes\") yet");
    process.exit(77);
  }
  const s = compare(answers, explainOf, readKnown(args.known));
  const section = (title, lines) => {
    if (lines.length) console.log(`${title} (${lines.length}):\n  ${lines.join("\n  ")}\n`);
  };
  section("UNLISTED DIFFERENCES (project, pipe, node)", s.unlisted);
  section("FALSE ERRORS: ferry reports an error, ClickHouse describes the node", s.falseErrors);
  section(`STALE ENTRIES of ${path.basename(args.known || "")}: these nodes agree now (or ClickHouse refuses them)`, s.stale);
  section("MISSED: ClickHouse refuses the node, ferry reports nothing", s.missed);
  section("NODES OF FERRY EXPLAIN THAT CLICKHOUSE WAS NOT ASKED ABOUT", s.unmatched);
  const refused = s.nodes - s.described;
  const pct = s.described ? (100 * s.agree) / s.described : 100;
  console.log(`${s.nodes} nodes; ClickHouse describes ${s.described} and refuses ${refused}`);
  console.log(`agreement: ${s.agree} of ${s.described} (${pct.toFixed(2)}%) with exact column names and types`);
  console.log(`listed differences: ${s.listed.length}, unlisted: ${s.unlisted.length}, stale entries: ${s.stale.length}`);
  console.log(`false errors: ${s.falseErrors.length}`);
  console.log(`ClickHouse rejections caught by ferry: ${s.caught} of ${refused} (missed ${s.missed.length})`);
  // The stored answers were made like the live ones: in the self-test they must match node for node.
  const selfTestFailed = args.selfTest && (s.missed.length > 0 || s.unmatched.length > 0);
  const failed = s.unlisted.length > 0 || s.stale.length > 0 || pct < args.minAgreement || selfTestFailed;
  if (pct < args.minAgreement) console.log(`FAIL: agreement below ${args.minAgreement}%`);
  if (selfTestFailed) console.log("FAIL: the live answers and the stored answers do not cover the same nodes");
  process.exit(failed ? 1 : 0);
}

main();
