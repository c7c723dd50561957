#!/usr/bin/env bash
# appset.sh - krender appset against testdata/appset/*/ (TAP). Expected
# results are written by hand from ArgoCD's documented behaviour and its
# controller's unit-test expectations (shared/spec/argocd.md section 1),
# never from krender's output. A case holds:
#   appset.yaml     the ApplicationSet(s)
#   args            optional extra arguments, one per line ({dir}: the case,
#                   {repo}: the Git repository made from repo/)
#   repo/           optional: files committed to a fresh Git repository and
#                   tagged v1; repo-next/ (optional) is then copied over it
#                   and committed again (HEAD)
#   expected.yaml   the exact output, or
#   expected.err    text the error message must contain (exit 1)
set -u
krender=${KRENDER:-./krender}
top=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/krender-appset.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cases=$(cd "$top/testdata/appset" && ls -d */ | tr -d /)
echo "1..$(echo "$cases" | wc -w)"
n=0
for c in $cases; do
	n=$((n + 1))
	dir="$top/testdata/appset/$c"
	repo="$tmp/$c-repo"
	if [ -d "$dir/repo" ]; then
		mkdir -p "$repo" && cp -R "$dir/repo/." "$repo/"
		(cd "$repo" && git init -q && git add -A && git -c user.name=t -c user.email=t@t.invalid commit -qm v1 &&
			git tag v1) >/dev/null 2>&1
		if [ -d "$dir/repo-next" ]; then
			cp -R "$dir/repo-next/." "$repo/"
			(cd "$repo" && git add -A && git -c user.name=t -c user.email=t@t.invalid commit -qm next) >/dev/null 2>&1
		fi
	fi
	args=()
	if [ -f "$dir/args" ]; then mapfile -t args < <(sed "s|{dir}|$dir|g; s|{repo}|$repo|g" "$dir/args"); fi
	"$krender" appset "$dir/appset.yaml" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	if [ -f "$dir/expected.err" ]; then
		if [ "$rc" != 1 ]; then why="exit $rc, want 1"
		elif [ -s "$tmp/out" ]; then why="output on failure"
		elif ! grep -qF -- "$(cat "$dir/expected.err")" "$tmp/err"; then
			why="message lacks '$(cat "$dir/expected.err")': $(head -c 400 "$tmp/err")"
		fi
	elif [ "$rc" != 0 ]; then why="exit $rc: $(head -c 400 "$tmp/err")"
	elif ! cmp -s "$dir/expected.yaml" "$tmp/out"; then
		why="output differs: $(diff "$dir/expected.yaml" "$tmp/out" | head -n 10 | tr '\n' '|')"
	fi
	if [ -n "$why" ]; then echo "not ok $n - $c: $why"; else echo "ok $n - $c"; fi
done
