// `ferry lsp` lifecycle and JSON-RPC protocol, through vscode-jsonrpc (the VS Code stack):
// initialize result and capabilities (contract: /work/notes/lsp-contract.md), position
// encoding negotiation, errors before initialize / after shutdown / for unknown methods,
// $/cancelRequest, exit codes, EOF on stdin, quiet stderr.
import assert from "node:assert/strict";
import path from "node:path";
import test from "node:test";
import { copyProject, hoverText, lsp, positionOf, readText, startServer, uriOf, within } from "./harness.mjs";

const expectError = async (promise, code, what) => {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof lsp.ResponseError, `${what}: expected a ResponseError, got ${e}`);
    assert.equal(e.code, code, `${what}: error code ${e.code} (${e.message}), expected ${code}`);
    return true;
  });
};

test("initialize: result, capabilities per the contract, serverInfo", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  const r = await s.initialize({ capabilities: { general: { positionEncodings: ["utf-8", "utf-16"] } } });
  const c = r.capabilities;
  assert.equal(c.positionEncoding, "utf-8", "offered [utf-8, utf-16] -> utf-8");
  assert.deepEqual(c.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  assert.equal(c.hoverProvider, true);
  assert.ok(c.completionProvider, "completionProvider");
  assert.deepEqual([...c.completionProvider.triggerCharacters].sort(), [".", "(", "{", "%"].sort());
  assert.equal(c.definitionProvider, true);
  assert.equal(c.referencesProvider, true);
  assert.equal(c.documentSymbolProvider, true);
  assert.equal(c.documentFormattingProvider, true);
  assert.deepEqual(c.codeActionProvider, { codeActionKinds: ["quickfix", "source", "source.ferry.forwardQuery"] });
  assert.deepEqual(c.executeCommandProvider, { commands: ["ferry.plan"] });
  assert.equal(r.serverInfo?.name, "ferry");
  assert.equal(typeof r.serverInfo?.version, "string");
  assert.ok(r.serverInfo.version.length > 0, "serverInfo.version is not empty");
  const exit = await s.shutdownAndExit();
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.equal(s.stderr(), "", "stderr is silent at the default log level");
});

for (const [offered, expected] of [
  [undefined, "utf-16"],
  [[], "utf-16"],
  [["utf-16"], "utf-16"],
  [["utf-16", "utf-8"], "utf-8"],
  [["utf-32", "utf-16"], "utf-16"],
]) {
  test(`positionEncoding: offered ${JSON.stringify(offered)} -> ${expected}`, async (t) => {
    const root = copyProject();
    const s = startServer(t, { root });
    const capabilities = offered === undefined ? {} : { general: { positionEncodings: offered } };
    const r = await s.initialize({ capabilities });
    assert.equal(r.capabilities.positionEncoding, expected);
    await s.shutdownAndExit();
  });
}

test("before initialize: requests get -32002, notifications are dropped", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  const file = path.join(root, "endpoints/broken.pipe");
  const text = readText(file);
  await expectError(
    s.request(lsp.HoverRequest.type, { textDocument: { uri: uriOf(file) }, position: { line: 0, character: 0 } }),
    -32002,
    "hover before initialize",
  );
  await expectError(s.request("ferry/unknownMethod", {}), -32002, "unknown method before initialize");
  // A didOpen before initialize is dropped: no diagnostics for it, even after initialize.
  await s.conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uriOf(file), languageId: "tinybird", version: 1, text },
  });
  const r = await s.initialize();
  assert.equal(r.serverInfo?.name, "ferry");
  // Opening another document after initialize yields its diagnostics, and none came for the
  // dropped didOpen.
  const other = path.join(root, "endpoints/top_customers.pipe");
  const { uri } = await s.open(other);
  await s.waitDiagnostics(uri);
  assert.equal(s.diagnostics.filter((p) => p.uri === uriOf(file)).length, 0, "the didOpen sent before initialize was dropped");
  await s.shutdownAndExit();
});

test("unknown request -> -32601; unknown notifications are ignored", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  await s.initialize();
  await expectError(s.request("ferry/noSuchMethod", { x: 1 }), -32601, "unknown request");
  await expectError(s.request("textDocument/noSuchFeature", {}), -32601, "unknown textDocument request");
  await s.conn.sendNotification("ferry/noSuchNotification", { x: 1 });
  await s.conn.sendNotification("$/noSuchNotification", { x: 1 });
  await s.conn.sendNotification("$/setTrace", { value: "off" });
  // still answering
  const file = path.join(root, "endpoints/top_customers.pipe");
  const { uri } = await s.open(file);
  const hover = await s.request(lsp.HoverRequest.type, { textDocument: { uri }, position: positionOf(readText(file), "amount") });
  assert.match(hoverText(hover) ?? "", /amount Float64/);
  await s.shutdownAndExit();
});

test("$/cancelRequest does not break the server", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  await s.initialize();
  const file = path.join(root, "endpoints/top_customers.pipe");
  const text = readText(file);
  const { uri } = await s.open(file);
  const params = { textDocument: { uri }, position: positionOf(text, "amount") };
  // Cancelling ids that do not exist (never sent, or a string id).
  await s.conn.sendNotification("$/cancelRequest", { id: 987654 });
  await s.conn.sendNotification("$/cancelRequest", { id: "nope" });
  // Cancelling requests in flight: each ends either with its result or with -32800.
  const outcomes = [];
  for (let i = 0; i < 20; i++) {
    const source = new lsp.CancellationTokenSource();
    const p = s.conn.sendRequest(lsp.HoverRequest.type, params, source.token);
    source.cancel();
    outcomes.push(
      within(p, "cancelled hover").then(
        (r) => ({ ok: hoverText(r) }),
        (e) => ({ code: e.code }),
      ),
    );
  }
  for (const o of await Promise.all(outcomes)) {
    if ("code" in o) assert.equal(o.code, -32800, `a cancelled request fails with RequestCancelled, got ${o.code}`);
    else assert.match(o.ok ?? "", /amount Float64/);
  }
  const hover = await s.request(lsp.HoverRequest.type, params);
  assert.match(hoverText(hover) ?? "", /amount Float64/, "a request after the cancellations is answered");
  await s.shutdownAndExit();
});

test("shutdown -> null; any request after it -> -32600; exit -> code 0", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  await s.initialize();
  const file = path.join(root, "endpoints/top_customers.pipe");
  const { uri } = await s.open(file);
  const r = await s.request(lsp.ShutdownRequest.type, undefined);
  assert.equal(r, null, "shutdown result is null");
  await expectError(
    s.request(lsp.HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }),
    -32600,
    "hover after shutdown",
  );
  await expectError(s.request("ferry/noSuchMethod", {}), -32600, "unknown method after shutdown");
  await expectError(s.request(lsp.ShutdownRequest.type, undefined), -32600, "second shutdown");
  await s.conn.sendNotification(lsp.ExitNotification.type);
  assert.deepEqual(await within(s.exited, "exit after shutdown"), { code: 0, signal: null });
  assert.equal(s.stderr(), "", "stderr is silent at the default log level");
});

test("exit without shutdown -> exit code 1", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  await s.initialize();
  await s.conn.sendNotification(lsp.ExitNotification.type);
  assert.deepEqual(await within(s.exited, "exit without shutdown"), { code: 1, signal: null });
});

test("exit before initialize -> exit code 1", async (t) => {
  const s = startServer(t, {});
  await s.conn.sendNotification(lsp.ExitNotification.type);
  assert.deepEqual(await within(s.exited, "exit before initialize"), { code: 1, signal: null });
});

test("EOF on stdin -> the process exits", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  await s.initialize();
  await s.open(path.join(root, "endpoints/broken.pipe"));
  s.child.stdin.end();
  const exit = await within(s.exited, "process exit after EOF on stdin");
  assert.equal(exit.signal, null, `exited by itself, not killed (${JSON.stringify(exit)})`);
  assert.equal(typeof exit.code, "number");
});

test("EOF on stdin after shutdown -> the process exits", async (t) => {
  const root = copyProject();
  const s = startServer(t, { root });
  await s.initialize();
  await s.request(lsp.ShutdownRequest.type, undefined);
  s.child.stdin.end();
  const exit = await within(s.exited, "process exit after EOF on stdin");
  assert.equal(exit.signal, null);
});
