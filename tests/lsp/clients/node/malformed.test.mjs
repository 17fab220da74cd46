// `ferry lsp` fed raw bytes on stdin (no vscode-jsonrpc): malformed framing and bodies are
// skipped or answered with JSON-RPC errors, and the server keeps answering the next valid
// message; Content-Length counts UTF-8 bytes; short reads; stdout carries only framed JSON.
import assert from "node:assert/strict";
import path from "node:path";
import test from "node:test";
import { copyProject, positionOf, readText, startRaw, uriOf, within } from "./harness.mjs";

/** A raw server, initialized on a copy of the shop project. */
async function rawSession(t) {
  const root = copyProject();
  const s = startRaw(t);
  await s.send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: uriOf(root), capabilities: {} } });
  const init = await s.response(1, "initialize response");
  assert.ok(init.result?.capabilities, JSON.stringify(init));
  await s.send({ jsonrpc: "2.0", method: "initialized", params: {} });
  s.root = root;
  s.nextId = 100;
  /** An unknown-method request, answered with -32601: proof that the server still reads. */
  s.ping = async (what) => {
    const id = s.nextId++;
    await s.send({ jsonrpc: "2.0", id, method: "ferry/ping", params: {} });
    const r = await s.response(id, `answer after ${what}`);
    assert.equal(r.error?.code, -32601, `${what}: ${JSON.stringify(r)}`);
  };
  /** shutdown + exit -> exit code 0, stdout clean, nothing left unparsed. */
  s.finish = async () => {
    const id = s.nextId++;
    await s.send({ jsonrpc: "2.0", id, method: "shutdown" });
    const r = await s.response(id, "shutdown response");
    assert.equal(r.result, null);
    await s.send({ jsonrpc: "2.0", method: "exit" });
    assert.deepEqual(await within(s.exited, "exit"), { code: 0, signal: null });
    assert.deepEqual(s.violations, [], "stdout carries only framed JSON messages");
    assert.equal(s.leftover().length, 0, `no partial message left on stdout: ${s.leftover().toString()}`);
  };
  return s;
}

test("a body that is not JSON -> ParseError (-32700, id null); the server keeps answering", async (t) => {
  const s = await rawSession(t);
  for (const body of ["{not json", "", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":", "\u00e9\u00e9\u00e9"]) {
    const from = s.messages.length;
    await s.write(s.frame(body));
    const r = await s.wait((m) => "error" in m && m.id === null, `ParseError for ${JSON.stringify(body)}`, { from });
    assert.equal(r.error.code, -32700, JSON.stringify(r));
    assert.equal(r.jsonrpc, "2.0");
    await s.ping(`the body ${JSON.stringify(body)}`);
  }
  await s.finish();
});

// one server per body, so that a crash on one does not hide the others
for (const body of [
  { jsonrpc: "2.0", id: 41 },
  { jsonrpc: "2.0", id: 42, method: 5 },
  { jsonrpc: "2.0", method: ["x"] },
  { jsonrpc: "2.0", id: { a: 1 }, method: "ferry/x" },
  { foo: 1 },
  [1, 2],
  17,
  "str",
  null,
]) {
  test(`JSON that is not a request or a notification -> InvalidRequest (-32600): ${JSON.stringify(body)}`, async (t) => {
    const s = await rawSession(t);
    const from = s.messages.length;
    await s.send(JSON.stringify(body));
    const r = await s.wait((m) => "error" in m && (m.id === null || m.id === body?.id), `InvalidRequest for ${JSON.stringify(body)}`, { from }).catch((e) => {
      e.message += ` (server ${s.child.exitCode ?? s.child.signalCode ?? "alive"}; stderr: ${JSON.stringify(s.stderr())})`;
      throw e;
    });
    assert.equal(r.error.code, -32600, `${JSON.stringify(body)} -> ${JSON.stringify(r)}`);
    await s.ping(`the body ${JSON.stringify(body)}`);
    await s.finish();
  });
}

test("a response from the client (to nothing the server asked) is ignored", async (t) => {
  const s = await rawSession(t);
  const from = s.messages.length;
  await s.send({ jsonrpc: "2.0", id: 4242, result: null });
  await s.send({ jsonrpc: "2.0", id: 4243, error: { code: -1, message: "x" } });
  await s.ping("two stray responses");
  assert.deepEqual(s.messages.slice(from).filter((m) => m.id === 4242 || m.id === 4243), [], "no answer to a response");
  await s.finish();
});

test("requests with invalid params: an error (or null), never a crash", async (t) => {
  const s = await rawSession(t);
  const cases = [
    { method: "textDocument/hover", params: 5 },
    { method: "textDocument/hover" },
    { method: "textDocument/hover", params: { textDocument: { uri: 5 }, position: { line: "a" } } },
    { method: "textDocument/hover", params: { textDocument: { uri: "file:///nonexistent/x.pipe" }, position: { line: 0, character: 0 } } },
    { method: "textDocument/definition", params: { textDocument: { uri: "not a uri" }, position: { line: -1, character: -5 } } },
    { method: "textDocument/completion", params: { textDocument: { uri: uriOf(path.join(s.root, "endpoints/broken.pipe")) }, position: { line: 9999, character: 9999 } } },
    { method: "textDocument/formatting", params: {} },
    { method: "textDocument/codeAction", params: { textDocument: {}, range: 3 } },
    { method: "workspace/executeCommand", params: { command: 7 } },
    { method: "workspace/executeCommand", params: { command: "ferry.plan", arguments: [5] } },
    { method: "textDocument/references", params: { textDocument: { uri: uriOf(path.join(s.root, "endpoints/broken.pipe")) }, position: { line: 6, character: 10 }, context: "x" } },
  ];
  for (const c of cases) {
    const id = s.nextId++;
    await s.send({ jsonrpc: "2.0", id, ...c });
    const r = await s.response(id, `answer to ${JSON.stringify(c)}`);
    assert.ok("result" in r || r.error?.code === -32602 || r.error?.code === -32603,
      `${JSON.stringify(c)} -> ${JSON.stringify(r)}`);
  }
  // notifications with invalid params are dropped
  const pipe = uriOf(path.join(s.root, "endpoints/broken.pipe"));
  await s.send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri: 5 } } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri: pipe, languageId: "tinybird", version: 1, text: 5 } } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri: pipe, languageId: "tinybird", version: "one", text: "NODE n\nSQL >\n    SELECT 1\n" } } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri: pipe, version: 2 }, contentChanges: [{ range: "x", text: 5 }] } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri: pipe, version: 3 }, contentChanges: { text: "x" } } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri: pipe, version: 4 }, contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: 0, character: 0 } }, text: "x" }] } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didChange", params: { textDocument: { uri: "file:///tmp/none.pipe", version: 2 }, contentChanges: [{ text: "x" }] } });
  await s.send({ jsonrpc: "2.0", method: "textDocument/didClose", params: null });
  await s.ping("notifications with invalid params");
  await s.finish();
});

for (const params of [
  { capabilities: { general: { positionEncodings: "utf-8" } } },
  { capabilities: { general: { positionEncodings: [5, null, "utf-8"] } } },
  { capabilities: 5, rootUri: 7, workspaceFolders: "x" },
  null,
]) {
  test(`initialize with odd params ${JSON.stringify(params)}: an answer, never a crash`, async (t) => {
    const s = startRaw(t);
    await s.send({ jsonrpc: "2.0", id: 1, method: "initialize", params });
    const r = await s.response(1, "initialize response");
    assert.ok(r.result?.capabilities || r.error?.code === -32602, JSON.stringify(r));
    if (r.result) assert.ok(["utf-8", "utf-16"].includes(r.result.capabilities.positionEncoding), JSON.stringify(r.result.capabilities.positionEncoding));
    await s.send({ jsonrpc: "2.0", id: 2, method: "shutdown" });
    await s.response(2, "shutdown response");
    await s.send({ jsonrpc: "2.0", method: "exit" });
    assert.equal((await within(s.exited, "exit")).signal, null);
  });
}

test("a header block without Content-Length is skipped", async (t) => {
  const s = await rawSession(t);
  await s.write("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
  await s.ping("a header block with only Content-Type");
  await s.write("X-Whatever: 1\r\n\r\n");
  await s.ping("a header block with an unknown header");
  await s.finish();
});

test("a Content-Length above 1 GiB is skipped (nothing is allocated or awaited)", async (t) => {
  const s = await rawSession(t);
  await s.write("Content-Length: 1073741825\r\n\r\n");
  await s.ping("Content-Length 1 GiB + 1");
  await s.write("Content-Length: 99999999999999999999\r\n\r\n");
  await s.ping("Content-Length 1e20");
  await s.finish();
});

test("a bad Content-Length value or a bad header line is skipped", async (t) => {
  const s = await rawSession(t);
  for (const header of ["Content-Length: abc", "Content-Length: -5", "Content-Length: 12x", "Content-Length:", "this is not a header"]) {
    await s.write(`${header}\r\n\r\n`);
    await s.ping(JSON.stringify(header));
  }
  await s.finish();
});

test("other headers are ignored; Content-Type before Content-Length is fine", async (t) => {
  const s = await rawSession(t);
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "ferry/ping" }), "utf8");
  await s.write(Buffer.concat([Buffer.from(`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${body.length}\r\nX-Extra: yes\r\n\r\n`), body]));
  assert.equal((await s.response(5)).error?.code, -32601);
  await s.finish();
});

test("Content-Length counts UTF-8 bytes: a multi-byte body (non-BMP too) works", async (t) => {
  const s = await rawSession(t);
  const file = path.join(s.root, "endpoints/top_customers.pipe");
  const text = readText(file);
  assert.ok(Buffer.byteLength(text) > text.length, "precondition: the text has multi-byte characters");
  const uri = uriOf(file);
  await s.send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "tinybird", version: 1, text } } });
  const p = await s.wait((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri, "diagnostics of the multi-byte didOpen");
  assert.deepEqual(p.params.diagnostics, []);
  assert.equal(p.params.version, 1);
  // a request whose params hold multi-byte text, then a hover after the emoji (utf-16)
  await s.send({ jsonrpc: "2.0", id: 9, method: "ferry/é📦", params: { note: "reçu 📦 « ok »" } });
  assert.equal((await s.response(9)).error?.code, -32601);
  await s.send({
    jsonrpc: "2.0",
    id: 10,
    method: "textDocument/hover",
    params: { textDocument: { uri }, position: positionOf(text, "customer_id", { after: "émojis", delta: 1 }) },
  });
  const h = await s.response(10);
  assert.match(JSON.stringify(h.result ?? null), /customer_id String/, JSON.stringify(h));
  // the server's own multi-byte output is framed in bytes too (the raw reader checks it)
  await s.send({
    jsonrpc: "2.0",
    id: 11,
    method: "textDocument/hover",
    params: { textDocument: { uri: uriOf(path.join(s.root, "endpoints/top_customers.pipe")) }, position: positionOf(text, "orders", { after: "FROM" }) },
  });
  const h2 = await s.response(11);
  assert.match(JSON.stringify(h2.result ?? null), /datasource orders/, JSON.stringify(h2));
  await s.finish();
});

test("short reads: a message split inside a multi-byte character and inside the header; two messages in one write", async (t) => {
  const s = await rawSession(t);
  const frame = s.frame({ jsonrpc: "2.0", id: 20, method: "ferry/📦", params: { x: "é" } });
  const cut = frame.indexOf(Buffer.from("📦")) + 2; // in the middle of the 4-byte character
  for (const piece of [frame.subarray(0, 7), frame.subarray(7, cut), frame.subarray(cut)]) {
    await s.write(piece);
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.equal((await s.response(20)).error?.code, -32601);
  await s.write(Buffer.concat([
    s.frame({ jsonrpc: "2.0", id: 21, method: "ferry/a" }),
    s.frame("{broken"),
    s.frame({ jsonrpc: "2.0", id: 22, method: "ferry/b" }),
  ]));
  assert.equal((await s.response(21)).error?.code, -32601);
  assert.equal((await s.response(22)).error?.code, -32601);
  assert.ok(s.messages.some((m) => m.id === null && m.error?.code === -32700), "the bad body in between got a ParseError");
  await s.finish();
});

test("garbage then EOF: the process exits by itself", async (t) => {
  const s = startRaw(t);
  await s.write("Content-Length: 10\r\n\r\n{\"a\":");
  s.child.stdin.end();
  const exit = await within(s.exited, "exit at EOF in the middle of a body");
  assert.equal(exit.signal, null);
  assert.deepEqual(s.violations, []);
});
