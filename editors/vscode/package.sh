#!/usr/bin/env bash
# Builds the VS Code extension into OUT_DIR/ferry-<version>.vsix (default OUT_DIR: ./dist) and
# prints the file's path. Dependencies are exactly those of the committed package-lock.json.
# Runs without a terminal (CI): stdin is closed and vsce's two questions are answered by flags,
# so nothing can wait for input; an unexpected question reads EOF and fails the build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here"

npm ci --no-audit --no-fund --loglevel=error </dev/null >&2
version=$(node -p "require('./package.json').version")
vsix="$out/ferry-$version.vsix"
rm -f "$vsix"
# The project has no public repository URL and no license file yet: without these two flags vsce
# stops to ask whether to continue.
npx --no -- vsce package --allow-missing-repository --skip-license --out "$vsix" </dev/null >&2
[ -s "$vsix" ] || { echo "package.sh: vsce wrote no $vsix" >&2; exit 1; }
echo "$vsix"
