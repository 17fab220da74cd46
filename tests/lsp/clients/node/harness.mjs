// Shared pieces of the node client tests of `ferry lsp`:
//  - startServer(): the server driven by vscode-jsonrpc / vscode-languageserver-protocol, the
//    stack VS Code's client library is built on (createProtocolConnection over stdio);
//  - startRaw(): the server driven by raw bytes on stdin, with a strict parser of its stdout
//    (every byte must belong to a `Content-Length` framed JSON message);
//  - the fixture project (copied to a temporary folder per server), positions in utf-8 and
//    utf-16, text edits.
// The server binary: $FERRY_BIN (CTest passes $<TARGET_FILE:ferry>), else <repo>/build/ferry.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as lsp from "vscode-languageserver-protocol/node.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../../..");
export const fixtureDir = path.resolve(here, "../../projects/shop");
export const ferryBin = process.env.FERRY_BIN || path.join(repoRoot, "build", "ferry");
export const STEP_MS = Number(process.env.LSP_TEST_TIMEOUT_MS || 10000);
export { lsp };

if (!fs.existsSync(ferryBin)) {
  throw new Error(`no ferry binary at ${ferryBin} (set FERRY_BIN)`);
}

const scratch = [];
process.on("exit", () => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the shop project in a temporary folder (removed at process exit). */
export function copyProject(name = "shop") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ferry-lsp-node-"));
  scratch.push(dir);
  const project = path.join(dir, name);
  fs.cpSync(fixtureDir, project, { recursive: true });
  return project;
}

export const uriOf = (p) => pathToFileURL(p).href;
export const readText = (p) => fs.readFileSync(p, "utf8");

/** `promise`, or a rejection naming `what` after `ms`. */
export function within(promise, what, ms = STEP_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The LSP position of the `nth` occurrence (0-based) of `needle` in `text`, searched from the
 * first occurrence of `after` when given, moved right by `delta` UTF-16 code units, in the
 * given encoding ("utf-16", "utf-8" or "utf-32").
 */
export function positionOf(text, needle, { after, nth = 0, delta = 0, encoding = "utf-16" } = {}) {
  let from = 0;
  if (after !== undefined) {
    from = text.indexOf(after);
    if (from < 0) throw new Error(`${JSON.stringify(after)} not in text`);
  }
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (#${nth}) not in text`);
    from = at + 1;
  }
  return positionAt(text, at + delta, encoding);
}

/** The LSP position of JS string index `index` (UTF-16 code units) in `encoding`. */
export function positionAt(text, index, encoding = "utf-16") {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const line = text.slice(0, lineStart).split("\n").length - 1;
  const prefix = text.slice(lineStart, index);
  const character =
    encoding === "utf-8" ? Buffer.byteLength(prefix, "utf8") : encoding === "utf-32" ? [...prefix].length : prefix.length;
  return { line, character };
}

/** The JS string index of an LSP position in `encoding`. */
export function indexAt(text, pos, encoding = "utf-16") {
  let lineStart = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf("\n", lineStart);
    if (nl < 0) return text.length;
    lineStart = nl + 1;
  }
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  if (encoding === "utf-16") return lineStart + Math.min(pos.character, line.length);
  let units = 0;
  let count = 0;
  for (const ch of line) {
    if (count >= pos.character) break;
    count += encoding === "utf-8" ? Buffer.byteLength(ch, "utf8") : 1;
    units += ch.length;
  }
  return lineStart + units;
}

/** The text a range covers. */
export function textIn(text, range, encoding = "utf-16") {
  return text.slice(indexAt(text, range.start, encoding), indexAt(text, range.end, encoding));
}

/** `text` with LSP TextEdits applied (non-overlapping, any order). */
export function applyEdits(text, edits, encoding = "utf-16") {
  const sorted = edits
    .map((e) => ({ from: indexAt(text, e.range.start, encoding), to: indexAt(text, e.range.end, encoding), newText: e.newText }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.newText + out.slice(e.to);
  return out;
}

/** Range of the `nth` occurrence of `needle` (after `after`). */
export function rangeOf(text, needle, opts = {}) {
  const start = positionOf(text, needle, opts);
  const end = positionOf(text, needle, { ...opts, delta: (opts.delta || 0) + needle.length });
  return { start, end };
}

/** `ferry fmt` of one file's text (run on a temporary copy), for the formatting checks. */
export function ferryFmt(fileName, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ferry-lsp-fmt-"));
  try {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, text);
    const r = spawnSync(ferryBin, ["fmt", file], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ferry fmt failed (${r.status}): ${r.stdout}${r.stderr}`);
    return fs.readFileSync(file, "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function childExit(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

/** `ferry lsp ARGS` as a child process: {child, exited (a promise), stderr() (all it wrote so far)}. */
function spawnServer(args) {
  const child = spawn(ferryBin, ["lsp", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let text = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => (text += d));
  child.stdin.on("error", () => {});
  return { child, exited: childExit(child), stderr: () => text };
}

/**
 * `ferry lsp` on a vscode-jsonrpc protocol connection. Returns
 * {child, conn, exited, stderr(), diagnostics (every publish, in order), waitDiagnostics,
 *  initialize(params), open(path, text?), change(...), close(path), request(type, params)}.
 * `t` (node:test context) gets an `after` hook that kills the child if it is still alive.
 */
export function startServer(t, { args = [], root } = {}) {
  const { child, exited, stderr } = spawnServer(args);
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(child.stdout), new lsp.StreamMessageWriter(child.stdin));
  conn.onError(() => {});
  conn.onClose(() => {});
  const diagnostics = [];
  const waiters = new Set();
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    diagnostics.push(params);
    for (const w of [...waiters]) w();
  });
  // Requests the server may send to the client are answered like a minimal editor would.
  conn.onRequest("workspace/configuration", (p) => (p.items || []).map(() => null));
  conn.onRequest("client/registerCapability", () => null);
  conn.onRequest("window/workDoneProgress/create", () => null);
  conn.listen();
  if (t) {
    t.after(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      conn.dispose();
    });
  }
  const versions = new Map();
  const texts = new Map();
  const server = {
    child,
    conn,
    exited,
    stderr,
    diagnostics,
    texts,
    root,
    /** The first publish for `uri` at index >= `from` that satisfies `pred`. */
    waitDiagnostics(uri, pred = () => true, { from = 0, what, ms = STEP_MS } = {}) {
      const find = () => diagnostics.findIndex((p, i) => i >= from && p.uri === uri && pred(p));
      return within(
        new Promise((resolve) => {
          const check = () => {
            const i = find();
            if (i >= 0) {
              waiters.delete(check);
              resolve({ ...diagnostics[i], index: i });
            }
          };
          waiters.add(check);
          check();
        }),
        what || `publishDiagnostics for ${uri}`,
        ms,
      ).catch((e) => {
        const seen = diagnostics.filter((p, i) => i >= from && p.uri === uri);
        e.message += `; publishes for ${uri} since: ${seen.length ? JSON.stringify(seen) : "none"}`;
        throw e;
      });
    },
    async initialize(params = {}) {
      const init = {
        processId: process.pid,
        rootUri: root ? uriOf(root) : null,
        capabilities: {},
        ...params,
      };
      const result = await within(conn.sendRequest(lsp.InitializeRequest.type, init), "initialize");
      await conn.sendNotification(lsp.InitializedNotification.type, {});
      return result;
    },
    request(type, params, token) {
      return within(conn.sendRequest(type, params, token), typeof type === "string" ? type : type.method);
    },
    async open(file, text = readText(file), languageId = "tinybird") {
      const uri = uriOf(file);
      versions.set(uri, 1);
      texts.set(uri, text);
      await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version: 1, text },
      });
      return { uri, version: 1 };
    },
    /** Incremental change: `edits` = [{range, text}] (utf-16 ranges unless `encoding`). */
    async change(file, edits, encoding = "utf-16") {
      const uri = uriOf(file);
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      let text = texts.get(uri);
      for (const e of edits) {
        text = e.range ? applyEdits(text, [{ range: e.range, newText: e.text }], encoding) : e.text;
      }
      texts.set(uri, text);
      await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: edits.map((e) => (e.range ? { range: e.range, text: e.text } : { text: e.text })),
      });
      return { uri, version, text };
    },
    async close(file) {
      const uri = uriOf(file);
      texts.delete(uri);
      await conn.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      return { uri };
    },
    async shutdownAndExit() {
      await this.request(lsp.ShutdownRequest.type, undefined);
      await conn.sendNotification(lsp.ExitNotification.type);
      return within(exited, "process exit after exit");
    },
  };
  return server;
}

/**
 * `ferry lsp` driven by raw bytes. stdout is parsed strictly: a message is
 * `Content-Length: N\r\n` (other headers allowed) `\r\n` + N bytes of JSON; anything else is a
 * protocol violation recorded in `violations`.
 */
export function startRaw(t, { args = [] } = {}) {
  const { child, exited, stderr } = spawnServer(args);
  let buf = Buffer.alloc(0);
  const messages = [];
  const violations = [];
  const waiters = new Set();
  child.stdout.on("data", (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) break;
      const headers = buf.subarray(0, end).toString("latin1").split("\r\n");
      let length = -1;
      for (const h of headers) {
        const m = /^([^:]+):\s*(.*)$/.exec(h);
        if (!m) violations.push(`bad header line ${JSON.stringify(h)}`);
        else if (m[1].toLowerCase() === "content-length") length = Number(m[2]);
      }
      if (!(length >= 0)) {
        violations.push(`no Content-Length in ${JSON.stringify(headers)}`);
        buf = buf.subarray(end + 4);
        continue;
      }
      if (buf.length < end + 4 + length) break;
      const body = buf.subarray(end + 4, end + 4 + length).toString("utf8");
      buf = buf.subarray(end + 4 + length);
      try {
        messages.push(JSON.parse(body));
      } catch (e) {
        violations.push(`body is not JSON: ${JSON.stringify(body)}`);
      }
    }
    for (const w of [...waiters]) w();
  });
  if (t) {
    t.after(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
  }
  return {
    child,
    exited,
    messages,
    violations,
    stderr,
    leftover: () => buf,
    /** Writes bytes (Buffer or string) as they are. */
    write(data) {
      return new Promise((resolve) => child.stdin.write(data, resolve));
    },
    /** A framed message; Content-Length = UTF-8 bytes of the body. */
    frame(obj) {
      const body = Buffer.from(typeof obj === "string" ? obj : JSON.stringify(obj), "utf8");
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "latin1"), body]);
    },
    send(obj) {
      return this.write(this.frame(obj));
    },
    /** The first message at index >= from that satisfies pred. */
    wait(pred, what, { from = 0, ms = STEP_MS } = {}) {
      const find = () => messages.findIndex((m, i) => i >= from && pred(m));
      const died = exited.then(({ code, signal }) =>
        sleep(50).then(() => {
          throw new Error(`the server exited (code ${code}, signal ${signal}) while waiting for: ${what}; stderr: ${JSON.stringify(stderr())}`);
        }),
      );
      died.catch(() => {});
      return within(
        Promise.race([died, new Promise((resolve) => {
          const check = () => {
            const i = find();
            if (i >= 0) {
              waiters.delete(check);
              resolve(messages[i]);
            }
          };
          waiters.add(check);
          check();
        })]),
        what,
        ms,
      );
    },
    response(id, what) {
      return this.wait((m) => m.id === id && ("result" in m || "error" in m), what || `response to id ${JSON.stringify(id)}`);
    },
  };
}

/** Markdown/plain text of a Hover result. */
export function hoverText(hover) {
  if (!hover) return null;
  const c = hover.contents;
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === "string" ? x : x.value)).join("\n");
  return c.value;
}
