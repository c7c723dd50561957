#!/bin/sh
# helm.sh - helmCharts conformance: every case in testdata/helm is copied to
# a temporary directory (helm pull writes into it) and built with
# `krender build --enable-helm`, with tests/fake-helm/bin (a recording helm) first
# on PATH. Expected files are kubectl's, made the same way by
# tests/regen-helm.sh. A case holds expected.yaml (exact stdout) or
# expected.err + expected.match (exit 1, stderr containing the match line),
# and optionally expected.pull (what `helm pull` was asked); krender.differs
# (first line: text krender's error must hold) marks a deliberate difference.
set -u
top=${top_srcdir:-.}
top=$(cd "$top" && pwd)
krender=$(cd "$(dirname "${KRENDER:-./krender}")" && pwd)/$(basename "${KRENDER:-./krender}")
cases=$(cd "$top/testdata/helm" && ls -d */ | sed 's,/$,,')
echo "1..$(echo "$cases" | wc -l)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-helm-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
for c in $cases; do
	n=$((n + 1))
	work="$tmp/$c"
	cp -r "$top/testdata/helm/$c" "$work"
	rm -f "$work/pull.log"
	( cd "$work" && PATH="$top/tests/fake-helm/bin:$PATH" FAKE_HELM_CASE="$work" \
		exec timeout 20 "$krender" build --enable-helm . ) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ -f "$work/krender.differs" ]; then
		# a deliberate difference from kustomize, listed in docs/compat.md
		if [ "$rc" -ne 1 ]; then why="exit $rc, want 1 (krender.differs)"
		elif ! grep -qF -- "$(head -n 1 "$work/krender.differs")" "$tmp/err"; then
			why="stderr lacks: $(head -n 1 "$work/krender.differs")"
		fi
	elif [ -f "$work/expected.yaml" ]; then
		if [ "$rc" -ne 0 ]; then why="exit $rc: $(head -c 300 "$tmp/err")"
		elif ! cmp -s "$tmp/out" "$work/expected.yaml"; then
			why="output differs: $(diff "$work/expected.yaml" "$tmp/out" | head -n 6 | tr '\n' '|')"
		fi
	elif [ -f "$work/expected.err" ]; then
		if [ "$rc" -ne 1 ]; then why="exit $rc, want 1"
		elif [ -s "$tmp/out" ]; then why="wrote to stdout on failure"
		elif ! grep -qF -- "$(head -n 1 "$work/expected.match")" "$tmp/err"; then
			why="stderr lacks: $(head -n 1 "$work/expected.match"): $(head -c 300 "$tmp/err")"
		fi
	else
		why="case has no expected.yaml or expected.err"
	fi
	if [ -z "$why" ] && [ -f "$work/expected.pull" ] && ! cmp -s "$work/expected.pull" "$work/pull.log"; then
		why="helm pull calls differ: $(cat "$work/pull.log" 2>/dev/null | tr '\n' '|')"
	fi
	if [ -n "$(ls "${TMPDIR:-/tmp}" | grep '^krender-helm-[A-Za-z0-9]\{6\}$')" ]; then
		why="${why:+$why; }temporary directory left behind"
	fi
	if [ -z "$why" ]; then echo "ok $n - helm/$c"; else echo "not ok $n - helm/$c"; echo "# $why"; fi
done
