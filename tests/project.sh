#!/usr/bin/env bash
# project.sh - krender check against testdata/project/*/ (TAP). Expected
# verdicts are written by hand from ArgoCD's coded AppProject rules
# (shared/spec/argocd.md section 6), never from krender's output. A case
# holds app.yaml, project.yaml, optional manifests.yaml, clusters.yaml
# (--clusters) and args (one per line), expected.out (the exact stdout) and
# expected.rc. Other files (why) are ignored.
set -u
krender=${KRENDER:-./krender}
top=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-project.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cases=$(cd "$top/testdata/project" && ls -d */ | tr -d /)
echo "1..$(($(echo "$cases" | wc -w) + 2))"
n=0
for c in $cases; do
	n=$((n + 1))
	dir="$top/testdata/project/$c"
	args=()
	if [ -f "$dir/manifests.yaml" ]; then args=(--manifests "$dir/manifests.yaml"); fi
	if [ -f "$dir/clusters.yaml" ]; then args+=(--clusters "$dir/clusters.yaml"); fi
	if [ -s "$dir/args" ]; then mapfile -t extra <"$dir/args"; args+=("${extra[@]}"); fi
	"$krender" check "$dir/app.yaml" --project "$dir/project.yaml" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ "$rc" != "$(cat "$dir/expected.rc")" ]; then why="exit $rc, want $(cat "$dir/expected.rc"): $(head -c 300 "$tmp/err")"
	elif ! cmp -s "$dir/expected.out" "$tmp/out"; then why="output differs: $(diff "$dir/expected.out" "$tmp/out" | head -n 8 | tr '\n' '|')"
	fi
	if [ -n "$why" ]; then echo "not ok $n - $c: $why"; else echo "ok $n - $c"; fi
done
# the limits apply to check as to every loader: --limit and KRENDER_LIMITS
dir="$top/testdata/project/cluster-blacklist-by-name"
"$krender" check "$dir/app.yaml" --project "$dir/project.yaml" --limit file-bytes=10 >"$tmp/out" 2>"$tmp/err"
rc=$?
n=$((n + 1))
if [ $rc = 20 ] && grep -q "over the limit file-bytes=10" "$tmp/err"; then echo "ok $n - --limit file-bytes applies"
else echo "not ok $n - --limit file-bytes applies: exit $rc: $(head -c 200 "$tmp/err")"; fi
KRENDER_LIMITS=file-bytes=10 "$krender" check "$dir/app.yaml" --project "$dir/project.yaml" >"$tmp/out" 2>"$tmp/err"
rc=$?
n=$((n + 1))
if [ $rc = 20 ] && grep -q "over the limit file-bytes=10" "$tmp/err"; then echo "ok $n - KRENDER_LIMITS applies"
else echo "not ok $n - KRENDER_LIMITS applies: exit $rc: $(head -c 200 "$tmp/err")"; fi
