#!/bin/sh
# conformance.sh - run `krender build` over every case in testdata/build and
# compare with what `kubectl kustomize` printed (TAP output, one line a case).
#
# A case folder holds a kustomization and either
#   expected.yaml  kubectl's exact stdout: krender must exit 0 and print it byte for byte;
#   expected.err   kubectl failed: krender must exit 1 with one message on stderr
#                  of at most 4 KiB, containing the text of expected.match if present.
# A case where krender deliberately differs from kustomize (docs/compat.md)
# holds krender.differs: its first line is the text krender's error must contain.
# A known output difference (docs/compat.md) is pinned by known-diff: every line
# of the two outputs containing one of its lines (fixed strings) is left out of
# the comparison, everything else must still match byte for byte.
# Expected files come from tests/regen-expected.sh, never from krender.
set -u
top=${top_srcdir:-.}
krender=${KRENDER:-./krender}
cases=$(cd "$top/testdata/build" && ls -d */ | sed 's,/$,,')
total=$(echo "$cases" | wc -l)
echo "1..$total"
tmp=${TMPDIR:-/tmp}/krender-conf.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
n=0
for c in $cases; do
	n=$((n + 1))
	dir="$top/testdata/build/$c"
	# 1 GB of address space and 10 s: bad input must fail fast and small
	( [ -n "${KRENDER_NO_ULIMIT:-}" ] || ulimit -v 1000000; exec timeout 10 "$krender" build --root "$dir" "$dir" ) \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ -f "$dir/krender.differs" ]; then
		want=$(head -n 1 "$dir/krender.differs")
		if [ "$rc" -ne 1 ]; then why="exit $rc, want 1 (krender.differs)"
		elif ! grep -qF -- "$want" "$tmp/err"; then why="stderr lacks: $want"
		fi
	elif [ -f "$dir/expected.yaml" ]; then
		if [ "$rc" -ne 0 ]; then why="exit $rc: $(head -c 300 "$tmp/err")"
		elif [ -f "$dir/known-diff" ]; then
			grep -vF -f "$dir/known-diff" "$dir/expected.yaml" >"$tmp/want"
			grep -vF -f "$dir/known-diff" "$tmp/out" >"$tmp/got"
			if ! cmp -s "$tmp/got" "$tmp/want"; then
				why="output differs: $(diff "$tmp/want" "$tmp/got" | head -n 6 | tr '\n' '|')"
			elif cmp -s "$tmp/out" "$dir/expected.yaml"; then
				why="known-diff no longer differs: remove it and its docs/compat.md entry"
			fi
		elif ! cmp -s "$tmp/out" "$dir/expected.yaml"; then
			why="output differs: $(diff "$dir/expected.yaml" "$tmp/out" | head -n 6 | tr '\n' '|')"
		fi
	elif [ -f "$dir/expected.err" ]; then
		size=$(wc -c <"$tmp/err")
		if [ "$rc" -ne 1 ]; then why="exit $rc, want 1"
		elif [ "$size" -eq 0 ] || [ "$size" -gt 4096 ]; then why="stderr size $size"
		elif [ -s "$tmp/out" ]; then why="wrote to stdout on failure"
		elif [ -f "$dir/expected.match" ] && ! grep -qF -- "$(head -n 1 "$dir/expected.match")" "$tmp/err"; then
			why="stderr lacks: $(head -n 1 "$dir/expected.match"): $(head -c 300 "$tmp/err")"
		fi
	else
		why="case has no expected.yaml or expected.err"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $c"
	else
		echo "not ok $n - $c"
		echo "# $why"
	fi
done
