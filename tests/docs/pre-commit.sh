#!/usr/bin/env bash
# pre-commit.sh - docs/pre-commit.md followed step by step (TAP): its shell
# blocks run as written (tests/docs/run-doc.sh), with only the hooks
# repository URL and rev pointed at a local copy of this source tree's
# .pre-commit-hooks.yaml, and krender on PATH.
set -u
krender=${KRENDER:-./krender}
bindir=$(cd "$(dirname "$krender")" && pwd)
top=$(cd "${top_srcdir:-.}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "1..2"
export PATH="$bindir:$PATH" PRE_COMMIT_HOME="$tmp/pre-commit-home" HOME="$tmp"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
hooks=$tmp/hooks
mkdir -p "$hooks" && cp "$top/.pre-commit-hooks.yaml" "$hooks/"
(cd "$hooks" && git -c init.defaultBranch=main init -q && git add -A && git commit -qm hooks && git tag v1.0.0)
export DOC_SED="s|https://github.com/krender-dev/krender|$hooks|"
bash "$top/tests/docs/run-doc.sh" "$top/docs/pre-commit.md" >"$tmp/out" 2>&1
rc=$?
if [ $rc = 0 ]; then echo "ok 1 - docs/pre-commit.md: every step works as written"
else echo "not ok 1 - docs/pre-commit.md: a step failed (exit $rc): $(tail -n 5 "$tmp/out" | tr '\n' '|')"; fi
if grep -q "rendered/overlays/prod.yaml: stale" "$tmp/out"; then echo "ok 2 - the forgotten render was refused and named"
else echo "not ok 2 - the hydrated hook did not name rendered/overlays/prod.yaml: $(grep krender: "$tmp/out" | head -n 3 | tr '\n' '|')"; fi
