#!/usr/bin/env bash
# regen-helm.sh - (re)make the expected files of testdata/helm from the
# oracle, `kubectl kustomize --enable-helm`, run exactly as tests/helm.sh runs
# krender: on a copy of the case, with the recording helm of tests/fake-helm/bin
# first on PATH. Usage: tests/regen-helm.sh [CASE...]
set -u
export LC_ALL=C
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
KUBECTL=${KUBECTL:-kubectl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/regen-helm.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$ROOT/testdata/helm" || exit 2
cases=${*:-$(ls -d */ | sed 's,/$,,')}
for c in $cases; do
	work="$tmp/$c"
	rm -rf "$work"
	cp -r "$ROOT/testdata/helm/$c" "$work"
	rm -f "$work"/expected.* "$work/pull.log"
	( cd "$work" && PATH="$ROOT/tests/fake-helm/bin:$PATH" FAKE_HELM_CASE="$work" \
		exec timeout 60 "$KUBECTL" kustomize --enable-helm . ) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	rm -f "$c"/expected.yaml "$c"/expected.err "$c"/expected.pull
	if [ $rc -eq 0 ]; then
		cp "$tmp/out" "$c/expected.yaml"
		echo "$c: expected.yaml"
	else
		sed -e 's/^E[0-9]\{4\} [0-9:.]* *[0-9]* run.go:[0-9]*\] //' -e "s#$work#CASE#g" "$tmp/err" >"$c/expected.err"
		echo "$c: expected.err (write expected.match by hand)"
	fi
	[ -f "$work/pull.log" ] && cp "$work/pull.log" "$c/expected.pull"
done
