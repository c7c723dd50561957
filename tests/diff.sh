#!/usr/bin/env bash
# diff.sh - krender diff against testdata/diff/*/ (TAP). Expected results
# are derived by hand from ArgoCD's documented behaviour (shared/spec/
# argocd.md section 3), never from krender's output. A case holds:
#   desired.yaml or desired/ (a kustomization)   the desired state
#   live.yaml, live/ (a directory), or live.cmd (a command for cmd:)
#   args            extra arguments, one per line ({dir} is the case)
#   expected.rc     the exit code
#   expected.status optional: "group/kind namespace/name Status" lines from
#                   -o json, then "app Status"
#   expected.txt    optional: the exact default (text) output
#   expected.err    optional: text the error message must contain
#   secrets         optional: strings that must appear nowhere in the output
set -u
krender=${KRENDER:-./krender}
top=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cases=$(cd "$top/testdata/diff" && ls -d */ | tr -d /)
echo "1..$(echo "$cases" | wc -w)"
n=0
for c in $cases; do
	n=$((n + 1))
	dir="$top/testdata/diff/$c"
	desired="$dir/desired.yaml"
	[ -d "$dir/desired" ] && desired="$dir/desired"
	if [ -f "$dir/live.cmd" ]; then live="cmd:$(sed "s|{dir}|$dir|g" "$dir/live.cmd")"
	elif [ -d "$dir/live" ]; then live="$dir/live"
	else live="$dir/live.yaml"; fi
	args=()
	if [ -f "$dir/args" ]; then mapfile -t args < <(sed "s|{dir}|$dir|g" "$dir/args"); fi
	"$krender" diff "$desired" --live "$live" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	want_rc=$(cat "$dir/expected.rc")
	if [ "$rc" != "$want_rc" ]; then why="exit $rc, want $want_rc: $(head -c 300 "$tmp/err")"
	elif [ -f "$dir/expected.txt" ] && ! cmp -s "$dir/expected.txt" "$tmp/out"; then
		why="text differs: $(diff "$dir/expected.txt" "$tmp/out" | head -n 8 | tr '\n' '|')"
	elif [ -f "$dir/expected.err" ] && ! grep -qF -- "$(cat "$dir/expected.err")" "$tmp/err"; then
		why="message lacks '$(cat "$dir/expected.err")': $(head -c 300 "$tmp/err")"
	fi
	if [ -z "$why" ] && [ -f "$dir/expected.status" ]; then
		"$krender" diff "$desired" --live "$live" "${args[@]}" -o json >"$tmp/json" 2>/dev/null
		jq -r '(.resources[] | "\(.group)/\(.kind) \(.namespace)/\(.name) \(.status)"), "app \(.status)"' \
			"$tmp/json" >"$tmp/status" 2>&1
		cmp -s "$dir/expected.status" "$tmp/status" ||
			why="status differs: $(diff "$dir/expected.status" "$tmp/status" | tr '\n' '|')"
		# hashes: each side present has one; the text --hash line is the JSON app hash
		bad=$(jq -r '.resources[] | select((.status != "Missing" and (.liveHash | not)) or
			(.status != "Extraneous" and (.targetHash | not))) | .name' "$tmp/json")
		[ -z "$why" ] && [ -n "$bad" ] && why="hashes missing for: $bad"
		"$krender" diff "$desired" --live "$live" "${args[@]}" --hash >"$tmp/hashed" 2>/dev/null
		[ -z "$why" ] && [ "$(tail -n 1 "$tmp/hashed")" != "$(jq -r .hash "$tmp/json")" ] &&
			why="--hash prints $(tail -n 1 "$tmp/hashed"), JSON has $(jq -r .hash "$tmp/json")"
	fi
	if [ -z "$why" ] && [ -f "$dir/secrets" ]; then
		while read -r s; do
			[ -n "$s" ] && grep -qF -- "$s" "$tmp/out" "$tmp/err" "$tmp/json" 2>/dev/null && why="a Secret value was printed"
		done <"$dir/secrets"
	fi
	if [ -z "$why" ]; then echo "ok $n - diff/$c"; else echo "not ok $n - diff/$c"; echo "# $why"; fi
done
