'use strict';
// extension.js against stubs of `vscode` and `vscode-languageclient/node`: VS Code itself cannot
// run here, so these tests check what the extension asks of them (the server command line, the
// error shown when the server cannot start, the plan command, restarts) without npm or a download.
const test = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const extensionPath = path.resolve(__dirname, '..', 'extension.js');
const manifest = require(path.resolve(__dirname, '..', 'package.json'));

// require('vscode') and require('vscode-languageclient/node') get whatever `stubs` holds.
const stubs = {};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request in stubs ? `stub:${request}` : resolve.call(this, request, ...rest);
};

// A fresh extension.js over a fake VS Code with these settings; `start` plays the server's start.
function load({ settings = {}, folders, start = async () => {}, request = async () => null, answer } = {}) {
  const seen = { errors: [], executed: [], channels: [], commands: new Map(), onConfig: [], clients: [] };
  const vscode = {
    workspace: {
      workspaceFolders: folders && folders.map((fsPath) => ({ uri: { fsPath } })),
      getConfiguration: (section) => ({ get: (key) => settings[`${section}.${key}`] }),
      createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
      onDidChangeConfiguration: (listener) => { seen.onConfig.push(listener); return { dispose() {} }; },
    },
    window: {
      showErrorMessage: async (message) => { seen.errors.push(message); return answer; },
      createOutputChannel: (name) => {
        const channel = { name, text: '', shown: false, clear() { this.text = ''; }, append(text) { this.text += text; },
                          show() { this.shown = true; }, dispose() {} };
        seen.channels.push(channel);
        return channel;
      },
    },
    commands: {
      registerCommand: (id, handler) => { seen.commands.set(id, handler); return { dispose() {} }; },
      executeCommand: async (...args) => { seen.executed.push(args); },
    },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, stopped: false, requests: [] });
      seen.clients.push(this);
    }
    start() { return start(this); }
    async stop() { this.stopped = true; }
    sendRequest(method, params) { this.requests.push([method, params]); return request(method, params); }
  }
  for (const name of ['vscode', 'vscode-languageclient/node']) delete require.cache[`stub:${name}`];
  stubs.vscode = vscode;
  stubs['vscode-languageclient/node'] = { LanguageClient };
  for (const name in stubs) require.cache[`stub:${name}`] = { id: `stub:${name}`, loaded: true, exports: stubs[name] };
  delete require.cache[extensionPath];
  const extension = require(extensionPath);
  const context = { subscriptions: [] };
  return { extension, context, seen };
}

test('activate starts `<ferry.path> lsp --log-level <ferry.lsp.logLevel>` over stdio', async () => {
  const { extension, context, seen } = load({ settings: { 'ferry.path': '/opt/ferry/bin/ferry', 'ferry.lsp.logLevel': 'debug' } });
  await extension.activate(context);
  assert.equal(seen.clients.length, 1);
  const [client] = seen.clients;
  assert.equal(client.id, 'ferry'); // the client reads `ferry.trace.server` from its id
  assert.deepEqual(client.serverOptions, { command: '/opt/ferry/bin/ferry', args: ['lsp', '--log-level', 'debug'] });
  // With an explicit TransportKind.stdio the client would append `--stdio`, which ferry rejects.
  assert.equal(client.serverOptions.transport, undefined);
  assert.deepEqual(client.clientOptions.documentSelector.map((s) => s.language),
                   manifest.contributes.languages.map((l) => l.id));
  assert.deepEqual(seen.errors, []);
  await extension.deactivate();
  assert.ok(client.stopped);
});

test('the defaults run `ferry` from PATH at log level error', async () => {
  const { extension, context, seen } = load();
  await extension.activate(context);
  assert.deepEqual(seen.clients[0].serverOptions, { command: 'ferry', args: ['lsp', '--log-level', 'error'] });
  assert.equal(manifest.contributes.configuration.properties['ferry.path'].default, 'ferry');
  assert.equal(manifest.contributes.configuration.properties['ferry.lsp.logLevel'].default, 'error');
});

test('a relative ferry.path is taken from the workspace folder, ~/ from the home folder', async () => {
  let { extension, context, seen } = load({ settings: { 'ferry.path': 'build/ferry' }, folders: ['/work/project'] });
  await extension.activate(context);
  assert.equal(seen.clients[0].serverOptions.command, path.resolve('/work/project', 'build/ferry'));
  ({ extension, context, seen } = load({ settings: { 'ferry.path': '~/bin/ferry' } }));
  await extension.activate(context);
  assert.equal(seen.clients[0].serverOptions.command, path.join(os.homedir(), 'bin/ferry'));
});

test('a server that cannot start is reported with the path tried and the ferry.path setting', async () => {
  // What vscode-languageclient 9 rejects with when spawn fails: a string, not an Error.
  const start = async (client) => {
    throw `Launching server using command ${client.serverOptions.command} failed. Error: spawn ENOENT`;
  };
  const { extension, context, seen } = load({ settings: { 'ferry.path': '/no/such/ferry' }, start, answer: 'Open Settings' });
  await extension.activate(context);
  assert.equal(seen.errors.length, 1);
  assert.match(seen.errors[0], /"\/no\/such\/ferry lsp"/);
  assert.match(seen.errors[0], /spawn ENOENT/);
  assert.match(seen.errors[0], /"ferry\.path"/);
  assert.deepEqual(seen.executed, [['workbench.action.openSettings', 'ferry.path']]);

  // The plan command then says the server is not running instead of failing silently.
  await seen.commands.get('ferry.showPlan')();
  assert.equal(seen.errors.length, 2);
  assert.match(seen.errors[1], /not running/);
  assert.deepEqual(seen.clients[0].requests, []);
});

test('"Ferry: Show deployment plan" runs ferry.plan and shows its text', async () => {
  const request = async () => ({ text: 'datasource events: alter\n1 change\n', plan: { resources: [] } });
  const { extension, context, seen } = load({ request });
  await extension.activate(context);
  const command = manifest.contributes.commands.find((c) => c.title === 'Show deployment plan');
  assert.equal(command.category, 'Ferry');
  await seen.commands.get(command.command)();
  assert.deepEqual(seen.clients[0].requests, [['workspace/executeCommand', { command: 'ferry.plan', arguments: [] }]]);
  assert.equal(seen.channels.length, 1);
  assert.equal(seen.channels[0].text, 'datasource events: alter\n1 change\n');
  assert.ok(seen.channels[0].shown);
  assert.deepEqual(seen.errors, []);
});

test('a failing ferry.plan request is reported', async () => {
  const request = async () => { throw new Error('Request workspace/executeCommand failed: no project'); };
  const { extension, context, seen } = load({ request });
  await extension.activate(context);
  await seen.commands.get('ferry.showPlan')();
  assert.equal(seen.errors.length, 1);
  assert.match(seen.errors[0], /no project/);
});

test('changing ferry.path restarts the server with the new path; other settings do not', async () => {
  const settings = { 'ferry.path': '/old/ferry' };
  const { extension, context, seen } = load({ settings });
  await extension.activate(context);
  const [onConfig] = seen.onConfig;
  await onConfig({ affectsConfiguration: (name) => name === 'ferry.trace.server' });
  assert.equal(seen.clients.length, 1);
  settings['ferry.path'] = '/new/ferry';
  await onConfig({ affectsConfiguration: (name) => name === 'ferry.path' });
  assert.equal(seen.clients.length, 2);
  assert.ok(seen.clients[0].stopped);
  assert.equal(seen.clients[1].serverOptions.command, '/new/ferry');
});

test('the manifest activates on the three languages and names the settings extension.js reads', () => {
  const ids = manifest.contributes.languages.map((l) => l.id);
  assert.deepEqual(manifest.activationEvents.sort(), ids.map((id) => `onLanguage:${id}`).sort());
  assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(),
                   ['ferry.lsp.logLevel', 'ferry.path', 'ferry.trace.server']);
  assert.equal(manifest.main, './extension.js');
  assert.equal(manifest.engines.vscode, '^1.82.0');
  assert.equal(manifest.dependencies['vscode-languageclient'], '9.0.1');
});
