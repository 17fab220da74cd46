'use strict';
// The TextMate grammar run by vscode-textmate and the Oniguruma regex engine, as VS Code runs it
// (a regex Oniguruma rejects would only show up as missing colours in the editor). Needs the
// devDependencies that package.sh installs (`npm ci`).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const examples = path.resolve(here, '..', '..', 'examples');
const grammarPath = path.join(here, 'syntaxes', 'ferry.tmLanguage.json');

let grammar;
test.before(async () => {
  const vsctm = require(path.join(here, 'node_modules', 'vscode-textmate'));
  const oniguruma = require(path.join(here, 'node_modules', 'vscode-oniguruma'));
  const wasm = fs.readFileSync(path.join(here, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p),
                               createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  grammar = await registry.loadGrammar('source.ferry');
  grammar.INITIAL = vsctm.INITIAL;
});

// [{text, scopes}] for every token of every line.
function tokenize(text) {
  let stack = grammar.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.join(' ') }));
  });
}
function scopesOf(lines, lineNumber, text) {
  const token = lines[lineNumber].find((t) => t.text === text);
  assert.ok(token, `no token ${JSON.stringify(text)} on line ${lineNumber}: ${JSON.stringify(lines[lineNumber])}`);
  return token.scopes;
}

const sample = [
  /* 0 */ '# a comment',
  /* 1 */ 'NODE top   # trailing comment',
  /* 2 */ 'SQL >',
  /* 3 */ '%',
  /* 4 */ "SELECT count() AS c, 'it''s' -- the SQL starts at column 0, as `tb pull` writes it",
  /* 5 */ 'FROM events WHERE x = {{ Int32(x, 1, required=True) }}',
  /* 6 */ '{% if defined(y) %} AND y {% end %}',
  /* 7 */ '# a line the datafile reader drops',
  /* 8 */ 'type endpoint',
  /* 9 */ 'SCHEMA >',
  /* 10 */ '    `ts` DateTime `json:$.ts` -- when',
  /* 11 */ 'ENGINE_SORTING_KEY toDate(ts)',
].join('\n');

test('directives, comments, SQL and templates get their scopes', () => {
  const lines = tokenize(sample);
  assert.match(scopesOf(lines, 0, '#'), /comment\.line\.number-sign/);
  assert.match(scopesOf(lines, 1, 'NODE'), /keyword\.other\.directive/);
  assert.match(scopesOf(lines, 1, '#'), /comment\.line\.number-sign/);
  assert.match(scopesOf(lines, 2, 'SQL'), /keyword\.other\.directive/);
  assert.match(scopesOf(lines, 3, '%'), /keyword\.control\.template-marker/);
  assert.match(scopesOf(lines, 4, 'SELECT'), /meta\.embedded\.block\.sql.*keyword\.other\.sql/);
  assert.match(scopesOf(lines, 4, "''"), /string\.quoted\.single/);
  assert.match(scopesOf(lines, 4, '--'), /comment\.line\.double-dash/);
  assert.match(scopesOf(lines, 5, 'FROM'), /keyword\.other\.sql/);
  assert.match(scopesOf(lines, 5, '{{'), /punctuation\.section\.embedded\.begin/);
  assert.match(scopesOf(lines, 5, '}}'), /punctuation\.section\.embedded\.end/);
  assert.match(scopesOf(lines, 5, 'True'), /meta\.embedded\.template\.expression/);
  assert.match(scopesOf(lines, 6, '{%'), /punctuation\.section\.embedded\.begin/);
  assert.match(scopesOf(lines, 6, 'if'), /keyword\.control\.template/);
  assert.match(scopesOf(lines, 6, 'AND'), /keyword\.other\.sql/);
  assert.match(scopesOf(lines, 7, '#'), /comment\.line\.number-sign/);
  // A directive at column 0 (any case) ends the SQL block.
  assert.match(scopesOf(lines, 8, 'type'), /keyword\.other\.directive/);
  assert.doesNotMatch(scopesOf(lines, 8, 'type'), /block\.sql/);
  assert.match(scopesOf(lines, 10, '`ts`'), /variable\.other\.column/);
  assert.match(scopesOf(lines, 10, 'DateTime'), /storage\.type/);
  assert.match(scopesOf(lines, 10, '`json:$.ts`'), /string\.other\.jsonpath/);
  assert.match(scopesOf(lines, 10, '--'), /comment/);
  assert.match(scopesOf(lines, 11, 'ENGINE_SORTING_KEY'), /keyword\.other\.directive/);
  assert.doesNotMatch(scopesOf(lines, 11, 'ENGINE_SORTING_KEY'), /block\.schema/);
});

test('every directive line of the example projects is a directive, outside any block', () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(datasource|pipe|incl)$/.test(entry.name)) files.push(full);
    }
  };
  walk(examples);
  assert.ok(files.length >= 5, `only ${files.length} example datafiles under ${examples}`);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = tokenize(text);
    text.split(/\r?\n/).forEach((line, i) => {
      const directive = /^(NODE|SQL|TYPE|DATASOURCE|DESCRIPTION|SCHEMA|TOKEN|ENGINE\w*|FORWARD_QUERY)\b/.exec(line);
      if (!directive) return;
      const scopes = lines[i][0].scopes;
      assert.match(scopes, /keyword\.other\.directive/, `${file}:${i + 1}`);
      assert.doesNotMatch(scopes, /meta\.embedded\.block/, `${file}:${i + 1}: still inside the previous block`);
    });
  }
});
