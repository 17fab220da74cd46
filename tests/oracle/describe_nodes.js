// What ClickHouse 26.7 (embedded chDB) says each node of a project returns.
//
//   node describe_nodes.js <dump.json> <answers.json>
//
// <dump.json> comes from project_schema_dump. For every project, in a fresh temporary chDB
// session: each datasource becomes a table (its declared columns and engine family), then every
// node of every pipe, in dependency order, is asked `DESCRIBE (node SQL)` with the earlier nodes
// of its pipe as CTEs. A described pipe becomes a view of its last node (with its earlier nodes as
// CTEs); a pipe ClickHouse refuses as a view is given to the nodes that name it as a CTE instead,
// so that they fail with the pipe's own error. A materialized node whose target is declared
// inside the pipe (Classic) creates that target from its own answer.
//
// <answers.json>: [{project, root, render_mode, datasources: [{name, file, columns}],
// nodes: [{pipe, resource, node, templated, columns, error, error_code?, error_name?, file,
// node_type}]}], with columns [{name, type}] (types as print_pretty_type_names=0 prints them) or
// null and the error text when ClickHouse refused the node. This is the shape of
// ../shared/oracle/corpus-schemas/*.json, which was made the same way.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { Session } = require("chdb");

/// Settings that only let CREATE TABLE accept the column types Tinybird accepts.
const CREATE_SETTINGS = ["allow_suspicious_low_cardinality_types", "allow_suspicious_fixed_string_types",
  "allow_suspicious_variant_types"];

const quote = (name) => "`" + name.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`";
const tableName = (name) => name.split(".").map(quote).join(".");

function errorOf(e) {
  const text = String(e.message || e).replace(/^Query failed: /, "");
  const code = /Code: (\d+)\./.exec(text);
  const name = /\(([A-Z_0-9]+)\)\s*$/.exec(text);
  return { error: text, error_code: code ? Number(code[1]) : null, error_name: name ? name[1] : null };
}

function describe(session, sql) {
  const out = session.query(sql, "JSONCompactEachRow");
  return out.split("\n").filter((l) => l.length).map((l) => {
    const [name, type] = JSON.parse(l);
    return { name, type };
  });
}

/// ENGINE clause for a datasource: the declared engine family (FINAL needs e.g. Replacing), with
/// the arguments a family cannot do without. Keys, partitions and TTLs do not change schemas.
function engineClause(engine) {
  const family = String(engine.ENGINE || "MergeTree").trim().replace(/\(.*$/s, "").trim();
  const args = { CollapsingMergeTree: [engine.ENGINE_SIGN],
    VersionedCollapsingMergeTree: [engine.ENGINE_SIGN, engine.ENGINE_VERSION] }[family];
  if (args && args.every(Boolean)) return `ENGINE = ${family}(${args.join(", ")}) ORDER BY tuple()`;
  if (/^(Replacing|Aggregating|Summing)?MergeTree$/.test(family)) return `ENGINE = ${family} ORDER BY tuple()`;
  if (family === "Null") return "ENGINE = Null";
  return "ENGINE = MergeTree ORDER BY tuple()";
}

/// Creates a table; retried without DEFAULTs, then as a plain MergeTree, before giving up.
function createTable(session, name, columns, engine) {
  const dot = name.indexOf(".");
  if (dot > 0) session.query(`CREATE DATABASE IF NOT EXISTS ${quote(name.slice(0, dot))}`);
  const columnList = (withDefaults) => columns.map((c) =>
    [quote(c.name), c.type, withDefaults && c.default ? `DEFAULT ${c.default}` : ""].filter(Boolean).join(" "));
  const attempts = [[true, engineClause(engine)], [false, engineClause(engine)], [false, engineClause({})]];
  let failure;
  for (const [withDefaults, clause] of attempts) {
    try {
      session.query(`CREATE TABLE ${tableName(name)} (${columnList(withDefaults).join(", ")}) ${clause}`);
      return describe(session, `DESCRIBE TABLE ${tableName(name)}`);
    } catch (e) {
      failure = failure || e;
    }
  }
  throw failure;
}

/// Whether `sql` mentions `name` as a word (pipes are looked for this way, not through Ferry's
/// parser, so that the oracle does not depend on what it tests).
function mentions(sql, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(sql);
}

/// `WITH a AS (...), b AS (...) SELECT * FROM (sql)`, or `sql` itself when there are no CTEs.
function withCtes(ctes, sql) {
  if (!ctes.length) return sql;
  return "WITH " + ctes.map(([name, body]) => `${quote(name)} AS (\n${body}\n)`).join(",\n") +
    `\nSELECT * FROM (\n${sql}\n)`;
}

function describeProject(session, project) {
  const pipes = new Map(project.pipes.map((p) => [p.name, p]));
  const tables = new Set(project.datasources.map((d) => d.name));
  const views = new Set();  // pipes that are views of the session
  // A trailing `;` ends the node's query; it cannot stay inside `DESCRIBE (...)`.
  const nodeSql = (n) => n.sql === null ? "" : n.sql.replace(/;\s*$/, "");
  const pipeText = (p) => p.nodes.map(nodeSql).join("\n");

  /// The CTEs a node of pipe `p` sees: the pipes its pipe mentions (not shadowed by one of its
  /// own nodes or by a datasource of the same name), then the earlier nodes of the pipe.
  function ctesFor(p, nodeIndex, visiting) {
    const own = new Set(p.nodes.map((n) => n.name));
    const text = pipeText(p);
    const ctes = [];
    for (const other of pipes.values())
      if (other !== p && !own.has(other.name) && !tables.has(other.name) && !views.has(other.name) &&
          !visiting.has(other.name) && mentions(text, other.name))
        ctes.push([other.name, pipeBody(other, new Set([...visiting, other.name]))]);
    for (const n of p.nodes.slice(0, nodeIndex)) ctes.push([n.name, nodeSql(n)]);
    return ctes;
  }
  function pipeBody(p, visiting) {
    const last = p.nodes.length - 1;
    return last < 0 ? "SELECT 1" : withCtes(ctesFor(p, last, visiting), nodeSql(p.nodes[last]));
  }

  // Pipes after the pipes they mention and after the pipes declaring the tables they read.
  const declares = new Map();
  for (const p of project.pipes)
    for (const n of p.nodes)
      if (n.target_engine && !project.datasources.some((d) => d.name === n.target)) declares.set(n.target, p);
  const ordered = [], placed = new Set();
  const place = (p, stack) => {
    if (placed.has(p) || stack.has(p)) return;
    stack.add(p);
    const text = pipeText(p);
    for (const other of project.pipes) if (other !== p && mentions(text, other.name)) place(other, stack);
    for (const [table, other] of declares) if (other !== p && mentions(text, table)) place(other, stack);
    stack.delete(p);
    placed.add(p);
    ordered.push(p);
  };
  for (const p of project.pipes) place(p, new Set());

  const result = { project: project.project, root: project.root, render_mode: "tinybird", datasources: [], nodes: [] };
  for (const s of CREATE_SETTINGS) session.query(`SET ${s} = 1`);
  for (const ds of project.datasources) {
    const entry = { name: ds.name, file: ds.file, columns: null };
    try {
      entry.columns = createTable(session, ds.name, ds.columns, ds.engine);
    } catch (e) {
      Object.assign(entry, errorOf(e));
    }
    result.datasources.push(entry);
  }
  for (const s of CREATE_SETTINGS) session.query(`SET ${s} = 0`);

  for (const p of ordered) {
    p.nodes.forEach((n, i) => {
      const entry = { pipe: p.name, resource: p.resource, node: n.name, templated: n.templated, columns: null,
        error: null, file: p.file, node_type: n.node_type };
      try {
        if (n.sql === null) throw new Error("the node has no SQL");
        entry.columns = describe(session, `DESCRIBE (\n${withCtes(ctesFor(p, i, new Set([p.name])), nodeSql(n))}\n)`);
      } catch (e) {
        Object.assign(entry, errorOf(e));
      }
      result.nodes.push(entry);
      if (declares.get(n.target) === p && entry.columns) {
        const ds = { name: n.target, file: p.file, declared_in_pipe: true, columns: null };
        try {
          for (const s of CREATE_SETTINGS) session.query(`SET ${s} = 1`);
          ds.columns = createTable(session, n.target, entry.columns, n.target_engine);
        } catch (e) {
          Object.assign(ds, errorOf(e));
        } finally {
          for (const s of CREATE_SETTINGS) session.query(`SET ${s} = 0`);
        }
        result.datasources.push(ds);
      }
    });
    try {
      session.query(`CREATE VIEW ${quote(p.name)} AS ${pipeBody(p, new Set([p.name]))}`);
      views.add(p.name);
    } catch (e) {
      // Not a view: nodes that read the pipe get it as a CTE and see why it fails.
    }
  }
  return result;
}

function main() {
  const [dumpPath, outPath] = process.argv.slice(2);
  if (!dumpPath || !outPath) {
    console.error("usage: node describe_nodes.js <dump.json> <answers.json>");
    process.exit(2);
  }
  const started = Date.now();
  const results = [];
  // One session per project, in a data directory of its own. chDB syncs the metadata of every
  // table and view it creates to disk; in memory (/dev/shm) that takes half the time.
  const base = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  for (const project of JSON.parse(fs.readFileSync(dumpPath, "utf8"))) {
    const dir = fs.mkdtempSync(path.join(base, "ferry-oracle-"));
    const session = new Session(dir);
    try {
      session.query("SET print_pretty_type_names = 0");
      results.push(describeProject(session, project));
    } finally {
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  fs.writeFileSync(outPath, JSON.stringify(results, null, 1));
  const nodes = results.flatMap((r) => r.nodes);
  const refused = nodes.filter((n) => n.columns === null).length;
  console.log(`ClickHouse described ${nodes.length - refused} of ${nodes.length} nodes in ${results.length} ` +
    `projects (${refused} refused) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
