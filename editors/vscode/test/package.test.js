'use strict';
// Runs package.sh into OUT_DIR (argv[2], default a temporary folder) and checks the .vsix: the
// files VS Code loads, the manifest's languages, and that the packaged dependencies load on
// their own (nothing missing from node_modules). A failed build fails this test, never skips it.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const Module = require('node:module');

const here = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-vsix-')));
const version = require(path.join(here, 'package.json')).version;

// The entries of a zip file (a .vsix is one), read from its central directory; no zip package.
function readZip(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + compressed);
    entries.set(name, () => (method === 8 ? zlib.inflateRawSync(raw) : raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let vsix;
test('package.sh builds ferry-<version>.vsix', () => {
  const printed = execFileSync('bash', [path.join(here, 'package.sh'), outDir],
                               { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 540_000 });
  vsix = path.join(outDir, `ferry-${version}.vsix`);
  assert.equal(printed.trim(), vsix);
  const size = fs.statSync(vsix).size;
  console.log(`# ${vsix}: ${size} bytes`);
  assert.ok(size > 10_000, `${vsix} is too small (${size} bytes)`);
});

test('the .vsix holds the extension, its grammar and configuration, and the language client', (t) => {
  if (!vsix) return assert.fail('no .vsix was built');
  const entries = readZip(vsix);
  for (const name of ['extension/package.json', 'extension/extension.js', 'extension/syntaxes/ferry.tmLanguage.json',
                      'extension/language-configuration.json', 'extension/node_modules/vscode-languageclient/package.json',
                      'extension/node_modules/vscode-languageserver-protocol/package.json']) {
    assert.ok(entries.has(name), `${name} is missing from the .vsix`);
  }
  for (const name of entries.keys()) {
    assert.ok(!/^extension\/(test|package\.sh|node_modules\/(@vscode\/vsce|vscode-textmate))\b/.test(name),
              `${name} should not be packaged`);
  }
  const manifest = JSON.parse(entries.get('extension/package.json')());
  const extensions = manifest.contributes.languages.flatMap((language) => language.extensions);
  assert.deepEqual(extensions.sort(), ['.datasource', '.incl', '.pipe']);
  assert.equal(JSON.parse(entries.get('extension/node_modules/vscode-languageclient/package.json')()).version, '9.0.1');
  JSON.parse(entries.get('extension/syntaxes/ferry.tmLanguage.json')());
  JSON.parse(entries.get('extension/language-configuration.json')());

  // Unpacked, the client library must load from the .vsix's own node_modules (VS Code's API stubbed).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-vsix-unpacked-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, read] of entries) {
    if (name.endsWith('/')) continue;
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), read());
  }
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true,
                           exports: new Proxy({}, { get: () => class {} }) };
  try {
    const client = require(path.join(dir, 'extension', 'node_modules', 'vscode-languageclient', 'node'));
    assert.equal(typeof client.LanguageClient, 'function');
    assert.ok(require.resolve(path.join(dir, 'extension', 'node_modules', 'vscode-languageclient', 'node')).startsWith(dir));
  } finally {
    Module._resolveFilename = resolve;
    delete require.cache.vscode;
  }
});
