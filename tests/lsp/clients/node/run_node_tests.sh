#!/bin/sh
# Runs node client tests of `ferry lsp` (node --test), installing the pinned client libraries
# from package-lock.json first when node_modules is missing. Fails (never skips) without node.
#
# Usage: run_node_tests.sh FERRY_BINARY TEST_FILE...   (e.g. protocol.test.mjs)
#        run_node_tests.sh --install-only              (npm ci when node_modules is missing)
# Env:   LSP_TEST_TIMEOUT_MS (per step, default 10000)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "FAIL: node/npm are not installed (CI installs nodejs 20)"; exit 1
fi
if [ ! -d "$here/node_modules/vscode-jsonrpc" ] || [ ! -d "$here/node_modules/vscode-languageserver-protocol" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
[ "${1:-}" = --install-only ] && exit 0
ferry=${1:-}
[ $# -gt 0 ] && shift
if [ -z "$ferry" ] || [ ! -x "$ferry" ]; then
  echo "FAIL: no ferry binary (argument 1): '$ferry'"; exit 1
fi
case $ferry in /*) ;; *) ferry="$(pwd)/$ferry" ;; esac
[ $# -gt 0 ] || set -- protocol.test.mjs features.test.mjs malformed.test.mjs
cd "$here"
FERRY_BIN="$ferry" exec node --test --test-reporter=spec "$@"
