'use strict';
// The Ferry extension is a launcher: it starts `ferry lsp` over stdio and leaves every language
// feature (diagnostics, hover, completion, formatting, code actions) to the server.
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const LANGUAGES = ['ferry-datasource', 'ferry-pipe', 'ferry-incl'];
// Changing one of these needs a new server process; ferry.trace.server is read live by the client.
const RESTART_SETTINGS = ['ferry.path', 'ferry.lsp.logLevel'];

let client;
let startup; // resolves to true once the current client runs, false when it failed to start
let restarting = Promise.resolve(); // restarts run one after the other
let watcher;
let planChannel;

// `ferry.path` as the user wrote it, made absolute when it names a file relative to the home
// folder or to the workspace; a bare name stays as it is so that spawn looks it up on PATH.
function resolveServerPath(configured) {
  const value = (configured || '').trim() || 'ferry';
  if (value === '~' || value.startsWith('~/')) return path.join(os.homedir(), value.slice(1));
  if (path.isAbsolute(value) || !/[\\/]/.test(value)) return value;
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  return folder ? path.resolve(folder.uri.fsPath, value) : path.resolve(value);
}

function serverOptions() {
  const config = vscode.workspace.getConfiguration('ferry');
  const command = resolveServerPath(config.get('path'));
  const logLevel = config.get('lsp.logLevel') || 'error';
  // No `transport` on purpose: with TransportKind.stdio the client appends `--stdio` to the
  // arguments, which `ferry lsp` does not take; left unset the client still talks over stdio.
  return { command, args: ['lsp', '--log-level', logLevel] };
}

function describeError(error) {
  if (error instanceof Error) return error.message;
  return String(error); // the client rejects a failed spawn with a plain string
}

// Users used to see nothing at all when the binary was missing: say what was run and how to fix it.
async function reportStartFailure(command, error) {
  const open = 'Open Settings';
  const choice = await vscode.window.showErrorMessage(
    `Ferry: could not start the language server "${command} lsp" (${describeError(error)}). ` +
      'Install ferry on PATH or set "ferry.path" to the ferry binary.',
    open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'ferry.path');
}

function startClient() {
  const options = serverOptions();
  client = new LanguageClient('ferry', 'Ferry', options, {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    // The server reads the whole project from disk: tell it when a datafile changes outside the editor.
    synchronize: { fileEvents: watcher },
  });
  const current = client;
  startup = current.start().then(
    () => true,
    async (error) => {
      if (current === client) await reportStartFailure(options.command, error);
      return false;
    });
  return startup;
}

async function stopClient() {
  const old = client;
  client = undefined;
  startup = undefined;
  if (!old) return;
  // A client whose start failed cannot be stopped cleanly; it only has to go away.
  try { await old.stop(); } catch (_) { /* nothing is running */ }
}

async function showPlan() {
  const current = client;
  if (!current || !(await startup)) {
    vscode.window.showErrorMessage('Ferry: the language server is not running; see the "Ferry" output channel.');
    return;
  }
  let result;
  try {
    result = await current.sendRequest('workspace/executeCommand', { command: 'ferry.plan', arguments: [] });
  } catch (error) {
    vscode.window.showErrorMessage(`Ferry: the deployment plan failed: ${describeError(error)}`);
    return;
  }
  if (!planChannel) planChannel = vscode.window.createOutputChannel('Ferry: deployment plan');
  planChannel.clear();
  planChannel.append(result && typeof result.text === 'string' ? result.text : 'The server returned no plan.\n');
  planChannel.show(true);
}

async function activate(context) {
  watcher = vscode.workspace.createFileSystemWatcher('**/*.{datasource,pipe,incl}');
  context.subscriptions.push(
    watcher,
    // Not `ferry.plan`: the client registers the server's own commands under their names.
    vscode.commands.registerCommand('ferry.showPlan', showPlan),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!RESTART_SETTINGS.some((name) => event.affectsConfiguration(name))) return restarting;
      restarting = restarting.then(stopClient).then(startClient);
      return restarting;
    }),
    { dispose: () => { if (planChannel) planChannel.dispose(); } });
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
