#!/usr/bin/env bash
# plan.sh - krender plan against testdata/plan/*/ (TAP). Expected task lists
# are written by hand from ArgoCD's documented and coded sync order
# (shared/spec/argocd.md 4.1-4.4), never from krender's output. A case holds
# desired.yaml, live.yaml, optional app.yaml, project.yaml (--project),
# clusters.yaml (--clusters) and args (one per line), and expected.json (the
# exact `-o json` output, exit expected.rc or 0) or expected.err (text the
# error must contain; exit 1). Other files (why, README) are ignored.
set -u
krender=${KRENDER:-./krender}
top=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-plan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cases=$(cd "$top/testdata/plan" && ls -d */ | tr -d /)
echo "1..$(echo "$cases" | wc -w)"
n=0
for c in $cases; do
	n=$((n + 1))
	dir="$top/testdata/plan/$c"
	args=()
	if [ -s "$dir/args" ]; then mapfile -t args <"$dir/args"; fi
	if [ -f "$dir/app.yaml" ]; then args+=(--app "$dir/app.yaml"); fi
	if [ -f "$dir/project.yaml" ]; then args+=(--project "$dir/project.yaml"); fi
	if [ -f "$dir/clusters.yaml" ]; then args+=(--clusters "$dir/clusters.yaml"); fi
	want_rc=0
	if [ -f "$dir/expected.rc" ]; then want_rc=$(cat "$dir/expected.rc"); fi
	"$krender" plan "$dir/desired.yaml" --live "$dir/live.yaml" -o json "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ -f "$dir/expected.err" ]; then
		if [ "$rc" != 1 ]; then why="exit $rc, want 1"
		elif [ -s "$tmp/out" ]; then why="output on failure"
		elif ! grep -qF -- "$(cat "$dir/expected.err")" "$tmp/err"; then why="message lacks '$(cat "$dir/expected.err")': $(head -c 300 "$tmp/err")"
		fi
	elif [ "$rc" != "$want_rc" ]; then why="exit $rc, want $want_rc: $(head -c 300 "$tmp/err")"
	elif ! cmp -s "$dir/expected.json" "$tmp/out"; then
		why="output differs: $(diff "$dir/expected.json" "$tmp/out" | head -n 8 | tr '\n' '|')"
	fi
	if [ -n "$why" ]; then echo "not ok $n - $c: $why"; else echo "ok $n - $c"; fi
done
