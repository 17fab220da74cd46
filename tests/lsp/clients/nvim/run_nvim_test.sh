#!/bin/sh
# Headless Neovim 0.7 client test of `ferry lsp` (ferry_lsp_test.lua) on a copy of
# tests/lsp/projects/shop. Fails (never skips) when nvim or the binary is missing.
#
# Usage: run_nvim_test.sh FERRY_BINARY [OUT_DIR]
#   FERRY_BINARY  the ferry binary (also $FERRY_BIN); the server is `FERRY_BINARY lsp`
#   OUT_DIR       scratch folder for the project copy, XDG dirs and nvim_result.json
#                 (default: a new temporary folder)
# Env: LSP_TEST_TIMEOUT_MS (per step, default 10000)
set -u
here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../../projects/shop"
ferry=${1:-${FERRY_BIN:-}}
out=${2:-}
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/ferry-lsp-nvim-XXXXXX")

if ! command -v nvim >/dev/null 2>&1; then
  echo "FAIL: nvim is not installed (CI installs the Debian package neovim, 0.7.2)"; exit 1
fi
if [ -z "$ferry" ] || [ ! -x "$ferry" ]; then
  echo "FAIL: no ferry binary (argument 1 or \$FERRY_BIN): '$ferry'"; exit 1
fi
case $ferry in /*) ;; *) ferry="$(pwd)/$ferry" ;; esac

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/project" "$out/xdg" "$out/nvim_result.json"
cp -R "$fixture" "$out/project"
for d in config data state cache run; do mkdir -p "$out/xdg/$d"; done
chmod 700 "$out/xdg/run"
export XDG_CONFIG_HOME="$out/xdg/config" XDG_DATA_HOME="$out/xdg/data" XDG_STATE_HOME="$out/xdg/state"
export XDG_CACHE_HOME="$out/xdg/cache" XDG_RUNTIME_DIR="$out/xdg/run"
export LSP_SERVER_CMD="$ferry" LSP_PROJECT="$out/project" LSP_TEST_OUT="$out/nvim_result.json"
export LSP_TEST_TIMEOUT_MS="${LSP_TEST_TIMEOUT_MS:-10000}"

timeout 60 nvim --headless --clean -u NONE -i NONE -n -c "luafile $here/ferry_lsp_test.lua" </dev/null
status=$?
echo "nvim exit status: $status"
if [ ! -s "$out/nvim_result.json" ]; then
  echo "FAIL: no result file $out/nvim_result.json (timeout 60 s or crash)"; exit 1
fi
echo "result: $out/nvim_result.json"
# The JSON must agree with the exit status: at least one check, none failed.
if ! grep -q '"failed": *0[,}]' "$out/nvim_result.json"; then
  echo "FAIL: the result file lists failed checks"; exit 1
fi
[ "$status" -eq 0 ] || { echo "FAIL: nvim exited with $status"; exit 1; }
echo "PASS"
