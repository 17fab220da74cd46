#!/usr/bin/env bash
# `ferry deploy --check --base`: a git revision and a folder holding the same project give the
# same plan; a project planned against itself has nothing to do; a bad --base is a usage error.
#
# Usage: deploy_base_test.sh <path-to-ferry> <repo-root>
set -uo pipefail
ferry=$1
root=$2
command -v git >/dev/null || { echo "SKIPPED: git is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-deploy-XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A repository whose history holds the example project (live) under a sub-folder, and whose
# working tree holds its edited version (new).
repo=$work/repo
mkdir -p "$repo/project"
cp -r "$root/examples/web-analytics/." "$repo/project/"
git -C "$repo" init -q
git -C "$repo" -c user.name=t -c user.email=t@t add -A
git -C "$repo" -c user.name=t -c user.email=t@t commit -q -m live
rm -rf "$repo/project"
mkdir -p "$repo/project"
cp -r "$root/examples/web-analytics-next/." "$repo/project/"

"$ferry" deploy --check "$repo/project" --base HEAD >"$work/git.out" 2>"$work/git.err"
git_rc=$?
"$ferry" deploy --check "$repo/project" --base "$root/examples/web-analytics" >"$work/dir.out" 2>"$work/dir.err"
dir_rc=$?
[ "$git_rc" = "$dir_rc" ] || fail "exit codes differ: git base $git_rc, folder base $dir_rc"
cmp -s "$work/git.out" "$work/dir.out" || { fail "plans differ between git and folder bases"; diff "$work/git.out" "$work/dir.out" | head -20; }
grep -q "REWRITE" "$work/git.out" || fail "the plan against HEAD shows no rewrite:"$'\n'"$(cat "$work/git.out")"

# The same revision planned against the committed tree itself: nothing to do.
git -C "$repo" stash -q -u
"$ferry" deploy --check "$repo/project" --base HEAD >"$work/self.out" 2>"$work/self.err" || fail "self plan exited $?"
grep -q "^plan: nothing to do" "$work/self.out" || fail "self plan is not empty:"$'\n'"$(cat "$work/self.out")"

# A --base that is neither a folder nor a revision: exit 2 with PLAN_BASE_NOT_FOUND.
"$ferry" deploy --check "$repo/project" --base no-such-revision >/dev/null 2>"$work/bad.err"
rc=$?
[ $rc = 2 ] || fail "bad --base exited $rc, expected 2"
grep -q PLAN_BASE_NOT_FOUND "$work/bad.err" || fail "bad --base did not report PLAN_BASE_NOT_FOUND"

# A sub-folder that did not exist at the base revision: everything is created.
mkdir -p "$repo/other"
cp -r "$root/examples/web-analytics/." "$repo/other/"
"$ferry" deploy --check "$repo/other" --base HEAD >"$work/new.out" 2>/dev/null
grep -q "^datasource analytics_events  CREATE" "$work/new.out" || fail "a folder absent at the base is not created:"$'\n'"$(cat "$work/new.out")"

[ $failures = 0 ] && echo "deploy --base: all checks passed"
exit $((failures > 0))
